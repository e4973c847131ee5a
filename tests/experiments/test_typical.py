"""The typical run has the ensemble's most common outcome and is replayed exactly."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from builders import invoke
from politburo.experiments.configuration import Configuration
from politburo.experiments.queries import run_winners
from politburo.experiments.runner import run_ensemble
from politburo.experiments.typical import typical_run
from politburo.scenario.loading import load_params, load_scenario


def test_the_typical_run_has_the_most_common_outcome(tmp_path: Path) -> None:
    scenario = load_scenario("ussr-1924")
    run_ensemble(Configuration(scenario, load_params()), runs=8, out_dir=tmp_path, workers=1)
    index, course = typical_run(tmp_path, scenario)
    rows = run_winners(tmp_path, 8).to_pylist()
    counts = Counter(row["w"] for row in rows)
    modal = counts.most_common(1)[0][0]
    assert next(row["w"] for row in rows if row["run"] == index) == modal
    assert f"of {len(rows)} runs" in course


def test_run_typical_replays_a_stored_run(tmp_path: Path) -> None:
    args = ["run", "ussr-1924", "--typical", "--typical-runs", "4", "--store", str(tmp_path)]
    first = invoke(*args, "--json")
    assert first.exit_code == 0, first.output
    assert invoke(*args, "--json").stdout == first.stdout
