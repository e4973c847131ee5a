"""The generated section of docs/validation.md on the fidelity score's sensitivity to the fit."""

from __future__ import annotations

from pathlib import Path

import pytest

from politburo.experiments.calibration import parameter_bounds
from politburo.interface.sensitivity_report import (
    HEADING,
    fitted_names,
    main,
    ranges_around,
    replace_section,
    write_report,
)
from politburo.scenario.loading import load_params, params_provenance

OTHER = "# Validation\n\nintro\n\n## Who wins\n\nStalin.\n"


def test_the_fitted_parameters_are_read_from_the_shipped_header() -> None:
    names = fitted_names(params_provenance())
    assert len(names) == 16
    assert names[0] == "vote_loyalty" and "recant_cost" in names
    assert all(hasattr(load_params(), name) for name in names)


def test_a_header_without_a_fit_list_is_refused() -> None:
    with pytest.raises(ValueError, match="--fit"):
        fitted_names(["hand-set values"])


def test_each_range_surrounds_the_fitted_value_within_the_parameters_bounds() -> None:
    params = load_params()
    names = fitted_names(params_provenance())
    for found in ranges_around(params, names, 0.25):
        value = getattr(params, found.name)
        low, high = parameter_bounds(found.name)
        assert low <= found.low < value < found.high <= high
        assert found.high - found.low <= 0.5 * abs(value) + 1e-12
    assert ranges_around(params, ["vote_loyalty"], 0.25)[0].high == 8.0  # its bound, not 8.57


def test_the_section_is_added_at_the_end_then_replaced_in_place() -> None:
    added = replace_section(OTHER, [HEADING, "", "first"])
    assert added.startswith(OTHER.rstrip("\n")) and added.endswith(f"{HEADING}\n\nfirst\n")
    middle = added + "\n## Kept by hand\n\nnotes\n"
    replaced = replace_section(middle, [HEADING, "", "second"])
    assert replaced.count(HEADING) == 1
    assert "first" not in replaced and "second" in replaced
    assert replaced.startswith(OTHER.rstrip("\n"))
    assert replaced.endswith("## Kept by hand\n\nnotes\n")


def test_a_small_screening_writes_the_section_and_leaves_the_rest(tmp_path: Path) -> None:
    report = tmp_path / "validation.md"
    report.write_text(OTHER, encoding="utf-8")
    names = ["attack_rate", "alliance_rate"]
    result = write_report(
        report, scenario="ussr-1924", samples=2, runs=3, spread=0.25,
        out_dir=tmp_path / "sweep", workers=1, command="test", names=names,
    )  # fmt: skip
    assert result.points == 2 * (len(names) + 1)
    text = report.read_text(encoding="utf-8")
    assert text.startswith(OTHER.rstrip("\n"))
    assert text.count(HEADING) == 1
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    listed = [row.split("`")[1] for row in rows]
    flat = text.split("did not vary with:")[-1] if "did not vary with" in text else ""
    assert sorted(listed + [n for n in names if f"`{n}`" in flat]) == sorted(names)


def test_a_bad_option_stops_with_a_message_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--samples", "0", "--report", str(tmp_path / "r.md"), "--out", str(tmp_path / "s")])
    assert "samples" in str(stopped.value.code)
    assert not (tmp_path / "r.md").exists()
