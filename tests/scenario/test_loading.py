"""Loading scenarios and parameters: bundled ids, and clear errors for bad files."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from builders import add_actor, line_of, write_yaml
from politburo.scenario import loading
from politburo.scenario.errors import InputError, Problem
from politburo.scenario.loading import (
    bundled_scenarios,
    load_params,
    load_scenario,
    params_hash,
    scenario_hash,
)
from politburo.scenario.params import Params
from politburo.scenario.schema import Scenario


def only_problem(excinfo: pytest.ExceptionInfo[InputError]) -> Problem:
    problems = excinfo.value.problems
    assert len(problems) == 1, str(excinfo.value)
    return problems[0]


def corrupt_and_load(
    tmp_path: Path, data: dict[str, Any]
) -> tuple[str, str, pytest.ExceptionInfo[InputError]]:
    """Write ``data``, load it expecting an InputError; return file name, text, error."""
    path = tmp_path / "bad.yaml"
    text = write_yaml(path, data)
    with pytest.raises(InputError) as excinfo:
        load_scenario(path)
    return str(path), text, excinfo


def assert_only_problem(
    tmp_path: Path, data: dict[str, Any], needle: str, field: str, message: str
) -> None:
    """Loading ``data`` fails with one problem: ``field`` on the line of ``needle``."""
    name, text, excinfo = corrupt_and_load(tmp_path, data)
    assert only_problem(excinfo) == Problem(
        file=name, line=line_of(text, needle), field=field, message=message
    )


# --------------------------------------------------------------------------- valid input


def test_valid_scenario_file_loads_as_the_model_of_its_data(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    path = tmp_path / "tiny.yaml"
    write_yaml(path, minimal_scenario_dict)
    assert load_scenario(path) == Scenario.model_validate(minimal_scenario_dict)
    assert load_scenario(str(path)).id == "tiny-v1"


def test_yaml_1_2_keeps_no_as_a_string(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    path = tmp_path / "tiny.yaml"
    text = write_yaml(path, minimal_scenario_dict).replace("name: Gamma", "name: NO")
    path.write_text(text, encoding="utf-8")
    assert load_scenario(path).actors[3].name == "NO"


def test_bundled_ussr_1924_resolves_to_its_latest_version() -> None:
    ids = [ident for ident, _ in bundled_scenarios() if ident.startswith("ussr-1924-v")]
    if not ids:
        pytest.skip("no bundled ussr-1924-v*.yaml yet")
    latest = max(ids, key=lambda ident: int(ident.rsplit("-v", 1)[1]))
    assert load_scenario("ussr-1924").id == latest


def test_every_bundled_scenario_loads_by_its_versioned_id() -> None:
    ids = [ident for ident, _ in bundled_scenarios()]
    if not ids:
        pytest.skip(
            "no bundled scenario yet: src/politburo/scenario/data/scenarios/ is still empty"
        )
    assert [load_scenario(ident).id for ident in ids] == ids


@pytest.fixture
def scenario_folder(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A stand-in for the bundled folder holding tiny-v2, tiny-v9 and tiny-v10."""
    folder = tmp_path / "scenarios"
    folder.mkdir()
    for version in (2, 9, 10):
        data = dict(minimal_scenario_dict, id=f"tiny-v{version}", title=f"Tiny {version}")
        write_yaml(folder / f"tiny-v{version}.yaml", data)
    monkeypatch.setattr(loading, "_scenarios_dir", lambda: folder)
    return folder


def test_unversioned_id_picks_the_highest_version_numerically(scenario_folder: Path) -> None:
    assert load_scenario("tiny").id == "tiny-v10"
    assert load_scenario("tiny-v9").id == "tiny-v9"


def test_bundled_scenarios_lists_ids_with_titles_sorted(scenario_folder: Path) -> None:
    assert bundled_scenarios() == [
        ("tiny-v10", "Tiny 10"),
        ("tiny-v2", "Tiny 2"),
        ("tiny-v9", "Tiny 9"),
    ]


def test_bundled_scenarios_list_the_reference_case_first(
    scenario_folder: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    data = dict(minimal_scenario_dict, id="tiny-v9", title="Tiny 9", reference=True)
    write_yaml(scenario_folder / "tiny-v9.yaml", data)
    assert [ident for ident, _ in bundled_scenarios()] == ["tiny-v9", "tiny-v10", "tiny-v2"]


def test_bundled_file_whose_id_differs_from_its_name_is_an_error(
    scenario_folder: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    write_yaml(scenario_folder / "other-v1.yaml", minimal_scenario_dict)
    with pytest.raises(InputError) as excinfo:
        load_scenario("other-v1")
    problem = only_problem(excinfo)
    assert problem.field == "id"
    assert problem.line == 1
    assert "does not match the file name 'other-v1'" in problem.message


def test_unknown_bundled_id_names_it_and_lists_the_bundled_ones(scenario_folder: Path) -> None:
    with pytest.raises(InputError) as excinfo:
        load_scenario("tinny")
    problem = only_problem(excinfo)
    assert problem.file == "tinny"
    assert "(did you mean" in problem.message
    assert "bundled scenarios: tiny-v10, tiny-v2, tiny-v9" in problem.message


def test_missing_file_is_named_with_the_bundled_ids(tmp_path: Path, scenario_folder: Path) -> None:
    missing = tmp_path / "nowhere.yaml"
    with pytest.raises(InputError) as excinfo:
        load_scenario(missing)
    problem = only_problem(excinfo)
    assert problem.file == str(missing)
    assert problem.message.startswith("file not found")
    assert "tiny-v10" in problem.message


# --------------------------------------------------------------------------- bad scenarios


def test_misspelt_field_names_field_and_line_and_suggests_the_right_name(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    data = copy.deepcopy(minimal_scenario_dict)
    traits = data["actors"][1]["traits"]
    data["actors"][1]["traits"] = {
        ("patienc" if k == "patience" else k): v for k, v in traits.items()
    }
    name, text, excinfo = corrupt_and_load(tmp_path, data)
    problem = only_problem(excinfo)  # 'patience' is not reported missing as well
    assert problem == Problem(
        file=name,
        line=line_of(text, "patienc:"),
        field="actors[1].traits.patienc",
        message="unknown field 'patienc' (did you mean 'patience'?)",
    )
    assert str(excinfo.value).startswith(f"{name}:{problem.line}: actors[1].traits.patienc: ")


def test_wrong_type_names_field_line_and_what_was_expected(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    data = copy.deepcopy(minimal_scenario_dict)
    data["actors"][2]["traits"]["restraint"] = "very high"
    assert_only_problem(
        tmp_path,
        data,
        "restraint: very high",
        field="actors[2].traits.restraint",
        message="expected a number, not 'very high'",
    )


def test_value_out_of_range_gives_the_bound(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    data = copy.deepcopy(minimal_scenario_dict)
    data["actors"][3]["loyalty"] = 1.5
    assert_only_problem(
        tmp_path,
        data,
        "loyalty: 1.5",
        field="actors[3].loyalty",
        message="must be at most 1.0, not 1.5",
    )


def test_unknown_actor_as_office_holder(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    data = copy.deepcopy(minimal_scenario_dict)
    data["offices"][1]["holder"] = "nobody"
    assert_only_problem(
        tmp_path,
        data,
        "holder: nobody",
        field="offices[1].holder",
        message="unknown actor 'nobody'",
    )


def test_body_that_elects_itself(tmp_path: Path, minimal_scenario_dict: dict[str, Any]) -> None:
    data = copy.deepcopy(minimal_scenario_dict)
    data["bodies"][0]["elected_by"] = "politburo"
    assert_only_problem(
        tmp_path,
        data,
        "elected_by: politburo",
        field="bodies[0].elected_by",
        message="a body cannot elect itself",
    )


def test_event_outside_the_calendar(tmp_path: Path, minimal_scenario_dict: dict[str, Any]) -> None:
    data = copy.deepcopy(minimal_scenario_dict)
    data["events"][1]["month"] = "1950-01"
    assert_only_problem(
        tmp_path,
        data,
        "1950-01",
        field="events[1].month",
        message="1950-01 lies outside the calendar 1924-01 to 1926-12",
    )


def test_more_contenders_than_exact_voting_power_allows(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    data = copy.deepcopy(minimal_scenario_dict)
    present = sum(1 for actor in data["actors"] if actor.get("contender"))
    for i in range(17 - present):
        add_actor(data, f"rival{i}", contender=True)
    name, _, excinfo = corrupt_and_load(tmp_path, data)
    problem = only_problem(excinfo)
    assert (problem.file, problem.field) == (name, "actors")
    assert problem.message.startswith("17 contenders: at most 16")


def test_yaml_that_does_not_parse_gives_the_line(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    path = tmp_path / "broken.yaml"
    text = write_yaml(path, minimal_scenario_dict).replace(
        "title: A tiny succession", "title: A tiny: succession"
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as excinfo:
        load_scenario(path)
    problem = only_problem(excinfo)
    assert (problem.file, problem.line, problem.field) == (str(path), line_of(text, "title:"), "")
    assert problem.message == "YAML syntax error: mapping values are not allowed here"


def test_duplicate_key_is_a_syntax_error_at_its_line(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    path = tmp_path / "dup.yaml"
    text = write_yaml(path, minimal_scenario_dict) + "title: Again\n"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as excinfo:
        load_scenario(path)
    problem = only_problem(excinfo)
    assert problem.line == line_of(text, "title: Again")
    assert "duplicate key" in problem.message


def test_every_problem_in_a_file_is_reported_at_once(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    data = copy.deepcopy(minimal_scenario_dict)
    data["bodies"][1]["role"] = "electin"
    data["actors"][0]["colour"] = "red"
    data["actors"][2]["traits"]["seniorty"] = data["actors"][2]["traits"].pop("seniority")
    del data["title"]
    _, _, excinfo = corrupt_and_load(tmp_path, data)
    by_field = {p.field: p.message for p in excinfo.value.problems}
    assert by_field == {
        "title": "required field is missing",
        "actors[0].colour": "unknown field 'colour'",
        "actors[2].traits.seniorty": "unknown field 'seniorty' (did you mean 'seniority'?)",
        "bodies[1].role": (
            "'electin' is not one of 'top', 'electing', 'congress', 'disciplinary'"
            " (did you mean 'electing'?)"
        ),
    }


def test_file_without_a_mapping_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text("", encoding="utf-8")
    with pytest.raises(InputError) as excinfo:
        load_scenario(path)
    assert only_problem(excinfo).message == (
        "expected a mapping of fields at the top level, found an empty file"
    )


# --------------------------------------------------------------------------- parameters, hashes


def test_default_params_load_from_the_package() -> None:
    params = load_params()
    assert isinstance(params, Params)
    assert load_params(None) == params


def test_params_file_with_misspelt_and_out_of_range_values(tmp_path: Path) -> None:
    data = load_params().model_dump()
    data["attak_cost"] = data.pop("attack_cost")
    data["enmity_decay"] = 2.0
    path = tmp_path / "params.yaml"
    text = write_yaml(path, data)
    with pytest.raises(InputError) as excinfo:
        load_params(path)
    problems = {p.field: p for p in excinfo.value.problems}
    assert (
        problems["attak_cost"].message == "unknown field 'attak_cost' (did you mean 'attack_cost'?)"
    )
    assert problems["attak_cost"].line == line_of(text, "attak_cost:")
    assert "attack_cost" not in problems  # reported as the misspelling, not as missing
    assert problems["enmity_decay"].line == line_of(text, "enmity_decay:")
    assert problems["enmity_decay"].message == "must be at most 1.0, not 2.0"
    assert {p.file for p in excinfo.value.problems} == {str(path)}


def test_scenario_hash_depends_on_content_only(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    reordered = dict(reversed(list(minimal_scenario_dict.items())))
    write_yaml(tmp_path / "a.yaml", minimal_scenario_dict)
    write_yaml(tmp_path / "b.yaml", reordered)
    first, second = load_scenario(tmp_path / "a.yaml"), load_scenario(tmp_path / "b.yaml")
    assert scenario_hash(first) == scenario_hash(second)
    assert len(scenario_hash(first)) == 64
    changed = Scenario.model_validate(dict(minimal_scenario_dict, title="Another"))
    assert scenario_hash(changed) != scenario_hash(first)


def test_params_hash_changes_with_a_value() -> None:
    params = load_params()
    assert params_hash(params) == params_hash(load_params())
    other = Params.model_validate(dict(params.model_dump(), attack_cost=0.2))
    assert params_hash(other) != params_hash(params)


def test_input_error_renders_one_line_per_problem() -> None:
    error = InputError(
        [
            Problem("scenarios/x.yaml", 42, "actors[3].traits.patienc", "unknown field"),
            Problem("--set", None, "stalin.patience", "must be at most 1.0, not 2.0"),
            Problem("x.csv", 3, "", "bad row"),
        ]
    )
    assert str(error).splitlines() == [
        "scenarios/x.yaml:42: actors[3].traits.patienc: unknown field",
        "--set: stalin.patience: must be at most 1.0, not 2.0",
        "x.csv:3: bad row",
    ]


def test_an_alliance_formed_after_the_start_is_refused(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    data = copy.deepcopy(minimal_scenario_dict)
    data["sources"] = {"memoir": "a memoir"}
    data["alliances"] = [
        {"name": "pact", "members": ["alpha", "beta"], "since": "1924-03", "source": "memoir"}
    ]
    assert_only_problem(
        tmp_path,
        data,
        "1924-03",
        field="alliances[0].since",
        message="1924-03 is after the start 1924-01: only alliances standing at the start "
        "belong in a scenario",
    )


def test_an_alliance_standing_at_the_start_loads(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    data = copy.deepcopy(minimal_scenario_dict)
    data["sources"] = {"memoir": "a memoir"}
    data["alliances"] = [
        {"name": "pact", "members": ["alpha", "beta"], "since": "1923-06", "source": "memoir"}
    ]
    write_yaml(tmp_path / "ok.yaml", data)
    assert load_scenario(tmp_path / "ok.yaml").alliances[0].members == ("alpha", "beta")


def test_a_camp_dated_after_the_start_or_without_members_is_refused(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    data = copy.deepcopy(minimal_scenario_dict)
    data["sources"] = {"memoir": "a memoir"}
    data["camps"] = [
        {"leader": "alpha", "name": "Alpha's men", "since": "1925-01", "source": "memoir"},
        {"leader": "beta", "name": "Beta's men", "since": "1920-01", "source": "memoir"},
    ]
    _, _, excinfo = corrupt_and_load(tmp_path, data)
    messages = {(p.field, p.message) for p in excinfo.value.problems}
    assert (
        "camps[0].since",
        "1925-01 is after the start 1924-01: a scenario gives the camps standing at the start",
    ) in messages
    assert ("camps[1].leader", "no actor has 'beta' as his patron") in messages


def test_an_office_no_one_is_qualified_for_is_refused(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    data = copy.deepcopy(minimal_scenario_dict)
    data["offices"][1]["requires"] = ["military"]
    assert_only_problem(
        tmp_path,
        data,
        "requires:",
        field="offices[1].requires",
        message="no actor has any of the careers military: no one could ever hold it",
    )


def test_a_death_on_the_calendar_names_a_known_actor_who_is_not_the_leader(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    data = copy.deepcopy(minimal_scenario_dict)
    data["events"].append({"month": "1925-01", "kind": "dies", "name": "dies", "actor": "leader"})
    assert_only_problem(
        tmp_path,
        data,
        "kind: dies",
        field=f"events[{len(data['events']) - 1}].kind",
        message="the leader's death is a leader_dies event",
    )
