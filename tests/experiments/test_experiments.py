"""What-ifs and attribution on paired runs: the statistics and the commands."""

from __future__ import annotations

import json
from itertools import combinations
from pathlib import Path

import numpy as np
import pytest

from builders import invoke
from politburo.analysis.shapley import shapley_values
from politburo.experiments.configuration import Configuration
from politburo.experiments.explain import attribute, weight_matrix
from politburo.experiments.outcomes import Outcomes, Plan
from politburo.experiments.store import configuration_folder
from politburo.experiments.whatif import compare, mcnemar, paired_difference, whatif


def outcomes(winners: list[str]) -> Outcomes:
    return Outcomes(tuple(winners), {})


def test_mcnemar_counts_only_the_runs_whose_outcome_differs() -> None:
    base = np.array([True, True, True, False, False, True])
    changed = np.array([True, False, False, False, True, True])
    # Two runs lost the outcome, one gained it: exact two-sided p = P(X <= 1 | n=3) * 2 = 1.
    p, lost, gained = mcnemar(base, changed)
    assert (lost, gained) == (2, 1)
    assert p == pytest.approx(1.0)


def test_mcnemar_is_significant_when_every_discordant_run_goes_one_way() -> None:
    base = np.ones(12, dtype=bool)
    changed = np.zeros(12, dtype=bool)
    p, lost, gained = mcnemar(base, changed)
    assert (lost, gained) == (12, 0)
    assert p == pytest.approx(2 * 0.5**12)


def test_identical_sides_have_no_difference_and_p_one() -> None:
    same = np.array([True, False, True])
    assert mcnemar(same, same) == (1.0, 0, 0)
    assert paired_difference(same, same, np.random.default_rng(0)) == (0.0, 0.0, 0.0)


def test_paired_difference_brackets_the_observed_change() -> None:
    rng = np.random.default_rng(1)
    base = rng.random(400) < 0.8
    changed = base & (rng.random(400) < 0.5)
    mean, low, high = paired_difference(base, changed, np.random.default_rng(2))
    assert mean == pytest.approx(changed.mean() - base.mean())
    assert low < mean < high


def test_the_weight_matrix_reproduces_shapley_values() -> None:
    players = ["a", "b", "c"]
    coalitions, weights = weight_matrix(players)
    value = {c: float(len(c) ** 2 + ("a" in c)) for c in coalitions}
    direct = shapley_values(players, value)
    linear = weights @ np.array([value[c] for c in coalitions])
    assert linear.tolist() == pytest.approx([direct[p] for p in players])


def test_attribution_of_an_additive_effect_gives_each_lever_its_own_share() -> None:
    # 100 runs: with no lever 'x' wins 80; lever p takes 30 wins away, lever q 20, additively.
    levers = ["p", "q"]
    results = {}
    for size in range(3):
        for combo in combinations(levers, size):
            wins = 80 - 30 * ("p" in combo) - 20 * ("q" in combo)
            results[frozenset(combo)] = outcomes(["x"] * wins + ["none"] * (100 - wins))
    a = attribute(results, levers, ["x", "none"], seed=0)
    assert a.values["x"]["p"][0] == pytest.approx(-0.30)
    assert a.values["x"]["q"][0] == pytest.approx(-0.20)
    assert a.none_pulled["x"] == pytest.approx(0.8)
    assert a.all_pulled["x"] == pytest.approx(0.3)
    assert a.interactions["x"][("p", "q")] == pytest.approx(0.0)
    assert sum(v[0] for v in a.values["none"].values()) == pytest.approx(0.5)


def test_compare_reports_every_outcome_paired_run_for_run() -> None:
    base = outcomes(["x"] * 8 + ["none"] * 2)
    changed = outcomes(["x"] * 3 + ["none"] * 7)
    result = compare(base, changed, ["x", "none"], levers=["p"], overrides=[], seed=0)
    x = next(r for r in result.outcomes if r.outcome == "x")
    assert x.base[0] == pytest.approx(0.8) and x.changed[0] == pytest.approx(0.3)
    assert x.difference[0] == pytest.approx(-0.5)
    assert x.discordant == (5, 0)


def test_each_configuration_has_its_own_folder_named_by_its_levers(tmp_path: Path) -> None:
    base = Configuration.of("ussr-1924")
    baseline = configuration_folder(tmp_path, base, 0)
    levered = configuration_folder(tmp_path, base.with_levers(["timing", "patronage"]), 0)
    same = configuration_folder(tmp_path, base.with_levers(["patronage", "timing"]), 0)
    assert baseline.name.startswith("baseline") and levered == same
    assert levered.name.startswith("patronage+timing")
    assert configuration_folder(tmp_path, base, 1) != baseline
    params = base.params
    other = Configuration(base.scenario, params.model_copy(update={"attack_rate": 0.01}))
    assert configuration_folder(tmp_path, other, 0) != baseline
    changed = Configuration(base.scenario, params, overrides=("attack_cost=0.2",))
    assert configuration_folder(tmp_path, changed, 0) != baseline


def test_the_folders_of_existing_stores_keep_their_names(tmp_path: Path) -> None:
    # The names stores made before configurations were one value: a store resumes.
    base = Configuration.of("ussr-1924")
    fitted = base.key().params
    assert fitted.startswith("params-") and len(fitted) == len("params-") + 10
    assert configuration_folder(tmp_path, base, 0) == (
        tmp_path / "ussr-1924-v1" / fitted / "seed0" / "baseline-e3b0c44298"
    )
    levered = configuration_folder(tmp_path, base.with_levers(["timing", "patronage"]), 3)
    assert levered == tmp_path / "ussr-1924-v1" / fitted / "seed3" / "patronage+timing-5b0e366b5e"


def test_whatif_command_compares_on_the_same_seeds(tmp_path: Path) -> None:
    result = invoke(
        "whatif",
        "ussr-1924",
        "--lever",
        "patronage",
        "--runs",
        "4",
        "--workers",
        "1",
        "--store",
        str(tmp_path),
        "--json",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["levers"] == ["patronage"] and data["runs"] == 4
    shares = [row["base"][0] for row in data["outcomes"]]
    assert sum(shares) == pytest.approx(1.0)


def test_whatif_progress_counts_both_sides_toward_one_total(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    result = whatif(
        Configuration.of("ussr-1924", levers=["patronage"]),
        Plan(runs=3, store=tmp_path, workers=1),
        on_progress=lambda done, total: seen.append((done, total)),
    )
    assert result.runs == 3
    assert {total for _, total in seen} == {6}
    done = [d for d, _ in seen]
    assert done == sorted(done) and done[-1] == 6


def test_whatif_without_a_change_is_a_clear_error(tmp_path: Path) -> None:
    result = invoke("whatif", "ussr-1924", "--runs", "2", "--store", str(tmp_path))
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_explain_command_writes_the_chart_and_values_that_add_up(tmp_path: Path) -> None:
    chart = tmp_path / "chart"
    result = invoke(
        "explain",
        "ussr-1924",
        "--lever",
        "patronage",
        "--lever",
        "timing",
        "--runs",
        "3",
        "--workers",
        "1",
        "--store",
        str(tmp_path / "store"),
        "--chart",
        str(chart),
        "--json",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert chart.with_suffix(".png").exists() and chart.with_suffix(".svg").exists()
    for outcome in data["outcomes"].values():
        total = sum(v["value"] for v in outcome["shapley"].values())
        assert total == pytest.approx(outcome["all_pulled"] - outcome["none_pulled"])


def test_attribution_over_several_parameter_sets_averages_them() -> None:
    # Two equally good fits: under one lever p takes 40 wins of 100, under the other 20.
    levers = ["p"]

    def game(cut: int) -> dict[frozenset[str], Outcomes]:
        return {
            frozenset(): outcomes(["x"] * 80 + ["none"] * 20),
            frozenset({"p"}): outcomes(["x"] * (80 - cut) + ["none"] * (20 + cut)),
        }

    pooled = attribute([game(40), game(20)], levers, ["x"], seed=0)
    assert pooled.param_sets == 2
    value, low, high = pooled.values["x"]["p"]
    assert value == pytest.approx(-0.30)
    # The interval spans both fits' answers, not only chance within one.
    assert low <= -0.40 + 0.05 and high >= -0.20 - 0.05


def test_explain_repeats_over_the_best_fits_of_a_calibration(tmp_path: Path) -> None:
    out = tmp_path / "fit.yaml"
    made = invoke(
        "calibrate",
        "ussr-1924",
        "--trials",
        "3",
        "--runs",
        "20",
        "--test-runs",
        "2",
        "--fit",
        "attack_rate",
        "--keep",
        "2",
        "--params",
        "src/politburo/scenario/data/params/hand-set.yaml",
        "--out",
        str(out),
    )
    assert made.exit_code == 0, made.output
    fits = out.with_suffix(".fits.yaml")
    result = invoke(
        "explain",
        "ussr-1924",
        "--lever",
        "army",
        "--runs",
        "2",
        "--workers",
        "1",
        "--store",
        str(tmp_path / "store"),
        "--chart",
        str(tmp_path / "chart"),
        "--param-sets",
        "2",
        "--fits",
        str(fits),
        "--json",
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["param_sets"] == 2


def test_param_sets_without_fits_is_a_clear_error() -> None:
    result = invoke("explain", "ussr-1924", "--param-sets", "2", "--runs", "2")
    assert result.exit_code == 2
    assert "--fits" in result.output
