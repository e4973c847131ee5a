"""Seeded runs scored against a record, in chunks that any back end can play.

Validation, calibration and sweeps score many runs against the record and
keep only the scores. A chunk of runs is one task (:func:`score_chunk`): it
carries the configuration and the record's targets as values, plays its runs
and sends back their scores, so it runs the same in this process, on a local
worker or on a Dask worker on another machine. Run ``i`` of a family of runs
is played from ``SeedSequence(root, spawn_key=(*family, i))``, the ``i``-th
child of the family's seed, so the scores never depend on the chunking.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from politburo.analysis.facts import run_facts
from politburo.analysis.scoring import RunScore, Target, score_run
from politburo.experiments.backends import Pool, chunk_ranges, run_tasks
from politburo.experiments.configuration import Configuration
from politburo.experiments.runner import Progress
from politburo.model.engine import run_world
from politburo.model.result import RunResult
from politburo.model.spells import Pair, Spell

__all__ = ["Scored", "Seeds", "run_spells", "score_chunk", "score_runs"]


@dataclass(frozen=True, slots=True)
class Seeds:
    """A family of run seeds: run ``i`` plays from ``SeedSequence(root, spawn_key=(*family, i))``.

    ``Seeds(root)`` gives the seeds of ``SeedSequence(root).spawn(n)``;
    ``Seeds(root, (0,))`` those of ``SeedSequence(root).spawn(2)[0].spawn(n)``.

    Attributes:
        root: The root seed.
        family: The spawn key of the family's seed under the root.
    """

    root: int
    family: tuple[int, ...] = ()

    def of(self, index: int) -> np.random.SeedSequence:
        """The seed of run ``index``."""
        return np.random.SeedSequence(self.root, spawn_key=(*self.family, index))


@dataclass(frozen=True, slots=True)
class Scored:
    """One run, as far as a score needs it.

    Attributes:
        run: Its index in its family of seeds.
        winner: Its winner's id, or None.
        winner_month: The month of the win counted from the calendar's start, or None.
        score: How it compares with the record.
        spells: Its alliances, as each pair's spells (for the episodes measure).
    """

    run: int
    winner: str | None
    winner_month: int | None
    score: RunScore
    spells: dict[Pair, list[Spell]]


def run_spells(run: RunResult) -> dict[Pair, list[Spell]]:
    """A run's alliances as each pair's spells, as the episodes measure reads them."""
    out: dict[Pair, list[Spell]] = {}
    for a, b, first, last in run.alliances:
        out.setdefault(frozenset((a, b)), []).append((first, last))
    return out


def score_chunk(
    configuration: Configuration, target: Target, seeds: Seeds, start: int, stop: int
) -> list[Scored]:
    """Play runs ``start`` to ``stop - 1`` of ``configuration`` and score them (one task)."""
    world = configuration.world()
    out = []
    for index in range(start, stop):
        run = run_world(world, seeds.of(index))
        month = None if run.winner_month is None else world.month_labels.index(run.winner_month)
        score = score_run(run_facts(run), run.winner, target)
        out.append(Scored(index, run.winner, month, score, run_spells(run)))
    return out


def score_runs(
    configuration: Configuration,
    target: Target,
    seeds: Seeds,
    runs: int,
    pool: Pool,
    on_progress: Progress | None = None,
) -> list[Scored]:
    """Runs ``0`` to ``runs - 1`` of ``configuration`` scored against ``target``, in run order.

    The chunks are played on ``pool``; ``on_progress`` gets (runs done, runs)
    as each chunk comes back.
    """
    chunks = chunk_ranges(runs, pool.workers * 4)
    found: list[Sequence[Scored]] = [() for _ in chunks]
    done = 0

    def collect(number: int, scored: list[Scored]) -> None:
        nonlocal done
        found[number] = scored
        done += len(scored)
        if on_progress is not None:
            on_progress(done, runs)

    tasks = [(configuration, target, seeds, start, stop) for start, stop in chunks]
    run_tasks(pool, score_chunk, tasks, collect)
    return [s for chunk in found for s in chunk]
