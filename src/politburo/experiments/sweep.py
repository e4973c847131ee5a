"""Sweeps: an ensemble at every point of a SALib design, and each output's sensitivity indices.

A sweep varies global parameters and actors' traits (each ``NAME=LOW:HIGH``)
over a Sobol (Saltelli) or Morris design (:mod:`politburo.experiments.sensitivity`),
plays ``runs_per_sample`` seeded runs at every point, scores each against the
record, and reports how sensitive three outputs are to each parameter: the
chance that each contender wins, the month of the win (a run without a
winner counts as the calendar's end) and the fidelity score.

Every point plays the same seeds (run ``i`` from ``SeedSequence(seed,
spawn_key=(i,))``, as in an ensemble): common random numbers, so that the
differences between points are the parameters' doing, not the dice's. A
point's value of a parameter is set as an override (``NAME=VALUE``), so a
trait and a global parameter are varied alike. The runs are chunked over the
back end (:mod:`politburo.experiments.backends`) and each point is stored
when all its runs are in (:mod:`politburo.experiments.sweep_store`), so a
stopped sweep resumes without playing a finished point again.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
from numpy.typing import NDArray

from politburo.analysis.record import RecordEvent
from politburo.experiments.backends import Backend, Pool, chunk_ranges, open_pool, run_tasks
from politburo.experiments.configuration import Configuration
from politburo.experiments.errors import BackendLost, EnsembleInterrupted, EnsembleLost, Terminated
from politburo.experiments.manifest import EnsembleSpec
from politburo.experiments.runner import Progress
from politburo.experiments.scored import Scored, Seeds, score_chunk
from politburo.experiments.sensitivity import METHODS, Index, Method, Range, analyse, design
from politburo.experiments.sweep_store import (
    DESIGN,
    INDICES,
    POINT_SCHEMA,
    SweepSpec,
    SweepStore,
    claim_sweep,
    sweep_runs,
)
from politburo.experiments.validation import target_for
from politburo.scenario.errors import InputError

__all__ = ["Sweep", "parse_range", "sweep"]


@dataclass(frozen=True, slots=True)
class Sweep:
    """A finished sweep: where it is stored, its size, and the indices of its outputs.

    Attributes:
        folder: The sweep's folder.
        method: ``sobol`` or ``morris``.
        ranges: The parameters varied.
        points: How many points the design has.
        runs_per_sample: Runs at each point.
        added: How many points this call played (the others were stored).
        damaged: The points whose stored shards were damaged, played again.
        indices: Each output's index for each parameter, with its interval.
    """

    folder: Path
    method: str
    ranges: tuple[Range, ...]
    points: int
    runs_per_sample: int
    added: int
    damaged: tuple[int, ...]
    indices: tuple[Index, ...]

    def rows(self) -> list[dict[str, Any]]:
        """The indices as tidy rows."""
        return [asdict(index) for index in self.indices]

    def to_dict(self) -> dict[str, Any]:
        """The sweep as JSON-ready values."""
        return {
            "folder": str(self.folder),
            "method": self.method,
            "ranges": [asdict(r) for r in self.ranges],
            "points": self.points,
            "runs_per_sample": self.runs_per_sample,
            "added": self.added,
            "damaged": list(self.damaged),
            "indices": self.rows(),
        }


def parse_range(text: str) -> Range:
    """A parameter's range from ``NAME=LOW:HIGH``: ``attack_cost=0.1:0.6``, ``stalin.patience=0:1``.

    Raises:
        InputError: The text is not of that form, or ``LOW`` is not below ``HIGH``.
    """
    name, equals, bounds = text.partition("=")
    low, colon, high = bounds.partition(":")
    try:
        found = Range(name.strip(), float(low), float(high))
    except ValueError:
        found = None
    if not equals or not colon or found is None or not found.name:
        raise InputError.one("sweep", f"must be NAME=LOW:HIGH, not {text!r}", field="param")
    if not found.low < found.high:
        raise InputError.one("sweep", f"{text!r}: LOW must be below HIGH", field="param")
    return found


def _at(
    configuration: Configuration, ranges: Sequence[Range], values: Sequence[float]
) -> Configuration:
    """The configuration at one point: the base's overrides, then each parameter's value."""
    point = tuple(f"{r.name}={float(v)!r}" for r, v in zip(ranges, values, strict=True))
    return replace(configuration, overrides=configuration.overrides + point)


def _check(
    configuration: Configuration, ranges: Sequence[Range], method: str, samples: int, runs: int
) -> None:
    """The sweep asked for must make sense before anything is played.

    Raises:
        InputError: No parameter, one named twice, a bound a parameter may
            not take, an unknown method, or a count below one.
    """
    if method not in METHODS:
        raise InputError.one("sweep", f"must be one of {', '.join(METHODS)}", field="method")
    if not ranges:
        raise InputError.one("sweep", "name at least one parameter to vary", field="param")
    names = [r.name for r in ranges]
    if len(set(names)) < len(names):
        raise InputError.one("sweep", "a parameter is named twice", field="param")
    for field, count in (("samples", samples), ("runs_per_sample", runs)):
        if count < 1:
            raise InputError.one("sweep", f"must be at least 1, not {count}", field=field)
    for bound in ("low", "high"):
        _at(configuration, ranges, [getattr(r, bound) for r in ranges]).changed()


def sweep(
    configuration: Configuration,
    ranges: Sequence[Range],
    *,
    record: Sequence[RecordEvent],
    record_name: str,
    out_dir: str | Path,
    method: Method = "sobol",
    samples: int = 1024,
    runs_per_sample: int = 200,
    seed: int = 0,
    backend: Backend | Any | None = None,
    on_progress: Progress | None = None,
) -> Sweep:
    """Play (or resume) a sweep of ``ranges`` around ``configuration`` into ``out_dir``.

    Args:
        configuration: The base: scenario, parameters, levers, overrides.
        ranges: The parameters varied and their bounds.
        record: The record each run is scored against (the fidelity score).
        record_name: The record's name, kept in the manifest.
        out_dir: The sweep's folder, created if need be; rerun to resume.
        method: ``sobol`` (first-order and total indices) or ``morris`` (screening).
        samples: SALib's base sample size (Sobol: a power of two) or trajectories (Morris).
        runs_per_sample: Seeded runs at each point.
        seed: The root seed of the design, the runs and the bootstrap.
        backend: Where the runs are played (see
            :func:`~politburo.experiments.backends.open_pool`).
        on_progress: Called with (runs done, runs in the sweep).

    Raises:
        InputError: The sweep asked for is bad, or the folder holds another.
        StoreBusy: Another job is playing into the folder.
        EnsembleInterrupted: Ctrl-C or SIGTERM stopped it; finished points are kept.
    """
    _check(configuration, ranges, method, samples, runs_per_sample)
    points = design(method, ranges, samples, seed)
    spec = SweepSpec(
        EnsembleSpec.of(configuration, runs=runs_per_sample, root_seed=seed),
        tuple(ranges),
        method,
        samples,
        record_name,
    )
    folder = Path(out_dir)
    with claim_sweep(folder, spec) as store:
        store.write(DESIGN, _design_table(ranges, points))
        missing = [p for p in range(len(points)) if p not in store.points]
        with open_pool(backend) as pool:
            _play(store, configuration, points, missing, record, pool, on_progress)
        indices = analyse(method, ranges, points, _outputs(configuration, folder, points), seed)
        store.write(INDICES, pa.Table.from_pylist([asdict(i) for i in indices]))
    return Sweep(
        folder,
        method,
        tuple(ranges),
        len(points),
        runs_per_sample,
        len(missing),
        store.damaged,
        tuple(indices),
    )


def _design_table(ranges: Sequence[Range], points: NDArray[np.float64]) -> pa.Table:
    columns: dict[str, Any] = {"point": pa.array(np.arange(len(points)), pa.int64())}
    for number, r in enumerate(ranges):
        columns[r.name] = pa.array(points[:, number], pa.float64())
    return pa.table(columns)


def _play(
    store: SweepStore,
    configuration: Configuration,
    points: NDArray[np.float64],
    missing: Sequence[int],
    record: Sequence[RecordEvent],
    pool: Pool,
    on_progress: Progress | None,
) -> None:
    """Play every missing point's runs on the pool; store each point once all its runs are in."""
    spec = store.spec
    runs = spec.base.runs
    total = runs * len(points)
    target = target_for(configuration.changed()[0], record)
    # About four tasks per worker over the whole sweep: whole points when there are many.
    chunks = chunk_ranges(runs, math.ceil(pool.workers * 4 / max(1, len(missing))))
    tasks = [
        (_at(configuration, spec.ranges, points[p]), target, Seeds(spec.base.root_seed), a, b)
        for p in missing
        for a, b in chunks
    ]
    found: dict[int, list[Scored]] = {p: [] for p in missing}

    def collect(number: int, scored: list[Scored]) -> None:
        point = missing[number // len(chunks)]
        found[point].extend(scored)
        if len(found[point]) == runs:
            store.record(point, _point_table(point, found.pop(point)))
            if on_progress is not None:
                on_progress(runs * len(store.points), total)

    if on_progress is not None:
        on_progress(runs * len(store.points), total)
    try:
        run_tasks(pool, score_chunk, tasks, collect)
    except KeyboardInterrupt:
        raise EnsembleInterrupted(runs * len(store.points), total, store.folder) from None
    except Terminated:
        done = runs * len(store.points)
        raise EnsembleInterrupted(done, total, store.folder, terminated=True) from None
    except BackendLost as lost:
        raise EnsembleLost(runs * len(store.points), total, store.folder, str(lost)) from None


def _point_table(point: int, scored: list[Scored]) -> pa.Table:
    ordered = sorted(scored, key=lambda s: s.run)
    return pa.table(
        {
            "point": [point] * len(ordered),
            "run": [s.run for s in ordered],
            "winner": [s.winner for s in ordered],
            "winner_month": [s.winner_month for s in ordered],
            "fidelity": [s.score.fidelity for s in ordered],
        },
        schema=POINT_SCHEMA,
    )


def _outputs(
    configuration: Configuration, folder: Path, points: NDArray[np.float64]
) -> dict[str, NDArray[np.float64]]:
    """Each output's value at each point, from the stored runs.

    ``win:ID``: the share of the point's runs that contender ID won;
    ``win_month``: the mean month of the win, counted from the calendar's
    start (a run without a winner counts as the calendar's end);
    ``fidelity``: the mean fidelity score.
    """
    scenario = configuration.scenario
    table = sweep_runs(folder)
    shape = (len(points), table.num_rows // len(points))
    winners = np.array(table.column("winner").to_pylist(), dtype=object).reshape(shape)
    months = table.column("winner_month").to_numpy(zero_copy_only=False)
    months = np.where(np.isnan(months.astype(float)), scenario.calendar.months, months)
    outputs = {
        f"win:{actor.id}": (winners == actor.id).mean(axis=1).astype(np.float64)
        for actor in scenario.actors
        if actor.contender
    }
    outputs["win_month"] = months.astype(np.float64).reshape(shape).mean(axis=1)
    outputs["fidelity"] = table.column("fidelity").to_numpy().reshape(shape).mean(axis=1)
    return outputs
