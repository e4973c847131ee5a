"""Configurations played on common random numbers: each a stored ensemble, read as outcomes.

Every configuration of an experiment (a what-if's two sides, each
combination of levers in an attribution) is an ensemble of the same seeded
runs, stored like any other (:mod:`politburo.experiments.store`), so that a
long experiment resumes where it stopped and a baseline is shared by every
experiment that needs it. Run ``i`` has the same seed in every
configuration, so the outcomes of two configurations are paired run by run.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from politburo.analysis.scoring import outcome_names
from politburo.experiments.backends import Backend, Pool
from politburo.experiments.configuration import Configuration
from politburo.experiments.queries import (
    EnsembleReader,
    KeyEvent,
    key_event_months,
    key_events,
    run_winners,
)
from politburo.experiments.runner import Progress, run_ensemble
from politburo.experiments.store import configuration_folder
from politburo.scenario.schema import Scenario

__all__ = ["Outcomes", "Plan", "outcomes_of", "play_all", "stored_ensemble"]


@dataclass(frozen=True, slots=True)
class Plan:
    """How an experiment plays each of its configurations: the same seeded runs, stored.

    Attributes:
        runs: Runs per configuration.
        seed: The root seed, the same for every configuration.
        store: The folder of stored ensembles, one per configuration.
        workers: How many processes play the runs (default: every core).
        backend: Where the runs are played instead of local processes: a
            :class:`~politburo.experiments.backends.Backend` (a Dask
            cluster), an executor or a ``distributed.Client``.
    """

    runs: int
    seed: int = 0
    store: Path = Path("results")
    workers: int | None = None
    backend: Backend | Any | None = None

    def where(self) -> Backend | Any:
        """The back end the runs are played on: ``backend``, else ``workers`` local processes."""
        return Backend(workers=self.workers) if self.backend is None else self.backend


@dataclass(frozen=True, slots=True)
class Outcomes:
    """Per-run outcomes of one configuration, in run order.

    Attributes:
        winners: The winner of each run (a contender's id, or ``none``).
        event_months: For each key event, the month it first happens in each
            run (NaN where it never does).
    """

    winners: tuple[str, ...]
    event_months: dict[KeyEvent, tuple[float, ...]]

    def indicator(self, outcome: str) -> NDArray[np.bool_]:
        """For each run, whether it ended in ``outcome`` (a contender's id or 'none')."""
        return np.array([w == outcome for w in self.winners], dtype=np.bool_)


def outcomes_of(scenario: Scenario) -> list[str]:
    """The outcomes a run of ``scenario`` can have: each contender's victory, or ``none``."""
    return outcome_names([a.id for a in scenario.actors if a.contender])


def stored_ensemble(
    configuration: Configuration,
    plan: Plan,
    *,
    on_progress: Progress | None = None,
    pool: Pool | None = None,
) -> Path:
    """The folder of ``configuration``'s ensemble in the plan's store, holding its runs.

    The runs missing from the folder are played first (all of them the first
    time), on ``pool`` if one is given (see :func:`~politburo.experiments.backends.open_pool`).
    """
    folder = configuration_folder(plan.store, configuration, plan.seed)
    run_ensemble(
        configuration,
        runs=plan.runs,
        out_dir=folder,
        root_seed=plan.seed,
        workers=plan.workers if pool is None else pool.workers,
        on_progress=on_progress,
        pool=None if pool is None else pool.executor,
    )
    return folder


def read_outcomes(folder: Path, runs: int, keys: Sequence[KeyEvent]) -> Outcomes:
    """The outcomes of runs ``0`` to ``runs - 1`` of a stored ensemble (one connection for all)."""
    with EnsembleReader(folder) as reader:
        winners = tuple(str(w) for w in run_winners(reader, runs).column("w").to_pylist())
        months: dict[KeyEvent, tuple[float, ...]] = {}
        for index, key in enumerate(keys):
            column = key_event_months(reader, runs, index, key).column("m").to_pylist()
            months[key] = tuple(math.nan if m is None else float(m) for m in column)
    return Outcomes(winners, months)


def part_of(on_progress: Progress | None, offset: int, total: int) -> Progress | None:
    """Progress of one part of a larger experiment, reported as progress of the whole.

    The part's runs done count from ``offset``, out of the whole's ``total``.
    """
    if on_progress is None:
        return None
    report = on_progress
    return lambda done, _: report(offset + done, total)


def play_all(
    configurations: Sequence[Configuration],
    plan: Plan,
    pool: Pool,
    on_progress: Progress | None = None,
) -> list[Outcomes]:
    """Play (or resume, or reuse) each configuration's ensemble on the same seeds; read them.

    ``pool`` is the experiment's one pool of workers, shared by all its
    configurations so that workers start once. Progress counts every
    configuration's runs toward one total.
    """
    total = plan.runs * len(configurations)
    played = []
    for number, configuration in enumerate(configurations):
        folder = stored_ensemble(
            configuration,
            plan,
            on_progress=part_of(on_progress, number * plan.runs, total),
            pool=pool,
        )
        played.append(read_outcomes(folder, plan.runs, key_events(configuration.scenario)))
    return played
