"""Where a command plays its runs: ``--workers``, ``--cluster local:N``, ``--scheduler ADDRESS``.

The experiment commands share these options. They become a
:class:`~politburo.experiments.backends.Backend`, opened once for the whole
command (one cluster for every ensemble of a what-if, say); the Dask
dashboard's address, when there is one, is printed on standard error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Annotated

import typer
from rich.markup import escape

from politburo.experiments.backends import INSTALL, Backend, Pool, dask_available, open_pool
from politburo.interface.cli.output import err
from politburo.scenario.errors import InputError

__all__ = ["ClusterOption", "SchedulerOption", "WorkersOption", "backend_of", "opened"]

WorkersOption = Annotated[
    int | None, typer.Option(min=1, help="Local processes to use (default: every core).")
]
ClusterOption = Annotated[
    str | None,
    typer.Option(
        "--cluster",
        help="Play the runs on a Dask LocalCluster of N workers started for the job: "
        f"local:N (needs {INSTALL}).",
    ),
]
SchedulerOption = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        help="Play the runs on a running Dask cluster: its scheduler's tcp://HOST:PORT "
        "(workers: dask worker ADDRESS --nthreads 1).",
    ),
]

_LOCAL = re.compile(r"^local:([1-9][0-9]*)$")
_ADDRESS = re.compile(r"^[a-z][a-z0-9+]*://\S+:[0-9]+$")


def backend_of(
    workers: int | None, cluster: str | None, scheduler: str | None, *, local: int | None = None
) -> Backend:
    """The back end the options name (local processes when neither Dask option is given).

    ``local`` is how many local processes play when ``--workers`` is not
    given (None: every core; 1: the command's own process).

    Raises:
        InputError: Two back ends are named, a value is malformed, or Dask is
            not installed (the message says how to install it).
    """
    named = (("--workers", workers), ("--cluster", cluster), ("--scheduler", scheduler))
    given = [name for name, value in named if value is not None]
    if len(given) > 1:
        raise InputError.one(given[1], f"give one of {', '.join(given)}, not both")
    if cluster is None and scheduler is None:
        return Backend(workers=workers or local)
    option = "--cluster" if cluster is not None else "--scheduler"
    if not dask_available():
        raise InputError.one(option, f"needs Dask, which is not installed: {INSTALL}")
    if scheduler is not None:
        if not _ADDRESS.match(scheduler):
            raise InputError.one("--scheduler", f"must be tcp://HOST:PORT, not {scheduler!r}")
        return Backend.scheduler(scheduler)
    found = _LOCAL.match(cluster or "")
    if found is None:
        raise InputError.one("--cluster", f"must be local:N (N workers), not {cluster!r}")
    return Backend.local_cluster(int(found[1]))


@contextmanager
def opened(
    workers: int | None, cluster: str | None, scheduler: str | None, *, local: int | None = None
) -> Iterator[Pool]:
    """The back end the options name, open for the command; the dashboard's address is printed.

    Raises:
        InputError: As :func:`backend_of`, or the scheduler cannot be reached.
    """
    backend = backend_of(workers, cluster, scheduler, local=local)
    with ExitStack() as stack:
        try:
            pool = stack.enter_context(open_pool(backend))
        except OSError as error:
            if backend.kind != "scheduler":
                raise
            message = f"cannot reach {backend.address}: {error}"
            raise InputError.one("--scheduler", message) from None
        if pool.dashboard:
            err.print(f"Dask dashboard: {escape(pool.dashboard)}")
        yield pool
