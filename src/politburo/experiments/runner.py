"""The ensemble runner: many seeded runs of one configuration, played on every core into the store.

Run ``i`` is played from ``numpy.random.SeedSequence(root_seed).spawn(n)[i]``,
which depends only on the root seed and ``i`` (not on ``n``, the chunking or
the number of workers), so an ensemble can be extended, resumed after an
interruption, or played on any number of cores, and give the same tables.
Workers write their own shards and send back what they wrote; the parent
(the client) lists each chunk in the manifest, which makes its runs count
(see :mod:`politburo.experiments.store`). It holds the folder's lock for the
whole job. Ctrl-C and SIGTERM (as the command line raises it) stop the job
with the chunks under way finished and listed; a shard that cannot be
written (a full disk) stops it the same way, with a clear error.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from politburo.analysis.tables import event_columns
from politburo.experiments.configuration import Configuration
from politburo.experiments.errors import EnsembleInterrupted, StoreWriteError, Terminated
from politburo.experiments.fates import fates
from politburo.experiments.manifest import Chunk, EnsembleSpec
from politburo.experiments.store import (
    SERIES_SCHEMA,
    Damaged,
    Store,
    claim,
    ensemble_events_schema,
    runs_schema,
    write_chunk,
)
from politburo.experiments.workers import worker_pool
from politburo.model.engine import run_world
from politburo.model.result import SERIES_NAMES
from politburo.model.state import initial_state
from politburo.model.types import FloatArray
from politburo.scenario.errors import InputError

__all__ = [
    "MAX_RUNS",
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
        held: How many runs the folder holds (more than ``done`` when it
            was made with more runs than asked for now).
        damaged: The shards found damaged, whose runs this call played again.
    """

    out_dir: Path
    spec: EnsembleSpec
    done: int
    added: int
    held: int = 0
    damaged: tuple[Damaged, ...] = ()


def run_seed(root_seed: int, index: int) -> np.random.SeedSequence:
    """Run ``index``'s seed: ``SeedSequence(root_seed).spawn(n)[index]`` for any ``n > index``."""
    return np.random.SeedSequence(root_seed, spawn_key=(index,))


def run_chunk(
    configuration: Configuration, root_seed: int, start: int, stop: int
) -> dict[str, pa.Table]:
    """Play runs ``start`` to ``stop - 1`` of ``configuration``.

    The world is built once; run ``i`` is played from :func:`run_seed`
    ``(root_seed, i)``.

    Returns:
        The runs, events and series tables of the chunk, by name.
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
        events["seq"].extend(range(len(result.events)))
        for name, column in columns.items():
            events[name].extend(column)
        values.append(np.concatenate([result.series[name].ravel() for name in SERIES_NAMES]))
    return {
        "runs": pa.table(rows, schema=runs_schema(contenders)),
        "events": pa.table(events, schema=schema),
        "series": _series_table(world.month_labels, contenders, range(start, stop), values),
    }


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


def run_ensemble(
    configuration: Configuration,
    *,
    runs: int,
    out_dir: str | Path,
    root_seed: int = 0,
    workers: int | None = None,
    chunk: int = 50,
    on_progress: Progress | None = None,
    pool: Executor | None = None,
) -> EnsembleResult:
    """Play runs ``0`` to ``runs - 1`` of ``configuration`` into ``out_dir``, skipping those done.

    The first call writes the manifest; a later call with the same
    configuration and root seed resumes (or, with more ``runs``, extends)
    the ensemble and never plays a run twice. Each call checks the shards
    the folder holds and plays again the runs of any found damaged.

    Args:
        configuration: What every run plays: scenario, parameters, levers, overrides.
        runs: How many runs the ensemble should hold (1 to :data:`MAX_RUNS`).
        out_dir: The ensemble's folder, created if need be.
        root_seed: The root of the runs' seed sequence (0 or more).
        workers: How many processes play the runs (default: every core);
            with one, the runs are played in this process.
        chunk: The most runs in one task and shard; smaller chunks are used
            when there are too few runs to keep every worker busy.
        on_progress: Called with (runs done, runs asked for) once before the
            first new run, then after each chunk is listed.
        pool: An executor to play the chunks on (a pool from :func:`worker_pool`
            or a Dask cluster's, see :mod:`politburo.experiments.executors`),
            shared by several ensembles so that workers start once; by
            default a pool of ``workers`` processes is started for this
            ensemble. ``workers`` then says how many chunks it plays at once.

    Returns:
        What was done.

    Raises:
        InputError: ``runs``, ``root_seed`` or ``workers`` is out of range, or
            a lever or override is bad.
        StoreError: The folder holds a different ensemble (each difference
            named), shards without a manifest, or other files; another job
            is playing into it; or a shard cannot be written (the runs
            finished are kept).
        EnsembleInterrupted: Ctrl-C (or ``Terminated``) stopped it; finished
            chunks are kept.
    """
    _check_counts(runs=runs, root_seed=root_seed, workers=workers)
    if chunk < 1:
        raise ValueError(f"chunk must be at least 1, not {chunk}")
    spec = EnsembleSpec.of(configuration, runs=runs, root_seed=root_seed)  # bad levers fail here
    folder = Path(out_dir)
    with claim(folder, spec) as store:
        missing = [i for i in range(runs) if i not in store.done]
        task = _Task(folder, configuration, root_seed, store.job)
        added = _play(store, task, missing, runs, workers, chunk, on_progress, pool)
        return EnsembleResult(
            out_dir=folder,
            spec=store.manifest.spec,
            done=_kept(store, runs),
            added=added,
            held=len(store.done),
            damaged=store.damaged,
        )


def _play(
    store: Store,
    task: _Task,
    missing: list[int],
    runs: int,
    workers: int | None,
    chunk: int,
    on_progress: Progress | None,
    pool: Executor | None,
) -> int:
    """Play the missing runs into the claimed store; how many were played.

    Raises:
        EnsembleInterrupted: Ctrl-C or SIGTERM stopped it.
        StoreWriteError: A shard or the manifest could not be written.
    """
    pool_size = max(1, min(workers or os.cpu_count() or 1, len(missing)))
    # Enough tasks to keep every worker busy to the end; one worker takes whole chunks.
    size = chunk if pool_size == 1 else min(chunk, math.ceil(len(missing) / (pool_size * 4)))
    tasks = list(_chunks(missing, size))

    def listed(played: Chunk) -> None:
        store.record(played)
        if on_progress is not None:
            on_progress(_kept(store, runs), runs)

    if on_progress is not None:
        on_progress(_kept(store, runs), runs)
    try:
        if (pool_size == 1 and pool is None) or not tasks:
            for start, stop in tasks:
                listed(_play_chunk(task, start, stop))
        else:
            _run_pool(task, tasks, listed, store, pool or worker_pool(pool_size), own=not pool)
    except KeyboardInterrupt:
        raise EnsembleInterrupted(_kept(store, runs), runs, store.folder) from None
    except Terminated:
        raise EnsembleInterrupted(_kept(store, runs), runs, store.folder, terminated=True) from None
    except OSError as error:
        raise StoreWriteError(store.folder, error, _kept(store, runs), runs) from None
    return len(missing)


def _kept(store: Store, runs: int) -> int:
    """How many of runs ``0`` to ``runs - 1`` the store holds."""
    return sum(1 for i in store.done if i < runs)


#: The most runs one ensemble may hold (a bound, so that a mistyped count fails at once
#: instead of filling the memory with the list of runs to play).
MAX_RUNS = 10_000_000


def _check_counts(*, runs: int, root_seed: int, workers: int | None) -> None:
    """The counts an ensemble is asked for must be in range (each problem names its argument)."""
    if not 1 <= runs <= MAX_RUNS:
        raise InputError.one(
            "ensemble", f"must be from 1 to {MAX_RUNS:,}, not {runs:,}", field="runs"
        )
    if root_seed < 0:
        raise InputError.one("ensemble", f"must be 0 or more, not {root_seed}", field="root_seed")
    if workers is not None and workers < 1:
        raise InputError.one("ensemble", f"must be at least 1, not {workers}", field="workers")


@dataclass(frozen=True, slots=True)
class _Task:
    """What every chunk of one ensemble shares: its folder, configuration, root seed and job."""

    folder: Path
    configuration: Configuration
    root_seed: int
    job: str


def _play_chunk(task: _Task, start: int, stop: int) -> Chunk:
    """Play runs ``start`` to ``stop - 1`` and write their shards (a worker's task).

    Workers write their own shards, each atomically under a name unique to
    the write, so that the cores play runs instead of waiting on the parent;
    the parent lists what they send back.
    """
    tables = run_chunk(task.configuration, task.root_seed, start, stop)
    return write_chunk(task.folder, start, stop - 1, tables, task.job)


def _run_pool(
    task: _Task,
    chunks: list[tuple[int, int]],
    listed: Callable[[Chunk], None],
    store: Store,
    pool: Executor,
    own: bool,
) -> None:
    """Play the chunks on ``pool``, listing each as it completes.

    On Ctrl-C, SIGTERM or a shard that cannot be written, the chunks not
    started are cancelled and those under way are finished and listed before
    the error goes on. A pool the ensemble started (``own``) is shut down at
    the end.
    """
    futures: dict[Future[Chunk], tuple[int, int]] = {
        pool.submit(_play_chunk, task, start, stop): (start, stop) for start, stop in chunks
    }
    done: set[Future[Chunk]] = set()
    try:
        for future in as_completed(futures):
            done.add(future)
            listed(future.result())
    except (KeyboardInterrupt, Terminated, OSError):
        _finish_under_way(pool, {f: futures[f] for f in futures if f not in done}, store)
        raise
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    if own:
        pool.shutdown(wait=True)


def _finish_under_way(
    pool: Executor, futures: Mapping[Future[Chunk], tuple[int, int]], store: Store
) -> None:
    """Cancel the chunks not started; let the workers finish those under way, and list them.

    A chunk takes a second or so, and the workers ignore Ctrl-C. Killing a
    worker instead could catch it half-way through sending a result, which
    leaves the pool waiting forever for the rest of the message. A second
    Ctrl-C (or SIGTERM) during the wait stops the workers at once, at that
    risk; what they were writing is not listed, and is tidied next time.
    """
    for future in futures:
        future.cancel()
    try:
        for future in futures:
            if future.cancelled():
                continue
            try:
                store.record(future.result())
            except Exception:  # a chunk that failed is played next time
                continue
        pool.shutdown(wait=True, cancel_futures=True)
    except (KeyboardInterrupt, Terminated):
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            process.terminate()
        pool.shutdown(wait=False, cancel_futures=True)


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
