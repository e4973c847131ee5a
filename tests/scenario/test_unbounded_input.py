"""Input that would read, grow or recurse without end is refused at once.

Issue 13, finding 6: a 342-byte "billion laughs" file grew memory without
end, ``check /dev/zero`` read for ever, a named pipe hung, and a 20 MB actor
name took 30 s and 1.3 GB. Only regular files are now read, up to a stated
size, YAML aliases are not read at all, and names, nesting and numbers have
limits of their own.
"""

from __future__ import annotations

import os
import threading
import time
import tracemalloc
import warnings
from pathlib import Path
from typing import Any

import pytest

from builders import copy_of, line_of, write_yaml
from politburo.scenario.errors import InputError, Problem
from politburo.scenario.limits import (
    MAX_ACTORS,
    MAX_FILE_BYTES,
    MAX_NAME_LENGTH,
    MAX_NUMBER_DIGITS,
    MAX_YAML_DEPTH,
)
from politburo.scenario.loading import load_params, load_scenario

BILLION_LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{name}: &{name} [{','.join([f'*{previous}'] * 9)}]\n"
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
)


def refusal(path: Path | str) -> Problem:
    """The one problem loading ``path`` as a scenario gives."""
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    (problem,) = caught.value.problems
    return problem


def test_a_billion_laughs_file_is_refused_at_its_first_alias_in_bounded_memory(
    tmp_path: Path,
) -> None:
    path = tmp_path / "lol.yaml"
    path.write_text(BILLION_LAUGHS, encoding="utf-8")
    assert path.stat().st_size == 342
    tracemalloc.start()
    try:
        problem = refusal(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert problem == Problem(
        str(path), 2, "", "*a is an alias: aliases are not read, write the value out"
    )
    assert peak < 5 * 2**20


def test_a_merge_key_is_an_alias_too(tmp_path: Path) -> None:
    path = tmp_path / "merge.yaml"
    path.write_text("base: &base {x: 1}\nother:\n  <<: *base\n", encoding="utf-8")
    assert refusal(path).line == 3


def test_dev_zero_is_refused_without_reading_it() -> None:
    started = time.perf_counter()
    problem = refusal("/dev/zero")
    assert problem.message == "is a character device, not a regular file: only files are read"
    assert time.perf_counter() - started < 1.0


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    found: list[Problem] = []
    reader = threading.Thread(target=lambda: found.append(refusal(pipe)), daemon=True)
    reader.start()
    reader.join(timeout=10)
    assert not reader.is_alive(), "loading a named pipe hangs"
    assert found[0].message == "is a named pipe, not a regular file: only files are read"


def test_a_directory_is_refused(tmp_path: Path) -> None:
    assert refusal(tmp_path).message == "is a directory, not a file"


def test_a_parameter_file_that_is_a_device_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        load_params("/dev/zero")
    assert "not a regular file" in str(caught.value)


def test_a_file_beyond_the_size_limit_is_refused_before_it_is_parsed(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    data = copy_of(minimal_scenario_dict)
    data["actors"][1]["name"] = "x" * 20_000_000
    path = tmp_path / "huge.yaml"
    write_yaml(path, data)
    started = time.perf_counter()
    problem = refusal(path)
    assert time.perf_counter() - started < 2.0
    assert problem.message == (
        f"is larger than {MAX_FILE_BYTES:,} bytes, the most an input file may hold"
    )


def test_a_long_name_within_the_size_limit_is_refused_by_its_own_limit(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    data = copy_of(minimal_scenario_dict)
    data["actors"][1]["name"] = "x" * 500_000
    path = tmp_path / "long.yaml"
    write_yaml(path, data)
    problem = refusal(path)
    assert problem.field == "actors[1].name"
    assert problem.message == f"text of 500,000 characters: at most {MAX_NAME_LENGTH}"


def test_a_long_month_is_quoted_cut_short_in_its_error(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    data = copy_of(minimal_scenario_dict)
    data["calendar"]["start"] = "1" * 300_000
    path = tmp_path / "long.yaml"
    write_yaml(path, data)
    problem = refusal(path)
    assert problem.field == "calendar.start"
    assert problem.message == f"'{'1' * 56}... is not a month written YYYY-MM"


def test_a_scenario_id_too_long_for_a_folder_name_is_refused(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    data = copy_of(minimal_scenario_dict)
    data["id"] = "a" * 300 + "-v1"
    path = tmp_path / "long.yaml"
    write_yaml(path, data)
    problem = refusal(path)
    assert problem.field == "id"
    assert problem.message == "text of 303 characters: at most 64"


def test_too_many_actors_are_refused_with_the_limit(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    data = copy_of(minimal_scenario_dict)
    extra = copy_of(data["actors"][3])
    data["actors"] += [dict(copy_of(extra), id=f"m{i}") for i in range(MAX_ACTORS)]
    path = tmp_path / "crowd.yaml"
    write_yaml(path, data)
    problem = refusal(path)
    assert (problem.field, problem.message) == (
        "actors",
        f"{MAX_ACTORS + 4} items: at most {MAX_ACTORS}",
    )


def test_deep_nesting_is_refused_with_its_line_not_a_recursion_error(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("title: x\nid: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    assert refusal(path) == Problem(
        str(path), 2, "", f"lists and mappings nested more than {MAX_YAML_DEPTH} deep"
    )


def test_a_number_wider_than_any_count_is_refused_with_its_line(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    path = tmp_path / "wide.yaml"
    text = write_yaml(path, minimal_scenario_dict).replace("size: 600", "size: " + "9" * 5000)
    path.write_text(text, encoding="utf-8")
    assert refusal(path) == Problem(
        str(path),
        line_of(text, "size: 999"),
        "",
        f"a number of 5,000 characters: at most {MAX_NUMBER_DIGITS} digits",
    )


def test_repeated_anchors_that_no_alias_uses_are_read_without_a_warning(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    path = tmp_path / "anchored.yaml"
    text = write_yaml(path, minimal_scenario_dict)
    for name in ("Alpha", "Beta"):
        text = text.replace(f"name: {name}", f"name: &who {name}")
    path.write_text(text, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert [a.name for a in load_scenario(path).actors][1:3] == ["Alpha", "Beta"]
