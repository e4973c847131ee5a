"""Sweeps: a SALib design, scored runs at every point stored exactly once, and the indices.

The sweeps are tiny (two parameters, a handful of points, a few runs each):
what is checked is what is stored and reported, not the indices' accuracy.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from politburo.analysis.record import load_record
from politburo.experiments.backends import Backend
from politburo.experiments.configuration import Configuration
from politburo.experiments.sweep import Sweep, parse_range, sweep
from politburo.experiments.sweep_store import sweep_runs
from politburo.interface.cli.app import app
from politburo.scenario.errors import InputError

RANGES = [parse_range("attack_cost=0.05:0.3"), parse_range("stalin.patience=0.2:0.9")]
RECORD = "ussr-1922-1930"
RUNS = 3


def play(folder: Path, method: str = "sobol", samples: int = 2, **options: object) -> Sweep:
    return sweep(
        Configuration.of("ussr-1924"),
        RANGES,
        record=load_record(RECORD),
        record_name=RECORD,
        out_dir=folder,
        method=method,  # type: ignore[arg-type]
        samples=samples,
        runs_per_sample=RUNS,
        backend=Backend(workers=1),
        **options,  # type: ignore[arg-type]
    )


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> Sweep:
    return play(tmp_path_factory.mktemp("sweep") / "s")


def count_runs(folder: Path) -> tuple[int, int]:
    """How many runs the sweep holds, and how many distinct (point, run) pairs (a query)."""
    with duckdb.connect() as connection:
        connection.register("runs", sweep_runs(folder))
        found = connection.execute(
            "SELECT count(*), count(DISTINCT (point, run)) FROM runs"
        ).fetchone()
    assert found is not None
    return int(found[0]), int(found[1])


def test_a_sweep_stores_its_design_runs_and_indices_beside_a_manifest(stored: Sweep) -> None:
    folder = stored.folder
    points = 2 * (len(RANGES) + 2)
    assert stored.points == points and stored.added == points
    design = pq.read_table(folder / "design.parquet")
    assert design.column_names == ["point", "attack_cost", "stalin.patience"]
    assert design.num_rows == points
    manifest = json.loads((folder / "sweep.json").read_text())
    assert sorted(map(int, manifest["points"])) == list(range(points))
    assert manifest["method"] == "sobol" and manifest["base"]["runs"] == RUNS
    assert count_runs(folder) == (points * RUNS, points * RUNS)
    indices = pq.read_table(folder / "indices.parquet").to_pylist()
    assert {(i["output"], i["index"]) for i in indices} >= {("fidelity", "S1"), ("fidelity", "ST")}
    for index in indices:
        assert index["low"] <= index["value"] <= index["high"] or index["value"] != index["value"]


def test_every_point_plays_the_same_seeds_at_its_own_values(stored: Sweep) -> None:
    runs = sweep_runs(stored.folder).to_pylist()
    assert {r["run"] for r in runs} == set(range(RUNS))
    design = pq.read_table(stored.folder / "design.parquet").to_pylist()
    assert len({(d["attack_cost"], d["stalin.patience"]) for d in design}) > 1


def test_a_rerun_plays_no_point_again_and_reports_the_same_indices(stored: Sweep) -> None:
    again = play(stored.folder)
    assert again.added == 0
    assert again.rows() == stored.rows()


def test_a_damaged_point_is_found_and_played_again(tmp_path: Path) -> None:
    first = play(tmp_path / "s")
    shard = tmp_path / "s" / "runs" / "point-000003.parquet"
    shard.write_bytes(shard.read_bytes()[:-10])
    again = play(tmp_path / "s")
    assert again.damaged == (3,) and again.added == 1
    assert again.rows() == first.rows()
    assert count_runs(tmp_path / "s") == (first.points * RUNS, first.points * RUNS)


def test_a_folder_holding_another_sweep_is_refused(stored: Sweep) -> None:
    with pytest.raises(InputError, match="different sweep: its samples is 2, not 4"):
        play(stored.folder, samples=4)


def test_morris_screening_reports_mu_star_and_sigma(tmp_path: Path) -> None:
    result = play(tmp_path / "m", method="morris", samples=2)
    assert result.points == 2 * (len(RANGES) + 1)
    assert {i.index for i in result.indices} == {"mu_star", "sigma"}


@pytest.mark.parametrize(
    ("text", "words"),
    [("attack_cost", "NAME=LOW:HIGH"), ("attack_cost=0.3:0.1", "below"), ("=0:1", "NAME")],
)
def test_a_malformed_range_is_refused(text: str, words: str) -> None:
    with pytest.raises(InputError, match=words):
        parse_range(text)


def test_a_bound_the_parameter_may_not_take_is_refused_before_any_run(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="at most"):
        sweep(
            Configuration.of("ussr-1924"),
            [parse_range("attack_cost=0.1:5")],
            record=load_record(RECORD),
            record_name=RECORD,
            out_dir=tmp_path / "s",
            samples=2,
            runs_per_sample=2,
        )
    assert not (tmp_path / "s").exists()


def test_the_sweep_command_prints_indices_and_plot_draws_them(tmp_path: Path) -> None:
    runner = CliRunner()
    folder = tmp_path / "s"
    options = ["--param", "attack_cost=0.05:0.3", "--param", "stalin.patience=0.2:0.9"]
    options += ["--samples", "2", "--runs-per-sample", "2", "--workers", "1"]
    result = runner.invoke(app, ["sweep", "ussr-1924", *options, "--out", str(folder), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["points"] == 8 and data["indices"]
    drawn = runner.invoke(app, ["plot", str(folder), "--kind", "sensitivity"])
    assert drawn.exit_code == 0, drawn.output
    assert (folder / "plots" / "sensitivity.png").stat().st_size > 0
    bad = runner.invoke(app, ["sweep", "ussr-1924", "--param", "x", "--out", str(folder)])
    assert bad.exit_code == 2 and "--param" in bad.output
