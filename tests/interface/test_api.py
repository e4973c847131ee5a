"""The Python API returns tidy tables that agree with the library's figures."""

from __future__ import annotations

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
