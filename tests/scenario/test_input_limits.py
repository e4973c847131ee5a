"""Every number in a scenario or parameter file has a finite range, stated in ``limits``.

Issue 13, findings 4 and 5: NaN, infinities and absurd sizes, intervals and
dates used to run (printing "nan%"), fail mid-run with a traceback, or
allocate until the machine gave out. Each is now refused at load with one
problem naming the file, the line, the field and the limit.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from builders import copy_of, line_of, one_problem, problems_of, write_yaml
from politburo.scenario.errors import InputError, Problem
from politburo.scenario.limits import (
    LATEST_MONTH,
    MAX_BODY_SEATS,
    MAX_GROUP_PROVINCES,
    MAX_MEETS_EVERY,
    MAX_MONTHS,
    MAX_PARTY_MEMBERS,
    MAX_PROVINCE_MEMBERS,
    MAX_PROVINCES,
)
from politburo.scenario.loading import load_params
from politburo.scenario.schema import Scenario


def assert_refused_in_one_line(result: Result, *fragments: str) -> None:
    """Exit 2, one line on stderr holding every fragment, no traceback."""
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), result.stderr
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])


# --------------------------------------------------------------------------- finite and in range


def test_a_province_doctrine_of_nan_is_refused_naming_the_coordinate(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    data = copy_of(minimal_scenario_dict)
    data["provinces"][0]["doctrine"] = [float("nan")]
    text, problem = one_problem(tmp_path, data)
    assert problem == Problem(
        file=str(tmp_path / "bad.yaml"),
        line=line_of(text, ".nan"),
        field="provinces[0].doctrine[0]",
        message="must be a finite number, not nan",
    )


def test_doctrine_coordinates_beyond_one_are_refused_wherever_they_are(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    data = copy_of(minimal_scenario_dict)
    data["provinces"][0]["doctrine"] = [1e308]
    data["province_groups"][0]["doctrine"] = [-2.0]
    data["doctrines"] = [{"id": "line", "name": "Line", "position": [1.5]}]
    data["actors"][1]["traits"]["doctrine"] = [float("-inf")]
    _, problems = problems_of(tmp_path, data)
    assert {p.field: p.message for p in problems} == {
        "actors[1].traits.doctrine[0]": "must be a finite number, not -inf",
        "provinces[0].doctrine[0]": "must be at most 1.0, not 1e+308",
        "province_groups[0].doctrine[0]": "must be at least -1.0, not -2.0",
        "doctrines[0].position[0]": "must be at most 1.0, not 1.5",
    }


def test_shares_and_traits_of_infinity_are_refused(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    data = copy_of(minimal_scenario_dict)
    data["provinces"][0]["member_shares"] = {"beta": float("inf")}
    data["actors"][2]["traits"]["patience"] = float("nan")
    _, problems = problems_of(tmp_path, data)
    assert {p.field: p.message for p in problems} == {
        "actors[2].traits.patience": "must be a finite number, not nan",
        "provinces[0].member_shares.beta": "must be a finite number, not inf",
    }


def test_a_parameter_file_with_nan_or_infinity_names_the_parameter(tmp_path: Path) -> None:
    data = load_params().model_dump()
    data["attack_cost"] = float("nan")
    data["coup_steepness"] = float("inf")
    path = tmp_path / "params.yaml"
    text = write_yaml(path, data)
    with pytest.raises(InputError) as caught:
        load_params(path)
    assert caught.value.problems == [
        Problem(
            str(path),
            line_of(text, "attack_cost:"),
            "attack_cost",
            "must be a finite number, not nan",
        ),
        Problem(
            str(path),
            line_of(text, "coup_steepness:"),
            "coup_steepness",
            "must be a finite number, not inf",
        ),
    ]


# ------------------------------------------------------------------- sizes, intervals, dates


def test_a_congress_of_a_billion_seats_is_refused_in_one_line(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any], politburo: Any
) -> None:
    data = copy_of(minimal_scenario_dict)
    data["bodies"][2]["size"] = 10**9
    path = tmp_path / "huge.yaml"
    text = write_yaml(path, data)
    assert_refused_in_one_line(
        politburo("check", str(path)),
        f"huge.yaml:{line_of(text, '1000000000')}: bodies[2].size: ",
        f"must be at most {MAX_BODY_SEATS}, not 1000000000",
    )


def test_a_congress_that_resizes_a_body_beyond_the_limit_is_refused(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    data = copy_of(minimal_scenario_dict)
    data["events"][1]["body_sizes"] = {"cc": 10**9}
    _, problem = one_problem(tmp_path, data)
    assert problem.field == "events[1].body_sizes.cc"
    assert problem.message == f"must be at most {MAX_BODY_SEATS}, not 1000000000"


def test_meets_every_1e30_is_refused_in_one_line_with_the_limit(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any], politburo: Any
) -> None:
    data = copy_of(minimal_scenario_dict)
    data["bodies"][1]["meets_every"] = 1e30
    path = tmp_path / "rarely.yaml"
    write_yaml(path, data)
    assert_refused_in_one_line(
        politburo("check", str(path)),
        "bodies[1].meets_every: ",
        f"must be at most {MAX_MEETS_EVERY}, not 1e+30",
    )


def test_a_calendar_ending_in_9999_is_refused_in_one_line(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any], politburo: Any
) -> None:
    data = copy_of(minimal_scenario_dict)
    data["calendar"]["end"] = "9999-12"
    path = tmp_path / "forever.yaml"
    write_yaml(path, data)
    assert_refused_in_one_line(
        politburo("check", str(path)),
        "calendar.end: 9999-12 lies outside the months a scenario may name",
        LATEST_MONTH,
    )


def test_a_calendar_longer_than_a_century_is_refused(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    data = copy_of(minimal_scenario_dict)
    data["calendar"] = {"start": "1900-01", "end": "2000-01"}
    _, problem = one_problem(tmp_path, data)
    assert problem.field == "calendar"
    assert problem.message == f"1900-01 to 2000-01 is 1201 months: at most {MAX_MONTHS} (100 years)"


def test_dates_outside_the_span_are_refused_wherever_they_are(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    data = copy_of(minimal_scenario_dict)
    data["sources"] = {"memoir": "a memoir"}
    data["alliances"] = [
        {"name": "pact", "members": ["alpha", "beta"], "since": "0001-01", "source": "memoir"}
    ]
    _, problem = one_problem(tmp_path, data)
    assert problem.field == "alliances[0].since"
    assert problem.message.startswith("0001-01 lies outside the months a scenario may name")


def test_membership_and_province_counts_have_finite_maxima(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    data = copy_of(minimal_scenario_dict)
    data["provinces"][0]["members"] = 10**12
    data["province_groups"][0]["count"] = 10**6
    _, problems = problems_of(tmp_path, data)
    assert {p.field: p.message for p in problems} == {
        "provinces[0].members": f"must be at most {MAX_PROVINCE_MEMBERS}, not 1000000000000",
        "province_groups[0].count": f"must be at most {MAX_GROUP_PROVINCES}, not 1000000",
    }


def test_provinces_listed_and_grouped_together_have_a_maximum(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    data = copy_of(minimal_scenario_dict)
    group = data["province_groups"][0]
    data["province_groups"] = [
        copy_of(dict(group, prefix=f"region{k}", count=MAX_GROUP_PROVINCES)) for k in range(4)
    ]
    _, problem = one_problem(tmp_path, data)
    assert problem.field == "province_groups"
    assert (
        problem.message
        == f"{1 + 4 * MAX_GROUP_PROVINCES} provinces listed and grouped: at most {MAX_PROVINCES}"
    )


def test_a_party_starting_above_the_membership_ceiling_is_refused(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    data = copy_of(minimal_scenario_dict)
    group = data["province_groups"][0]
    group.update(count=MAX_GROUP_PROVINCES, members=MAX_PROVINCE_MEMBERS)
    in_all = (
        sum(p["members"] for p in data["provinces"]) + MAX_GROUP_PROVINCES * MAX_PROVINCE_MEMBERS
    )
    _, problem = one_problem(tmp_path, data)
    assert problem.field == "province_groups"
    assert problem.message == f"{in_all:,} members in all: at most {MAX_PARTY_MEMBERS:,}"


def test_a_body_size_of_zero_or_less_is_refused(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    data = copy_of(minimal_scenario_dict)
    data["bodies"][0]["size"] = 0
    data["events"][1]["body_sizes"] = {"cc": 0, "politburo": -7}
    _, problems = problems_of(tmp_path, data)
    assert {p.field: p.message for p in problems} == {
        "bodies[0].size": "must be at least 1, not 0",
        "events[1].body_sizes.cc": "must be at least 1, not 0",
        "events[1].body_sizes.politburo": "must be at least 1, not -7",
    }


def test_the_json_schema_states_the_limits_for_editors() -> None:
    schema = Scenario.model_json_schema()["$defs"]
    assert schema["Body"]["properties"]["size"]["maximum"] == MAX_BODY_SEATS
    assert schema["Province"]["properties"]["members"]["maximum"] == MAX_PROVINCE_MEMBERS
    assert schema["ProvinceGroup"]["properties"]["count"]["maximum"] == MAX_GROUP_PROVINCES
