"""The Python API for experiments: ensembles, what-ifs and attribution as tidy tables.

Each function takes a scenario (a ``Scenario`` or a bundled id or path) and
returns a ``pyarrow.Table`` with one row per observation, ready for pandas,
polars or DuckDB. The work is stored under ``store`` (or ``out``) exactly as
the command line stores it, so the two share results.

Each starts worker processes (spawned: a fresh interpreter that imports the
calling script's main module), so a script that calls one must do so under
``if __name__ == "__main__":``; every argument is checked at the call (see
:mod:`politburo.interface.api.arguments`). ``executor`` plays the runs
elsewhere: a ``concurrent.futures.Executor`` or a ``distributed.Client`` of
a Dask cluster (``pip install 'politburo[distributed]'``), which is used and
left open; the tables are the same whichever plays them.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Executor
from pathlib import Path
from typing import Any

import pyarrow as pa

from politburo.experiments import explain as attribution
from politburo.experiments import whatif as whatifs
from politburo.experiments.backends import Backend, open_pool
from politburo.experiments.configuration import Configuration
from politburo.experiments.explain import DEFAULT_LEVERS
from politburo.experiments.outcomes import Plan
from politburo.experiments.queries import runs_table
from politburo.experiments.runner import run_ensemble
from politburo.interface.api.arguments import (
    check_count,
    check_folder,
    check_names,
    check_params,
    check_scenario_argument,
    check_seed,
    check_shards,
    check_workers,
)
from politburo.scenario.params import Params
from politburo.scenario.schema import Scenario

__all__ = ["ensemble", "explain", "whatif"]


def ensemble(
    scenario: Scenario | str,
    *,
    runs: int,
    out: str | Path,
    seed: int = 0,
    levers: Sequence[str] = (),
    overrides: Sequence[str] = (),
    params: Params | str | Path | None = None,
    workers: int | None = None,
    executor: Executor | Any | None = None,
    shards: str = "workers",
) -> pa.Table:
    """Play (or resume) an ensemble into ``out``; its runs table (runs ``0`` to ``runs - 1``).

    ``out`` is a folder's path or a ``file://`` URL; ``shards`` says who
    writes the shards: the ``workers`` (into ``out``, which they must reach)
    or the ``client`` (this process, from what the workers send back).

    Raises:
        TypeError: An argument is of the wrong type.
        InputError: A value is out of range, or the scenario, a lever or an
            override is bad.
        StoreError: ``out`` cannot hold this ensemble (see ``run_ensemble``).
    """
    function = "ensemble"
    count = check_count(function, "runs", runs)
    folder = check_folder(function, "out", out)
    configuration = _configuration(function, scenario, params, levers, overrides)
    where = _backend(function, workers, executor)
    with open_pool(where) as pool:
        result = run_ensemble(
            configuration,
            runs=count,
            out_dir=out if isinstance(out, str) else folder,
            root_seed=check_seed(function, seed),
            workers=pool.workers,
            pool=pool.executor,
            shards=check_shards(function, shards),
        )
    return runs_table(result.out_dir, count)


def _backend(function: str, workers: object, executor: object) -> Backend | Any:
    """Where an experiment's runs are played: ``executor``, else ``workers`` local processes.

    Raises:
        TypeError: ``executor`` is neither an executor nor a Dask client.
    """
    if executor is None:
        return Backend(workers=check_workers(function, workers))
    if not isinstance(executor, Executor) and not hasattr(executor, "get_executor"):
        raise TypeError(
            f"{function}(): executor must be a concurrent.futures.Executor or a "
            f"distributed.Client, not {type(executor).__name__}"
        )
    return executor


def _configuration(
    function: str,
    scenario: object,
    params: object,
    levers: object,
    overrides: object = (),
) -> Configuration:
    """The configuration an experiment's arguments name, each checked."""
    return Configuration.of(
        check_scenario_argument(function, scenario),
        check_params(function, params),
        levers=check_names(function, "levers", levers),
        overrides=check_names(function, "overrides", overrides),
    )


def _plan(
    function: str, runs: object, seed: object, store: object, workers: object, executor: object
) -> Plan:
    """The plan an experiment's arguments name, each checked (``runs`` at least 2: pairs)."""
    return Plan(
        check_count(function, "runs", runs, minimum=2),
        check_seed(function, seed),
        check_folder(function, "store", store),
        backend=_backend(function, workers, executor),
    )


def whatif(
    scenario: Scenario | str,
    *,
    levers: Sequence[str] = (),
    overrides: Sequence[str] = (),
    runs: int = 4000,
    seed: int = 0,
    store: str | Path = "results",
    params: Params | str | Path | None = None,
    workers: int | None = None,
    executor: Executor | Any | None = None,
) -> pa.Table:
    """Each outcome's probability without and with the levers, with the paired test.

    Raises:
        TypeError: An argument is of the wrong type.
        InputError: A value is out of range, or the scenario, a lever or an
            override is bad.
    """
    configuration = _configuration("whatif", scenario, params, levers, overrides)
    result = whatifs.whatif(configuration, _plan("whatif", runs, seed, store, workers, executor))
    return pa.Table.from_pylist(result.rows())


def explain(
    scenario: Scenario | str,
    *,
    levers: Sequence[str] = DEFAULT_LEVERS,
    runs: int = 1000,
    seed: int = 0,
    store: str | Path = "results",
    params: Params | str | Path | None = None,
    workers: int | None = None,
    executor: Executor | Any | None = None,
) -> pa.Table:
    """Each lever's exact Shapley value for each outcome, with 95% bootstrap intervals.

    Raises:
        TypeError: An argument is of the wrong type.
        InputError: A value is out of range, or the scenario or a lever is bad.
    """
    base = _configuration("explain", scenario, params, ())
    chosen = check_names("explain", "levers", levers)
    result = attribution.explain(
        base, chosen, _plan("explain", runs, seed, store, workers, executor)
    )
    return pa.Table.from_pylist(result.rows())
