"""Runs and records reduced to comparable facts (``politburo.analysis.facts``).

Record rows and run events are built by hand here, so every expected fact is
read off the test itself: the record's country-named kinds become the
engine's role-named ones, names resolve to the scenario's ids, and months
count from the scenario's start.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from builders import copy_of, record_row
from politburo.analysis.facts import (
    RECORD_KINDS,
    UNSCORED_KINDS,
    Fact,
    Unscored,
    first_months,
    record_facts,
    run_facts,
    unscored,
)
from politburo.analysis.record import KINDS, RecordEvent, load_record
from politburo.model.events import Event, Kind, Mechanism
from politburo.model.result import RunResult
from politburo.scenario.loading import load_scenario
from politburo.scenario.schema import Scenario, month_label

START = "1924-01"


def event(step: int, kind: Kind, **fields: Any) -> Event:
    """One run event in month ``step`` of a calendar starting in 1924-01."""
    return Event(
        step=step,
        month=month_label(START, step),
        kind=kind,
        mechanism=Mechanism.MOTION,
        **fields,
    )


def run_of(*events: Event, winner: str | None = None) -> RunResult:
    """A run holding only ``events`` (the series are empty)."""
    return RunResult(
        scenario_id="tiny-v1",
        seed=0,
        interventions=(),
        months=tuple(month_label(START, m) for m in range(36)),
        contenders=("alpha", "beta"),
        events=events,
        series={"reputation": np.zeros((0, 2))},
        winner=winner,
        winner_month=None,
    )


@pytest.fixture
def scenario(minimal_scenario_dict: dict[str, Any]) -> Scenario:
    """The minimal scenario with full names, aliases and a doctrine to resolve."""
    data = copy_of(minimal_scenario_dict)
    alpha, beta = data["actors"][1], data["actors"][2]
    alpha["name"] = "Lev Alphaev"
    alpha["aliases"] = ["Old Man"]
    beta["name"] = "Ivan Betaev"
    data["offices"][0]["name"] = "General Secretary of the Committee"
    data["offices"][0]["aliases"] = ["Gensek", "General Secretary"]
    data["doctrines"] = [
        {
            "id": "one_country",
            "name": "Socialism in One Country",
            "position": [-0.3],
            "author": "alpha",
            "aliases": ["SIOC"],
        }
    ]
    return Scenario.model_validate(data)


def facts_of(scenario: Scenario, *rows: RecordEvent) -> list[Fact]:
    return list(record_facts(rows, scenario))


# --------------------------------------------------------------------------- record kinds


def test_demotion_to_candidate_and_removal_from_the_top_body_are_both_top_removed(
    scenario: Scenario,
) -> None:
    # 1926-01 is month 24 from 1924-01 (2 years), 1926-07 month 30.
    facts = facts_of(
        scenario,
        record_row("1926-01", "politburo_demoted", "Alphaev"),
        record_row("1926-07", "politburo_removed", "Betaev"),
    )
    assert facts == [Fact("top_removed", "alpha", "", 24), Fact("top_removed", "beta", "", 30)]


def test_removal_from_the_central_committee_is_electing_removed(scenario: Scenario) -> None:
    (fact,) = facts_of(scenario, record_row("1925-10", "cc_removed", "Betaev"))
    assert fact == Fact("electing_removed", "beta", "", 21)  # 12 + 9 months


def test_appointment_to_the_politburo_is_top_elected(scenario: Scenario) -> None:
    (fact,) = facts_of(scenario, record_row("1924-06", "politburo_appointed", "Gamma"))
    assert fact == Fact("top_elected", "gamma", "", 5)


def test_exile_and_deportation_stay_separate_facts(scenario: Scenario) -> None:
    facts = facts_of(
        scenario,
        record_row("1925-01", "exiled", "Betaev", ("Alma-Ata",)),
        record_row("1926-02", "deported", "Betaev", ("Turkey",)),
    )
    assert [f.kind for f in facts] == ["exiled", "deported"]
    # The place is kept as a subject but plays no part in matching.
    assert [f.key for f in facts] == [("exiled", "beta", ""), ("deported", "beta", "")]
    assert facts[0].key != facts[1].key


def test_a_recantation_naming_others_gives_one_recanted_fact_each(scenario: Scenario) -> None:
    # As in the record: actor Bukharin, subject "Rykov;Tomsky", all three recant.
    facts = facts_of(scenario, record_row("1925-11", "recanted", "Alphaev", ("Betaev", "Gamma")))
    assert facts == [
        Fact("recanted", "alpha", "", 22),
        Fact("recanted", "beta", "", 22),
        Fact("recanted", "gamma", "", 22),
    ]


def test_the_bundled_right_opposition_recants_together() -> None:
    ussr = load_scenario("ussr-1924")
    facts = record_facts([record_row("1929-11", "recanted", "Bukharin", ("Rykov", "Tomsky"))], ussr)
    # 1929-11 is 5 years and 10 months after 1924-01: 70.
    assert {(f.actor, f.month) for f in facts} == {("bukharin", 70), ("rykov", 70), ("tomsky", 70)}


def test_rows_of_unscored_kinds_and_rows_naming_no_one_are_dropped(scenario: Scenario) -> None:
    facts = facts_of(
        scenario,
        record_row("1924-01", "leader_died", "The Leader"),
        record_row("1924-02", "recruitment_drive", "Alphaev"),
        record_row("1924-03", "pretext", "Alphaev", ("Gamma",)),
        record_row("1924-04", "shock", "", ("Crash",)),
        record_row("1924-05", "other", "Betaev"),
        record_row("1924-06", "killed", "Betaev"),
        record_row("1924-07", "expelled", ""),  # a scored kind about no one
        record_row("1924-08", "body_vote", "Alphaev", ("General Secretary",), **{"for": 40}),
        record_row("1924-09", "arrested", "Betaev"),
    )
    assert facts == []


def test_every_record_kind_is_scored_or_left_out_with_a_reason() -> None:
    assert set(RECORD_KINDS) | set(UNSCORED_KINDS) == KINDS
    assert not set(RECORD_KINDS) & set(UNSCORED_KINDS)
    assert all(reason.strip() for reason in UNSCORED_KINDS.values())


def test_rows_left_out_are_counted_by_kind_inside_the_calendar_with_their_reason(
    scenario: Scenario,
) -> None:
    rows = (
        record_row("1923-12", "body_vote", "Alphaev"),  # before the start: context, not counted
        record_row("1924-02", "body_vote", "Alphaev"),
        record_row("1924-03", "body_vote", "Betaev"),
        record_row("1924-04", "arrested", "Betaev"),
        record_row("1924-05", "expelled", "Betaev"),  # scored
        record_row("1924-06", "expelled", ""),  # a scored kind about no one
    )
    assert unscored(rows, scenario) == (
        Unscored("arrested", 1, UNSCORED_KINDS["arrested"]),
        Unscored("body_vote", 2, UNSCORED_KINDS["body_vote"]),
        Unscored("expelled", 1, "the row names no actor"),
    )


# --------------------------------------------------------------------------- alliances


def test_an_alliance_is_a_pair_whoever_the_record_names_first(scenario: Scenario) -> None:
    one = facts_of(scenario, record_row("1925-09", "alliance_broken", "Gamma", ("Alphaev",)))
    other = facts_of(scenario, record_row("1925-09", "alliance_broken", "Alphaev", ("Gamma",)))
    # Sorted ids: "alpha" < "gamma".
    assert one == other == [Fact("alliance_broken", "alpha", "gamma", 20)]


def test_an_alliance_formed_by_a_group_gives_every_pair_in_it(scenario: Scenario) -> None:
    facts = facts_of(
        scenario, record_row("1926-04", "alliance_formed", "Gamma", ("Betaev", "Alphaev"))
    )
    # 1926-04 is month 27. Pairs in the row's order: Gamma-Betaev, Gamma-Alphaev, Betaev-Alphaev.
    assert facts == [
        Fact("alliance_formed", "beta", "gamma", 27),
        Fact("alliance_formed", "alpha", "gamma", 27),
        Fact("alliance_formed", "alpha", "beta", 27),
    ]


def test_a_break_with_several_partners_ends_the_actors_alliance_with_each_and_no_other(
    scenario: Scenario,
) -> None:
    facts = facts_of(
        scenario,
        record_row("1923-06", "alliance_formed", "Gamma", ("Betaev", "Alphaev")),
        record_row("1925-09", "alliance_broken", "Gamma", ("Betaev", "Alphaev")),
    )
    # 1923-06 is month -7 (context); 1925-09 is month 20. Alpha and Beta do not break.
    assert facts[3:] == [
        Fact("alliance_broken", "beta", "gamma", 20),
        Fact("alliance_broken", "alpha", "gamma", 20),
    ]


def test_forming_a_pair_that_already_stands_gives_no_new_fact(scenario: Scenario) -> None:
    # As in the record: the triumvirate stands, breaks with its first member, and the
    # other two join a new group with a third man; the two were allied already.
    facts = facts_of(
        scenario,
        record_row("1922-12", "alliance_formed", "Delta", ("Alphaev", "Betaev")),
        record_row("1925-09", "alliance_broken", "Delta", ("Alphaev", "Betaev")),
        record_row("1926-04", "alliance_formed", "Gamma", ("Alphaev", "Betaev")),
    )
    formed_later = [f for f in facts if f.kind == "alliance_formed" and f.month == 27]
    assert formed_later == [
        Fact("alliance_formed", "alpha", "gamma", 27),
        Fact("alliance_formed", "beta", "gamma", 27),
    ]


def test_a_pair_broken_and_formed_again_gives_a_second_formation(scenario: Scenario) -> None:
    facts = facts_of(
        scenario,
        record_row("1924-03", "alliance_formed", "Alphaev", ("Betaev",)),
        record_row("1924-08", "alliance_broken", "Betaev", ("Alphaev",)),
        record_row("1925-02", "alliance_formed", "Betaev", ("Alphaev",)),
    )
    assert [(f.kind, f.month) for f in facts] == [
        ("alliance_formed", 2),
        ("alliance_broken", 7),
        ("alliance_formed", 13),
    ]


def test_the_bundled_record_breaks_the_triumvirate_and_the_right_pair_by_pair() -> None:
    ussr = load_scenario("ussr-1924")
    facts = record_facts(load_record("ussr-1922-1930"), ussr)
    broken = {(f.actor, f.subject): f.month for f in facts if f.kind == "alliance_broken"}
    # 1925-09 is month 20, 1927-12 month 47, 1928-11 month 58.
    assert broken == {
        ("stalin", "zinoviev"): 20,
        ("kamenev", "stalin"): 20,
        ("trotsky", "zinoviev"): 47,
        ("kamenev", "trotsky"): 47,
        ("bukharin", "stalin"): 58,
        ("rykov", "stalin"): 58,
        ("stalin", "tomsky"): 58,
    }
    formed = [(f.actor, f.subject, f.month) for f in facts if f.kind == "alliance_formed"]
    # The triumvirate is context (1922-12 is month -13); the United Opposition of
    # 1926-04 (month 27) does not form Zinoviev and Kamenev's alliance again.
    assert ("kamenev", "zinoviev", -13) in formed
    assert [pair for pair in formed if pair[:2] == ("kamenev", "zinoviev")] == [
        ("kamenev", "zinoviev", -13)
    ]
    assert ("bukharin", "stalin", 20) in formed
    assert ("kamenev", "trotsky", 27) in formed


def test_the_records_break_of_zinoviev_with_stalin_matches_stalin_breaking_with_zinoviev() -> None:
    ussr = load_scenario("ussr-1924")
    (recorded,) = record_facts(
        [record_row("1925-09", "alliance_broken", "Zinoviev", ("Stalin",))], ussr
    )
    run = run_of(event(20, Kind.ALLIANCE_BROKEN, actor="stalin", target="zinoviev"))
    (simulated,) = run_facts(run)
    assert recorded.key == simulated.key == ("alliance_broken", "stalin", "zinoviev")
    assert recorded.month == simulated.month == 20


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    "written",
    ["General Secretary of the Committee", "general secretary", "GENSEK", "secretary"],
)
def test_an_office_is_found_by_its_name_aliases_or_id_in_any_case(
    scenario: Scenario, written: str
) -> None:
    (fact,) = facts_of(scenario, record_row("1924-03", "office_removed", "Alphaev", (written,)))
    assert fact == Fact("office_removed", "alpha", "secretary", 2)


def test_an_office_the_scenario_does_not_know_keeps_its_name_in_lower_case(
    scenario: Scenario,
) -> None:
    (fact,) = facts_of(
        scenario, record_row("1924-03", "office_appointed", "Betaev", ("Chief Censor",))
    )
    assert fact.subject == "chief censor"
    assert fact.key == ("office_appointed", "beta", "chief censor")


@pytest.mark.parametrize("written", ["alpha", "Lev Alphaev", "Alphaev", "ALPHAEV", "old man"])
def test_an_actor_is_found_by_id_full_name_last_name_or_alias(
    scenario: Scenario, written: str
) -> None:
    (fact,) = facts_of(scenario, record_row("1924-03", "expelled", written))
    assert fact.actor == "alpha"


def test_an_actor_the_scenario_does_not_know_keeps_his_name_in_lower_case(
    scenario: Scenario,
) -> None:
    (fact,) = facts_of(scenario, record_row("1924-03", "expelled", " Frunze "))
    assert fact.actor == "frunze"


def test_a_doctrine_is_found_by_its_name_or_alias(scenario: Scenario) -> None:
    facts = facts_of(
        scenario,
        record_row("1925-04", "doctrine_adopted", "Alphaev", ("socialism in one country",)),
        record_row("1925-05", "doctrine_published", "Alphaev", ("SIOC",)),
    )
    assert [f.key for f in facts] == [
        ("doctrine_adopted", "alpha", "one_country"),
        ("doctrine_published", "alpha", "one_country"),
    ]


# --------------------------------------------------------------------------- months and votes


@pytest.mark.parametrize(
    ("month", "index"),
    [("1924-01", 0), ("1924-12", 11), ("1925-12", 23), ("1923-10", -3), ("1922-04", -21)],
)
def test_months_count_from_the_scenario_start_negative_before_it(
    scenario: Scenario, month: str, index: int
) -> None:
    (fact,) = facts_of(scenario, record_row(month, "expelled", "Betaev"))
    assert fact.month == index


def test_a_congress_vote_with_figures_carries_the_share_of_votes_cast_for(
    scenario: Scenario,
) -> None:
    # The 14th Congress: 559 for, 65 against, 665 voting delegates (abstentions not cast).
    (fact,) = facts_of(
        scenario,
        record_row(
            "1925-12",
            "congress_vote",
            "Alphaev",
            ("Betaev",),
            **{"for": 559, "against": 65, "voting_delegates": 665},
        ),
    )
    assert fact.kind == "congress_vote"
    assert fact.actor == "alpha"
    assert fact.month == 23
    assert fact.share_for == pytest.approx(559 / 624)
    assert fact.share_for == pytest.approx(0.8958, abs=1e-4)


def test_a_congress_vote_without_both_figures_has_no_share(scenario: Scenario) -> None:
    facts = facts_of(
        scenario,
        record_row("1924-05", "congress_vote", "Alphaev", voting_delegates=748),
        record_row("1925-05", "congress_vote", "Alphaev", **{"for": 500}),
    )
    assert [f.share_for for f in facts] == [None, None]


# --------------------------------------------------------------------------- run facts


def test_run_facts_keep_only_the_scored_kinds_in_order() -> None:
    run = run_of(
        event(0, Kind.LEADER_DIED, actor="leader"),
        event(4, Kind.PLENUM_CONVENED),
        event(5, Kind.ATTACK, actor="alpha", target="beta", amount=0.1),
        event(6, Kind.MOTION_FAILED, actor="beta", votes_for=10, votes_against=30),
        event(7, Kind.SECRETARIES_APPOINTED, actor="alpha", amount=3),
        event(8, Kind.OFFICE_REMOVED, actor="beta", office="army_chief"),
        event(9, Kind.TOP_REMOVED, actor="beta", body="politburo"),
        event(12, Kind.DOCTRINE_ADOPTED, actor="alpha", doctrine="one_country"),
        event(23, Kind.CONGRESS, body="congress"),
        event(
            23, Kind.CONGRESS_VOTE, actor="alpha", target="beta", votes_for=509, votes_against=192
        ),
        event(24, Kind.ALLIANCE_FORMED, actor="gamma", target="alpha"),
        event(25, Kind.EXILED, actor="beta"),
        event(30, Kind.WINNER, actor="alpha"),
        winner="alpha",
    )
    assert run_facts(run) == (
        Fact("office_removed", "beta", "army_chief", 8),
        Fact("top_removed", "beta", "", 9),
        Fact("doctrine_adopted", "alpha", "one_country", 12),
        Fact("congress_vote", "alpha", "", 23, 509 / 701),  # 509 / (509 + 192)
        Fact("alliance_formed", "alpha", "gamma", 24),
        Fact("exiled", "beta", "", 25),
    )


def test_a_run_congress_vote_with_no_votes_cast_has_no_share() -> None:
    run = run_of(event(23, Kind.CONGRESS_VOTE, actor="alpha", votes_for=0, votes_against=0))
    (fact,) = run_facts(run)
    assert fact.share_for is None


# --------------------------------------------------------------------------- first months


def test_first_months_keeps_the_first_month_of_each_key() -> None:
    facts = [
        Fact("top_removed", "beta", "", 5),
        Fact("office_removed", "beta", "secretary", 7),
        Fact("top_removed", "beta", "", 12),  # the same key again: ignored
        Fact("office_removed", "beta", "army_chief", 9),  # another office: another key
        Fact("exiled", "beta", "alma-ata", 20),
        Fact("exiled", "beta", "siberia", 22),  # the place is not part of an exile's key
    ]
    assert first_months(facts) == {
        ("top_removed", "beta", ""): 5,
        ("office_removed", "beta", "secretary"): 7,
        ("office_removed", "beta", "army_chief"): 9,
        ("exiled", "beta", ""): 20,
    }


def test_first_months_of_nothing_is_empty() -> None:
    assert first_months([]) == {}
