"""Every run in the regression set is byte for byte what the committed fingerprints say.

A change that is meant to change runs regenerates the fingerprints
(``python -m tests.regression.fingerprints --write``) in its own commit and
says why; any other change must leave them as they are.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from regression import fingerprints

COMMITTED = json.loads(fingerprints.COMMITTED.read_text())


@pytest.mark.parametrize("key", fingerprints.run_keys(), ids=lambda k: fingerprints.key_name(*k))
def test_run_json_series_and_events_are_unchanged(key: tuple[int, str | None, str]) -> None:
    assert fingerprints.run_case(*key) == COMMITTED["runs"][fingerprints.key_name(*key)]


def test_the_regression_set_covers_every_lever_and_parameter_file() -> None:
    import politburo

    scenario = politburo.load_scenario(fingerprints.SCENARIO)
    assert {lever.id for lever in scenario.levers} == set(fingerprints.LEVERS) - {None}
    shipped = {p.stem for p in fingerprints._params_file("default").parent.glob("*.yaml")}
    assert {stem for stem in shipped if not stem.endswith(".fits")} == set(fingerprints.PARAMS)
    assert len(COMMITTED["runs"]) == len(fingerprints.run_keys())


def test_a_thousand_run_ensemble_gives_the_same_tables(tmp_path: Path) -> None:
    assert fingerprints.ensemble_tables(tmp_path / "ensemble") == COMMITTED["ensemble"]
