"""Versioned ids: a file in an older format is migrated if mechanical, or refused with why."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from builders import line_of, write_yaml
from politburo.scenario.errors import InputError
from politburo.scenario.format_versions import (
    CURRENT_FORMAT,
    FORMAT_VERSIONS,
    FormatTooOld,
    FormatVersion,
    Tree,
    upgrade,
)
from politburo.scenario.loading import bundled_scenarios, load_scenario


def _renamed_description(tree: Tree) -> None:
    """A mechanical change of a made-up version 2: ``summary`` became ``description``."""
    tree["description"] = tree.pop("summary", "")


#: A made-up history of the format: version 2 renamed a field (mechanical),
#: version 3 changed what a number means (not mechanical).
RENAMED = FormatVersion(2, "the field `summary` is called `description`", _renamed_description)
REMEANT = FormatVersion(3, "a body's `meets_every` counts weeks, no longer months")


def test_the_current_format_is_the_last_version_and_every_bundled_id_claims_it() -> None:
    assert FORMAT_VERSIONS[-1].version == CURRENT_FORMAT
    versions = [v.version for v in FORMAT_VERSIONS]
    assert versions == sorted(set(versions))
    assert all(ident.endswith(f"-v{CURRENT_FORMAT}") for ident, _ in bundled_scenarios())


def test_a_file_in_the_current_format_loads_as_written(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    data = dict(minimal_scenario_dict, id=f"tiny-v{CURRENT_FORMAT}")
    write_yaml(tmp_path / "tiny.yaml", data)
    assert load_scenario(tmp_path / "tiny.yaml").id == f"tiny-v{CURRENT_FORMAT}"


def test_a_file_claiming_a_version_before_the_first_is_refused_at_its_id(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    path = tmp_path / "old.yaml"
    text = write_yaml(path, dict(minimal_scenario_dict, id="tiny-v0"))
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    (problem,) = caught.value.problems
    where = (str(path), line_of(text, "id: tiny-v0"), "id")
    assert (problem.file, problem.line, problem.field) == where
    assert "claims format version 0, older than the first versioned format" in problem.message
    assert f"end its id in -v{CURRENT_FORMAT}" in problem.message


def test_a_file_whose_changes_since_are_mechanical_is_migrated_to_the_current_version() -> None:
    tree: dict[str, Any] = {"id": "tiny-v1", "summary": "A small party"}
    assert upgrade(tree, (FORMAT_VERSIONS[0], RENAMED)) is True
    assert tree == {"id": "tiny-v2", "description": "A small party"}


def test_a_file_in_an_older_format_is_refused_naming_every_change_since_its_version() -> None:
    tree = {"id": "tiny-v1", "summary": "A small party"}
    with pytest.raises(FormatTooOld) as caught:
        upgrade(tree, (FORMAT_VERSIONS[0], RENAMED, REMEANT))
    message = str(caught.value)
    assert "'tiny-v1' is written in format version 1, and this politburo reads version 3" in message
    assert f"version 2: {RENAMED.changes}; version 3: {REMEANT.changes}" in message
    assert "The change of version 3 cannot be made mechanically" in message
    assert tree == {"id": "tiny-v1", "summary": "A small party"}, "a refused file is left as read"


@pytest.mark.parametrize("ident", ["tiny-v3", "tiny-v7", "tiny", 42])
def test_an_id_at_or_above_the_current_version_or_claiming_none_is_left_to_the_schema(
    ident: object,
) -> None:
    tree = {"id": ident}
    assert upgrade(tree, (FORMAT_VERSIONS[0], RENAMED, REMEANT)) is False
    assert tree == {"id": ident}
