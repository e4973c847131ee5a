"""Pictures of an ensemble: power, timing, alliances and outcomes, as PNG and SVG.

One small ensemble (6 runs of the bundled scenario) is made for the module;
each picture must be written in both formats, carry its title, and mark the
record where it has one. Matplotlib writes each text of an SVG as a comment
beside its glyphs, so the SVG's text can be searched.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pytest
from typer.testing import CliRunner

from politburo.experiments import queries
from politburo.experiments.configuration import Configuration
from politburo.experiments.explain import Attribution
from politburo.experiments.runner import run_ensemble
from politburo.interface.cli.app import app
from politburo.interface.plots import (
    CHARTS,
    Chart,
    _alliance_spans,
    network_chart,
    outcomes_chart,
    power_chart,
    shapley_chart,
    timing_chart,
)

RUNS = 6

runner = CliRunner()


@pytest.fixture(scope="module")
def ensemble(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("ensemble")
    run_ensemble(Configuration.of("ussr-1924"), runs=RUNS, out_dir=folder, workers=1)
    return folder


def tables(folder: Path) -> dict[Chart, pa.Table]:
    """Each chart's table, as the store's named queries return it."""
    context = queries.open_ensemble(folder)
    return {
        power_chart: queries.power_bands(folder),
        timing_chart: queries.first_key_events(folder, queries.key_events(context.scenario)),
        network_chart: queries.alliance_events(folder),
        outcomes_chart: queries.outcome_counts(folder),
    }


@pytest.mark.parametrize(
    ("chart", "title", "record"),
    [
        (power_chart, "Power over time", "record: Joseph Stalin wins (1929-11)"),
        (timing_chart, "When each key event first happens", "<!-- record"),
        (network_chart, "Alliances between the contenders", "allied in the record"),
        (outcomes_chart, "Who wins", "the record: Joseph Stalin"),
    ],
)
def test_each_chart_writes_a_png_and_an_svg_with_its_title_and_the_record(
    ensemble: Path, tmp_path: Path, chart: Chart, title: str, record: str
) -> None:
    context = queries.open_ensemble(ensemble)
    paths = chart(context, tables(ensemble)[chart], tmp_path / "picture")
    assert paths == [tmp_path / "picture.png", tmp_path / "picture.svg"]
    png, svg = paths
    assert png.read_bytes().startswith(b"\x89PNG") and png.stat().st_size > 10_000
    text = svg.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<?xml") and "</svg>" in text
    assert title in text
    assert record in text
    assert f"{RUNS} runs" in text


def test_a_png_or_svg_suffix_on_the_stem_is_not_doubled(ensemble: Path, tmp_path: Path) -> None:
    context = queries.open_ensemble(ensemble)
    paths = outcomes_chart(context, queries.outcome_counts(ensemble), tmp_path / "who.png")
    assert paths == [tmp_path / "who.png", tmp_path / "who.svg"]


def test_an_alliance_holds_from_its_formation_to_its_break_or_an_ending_or_the_end() -> None:
    events = [
        (2, "alliance_formed", "b", "a", []),
        (5, "alliance_broken", "a", "b", []),
        (6, "alliance_formed", "a", "b", []),  # formed again, held to the end
        (3, "alliance_formed", "c", "d", []),
        (7, "recanted", "d", "", []),  # recanting ends every alliance of d
        (4, "alliance_formed", "a", "e", []),
        (8, "coup", "x", "", ["e"]),  # arrested in a coup
    ]
    events.sort(key=lambda e: e[0])
    assert _alliance_spans(events, 10) == {
        ("a", "b"): [(2, 5), (6, 10)],
        ("c", "d"): [(3, 7)],
        ("a", "e"): [(4, 8)],
    }


def test_a_break_with_no_formation_ends_an_alliance_held_from_the_start() -> None:
    # The record names breaks of alliances made before its scenario starts.
    assert _alliance_spans([(20, "alliance_broken", "stalin", "zinoviev", [])], 83) == {
        ("stalin", "zinoviev"): [(0, 20)]
    }


def test_the_plot_command_writes_each_kind_under_the_folder_and_lists_the_paths(
    ensemble: Path,
) -> None:
    for kind in CHARTS:
        result = runner.invoke(app, ["plot", str(ensemble), "--kind", kind, "--json"])
        assert result.exit_code == 0, result.output
        listed = json.loads(result.stdout)
        assert listed == [str(ensemble / "plots" / f"{kind}.{ext}") for ext in ("png", "svg")]
        assert all(Path(p).stat().st_size > 0 for p in listed)


def test_the_plot_command_writes_to_out(ensemble: Path, tmp_path: Path) -> None:
    stem = tmp_path / "deep" / "who"
    result = runner.invoke(app, ["plot", str(ensemble), "--kind", "outcomes", "--out", str(stem)])
    assert result.exit_code == 0, result.output
    assert stem.with_suffix(".png").is_file() and stem.with_suffix(".svg").is_file()
    assert "written" in result.stderr


def test_the_plot_command_refuses_a_folder_that_holds_no_ensemble(tmp_path: Path) -> None:
    result = runner.invoke(app, ["plot", str(tmp_path), "--kind", "power"])
    assert result.exit_code == 2
    assert "no ensemble here" in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "plots").exists()


def test_the_plot_command_refuses_an_ensemble_without_its_manifest(
    ensemble: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copy"
    (copy / "runs").mkdir(parents=True)
    for shard in (ensemble / "runs").iterdir():
        (copy / "runs" / shard.name).write_bytes(shard.read_bytes())
    result = runner.invoke(app, ["plot", str(copy), "--kind", "outcomes"])
    assert result.exit_code == 2
    assert "manifest.json" in result.stderr


def test_the_plot_command_refuses_an_unknown_kind(ensemble: Path) -> None:
    result = runner.invoke(app, ["plot", str(ensemble), "--kind", "pie"])
    assert result.exit_code == 2
    assert "power, timing, network, outcomes" in result.stderr


def test_the_shapley_chart_draws_an_estimate_lying_outside_its_interval(tmp_path: Path) -> None:
    # A zero value with an interval a rounding error above it, as a bootstrap can give.
    attribution = Attribution(
        levers=("patronage", "army"),
        runs=10,
        seed=0,
        outcomes=("stalin", "none"),
        values={
            "stalin": {"patronage": (-0.2, -0.3, -0.1), "army": (0.0, 2.7e-17, 0.05)},
            "none": {"patronage": (0.2, 0.25, 0.3), "army": (0.0, -0.05, 0.05)},
        },
        interactions={"stalin": {}, "none": {}},
        none_pulled={"stalin": 0.8, "none": 0.2},
        all_pulled={"stalin": 0.6, "none": 0.4},
    )
    paths = shapley_chart(attribution, {"stalin": "Stalin"}, tmp_path / "chart")
    assert all(path.stat().st_size > 0 for path in paths)


def test_a_chart_draws_from_a_table_it_is_given_not_from_the_folder(
    ensemble: Path, tmp_path: Path
) -> None:
    context = queries.open_ensemble(ensemble)
    counts = pa.table({"w": ["trotsky", "none"], "n": [5, 1]})
    paths = outcomes_chart(context, counts, tmp_path / "made-up")
    text = paths[1].read_text(encoding="utf-8")
    assert "83%" in text  # 5 of 6 runs, a share the stored ensemble need not have
