"""The bundled reference scenario, ussr-1924-v1: valid, complete, and no scripted history."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from politburo.scenario.schema import Power, Role, Scenario, ScheduledKind, cross_check

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "politburo"
BUNDLED = PACKAGE / "scenario" / "data" / "scenarios" / "ussr-1924-v1.yaml"
RECORD = PACKAGE / "scenario" / "data" / "records" / "ussr-1922-1930.csv"

CONTENDERS = {"stalin", "trotsky", "zinoviev", "kamenev", "bukharin", "rykov", "tomsky"}
CALENDAR_EVENTS = {"leader_dies", "dies", "congress", "shock"}
TRAITS = (
    "office_for_faction",
    "restraint",
    "patience",
    "combativeness",
    "flexibility",
    "yielding",
    "seniority",
    "reputation",
    "doctrine",
)


@pytest.fixture(scope="module")
def raw() -> Any:
    return YAML(typ="safe").load(BUNDLED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def scenario(raw: Any) -> Scenario:
    return Scenario.model_validate(raw)


def _role(scenario: Scenario, role: Role) -> Any:
    (body,) = [b for b in scenario.bodies if b.role is role]
    return body


def test_bundled_scenario_validates_with_no_cross_check_problems(scenario: Scenario) -> None:
    assert cross_check(scenario) == []


def test_bundled_scenario_id_matches_its_file_name(scenario: Scenario) -> None:
    assert scenario.id == BUNDLED.stem


def test_bundled_scenario_covers_1924_to_1930(scenario: Scenario) -> None:
    assert (scenario.calendar.start, scenario.calendar.end) == ("1924-01", "1930-12")
    assert scenario.record == "ussr-1922-1930"


def test_bundled_scenario_has_the_seven_contenders(scenario: Scenario) -> None:
    assert {a.id for a in scenario.actors if a.contender} == CONTENDERS


def test_lenin_is_the_leader_and_dies_in_january_1924(scenario: Scenario) -> None:
    assert [a.id for a in scenario.actors if a.leader] == ["lenin"]
    deaths = [e for e in scenario.events if e.kind is ScheduledKind.LEADER_DIES]
    assert [(e.actor, e.month) for e in deaths] == [("lenin", "1924-01")]


def test_top_body_has_seven_seats_with_lenin_among_them(scenario: Scenario) -> None:
    top = _role(scenario, Role.TOP)
    assert top.size == 7
    assert "lenin" in top.members
    assert set(top.members) == {
        "lenin",
        "trotsky",
        "stalin",
        "zinoviev",
        "kamenev",
        "rykov",
        "tomsky",
    }


def test_electing_body_has_enough_named_members_to_fill_the_top_body(scenario: Scenario) -> None:
    top, electing = _role(scenario, Role.TOP), _role(scenario, Role.ELECTING)
    assert set(top.members) <= set(electing.members)
    assert len(set(electing.members) - set(top.members)) >= top.size


def test_congresses_are_scheduled_at_1924_05_1925_12_1927_12_1930_06(scenario: Scenario) -> None:
    months = [e.month for e in scenario.events if e.kind is ScheduledKind.CONGRESS]
    assert months == ["1924-05", "1925-12", "1927-12", "1930-06"]


def test_congress_body_sizes_name_bodies_of_the_scenario(scenario: Scenario) -> None:
    bodies = {b.id for b in scenario.bodies}
    for event in scenario.events:
        assert set(event.body_sizes) <= bodies


def test_no_scheduled_event_scripts_history(raw: Any, scenario: Scenario) -> None:
    # Checked on the raw file too, so that a future schema with more event
    # kinds cannot let a removal or an alliance slip into the calendar.
    assert {event["kind"] for event in raw["events"]} <= CALENDAR_EVENTS
    assert {e.kind.value for e in scenario.events} <= CALENDAR_EVENTS
    shocks = [e for e in scenario.events if e.kind is ScheduledKind.SHOCK]
    assert shocks and all(e.rule is not None and e.actor is None for e in shocks)


def test_offices_carry_the_powers_the_struggle_turns_on(scenario: Scenario) -> None:
    holders = {power: {o.holder for o in scenario.offices if power in o.powers} for power in Power}
    assert holders[Power.APPOINT_SECRETARIES] == {"stalin"}
    assert holders[Power.COMMAND_ARMY] == {"trotsky"}
    assert holders[Power.EDIT_PRESS] == {"bukharin"}
    assert holders[Power.INTERNATIONAL] == {"zinoviev"}
    cities = {o.province: o.holder for o in scenario.offices if Power.LEAD_CITY in o.powers}
    assert cities == {"leningrad": "zinoviev", "moscow": "kamenev"}


def test_patrons_are_never_contenders_themselves(scenario: Scenario) -> None:
    for actor in scenario.actors:
        assert not (actor.contender and actor.patron)


def test_membership_totals_the_record_figure_for_january_1924(scenario: Scenario) -> None:
    total = sum(p.members for p in scenario.provinces)
    total += sum(g.members * g.count for g in scenario.province_groups)
    assert abs(total - 446_089) < 100


def test_every_source_field_names_a_key_of_the_sources_map(scenario: Scenario) -> None:
    cited = [a.source for a in scenario.actors] + [o.source for o in scenario.offices]
    cited += [b.source for b in scenario.bodies] + [p.source for p in scenario.provinces]
    cited += [g.source for g in scenario.province_groups] + [d.source for d in scenario.doctrines]
    cited += [e.source for e in scenario.events]
    assert all(source in scenario.sources for source in cited), set(cited) - set(scenario.sources)


def test_every_trait_value_carries_a_comment_citing_its_source() -> None:
    text = BUNDLED.read_text(encoding="utf-8")
    keys = set(YAML(typ="safe").load(text)["sources"])
    # Actor traits sit six spaces deep; provinces' doctrines sit at four.
    pattern = re.compile(rf"^ {{6}}({'|'.join(TRAITS)}):\s")
    lines = [line for line in text.splitlines() if pattern.match(line)]
    assert len(lines) == len(TRAITS) * len(YAML(typ="safe").load(text)["actors"])
    for line in lines:
        assert "#" in line, line
        comment = line.split("#", 1)[1]
        assert any(re.search(rf"\b{key}\b", comment) for key in keys) or "evidence" in comment, line


def test_project_keeps_its_copy_of_the_record() -> None:
    with RECORD.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0].keys() >= {"date", "kind", "actor", "subject", "body", "figures", "source"}
    assert any(row["kind"] == "leader_died" and row["actor"] == "Lenin" for row in rows)
