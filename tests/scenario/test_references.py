"""Every reference in a scenario is checked at load: elections, the leader, key events, levers.

Issue 13, finding 7: bodies that elect each other, two leaders, unknown key
event kinds and malformed levers passed ``politburo check`` (exit 0); a bad
lever failed only when pulled, with an error naming ``--set``. Each is now
refused at load naming the file, the line and the field.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from builders import copy_of, line_of, one_problem, problems_of, write_yaml
from politburo.analysis.facts import RUN_AS, RUN_KINDS
from politburo.scenario.loading import load_params, load_scenario
from politburo.scenario.schema import KeyEventKind, Scenario, cross_check


def loads(tmp_path: Path, data: dict[str, Any]) -> Scenario:
    path = tmp_path / "good.yaml"
    write_yaml(path, data)
    return load_scenario(path)


# --------------------------------------------------------------------------- elections


def test_two_bodies_that_elect_each_other_are_refused(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    data = copy_of(minimal_scenario_dict)
    data["bodies"][1]["elected_by"] = "politburo"  # the politburo is elected by the cc
    text, problem = one_problem(tmp_path, data)
    assert problem.field == "bodies[0].elected_by"
    assert problem.line == line_of(text, "elected_by: cc")
    assert problem.message.startswith(
        "bodies elect each other in a circle (politburo -> cc -> politburo)"
    )


def test_a_longer_circle_of_elections_is_reported_once(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    data = copy_of(minimal_scenario_dict)
    data["bodies"].append(
        {"id": "commission", "name": "Commission", "role": "disciplinary", "size": 5}
    )
    data["bodies"][0]["elected_by"] = "cc"
    data["bodies"][1]["elected_by"] = "commission"
    data["bodies"][3]["elected_by"] = "politburo"
    _, problem = one_problem(tmp_path, data)
    assert "(politburo -> cc -> commission -> politburo)" in problem.message


# --------------------------------------------------------------------------- the leader


def test_two_leaders_are_refused_at_the_second(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    data = copy_of(minimal_scenario_dict)
    data["actors"][2]["leader"] = True
    _, problem = one_problem(tmp_path, data)
    assert problem.field == "actors[2].leader"
    assert problem.message == "'leader' is already the leader: a scenario has at most one"


def test_a_scenario_without_a_leader_loads_and_its_struggle_is_open_from_the_start(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    data = copy_of(minimal_scenario_dict)
    del data["actors"][0]["leader"]
    del data["events"][0]
    assert not any(actor.leader for actor in loads(tmp_path, data).actors)


def test_the_leaders_death_must_name_the_leader(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    data = copy_of(minimal_scenario_dict)
    data["events"][0]["actor"] = "gamma"
    text, problem = one_problem(tmp_path, data)
    assert (problem.field, problem.line) == ("events[0].actor", line_of(text, "actor: gamma"))
    assert problem.message.startswith("'gamma' is not the leader 'leader'")


def test_the_leader_dies_once(tmp_path: Path, minimal_scenario_dict: dict[str, Any]) -> None:
    data = copy_of(minimal_scenario_dict)
    data["events"].append(dict(data["events"][0], month="1925-01", name="Dies again"))
    _, problem = one_problem(tmp_path, data)
    assert problem.field == "events[2].kind"
    assert problem.message == "the leader dies once: a second leader_dies event"


def test_an_event_field_of_another_kind_is_refused(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    data = copy_of(minimal_scenario_dict)
    data["events"][1]["actor"] = "alpha"  # a congress names no one
    _, problem = one_problem(tmp_path, data)
    assert problem.field == "events[1].actor"
    assert problem.message == "a congress event takes no actor"


# --------------------------------------------------------------------------- key events


def test_an_unknown_key_event_kind_lists_the_valid_ones(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    data = copy_of(minimal_scenario_dict)
    data["key_events"] = [{"kind": "top_remved", "actor": "alpha"}]
    _, problem = one_problem(tmp_path, data)
    assert problem.field == "key_events[0].kind"
    assert problem.message.startswith("'top_remved' is not one of 'office_removed', ")
    assert "'coup'" in problem.message
    assert problem.message.endswith("(did you mean 'top_removed'?)")


def test_a_key_event_names_the_office_it_concerns(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    data = copy_of(minimal_scenario_dict)
    data["key_events"] = [{"kind": "office_removed", "actor": "beta", "subject": "army_chef"}]
    _, problem = one_problem(tmp_path, data)
    assert problem.field == "key_events[0].subject"
    assert problem.message == "a office_removed event needs the office it concerns, not 'army_chef'"


def test_key_event_kinds_are_the_kinds_of_fact_runs_are_scored_by() -> None:
    facts = {RUN_AS.get(kind, kind.value) for kind in RUN_KINDS}
    assert {kind.value for kind in KeyEventKind} == facts


# --------------------------------------------------------------------------- levers


def with_lever(data: dict[str, Any], **lever: Any) -> dict[str, Any]:
    changed = copy_of(data)
    changed["levers"] = [{"id": "what_if", "name": "What if", "description": "A test", **lever}]
    return changed


def test_a_lever_whose_set_is_malformed_fails_at_load_with_its_line(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    data = with_lever(
        minimal_scenario_dict,
        set=["alpha.patiense=0.2", "no equals sign", "beta.patience=@alpha.patience"],
    )
    text, problems = problems_of(tmp_path, data)
    assert [(p.line, p.field, p.message) for p in problems] == [
        (
            line_of(text, "alpha.patiense"),
            "levers[0].set[0]",
            "alpha.patiense: unknown trait or actor field 'patiense' (did you mean 'patience'?)",
        ),
        (
            line_of(text, "no equals sign"),
            "levers[0].set[1]",
            "no '=' in 'no equals sign'; write PARAMETER=VALUE or ACTOR.FIELD=VALUE, "
            "e.g. attack_cost=0.1 or stalin.patience=0.2",
        ),
    ]
    assert {p.file for p in problems} == {str(tmp_path / "bad.yaml")}


def test_a_lever_setting_a_value_out_of_range_or_an_unknown_parameter_fails_at_load(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    data = with_lever(minimal_scenario_dict, set=["alpha.patience=2", "atack_cost=0.1"])
    _, problems = problems_of(tmp_path, data)
    assert [(p.field, p.message) for p in problems] == [
        ("levers[0].set[0]", "alpha.patience: must be at most 1.0, not 2.0"),
        (
            "levers[0].set[1]",
            "atack_cost: unknown parameter 'atack_cost' (did you mean 'attack_cost'?)",
        ),
    ]


def test_a_lever_with_a_reference_that_does_not_resolve_fails_at_load(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    data = with_lever(minimal_scenario_dict, set=["alpha.patience=@nobody.patience"])
    _, problem = one_problem(tmp_path, data)
    assert problem.field == "levers[0].set[0]"
    assert problem.message == "cannot resolve '@nobody.patience'"


def test_a_lever_adding_a_malformed_event_fails_at_load_with_its_line(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    data = with_lever(
        minimal_scenario_dict,
        add_events=[
            {"month": "1925-01", "kind": "dies", "name": "A death", "actor": "nobody"},
            {"month": "1925-02", "kind": "shock", "name": "A shock"},
        ],
    )
    text, problems = problems_of(tmp_path, data)
    assert [(p.line, p.field, p.message) for p in problems] == [
        (line_of(text, "actor: nobody"), "levers[0].add_events[0].actor", "unknown actor 'nobody'"),
        (line_of(text, "1925-02"), "levers[0].add_events[1].rule", "a shock must say who it hits"),
    ]


def test_a_lever_whose_override_breaks_a_reference_fails_at_load_at_that_override(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    data = with_lever(
        minimal_scenario_dict, set=["attack_cost=0.1", "gamma.patron=beta", "gamma.patron=leader"]
    )
    text, problem = one_problem(tmp_path, data)
    assert (problem.line, problem.field) == (
        line_of(text, "gamma.patron=leader"),
        "levers[0].set[2]",
    )
    assert problem.message == "gamma.patron: 'leader' is not a contender of this scenario"


def test_a_lever_whose_events_break_the_scenario_once_pulled_fails_at_load(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    data = with_lever(
        minimal_scenario_dict,
        remove_events=["The leader dies"],
        add_events=[
            {"month": "1925-01", "kind": "leader_dies", "name": "Alpha dies", "actor": "alpha"}
        ],
    )
    text, problem = one_problem(tmp_path, data)
    assert (problem.line, problem.field) == (line_of(text, "- id: what_if"), "levers[0]")
    assert problem.message.startswith("once pulled, events[0].actor: 'alpha' is not the leader")


def test_levers_that_apply_still_load_and_pull(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    from politburo.scenario.levers import apply_levers

    data = with_lever(
        minimal_scenario_dict,
        set=["beta.patience=@alpha.patience", "beta.doctrine=@alpha.doctrine"],
        add_events=[{"month": "1925-01", "kind": "dies", "name": "A death", "actor": "gamma"}],
    )
    scenario = loads(tmp_path, data)
    changed, _ = apply_levers(scenario, load_params(), ["what_if"])
    beta = next(a for a in changed.actors if a.id == "beta")
    assert (beta.traits.patience, beta.traits.doctrine) == (0.8, (-0.5,))
    assert cross_check(changed) == []
