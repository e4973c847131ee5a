"""The executor seam: how an ensemble's chunks are dispatched, written and committed.

This module is the one place that decides where the runs of an ensemble are
played. Whatever plays them, three rules keep every run in the store exactly
once:

1. **Dispatch.** The missing runs are cut into chunks of consecutive
   indices (:func:`chunks`); each chunk is one task, :func:`play_chunk`,
   which needs only its :class:`ChunkTask` (picklable: the folder, the
   configuration, the root seed and the job's id) and the chunk's range.
2. **Write where played, or send back.** The task plays its runs
   (:func:`politburo.experiments.chunks.run_chunk`) and, by default, writes
   their shards itself (:func:`politburo.experiments.store.write_chunk`: a
   temporary name unique to the write, then a rename) and returns what it
   wrote, a :class:`~politburo.experiments.manifest.Chunk` with each
   shard's rows, size and checksum. With ``shards="client"``
   (:mod:`politburo.experiments.location`) it returns the shards' bytes
   instead (:func:`play_encoded`) and the client writes them, so that the
   workers need no file system in common with the client. A shard that is
   written but not yet committed counts for nothing.
3. **Commit in the client.** Only the process that claimed the store (and
   holds its lock) lists a returned chunk in the manifest
   (``commit``, which is :meth:`politburo.experiments.store.Store.record`),
   one chunk at a time, as each completes. A worker never writes the
   manifest.

:func:`play_chunks` plays the chunks in this process, or on an executor: a
pool of local worker processes (:mod:`politburo.experiments.workers`) that
die with the parent, or a Dask cluster's
(:mod:`politburo.experiments.backends`), whose workers must see the store's
folder unless the client writes the shards. On Ctrl-C, SIGTERM or a shard
that cannot be written, it cancels the chunks not started, commits those
under way as they finish, and lets the error go on; if the back end drops
the chunks (a Dask scheduler killed), it says so (``BackendLost``).
Another executor (a cluster's, say) replaces :func:`play_chunks` with the
same signature and keeps rules 1 to 3: it ships
:func:`play_chunk` (or :func:`play_encoded`) and a :class:`ChunkTask` to its
workers and calls ``commit`` in the client for each result.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from politburo.experiments.backends import lost_if_cancelled
from politburo.experiments.chunks import run_chunk
from politburo.experiments.configuration import Configuration
from politburo.experiments.errors import Terminated
from politburo.experiments.location import Shards
from politburo.experiments.manifest import Chunk
from politburo.experiments.store import EncodedChunk, encode_chunk, write_chunk, write_encoded
from politburo.experiments.workers import worker_pool

__all__ = ["ChunkTask", "Commit", "chunks", "play_chunk", "play_chunks", "play_encoded"]

#: Lists a chunk a task wrote in the store's manifest (in the client only).
Commit = Callable[[Chunk], None]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ChunkTask:
    """What every chunk of one ensemble shares: its store, configuration, root seed and job.

    Attributes:
        folder: The store's folder on the client's machine.
        configuration: What every run plays.
        root_seed: The root of the runs' seeds.
        job: The job's id, which its temporary files carry.
        url: The URL workers write the shards through (fsspec), when the
            store was named by one; None: they write to ``folder``.
    """

    folder: Path
    configuration: Configuration
    root_seed: int
    job: str
    url: str | None = None


def play_chunk(task: ChunkTask, start: int, stop: int) -> Chunk:
    """A worker's task: play runs ``start`` to ``stop - 1``, write their shards, say what.

    Workers write their own shards, each atomically under a name unique to
    the write, so that the cores play runs instead of waiting on the client;
    the client commits what they send back.
    """
    tables = run_chunk(task.configuration, task.root_seed, start, stop)
    return write_chunk(task.url or task.folder, start, stop - 1, tables, task.job)


def play_encoded(task: ChunkTask, start: int, stop: int) -> EncodedChunk:
    """A worker's task: play runs ``start`` to ``stop - 1`` and send their shards back as bytes."""
    return encode_chunk(start, stop - 1, run_chunk(task.configuration, task.root_seed, start, stop))


def chunks(indices: Sequence[int], size: int) -> Iterator[tuple[int, int]]:
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


def play_chunks(
    task: ChunkTask,
    ranges: Sequence[tuple[int, int]],
    commit: Commit,
    *,
    workers: int,
    pool: Executor | None = None,
    shards: Shards = "workers",
) -> None:
    """Play every chunk of ``ranges`` and commit each as it completes.

    Args:
        task: What the chunks share.
        ranges: The chunks, as ``(start, stop)``.
        commit: Lists a written chunk in the manifest (called in this process).
        workers: How many processes play them; with one and no ``pool``,
            they are played here, in order.
        pool: A shared pool to play them on: local processes or a Dask
            cluster's (:mod:`politburo.experiments.backends`); by default one
            of ``workers`` processes is started, and shut down at the end.
        shards: Who writes the shards: the ``workers`` (into the store,
            which they must reach) or the ``client`` (this process, from
            the bytes the workers send back).

    Raises:
        KeyboardInterrupt, Terminated: The job was stopped; the chunks under
            way were finished and committed first.
        BackendLost: The back end dropped the chunks (a Dask scheduler
            killed); those committed before are kept.
        OSError: A shard or the manifest could not be written.
    """
    if (workers == 1 and pool is None) or not ranges:
        for start, stop in ranges:
            commit(play_chunk(task, start, stop))
        return
    executor = pool or worker_pool(workers)
    if shards == "client":

        def write(encoded: EncodedChunk) -> None:
            commit(write_encoded(task.folder, encoded, task.job))

        _run_pool(play_encoded, write, task, ranges, executor, own=pool is None)
    else:
        _run_pool(play_chunk, commit, task, ranges, executor, own=pool is None)


def _run_pool(
    play: Callable[[ChunkTask, int, int], T],
    commit: Callable[[T], None],
    task: ChunkTask,
    ranges: Sequence[tuple[int, int]],
    pool: Executor,
    own: bool,
) -> None:
    """Play the chunks on ``pool``, committing each as it completes.

    On Ctrl-C, SIGTERM or a shard that cannot be written, the chunks not
    started are cancelled and those under way are finished and committed
    before the error goes on. A pool started for this call (``own``) is shut
    down at the end.
    """
    futures: dict[Future[T], tuple[int, int]] = {
        pool.submit(play, task, start, stop): (start, stop) for start, stop in ranges
    }
    done: set[Future[T]] = set()
    try:
        for future in as_completed(futures):
            done.add(future)
            commit(lost_if_cancelled(future))
    except (KeyboardInterrupt, Terminated, OSError):
        _finish_under_way(pool, {f: futures[f] for f in futures if f not in done}, commit)
        raise
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    if own:
        pool.shutdown(wait=True)


def _finish_under_way(
    pool: Executor, futures: Mapping[Future[T], tuple[int, int]], commit: Callable[[T], None]
) -> None:
    """Cancel the chunks not started; let the workers finish those under way, and commit them.

    A chunk takes a second or so, and the workers ignore Ctrl-C. Killing a
    worker instead could catch it half-way through sending a result, which
    leaves the pool waiting forever for the rest of the message. A second
    Ctrl-C (or SIGTERM) during the wait stops the workers at once, at that
    risk; what they were writing is not committed, and is tidied next time.
    """
    for future in futures:
        future.cancel()
    try:
        for future in futures:
            if future.cancelled():
                continue
            try:
                commit(future.result())
            except Exception:  # a chunk that failed is played next time
                continue
        pool.shutdown(wait=True, cancel_futures=True)
    except (KeyboardInterrupt, Terminated):
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            process.terminate()
        pool.shutdown(wait=False, cancel_futures=True)
