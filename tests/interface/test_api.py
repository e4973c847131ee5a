"""The Python API returns tidy tables that agree with the library's figures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import politburo


def test_ensemble_returns_one_row_per_run(tmp_path: Path) -> None:
    table = politburo.ensemble("ussr-1924", runs=3, out=tmp_path / "e", workers=1)
    assert table.num_rows == 3
    assert table.column("run").to_pylist() == [0, 1, 2]


def test_whatif_returns_one_row_per_outcome_with_shares_summing_to_one(tmp_path: Path) -> None:
    table = politburo.whatif("ussr-1924", levers=["army"], runs=3, store=tmp_path, workers=1)
    rows = table.to_pylist()
    assert {row["outcome"] for row in rows} >= {"stalin", "none"}
    assert sum(row["baseline"] for row in rows) == pytest.approx(1.0)
    assert sum(row["whatif"] for row in rows) == pytest.approx(1.0)


def test_explain_values_add_up_to_the_whole_change(tmp_path: Path) -> None:
    table = politburo.explain(
        "ussr-1924", levers=["patronage", "timing"], runs=3, store=tmp_path, workers=1
    )
    for outcome in set(table.column("outcome").to_pylist()):
        rows = [r for r in table.to_pylist() if r["outcome"] == outcome]
        total = sum(r["shapley"] for r in rows)
        assert total == pytest.approx(rows[0]["with_all_levers"] - rows[0]["with_every_cause"])


def test_simulate_takes_overrides_and_records_them_after_the_levers() -> None:
    run = politburo.simulate("ussr-1924", seed=3, overrides=["attack_cost=0.2"], levers=["army"])
    assert run.interventions == ("lever:army", "attack_cost=0.2")


def test_the_old_interventions_keyword_still_works_with_a_deprecation_warning() -> None:
    with pytest.warns(DeprecationWarning, match="use overrides"):
        old = politburo.simulate("ussr-1924", seed=3, interventions=["attack_cost=0.2"])
    new = politburo.simulate("ussr-1924", seed=3, overrides=["attack_cost=0.2"])
    assert old.to_json() == new.to_json()


def test_overrides_and_interventions_together_are_refused() -> None:
    with pytest.raises(TypeError, match="not both"):
        politburo.simulate("ussr-1924", overrides=["attack_cost=0.2"], interventions=["x=1"])


def test_check_determinism_takes_overrides_and_the_old_keyword_with_a_warning() -> None:
    scenario = politburo.load_scenario("ussr-1924")
    politburo.check_determinism(scenario, seed=1, overrides=["attack_cost=0.2"])
    with pytest.warns(DeprecationWarning, match="use overrides"):
        politburo.check_determinism(scenario, seed=1, interventions=["attack_cost=0.2"])


@pytest.mark.parametrize("module", ["politburo", "politburo.interface.cli.app"])
def test_a_single_run_and_the_command_line_start_without_the_heavy_libraries(module: str) -> None:
    heavy = ["scipy.stats", "duckdb", "pyarrow", "matplotlib", "optuna"]
    code = f"import sys, {module}; print(','.join(m for m in {heavy!r} if m in sys.modules))"
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert found == ""
