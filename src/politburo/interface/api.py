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

from politburo.experiments import counterfactuals as experiments
from politburo.experiments.ensembles import query, run_ensemble
from politburo.scenario.loading import load_params, load_scenario
from politburo.scenario.params import Params
from politburo.scenario.schema import Scenario

DEFAULT_LEVERS = ("patronage", "timing", "allies", "army", "doctrine")


def _scenario(scenario: Scenario | str) -> Scenario:
    return scenario if isinstance(scenario, Scenario) else load_scenario(scenario)


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
    run_ensemble(
        _scenario(scenario),
        params or load_params(),
        runs=runs,
        out_dir=out,
        root_seed=seed,
        levers=levers,
        overrides=overrides,
        workers=workers,
    )
    return query(Path(out), "SELECT * FROM runs ORDER BY run")


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
    result = experiments.whatif(
        _scenario(scenario),
        params or load_params(),
        levers=levers,
        overrides=overrides,
        runs=runs,
        seed=seed,
        store=Path(store),
        workers=workers,
    )
    return pa.Table.from_pylist(
        [
            {
                "outcome": row.outcome,
                "baseline": row.base[0],
                "baseline_low": row.base[1],
                "baseline_high": row.base[2],
                "whatif": row.changed[0],
                "whatif_low": row.changed[1],
                "whatif_high": row.changed[2],
                "change": row.difference[0],
                "change_low": row.difference[1],
                "change_high": row.difference[2],
                "mcnemar_p": row.mcnemar_p,
            }
            for row in result.outcomes
        ]
    )


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
    a = experiments.explain(
        _scenario(scenario),
        params or load_params(),
        levers=levers,
        runs=runs,
        seed=seed,
        store=Path(store),
        workers=workers,
    )
    return pa.Table.from_pylist(
        [
            {
                "outcome": outcome,
                "lever": lever,
                "shapley": value,
                "low": low,
                "high": high,
                "with_every_cause": a.none_pulled[outcome],
                "with_all_levers": a.all_pulled[outcome],
            }
            for outcome in a.outcomes
            for lever, (value, low, high) in a.values[outcome].items()
        ]
    )
