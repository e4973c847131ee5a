"""Where an experiment's tasks run: this machine's processes, or a Dask cluster.

Every experiment hands its tasks (chunks of seeded runs) to one seam, a
:class:`Pool`: a ``concurrent.futures.Executor`` and how many tasks it runs
at once. Three back ends fill it:

- **local processes** (the default): :func:`~politburo.experiments.workers.worker_pool`,
  or this process alone when one worker is asked for;
- **a Dask LocalCluster** of N single-threaded worker processes on this
  machine, started for the job and closed at its end;
- **a running Dask cluster**, reached through its scheduler's address
  (``tcp://HOST:PORT``), whose scheduler and workers the user started
  (``dask scheduler``, ``dask worker --nthreads 1``).

A caller may also hand in an executor or a ``distributed.Client`` of its own,
which is used and left open. Dask is an optional extra (``politburo[distributed]``):
it is imported only when a Dask back end is asked for.

Tasks carry what they play as values (the configuration: the scenario and the
parameters themselves, never a file name), so workers on other machines need
only the package. A task's answer depends only on its arguments (each run's
seed comes from the root seed and the run's index), so every back end, worker
count and chunking gives the same runs.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import math
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import CancelledError, Executor, Future, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from politburo.experiments.errors import BackendLost
from politburo.experiments.workers import worker_pool

__all__ = [
    "INSTALL",
    "Backend",
    "DaskMissing",
    "Pool",
    "chunk_ranges",
    "dask_available",
    "lost_if_cancelled",
    "open_pool",
    "run_tasks",
]

T = TypeVar("T")

#: How to install the optional extra that brings Dask.
INSTALL = "pip install 'politburo[distributed]'"


class DaskMissing(ImportError):
    """A Dask back end was asked for, and Dask is not installed."""

    def __init__(self) -> None:
        super().__init__(f"Dask is not installed: {INSTALL}")


@dataclass(frozen=True, slots=True)
class Backend:
    """Which back end plays an experiment's tasks.

    Attributes:
        kind: ``processes`` (this machine's cores), ``local-cluster`` (a Dask
            LocalCluster started for the job) or ``scheduler`` (a running
            Dask cluster).
        workers: How many worker processes (processes and local-cluster;
            default for processes: every core).
        address: The scheduler's address, ``tcp://HOST:PORT`` (scheduler only).
    """

    kind: Literal["processes", "local-cluster", "scheduler"] = "processes"
    workers: int | None = None
    address: str | None = None

    @classmethod
    def local_cluster(cls, workers: int) -> Backend:
        """A Dask LocalCluster of ``workers`` single-threaded workers."""
        return cls("local-cluster", workers)

    @classmethod
    def scheduler(cls, address: str) -> Backend:
        """The running Dask cluster whose scheduler listens at ``address``."""
        return cls("scheduler", None, address)


@dataclass(frozen=True, slots=True)
class Pool:
    """An open back end: the executor tasks go to, and how many it runs at once.

    Attributes:
        executor: Where tasks are submitted; None plays them in this process.
        workers: How many tasks run at once (the chunking spreads the work over them).
        dashboard: The Dask dashboard's address, when there is one.
    """

    executor: Executor | None
    workers: int
    dashboard: str | None = None


def dask_available() -> bool:
    """Whether the optional Dask extra is installed."""
    return importlib.util.find_spec("distributed") is not None


@contextmanager
def open_pool(where: Backend | Pool | Executor | Any | None = None) -> Iterator[Pool]:
    """Open a back end for one job, and close what was started for it at the end.

    Args:
        where: A :class:`Backend` (None: local processes on every core), or
            a pool, an executor or a ``distributed.Client`` already open,
            which is used as it is and left open.

    Raises:
        DaskMissing: A Dask back end was asked for without Dask installed.
    """
    if where is None:
        where = Backend()
    if isinstance(where, Pool):
        yield where
    elif isinstance(where, Executor):
        yield Pool(where, os.cpu_count() or 1)
    elif not isinstance(where, Backend):  # a distributed.Client
        yield _dask_pool(where)
    elif where.kind == "processes":
        workers = where.workers or os.cpu_count() or 1
        if workers == 1:
            yield Pool(None, 1)
        else:
            with worker_pool(workers) as pool:
                yield Pool(pool, workers)
    else:
        with _client(where) as client:
            yield _dask_pool(client)


@contextmanager
def _client(backend: Backend) -> Iterator[Any]:
    """A Dask client of a new LocalCluster or of the scheduler at the backend's address."""
    if not dask_available():
        raise DaskMissing
    distributed: Any = importlib.import_module("distributed")  # untyped, and optional
    if backend.kind == "scheduler":
        with distributed.Client(backend.address, set_as_default=False) as client:
            try:
                yield client
            finally:
                _quiet_if_lost(client)
        return
    with (
        distributed.LocalCluster(
            n_workers=backend.workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
        ) as cluster,
        distributed.Client(cluster, set_as_default=False) as client,
    ):
        yield client


def _quiet_if_lost(client: Any) -> None:
    """Keep a client whose scheduler is gone from logging tracebacks as it closes.

    The job has already said the scheduler was lost (:class:`BackendLost`);
    the client's own reconnection, cancelled by the close, would otherwise
    print a traceback of ``CancelledError`` after that message.
    """
    if getattr(client, "status", "running") != "running":
        logging.getLogger("distributed.client").setLevel(logging.CRITICAL)


def _dask_pool(client: Any) -> Pool:
    """The pool of a Dask client: one task per worker thread at once."""
    threads = sum(int(w.get("nthreads", 1)) for w in client.scheduler_info()["workers"].values())
    link = getattr(client, "dashboard_link", None)
    return Pool(_DaskExecutor(client), max(1, threads), str(link) if link else None)


class _DaskExecutor(Executor):
    """A Dask client as a ``concurrent.futures.Executor`` (``client.get_executor``).

    Each task is impure (never merged with an equal one), and ``shutdown``
    takes ``cancel_futures`` as the standard executors do.
    """

    def __init__(self, client: Any) -> None:
        self._inner: Executor = client.get_executor(pure=False)

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        """Submit ``fn(*args, **kwargs)`` to the cluster."""
        return self._inner.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Stop taking tasks; cancel those not done when ``cancel_futures`` (or not ``wait``)."""
        self._inner.shutdown(wait=wait and not cancel_futures)


def chunk_ranges(count: int, parts: int, most: int = 50) -> list[tuple[int, int]]:
    """Ranges ``(start, stop)`` splitting ``count`` runs into about ``parts`` tasks (``most`` long).

    The answer never depends on the split, only the speed does: about four
    tasks per worker keep every worker busy to the end.
    """
    size = max(1, min(most, math.ceil(count / max(1, parts))))
    return [(start, min(start + size, count)) for start in range(0, count, size)]


def lost_if_cancelled(future: Future[T]) -> T:
    """A finished task's result; a task cancelled unasked means the back end was lost.

    Only this process cancels tasks, and only once it is stopping; a Dask
    client whose scheduler dies cancels every task it had sent.

    Raises:
        BackendLost: The task was cancelled.
    """
    try:
        return future.result()
    except CancelledError:
        raise BackendLost("the cluster's scheduler was lost, and the tasks with it") from None


def run_tasks(
    pool: Pool,
    function: Callable[..., T],
    tasks: Sequence[tuple[Any, ...]],
    on_result: Callable[[int, T], None],
) -> None:
    """Run ``function(*task)`` for every task on the pool; hand each result over as it comes.

    ``on_result`` gets the task's place in ``tasks`` and its result, in the
    order they finish. If anything goes wrong (Ctrl-C included), the tasks
    not finished are cancelled before the error goes on.

    Raises:
        BackendLost: The back end cancelled a task unasked (a Dask scheduler
            was killed).
    """
    if pool.executor is None:
        for number, task in enumerate(tasks):
            on_result(number, function(*task))
        return
    futures = {pool.executor.submit(function, *task): n for n, task in enumerate(tasks)}
    try:
        for future in as_completed(futures):
            on_result(futures[future], lost_if_cancelled(future))
    except BaseException:
        for future in futures:
            future.cancel()
        raise
