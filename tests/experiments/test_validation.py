"""Validation: the record's targets, the naive baselines, and a small ensemble.

The targets are checked on the bundled scenario and record, whose rows are
read off ``src/politburo/scenario/data/records/ussr-1922-1930.csv``. The baselines are checked
on the minimal scenario, small enough that their answers can be worked out by
hand from the scenario dict.
"""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import pytest

from builders import add_actor, add_office, copy_of, record_row, set_traits
from politburo.analysis.facts import Fact
from politburo.analysis.record import RecordEvent, load_record
from politburo.analysis.scoring import Target
from politburo.experiments.configuration import Configuration
from politburo.experiments.validation import (
    BASELINES,
    Validation,
    meeting_months,
    most_reputed,
    most_supported,
    random_meeting_facts,
    target_for,
    top_office_holder,
    validate,
)
from politburo.interface.report import validation_dict
from politburo.model.world import World, build_world
from politburo.scenario.loading import load_params, load_scenario
from politburo.scenario.schema import Scenario

BASELINE_NAMES = ("top_office", "top_body_supporters", "most_reputed", "random_meeting")


def world_of(data: dict[str, Any]) -> World:
    return build_world(Scenario.model_validate(data), load_params())


@pytest.fixture(scope="module")
def ussr() -> Scenario:
    return load_scenario("ussr-1924")


@pytest.fixture(scope="module")
def record() -> tuple[RecordEvent, ...]:
    return load_record("ussr-1922-1930")


# --------------------------------------------------------------------------- targets


def test_the_records_winner_is_stalin(ussr: Scenario, record: tuple[RecordEvent, ...]) -> None:
    t = target_for(ussr, record)
    assert t.winner == "stalin"
    assert t.contenders == (
        "stalin",
        "trotsky",
        "zinoviev",
        "kamenev",
        "bukharin",
        "rykov",
        "tomsky",
    )
    assert t.horizon == 84  # 1924-01 to 1930-12, both included


def test_every_key_event_of_the_bundled_scenario_is_a_target(
    ussr: Scenario, record: tuple[RecordEvent, ...]
) -> None:
    t = target_for(ussr, record)
    keys = [(k.kind, k.actor, k.subject) for k in ussr.key_events]
    assert len(keys) == 14
    assert t.key_events == tuple(keys)
    # Months from 1924-01, as the record dates them.
    assert t.events[("office_removed", "trotsky", "war_commissar")] == 12  # 1925-01
    assert t.events[("alliance_broken", "stalin", "zinoviev")] == 20  # 1925-09, Zinoviev first
    assert t.events[("top_removed", "kamenev", "")] == 24  # 1926-01, demoted to candidate
    assert t.events[("top_removed", "zinoviev", "")] == 30  # 1926-07
    assert t.events[("top_removed", "trotsky", "")] == 33  # 1926-10
    assert t.events[("electing_removed", "trotsky", "")] == 45  # 1927-10
    assert t.events[("expelled", "zinoviev", "")] == 46  # 1927-11
    assert t.events[("exiled", "trotsky", "")] == 48  # 1928-01
    assert t.events[("deported", "trotsky", "")] == 61  # 1929-02, apart from the exile
    assert t.events[("recanted", "tomsky", "")] == 70  # 1929-11, named in Bukharin's row
    assert t.events[("top_removed", "rykov", "")] == 83  # 1930-12, the last month


def test_the_fourteenth_congress_vote_is_the_one_vote_target(
    ussr: Scenario, record: tuple[RecordEvent, ...]
) -> None:
    t = target_for(ussr, record)
    # 1925-12 is month 23; 559 for, 65 against. The 13th Congress row has no for/against.
    assert t.votes == {23: pytest.approx(559 / (559 + 65))}


def test_unscored_kinds_and_rows_before_the_start_are_not_targets(
    ussr: Scenario, record: tuple[RecordEvent, ...]
) -> None:
    earlier = record_row("1923-06", "expelled", "Bukharin")  # invented, before 1924-01
    t = target_for(ussr, (earlier, *record))
    assert min(t.events.values()) >= 0
    assert ("expelled", "bukharin", "") not in t.events
    assert ("expelled", "bukharin") in t.sanctioned  # still known, so never "false"
    kinds = {kind for kind, _, _ in t.events}
    assert "office_appointed" not in kinds  # Stalin 1922-04, Kirov 1926-01
    assert "doctrine_published" not in kinds
    assert "top_elected" not in kinds


def test_targets_from_1927_keep_only_events_from_month_36(
    ussr: Scenario, record: tuple[RecordEvent, ...]
) -> None:
    t = target_for(ussr, record, since="1927-01")
    assert min(t.events.values()) >= 36
    assert ("top_removed", "trotsky", "") not in t.events  # 1926-10
    assert ("electing_removed", "trotsky", "") in t.events  # 1927-10
    assert t.votes == {}  # the 14th Congress vote was in month 23
    assert ("top_removed", "zinoviev", "") not in t.key_events
    assert ("expelled", "trotsky", "") in t.key_events
    assert ("top_removed", "trotsky") in t.sanctioned


def test_targets_from_before_the_start_still_exclude_rows_before_it(
    ussr: Scenario, record: tuple[RecordEvent, ...]
) -> None:
    earlier = record_row("1923-06", "expelled", "Bukharin")  # invented, month -7
    t = target_for(ussr, (earlier, *record), since="1923-01")
    assert ("expelled", "bukharin", "") not in t.events


def test_the_records_winner_is_found_through_the_same_names_as_its_facts(
    minimal_scenario_dict: dict[str, Any],
) -> None:
    data = copy_of(minimal_scenario_dict)
    data["actors"][1]["name"] = "Lev Alphaev"
    data["actors"][2]["name"] = "Ivan Betaev"
    scenario = Scenario.model_validate(data)
    history = (
        record_row(
            "1925-12", "congress_vote", "Alphaev", ("Betaev",), **{"for": 400, "against": 100}
        ),
        record_row("1926-01", "politburo_removed", "Betaev"),
    )
    t = target_for(scenario, history)
    assert t.events == {("top_removed", "beta", ""): 24}  # the names did resolve here
    # beta left the top body and alpha carried the latest congress vote: alpha won.
    assert t.winner == "alpha"


# --------------------------------------------------------------------------- baselines


def test_top_office_baseline_picks_the_office_with_most_powers(
    minimal_scenario_dict: dict[str, Any],
) -> None:
    # secretary (alpha) grants 2 powers, army_chief (beta) 1.
    assert top_office_holder(world_of(minimal_scenario_dict)) == "alpha"
    data = copy_of(minimal_scenario_dict)
    data["offices"][1]["powers"] = ["command_army", "command_security", "international"]
    assert top_office_holder(world_of(data)) == "beta"


def test_top_office_baseline_credits_a_followers_office_to_his_patron(
    minimal_scenario_dict: dict[str, Any],
) -> None:
    data = copy_of(minimal_scenario_dict)
    data["offices"][0]["holder"] = "gamma"  # gamma follows alpha
    assert top_office_holder(world_of(data)) == "alpha"


def test_top_office_baseline_has_no_winner_when_the_office_is_vacant(
    minimal_scenario_dict: dict[str, Any],
) -> None:
    data = copy_of(minimal_scenario_dict)
    add_office(data, "chairman", ["chair_government", "edit_press", "international"], None)
    assert top_office_holder(world_of(data)) is None


def test_most_supported_baseline_counts_top_body_seats_by_patron(
    minimal_scenario_dict: dict[str, Any],
) -> None:
    # Politburo of 5: leader (no patron), alpha, beta, gamma (alpha's) and one
    # anonymous seat seeded like the secretaries: alpha 3 of 6 provinces, beta 1,
    # 2 unaligned, so the largest remainder (3/6) gives it to alpha. alpha 3, beta 1.
    assert most_supported(world_of(minimal_scenario_dict)) == "alpha"
    data = copy_of(minimal_scenario_dict)
    for name in ("b1", "b2", "b3"):
        add_actor(data, name, patron="beta", bodies=["politburo"])
    # Now 7 named seats, none anonymous: alpha 2 (alpha, gamma), beta 4.
    assert most_supported(world_of(data)) == "beta"


def test_most_reputed_baseline_picks_the_highest_starting_reputation(
    minimal_scenario_dict: dict[str, Any],
) -> None:
    data = copy_of(minimal_scenario_dict)
    set_traits(data, "alpha", reputation=0.3)
    set_traits(data, "beta", reputation=0.9)
    set_traits(data, "gamma", reputation=1.0)  # not a contender: ignored
    assert most_reputed(world_of(data)) == "beta"


def test_meeting_months_of_congress_and_electing_body(
    minimal_scenario_dict: dict[str, Any],
) -> None:
    months = meeting_months(world_of(minimal_scenario_dict))
    # 36 months from 1924-01; the one congress is 1925-12, month 23.
    # remove_electing and adopt_doctrine are the congress's alone.
    assert months["electing_removed"] == [23]
    assert months["doctrine_adopted"] == [23]
    # The Central Committee decides remove_top and expel and meets every 4 months
    # (0, 4, ..., 32), and with each congress (23).
    statutory = [0, 4, 8, 12, 16, 20, 23, 24, 28, 32]
    assert months["top_removed"] == statutory
    assert months["expelled"] == statutory
    # The Politburo (remove_office) has no interval: it sits with the Central Committee.
    assert months["office_removed"] == statutory
    # No body decides exile: any month.
    assert months["exiled"] == list(range(36))


def _small_target() -> Target:
    record = [
        Fact("top_removed", "beta", "", 10),
        Fact("electing_removed", "beta", "", 23),
        Fact("expelled", "beta", "", 25),
        Fact("recanted", "beta", "", 31),
    ]
    return Target.build(record, "alpha", ("alpha", "beta"), (), 36)


def test_random_meeting_places_each_event_at_a_meeting_of_its_body(
    minimal_scenario_dict: dict[str, Any],
) -> None:
    world = world_of(minimal_scenario_dict)
    months = meeting_months(world)
    t = _small_target()
    facts = random_meeting_facts(world, t, months, np.random.default_rng(1))
    assert sorted(f.key for f in facts) == sorted(t.events)
    assert [f.month for f in facts] == sorted(f.month for f in facts)
    by_kind = {f.kind: f.month for f in facts}
    assert by_kind["electing_removed"] == 23  # the congress's only sitting
    assert by_kind["top_removed"] in months["top_removed"]
    assert by_kind["expelled"] in months["expelled"]
    assert 0 <= by_kind["recanted"] < 36  # no body decides it: any month


def test_random_meeting_draws_cover_exactly_the_meeting_months(
    minimal_scenario_dict: dict[str, Any],
) -> None:
    world = world_of(minimal_scenario_dict)
    months = meeting_months(world)
    rng = np.random.default_rng(3)
    drawn = set()
    for _ in range(200):
        for f in random_meeting_facts(world, _small_target(), months, rng):
            if f.kind == "top_removed":
                drawn.add(f.month)
    # 10 meeting months drawn 200 times: all appear (miss chance ~ 10 * 0.9**200).
    assert drawn == set(months["top_removed"])


def test_random_meeting_is_reproducible_from_a_seeded_generator(
    minimal_scenario_dict: dict[str, Any],
) -> None:
    world = world_of(minimal_scenario_dict)
    months = meeting_months(world)
    t = _small_target()

    def draw(seed: int) -> list[Fact]:
        return random_meeting_facts(world, t, months, np.random.default_rng(seed))

    assert draw(7) == draw(7)
    # Three free draws over 10, 10 and 36 months: across 20 seeds they cannot all agree.
    assert any(draw(seed) != draw(7) for seed in range(20))


# --------------------------------------------------------------------------- the ensemble


@pytest.fixture(scope="module")
def validated(ussr: Scenario, record: tuple[RecordEvent, ...]) -> Validation:
    return validate(
        Configuration(ussr, load_params()), record, runs=5, seed=0, record_name="ussr-1922-1930"
    )


def test_validate_summarises_the_model_and_the_four_baselines(validated: Validation) -> None:
    assert validated.runs == 5
    assert validated.record_winner == ("stalin", "1929-11")
    assert tuple(validated.baselines) == BASELINE_NAMES
    assert tuple(name for name, _ in BASELINES) == BASELINE_NAMES
    assert validated.model.runs == 5
    assert validated.baselines["random_meeting"].runs == 5
    for name in ("top_office", "top_body_supporters", "most_reputed"):
        assert validated.baselines[name].runs == 1  # one prediction each


def test_every_summarys_winner_shares_sum_to_one(validated: Validation) -> None:
    for summary in (validated.model, *validated.baselines.values()):
        shares = [share for share, _, _ in summary.winners.values()]
        assert set(summary.winners) == {*validated.model.winners}
        assert len(shares) == 8  # seven contenders and "none"
        assert sum(shares) == pytest.approx(1.0)


def test_the_top_office_baseline_on_the_bundled_scenario_is_stalin(
    validated: Validation,
) -> None:
    # The General Secretary grants 3 powers, every other office at most 1.
    top_office = validated.baselines["top_office"]
    assert top_office.winners["stalin"][0] == 1.0
    # W 1, E 0, O 0.5 (no seat losses: tau undefined), N 1, V 0: F = 2.5 / 5.
    assert top_office.components == {"W": 1.0, "E": 0.0, "O": 0.5, "N": 1.0, "V": 0.0}
    assert top_office.fidelity == pytest.approx(0.5)


def test_the_random_meeting_baseline_names_no_winner_and_invents_nothing(
    validated: Validation,
) -> None:
    random_meeting = validated.baselines["random_meeting"]
    assert random_meeting.winners["none"][0] == 1.0
    assert random_meeting.components["W"] == 0.0
    assert random_meeting.false_rate == 0.0  # it only places the record's own events
    assert all(e.share == 1.0 for e in random_meeting.events)


def test_the_same_seed_gives_the_same_validation(
    ussr: Scenario, record: tuple[RecordEvent, ...], validated: Validation
) -> None:
    again = validate(
        Configuration(ussr, load_params()), record, runs=5, seed=0, record_name="ussr-1922-1930"
    )
    first = json.dumps(validation_dict(validated, ussr), sort_keys=True)
    assert json.dumps(validation_dict(again, ussr), sort_keys=True) == first


def test_another_seed_is_recorded_and_may_differ(
    ussr: Scenario, record: tuple[RecordEvent, ...], validated: Validation
) -> None:
    other = validate(
        Configuration(ussr, load_params()), record, runs=5, seed=1, record_name="ussr-1922-1930"
    )
    before = validation_dict(validated, ussr)
    after = validation_dict(other, ussr)
    assert (before["seed"], after["seed"]) == (0, 1)
    # The random-meeting baseline draws ~30 event months 5 times: a new seed moves some.
    months = [
        [e["median_month"] for e in d["baselines"]["random_meeting"]["events"]]
        for d in (before, after)
    ]
    assert months[0] != months[1]
    # The deterministic baselines do not depend on the seed.
    assert before["baselines"]["top_office"] == after["baselines"]["top_office"]


def test_validate_from_a_later_month_scores_only_later_events(
    ussr: Scenario, record: tuple[RecordEvent, ...]
) -> None:
    v = validate(Configuration(ussr, load_params()), record, runs=1, seed=0, since="1927-01")
    assert v.since == "1927-01"
    assert min(e.record_month for e in v.model.events) >= 36
    assert v.model.votes == {}
    assert not math.isnan(v.model.fidelity)


def test_a_record_with_votes_of_any_body_and_arrests_validates_and_says_what_it_left_out(
    ussr: Scenario, record: tuple[RecordEvent, ...]
) -> None:
    plenum = record_row("1926-10", "body_vote", "Stalin", ("Trotsky",), **{"for": 50})
    arrest = record_row("1928-01", "arrested", "Trotsky")
    richer = tuple(sorted((*record, plenum, arrest), key=lambda row: row.month))
    checked = validate(Configuration(ussr, load_params()), richer, runs=2, seed=0)
    left_out = {u.kind: u for u in checked.unscored}
    assert left_out["body_vote"].rows == 1 and left_out["arrested"].rows == 1
    assert "no vote of a body other than the congress" in left_out["body_vote"].reason
    listed = validation_dict(checked, ussr)["unscored"]
    assert {"kind": "arrested", "rows": 1, "reason": left_out["arrested"].reason} in listed
    assert not any(
        kind in ("body_vote", "arrested") for kind, _, _ in target_for(ussr, richer).events
    )
