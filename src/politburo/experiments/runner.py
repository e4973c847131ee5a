"""The ensemble runner: many seeded runs of one configuration, played on every core into the store.

:func:`run_ensemble` claims the ensemble's folder (its lock held for the
whole job, see :mod:`politburo.experiments.store`), works out which runs it
lacks, and hands them to the executor (:mod:`politburo.experiments.executor`),
which plays them in chunks and commits each to the manifest as it is
written. Run ``i`` is always played from the same seed
(:func:`politburo.experiments.chunks.run_seed`), so an ensemble resumed,
extended or played on any number of cores gives the same tables. Ctrl-C and
SIGTERM (as the command line raises it) stop the job with the chunks under
way finished and committed; a shard that cannot be written (a full disk)
stops it the same way, with a clear error.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path

from politburo.experiments.configuration import Configuration
from politburo.experiments.errors import (
    BackendLost,
    EnsembleInterrupted,
    EnsembleLost,
    StoreWriteError,
    Terminated,
)
from politburo.experiments.executor import ChunkTask, chunks, play_chunks
from politburo.experiments.location import SHARDS, Shards, store_location
from politburo.experiments.manifest import Chunk, EnsembleSpec
from politburo.experiments.store import Damaged, Store, claim
from politburo.scenario.errors import InputError

__all__ = ["MAX_RUNS", "EnsembleResult", "Progress", "run_ensemble"]

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
    shards: Shards = "workers",
) -> EnsembleResult:
    """Play runs ``0`` to ``runs - 1`` of ``configuration`` into ``out_dir``, skipping those done.

    The first call writes the manifest; a later call with the same
    configuration and root seed resumes (or, with more ``runs``, extends)
    the ensemble and never plays a run twice. Each call checks the shards
    the folder holds and plays again the runs of any found damaged.

    Args:
        configuration: What every run plays: scenario, parameters, levers, overrides.
        runs: How many runs the ensemble should hold (1 to :data:`MAX_RUNS`).
        out_dir: The ensemble's folder, created if need be: a path, or a
            ``file://`` URL that the workers write the shards through
            (:mod:`politburo.experiments.location`).
        root_seed: The root of the runs' seed sequence (0 or more).
        workers: How many processes play the runs (default: every core);
            with one, the runs are played in this process.
        chunk: The most runs in one task and shard; smaller chunks are used
            when there are too few runs to keep every worker busy.
        on_progress: Called with (runs done, runs asked for) once before the
            first new run, then after each chunk is listed.
        pool: An executor to play the chunks on, shared by several
            ensembles so that workers start once: a pool from
            :func:`~politburo.experiments.workers.worker_pool` or a Dask
            cluster's (:func:`~politburo.experiments.backends.open_pool`),
            ``workers`` then saying how many chunks it plays at once; by
            default a pool of ``workers`` processes is started for this ensemble.
        shards: Who writes the shards: the ``workers`` (into the store,
            which they must reach) or the ``client`` (this process, from the
            bytes the workers send back: no file system in common needed).
            The tables are the same either way.

    Returns:
        What was done.

    Raises:
        InputError: ``runs``, ``root_seed`` or ``workers`` is out of range,
            ``shards`` is neither ``workers`` nor ``client``, ``out_dir`` is a
            URL other than ``file://``, or a lever or override is bad.
        StoreError: The folder holds a different ensemble (each difference
            named), shards without a manifest, or other files; another job
            is playing into it; or a shard cannot be written (the runs
            finished are kept).
        EnsembleInterrupted: Ctrl-C (or ``Terminated``) stopped it, or
            (``EnsembleLost``) the back end was lost; finished chunks are kept.
    """
    _check_counts(runs=runs, root_seed=root_seed, workers=workers)
    if chunk < 1:
        raise ValueError(f"chunk must be at least 1, not {chunk}")
    if shards not in SHARDS:
        raise InputError.one(
            "ensemble", f"must be workers or client, not {shards!r}", field="shards"
        )
    spec = EnsembleSpec.of(configuration, runs=runs, root_seed=root_seed)  # bad levers fail here
    location = store_location(out_dir)
    folder = location.folder
    with claim(folder, spec) as store:
        missing = [i for i in range(runs) if i not in store.done]
        task = ChunkTask(folder, configuration, root_seed, store.job, location.url)
        added = _play(store, task, missing, runs, workers, chunk, on_progress, pool, shards)
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
    task: ChunkTask,
    missing: list[int],
    runs: int,
    workers: int | None,
    chunk: int,
    on_progress: Progress | None,
    pool: Executor | None,
    shards: Shards,
) -> int:
    """Play the missing runs into the claimed store through the executor; how many were played.

    Raises:
        EnsembleInterrupted: Ctrl-C or SIGTERM stopped it.
        StoreWriteError: A shard or the manifest could not be written.
    """
    pool_size = max(1, min(workers or os.cpu_count() or 1, len(missing)))
    # Enough tasks to keep every worker busy to the end; one worker takes whole chunks.
    size = chunk if pool_size == 1 else min(chunk, math.ceil(len(missing) / (pool_size * 4)))

    def commit(played: Chunk) -> None:
        store.record(played)
        if on_progress is not None:
            on_progress(_kept(store, runs), runs)

    if on_progress is not None:
        on_progress(_kept(store, runs), runs)
    try:
        play_chunks(
            task, list(chunks(missing, size)), commit, workers=pool_size, pool=pool, shards=shards
        )
    except KeyboardInterrupt:
        raise EnsembleInterrupted(_kept(store, runs), runs, store.folder) from None
    except Terminated:
        raise EnsembleInterrupted(_kept(store, runs), runs, store.folder, terminated=True) from None
    except BackendLost as lost:
        raise EnsembleLost(_kept(store, runs), runs, store.folder, str(lost)) from None
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
