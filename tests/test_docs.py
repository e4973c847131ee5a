"""docs/model.md stays in step with the code: the parameter and trait tables."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from politburo.scenario.loading import load_params
from politburo.scenario.params import Params
from politburo.scenario.schema import Traits

MODEL_MD = Path(__file__).resolve().parents[1] / "docs" / "model.md"
RANGE = re.compile(r"^\[(-?[\d.]+), (-?[\d.]+)\]$")


def _section(number: int) -> str:
    """The text of section ``number`` ("## 8 ...") up to the next top-level heading."""
    text = MODEL_MD.read_text(encoding="utf-8")
    match = re.search(rf"^## {number} .*?(?=^## )", text, flags=re.MULTILINE | re.DOTALL)
    assert match, f"docs/model.md has no section {number}"
    return match.group(0)


def _rows(section: str) -> list[list[str]]:
    """The cells of each table row whose first cell is a `backticked` name."""
    return [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in section.splitlines()
        if line.startswith("| `")
    ]


def _name(cell: str) -> str:
    return cell.split("`")[1]


def _parameter_table() -> dict[str, list[str]]:
    return {_name(row[0]): row for row in _rows(_section(8))}


def _bound(name: str, kind: str) -> float:
    metadata = Params.model_fields[name].metadata
    return float(next(getattr(m, kind) for m in metadata if hasattr(m, kind)))


def test_parameter_table_lists_every_parameter_in_the_order_of_params() -> None:
    names = list(_parameter_table())
    assert set(names) == set(Params.model_fields)
    assert names == list(Params.model_fields)


def test_parameter_table_meanings_are_copied_from_params() -> None:
    for name, row in _parameter_table().items():
        assert row[1] == Params.model_fields[name].description, name


@pytest.mark.parametrize("name", list(Params.model_fields))
def test_parameter_table_range_matches_the_bounds_in_params(name: str) -> None:
    match = RANGE.match(_parameter_table()[name][2])
    assert match, f"{name}: range not written [low, high]"
    assert (float(match.group(1)), float(match.group(2))) == (
        _bound(name, "ge"),
        _bound(name, "le"),
    )


def test_parameter_table_defaults_match_default_yaml() -> None:
    defaults = load_params()
    for name, row in _parameter_table().items():
        assert float(row[3]) == pytest.approx(getattr(defaults, name)), name


def test_trait_table_covers_every_trait() -> None:
    documented = {_name(row[0]) for row in _rows(_section(9))}
    assert set(Traits.model_fields) <= documented
