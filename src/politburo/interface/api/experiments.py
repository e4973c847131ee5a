"""The Python API for experiments: ensembles, what-ifs and attribution as tidy tables.

Each function takes a scenario (a ``Scenario`` or a bundled id or path) and
returns a ``pyarrow.Table`` with one row per observation, ready for pandas,
polars or DuckDB. The work is stored under ``store`` (or ``out``) exactly as
the command line stores it, so the two share results.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa

from politburo.experiments import explain as attribution
from politburo.experiments import whatif as whatifs
from politburo.experiments.configuration import Configuration
from politburo.experiments.explain import DEFAULT_LEVERS
from politburo.experiments.outcomes import Plan
from politburo.experiments.queries import runs_table
from politburo.experiments.runner import run_ensemble
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
    params: Params | None = None,
    workers: int | None = None,
) -> pa.Table:
    """Play (or resume) an ensemble into ``out`` and return its runs table."""
    configuration = Configuration.of(scenario, params, levers=levers, overrides=overrides)
    run_ensemble(configuration, runs=runs, out_dir=out, root_seed=seed, workers=workers)
    return runs_table(Path(out))


def whatif(
    scenario: Scenario | str,
    *,
    levers: Sequence[str] = (),
    overrides: Sequence[str] = (),
    runs: int = 4000,
    seed: int = 0,
    store: str | Path = "results",
    params: Params | None = None,
    workers: int | None = None,
) -> pa.Table:
    """Each outcome's probability without and with the levers, with the paired test."""
    configuration = Configuration.of(scenario, params, levers=levers, overrides=overrides)
    result = whatifs.whatif(configuration, Plan(runs, seed, Path(store), workers))
    return pa.Table.from_pylist(result.rows())


def explain(
    scenario: Scenario | str,
    *,
    levers: Sequence[str] = DEFAULT_LEVERS,
    runs: int = 1000,
    seed: int = 0,
    store: str | Path = "results",
    params: Params | None = None,
    workers: int | None = None,
) -> pa.Table:
    """Each lever's exact Shapley value for each outcome, with 95% bootstrap intervals."""
    base = Configuration.of(scenario, params)
    result = attribution.explain(base, levers, Plan(runs, seed, Path(store), workers))
    return pa.Table.from_pylist(result.rows())
