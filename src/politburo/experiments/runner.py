"""The ensemble runner: many seeded runs of one configuration, played on every core into the store.

Run ``i`` is played from ``numpy.random.SeedSequence(root_seed).spawn(n)[i]``,
which depends only on the root seed and ``i`` (not on ``n``, the chunking or
the number of workers), so an ensemble can be extended, resumed after an
interruption, or played on any number of cores, and give the same tables.
Workers write their own shards (see :mod:`politburo.experiments.store`); the
parent only counts.
"""

from __future__ import annotations

import math
import os
import signal
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from politburo.analysis.tables import event_columns
from politburo.experiments.configuration import Configuration
from politburo.experiments.errors import EnsembleInterrupted
from politburo.experiments.fates import fates
from politburo.experiments.manifest import EnsembleSpec
from politburo.experiments.store import (
    SERIES_SCHEMA,
    claim,
    completed_runs,
    ensemble_events_schema,
    runs_schema,
    write_chunk,
)
from politburo.model.engine import run_world
from politburo.model.result import SERIES_NAMES
from politburo.model.state import initial_state
from politburo.model.types import FloatArray
from politburo.scenario.errors import InputError

__all__ = [
    "EnsembleResult",
    "Progress",
    "run_chunk",
    "run_ensemble",
    "run_seed",
    "worker_pool",
]

#: Called with (runs done, runs asked for).
Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class EnsembleResult:
    """What :func:`run_ensemble` did.

    Attributes:
        out_dir: The ensemble's folder.
        spec: The spec, as written to the manifest.
        done: How many of the runs asked for are in the folder now.
        added: How many of them this call played.
    """

    out_dir: Path
    spec: EnsembleSpec
    done: int
    added: int


def run_seed(root_seed: int, index: int) -> np.random.SeedSequence:
    """Run ``index``'s seed: ``SeedSequence(root_seed).spawn(n)[index]`` for any ``n > index``."""
    return np.random.SeedSequence(root_seed, spawn_key=(index,))


def run_chunk(
    configuration: Configuration, root_seed: int, start: int, stop: int
) -> tuple[pa.Table, pa.Table, pa.Table]:
    """Play runs ``start`` to ``stop - 1`` of ``configuration``.

    The world is built once; run ``i`` is played from :func:`run_seed`
    ``(root_seed, i)``.

    Returns:
        The runs, events and series tables of the chunk.
    """
    world = configuration.world()
    top = initial_state(world).seats[world.top].actor
    in_top = frozenset(world.actor_ids[int(a)] for a in top if a >= 0)
    contenders = [world.actor_ids[int(c)] for c in world.contenders]
    rows: dict[str, list[Any]] = {name: [] for name in runs_schema(contenders).names}
    schema = ensemble_events_schema()
    events: dict[str, list[Any]] = {name: [] for name in schema.names}
    values: list[FloatArray] = []
    for index in range(start, stop):
        result = run_world(world, run_seed(root_seed, index), configuration.interventions)
        rows["run"].append(index)
        rows["seed"].append(result.seed)
        rows["winner"].append(result.winner)
        rows["winner_month"].append(result.winner_month)
        for contender, (fate, month) in fates(result, in_top).items():
            rows[f"{contender}_fate"].append(fate)
            rows[f"{contender}_fate_month"].append(month)
        columns = event_columns(result)
        events["run"].extend([index] * len(result.events))
        for name, column in columns.items():
            events[name].extend(column)
        values.append(np.concatenate([result.series[name].ravel() for name in SERIES_NAMES]))
    return (
        pa.table(rows, schema=runs_schema(contenders)),
        pa.table(events, schema=schema),
        _series_table(world.month_labels, contenders, range(start, stop), values),
    )


def _series_table(
    months: Sequence[str], contenders: Sequence[str], runs: range, values: list[FloatArray]
) -> pa.Table:
    """The chunk's monthly series in long form: run, month, contender, series, value.

    Every run has the same months, contenders and series, so their columns
    are built once and repeated.
    """
    if not runs:
        return SERIES_SCHEMA.empty_table()
    size = len(months) * len(contenders)
    one_run = {
        "month": pa.array(
            np.repeat(np.array(months, dtype=object), len(contenders)).tolist() * len(SERIES_NAMES),
            pa.string(),
        ),
        "contender": pa.array(list(contenders) * len(months) * len(SERIES_NAMES), pa.string()),
        "series": pa.array([name for name in SERIES_NAMES for _ in range(size)], pa.string()),
    }
    per_run = size * len(SERIES_NAMES)
    return pa.table(
        {
            "run": pa.array(np.repeat(np.array(runs, dtype=np.int64), per_run)),
            **{name: pa.concat_arrays([column] * len(runs)) for name, column in one_run.items()},
            "value": pa.array(np.concatenate(values) if values else np.zeros(0), pa.float64()),
        },
        schema=SERIES_SCHEMA,
    )


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the parent, which stops them cleanly."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def run_ensemble(
    configuration: Configuration,
    *,
    runs: int,
    out_dir: str | Path,
    root_seed: int = 0,
    workers: int | None = None,
    chunk: int = 50,
    on_progress: Progress | None = None,
    pool: ProcessPoolExecutor | None = None,
) -> EnsembleResult:
    """Play runs ``0`` to ``runs - 1`` of ``configuration`` into ``out_dir``, skipping those done.

    The first call writes the manifest; a later call with the same
    configuration and root seed resumes (or, with more ``runs``, extends)
    the ensemble and never plays a run twice.

    Args:
        configuration: What every run plays: scenario, parameters, levers, overrides.
        runs: How many runs the ensemble should hold (1 or more).
        out_dir: The ensemble's folder, created if need be.
        root_seed: The root of the runs' seed sequence (0 or more).
        workers: How many processes play the runs (default: every core);
            with one, the runs are played in this process.
        chunk: The most runs in one task and shard; smaller chunks are used
            when there are too few runs to keep every worker busy.
        on_progress: Called with (runs done, runs asked for) once before the
            first new run, then after each chunk is written.
        pool: A pool from :func:`worker_pool` to play the chunks on, shared
            by several ensembles so that workers start once; by default a
            pool of ``workers`` processes is started for this ensemble.

    Returns:
        What was done.

    Raises:
        InputError: ``runs``, ``root_seed`` or ``workers`` is out of range, or
            a lever or override is bad.
        StoreError: The folder holds a different ensemble (each difference
            named), or shards without a manifest.
        EnsembleInterrupted: Ctrl-C stopped it; finished chunks are kept.
    """
    _check_counts(runs=runs, root_seed=root_seed, workers=workers)
    if chunk < 1:
        raise ValueError(f"chunk must be at least 1, not {chunk}")
    configuration.changed()  # bad levers or overrides fail here, not in a worker
    folder = Path(out_dir)
    spec = claim(folder, EnsembleSpec.of(configuration, runs=runs, root_seed=root_seed))
    present = completed_runs(folder)
    missing = [i for i in range(runs) if i not in present]
    done = runs - len(missing)
    pool_size = max(1, min(workers or os.cpu_count() or 1, len(missing)))
    # Enough tasks to keep every worker busy to the end; one worker takes whole chunks.
    size = chunk if pool_size == 1 else min(chunk, math.ceil(len(missing) / (pool_size * 4)))
    tasks = list(_chunks(missing, size))
    if on_progress is not None:
        on_progress(done, runs)
    task = _Task(folder, configuration, root_seed)

    def finished(start: int, stop: int) -> None:
        nonlocal done
        done += stop - start
        if on_progress is not None:
            on_progress(done, runs)

    if pool_size == 1 or not tasks:
        try:
            for start, stop in tasks:
                _play_chunk(task, start, stop)
                finished(start, stop)
        except KeyboardInterrupt:
            raise EnsembleInterrupted(_count_kept(folder, runs), runs, folder) from None
    else:
        _run_pool(task, tasks, finished, runs, pool or worker_pool(pool_size), own=not pool)
    return EnsembleResult(out_dir=folder, spec=spec, done=done, added=len(missing))


def _check_counts(*, runs: int, root_seed: int, workers: int | None) -> None:
    """The counts an ensemble is asked for must be in range (each problem names its argument)."""
    if runs < 1:
        raise InputError.one("ensemble", f"must be at least 1, not {runs}", field="runs")
    if root_seed < 0:
        raise InputError.one("ensemble", f"must be 0 or more, not {root_seed}", field="root_seed")
    if workers is not None and workers < 1:
        raise InputError.one("ensemble", f"must be at least 1, not {workers}", field="workers")


@dataclass(frozen=True, slots=True)
class _Task:
    """What every chunk of one ensemble shares: its folder, configuration and root seed."""

    folder: Path
    configuration: Configuration
    root_seed: int


def _play_chunk(task: _Task, start: int, stop: int) -> None:
    """Play runs ``start`` to ``stop - 1`` and write their shards (a worker's task).

    Workers write their own shards, each atomically and the runs shard last,
    so the parent only counts: the cores play runs instead of waiting on it.
    """
    tables = run_chunk(task.configuration, task.root_seed, start, stop)
    write_chunk(task.folder, start, stop, tables)


def worker_pool(workers: int | None = None) -> ProcessPoolExecutor:
    """A pool of worker processes for ensembles (default: one per core).

    Workers are spawned, not forked, and leave Ctrl-C to the parent.
    """
    return ProcessPoolExecutor(
        max_workers=workers or os.cpu_count() or 1,
        mp_context=get_context("spawn"),
        initializer=_ignore_interrupts,
    )


def _run_pool(
    task: _Task,
    chunks: list[tuple[int, int]],
    finished: Callable[[int, int], None],
    runs: int,
    pool: ProcessPoolExecutor,
    own: bool,
) -> None:
    """Play the chunks on ``pool``, each writing its shards as it completes.

    A pool the ensemble started (``own``) is shut down at the end.
    """
    futures: dict[Future[None], tuple[int, int]] = {
        pool.submit(_play_chunk, task, start, stop): (start, stop) for start, stop in chunks
    }
    try:
        for future in as_completed(futures):
            future.result()
            finished(*futures[future])
    except KeyboardInterrupt:
        _drain(pool, futures)  # the chunks under way finish and write themselves
        raise EnsembleInterrupted(_count_kept(task.folder, runs), runs, task.folder) from None
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    if own:
        pool.shutdown(wait=True)


def _drain(pool: ProcessPoolExecutor, futures: Iterable[Future[Any]]) -> None:
    """Cancel the chunks not started and let the workers finish the ones under way.

    A chunk takes a second or so, and the workers ignore Ctrl-C. Killing a
    worker instead could catch it half-way through sending a result, which
    leaves the pool waiting forever for the rest of the message. A second
    Ctrl-C during the wait stops the workers at once, at that risk.
    """
    for future in futures:
        future.cancel()
    try:
        pool.shutdown(wait=True, cancel_futures=True)
    except KeyboardInterrupt:
        for process in list((pool._processes or {}).values()):
            process.terminate()
        pool.shutdown(wait=False, cancel_futures=True)


def _count_kept(folder: Path, runs: int) -> int:
    return sum(1 for i in completed_runs(folder) if i < runs)


def _chunks(indices: Sequence[int], size: int) -> Iterator[tuple[int, int]]:
    """Ranges ``(start, stop)`` of consecutive indices, each at most ``size`` long."""
    position = 0
    while position < len(indices):
        start = indices[position]
        stop = start + 1
        position += 1
        while position < len(indices) and indices[position] == stop and stop - start < size:
            stop += 1
            position += 1
        yield start, stop
