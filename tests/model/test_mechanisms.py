"""Each mechanism of the engine, on small states set by hand.

Every test builds a world from a small scenario, sets the arrays of its state
to create one situation, and checks what one mechanism does with it. None of
them asserts a tuned outcome of a whole run.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import politburo
from builders import (
    QUIET_VOTE,
    actor,
    add_actor,
    add_office,
    anonymous_count,
    body,
    build,
    copy_of,
    fill_anonymous,
    office,
    remove_named,
    set_traits,
    split,
)
from politburo.model.events import Kind
from politburo.model.mechanisms import (
    alliances,
    circular_flow,
    doctrines,
    motions,
    patronage,
    pretexts,
    recantation,
    vacancies,
)
from politburo.model.mechanisms.coup import coup_odds, force_against, stage_coup, tempted
from politburo.model.mechanisms.recantation import awaiting_readmission, may_recant, recant
from politburo.model.mechanisms.reputation import attack, evidence_against, exposure, monthly_drift
from politburo.model.mechanisms.threat import Threats, threats
from politburo.model.policy import MOVES, LegalMoves, MoveKind, Situation, traits
from politburo.model.state import State
from politburo.model.winner import winner
from politburo.model.world import World
from politburo.scenario.generator import random_scenario
from politburo.scenario.params import Params
from politburo.scenario.schema import MotionKind, ScheduledEvent, ShockRule

Data = dict[str, Any]


def make_threats(leaders: list[int], levels: list[float]) -> Threats:
    """A ``Threats`` in which every contender fears the others by power alone."""
    ids = np.array(leaders, dtype=np.int64)
    level = np.array(levels, dtype=np.float64)
    # Nothing hidden and no doctrinal weighting: the threat each poses is his power.
    return Threats.rank(ids, level, level, np.zeros((ids.size, 1)), 0.0)


def four_contenders(data: Data) -> Data:
    """The minimal scenario with two more contenders, delta and epsilon, in the bodies."""
    out = copy_of(data)
    add_actor(out, "delta", contender=True, bodies=("politburo", "cc"))
    add_actor(out, "epsilon", contender=True, bodies=("politburo", "cc"))
    out["bodies"][0]["size"] = 7
    return out


def with_doctrines(data: Data) -> Data:
    """The minimal scenario with a published party line and an unpublished programme."""
    out = copy_of(data)
    out["doctrines"] = [
        {"id": "old_line", "name": "Old Line", "position": [0.0], "author": "leader",
         "published": True},
        {"id": "programme", "name": "Programme", "position": [-0.8], "author": "alpha"},
    ]  # fmt: skip
    return out


def fresh_rng() -> np.random.Generator:
    return np.random.default_rng(0)


# --------------------------------------------------------------------------- parameters


def _read_parameters() -> set[str]:
    """Names of parameters read anywhere in the package outside params.py."""
    package = Path(politburo.__file__).parent
    text = "\n".join(
        p.read_text(encoding="utf-8") for p in package.rglob("*.py") if p.name != "params.py"
    )
    return {name for name in Params.model_fields if re.search(rf"\b{name}\b", text)}


@pytest.mark.parametrize(
    "name",
    [name for name in Params.model_fields],
)
def test_every_parameter_is_read_by_some_mechanism(name: str) -> None:
    # A parameter nothing reads would be calibrated and varied for nothing.
    assert name in _read_parameters()


# --------------------------------------------------------------------------- patronage


def test_appointments_replace_only_secretaries_loyal_to_others(minimal_scenario_dict: Data) -> None:
    data = copy_of(minimal_scenario_dict)
    data["province_groups"][0]["count"] = 40
    set_traits(data, "alpha", office_for_faction=1.0)
    world, state = build(data, appointment_rate=0.2)
    alpha = actor(world, "alpha")
    start = state.secretary.copy()
    rng = np.random.default_rng(0)
    for _ in range(12):
        before = state.secretary.copy()
        events = patronage.appoint_secretaries(world, state, rng)
        moved = before != state.secretary
        assert np.all(state.secretary[before == alpha] == alpha), "his own men stay"
        assert np.all(state.secretary[moved] == alpha), "replacements are his men"
        assert bool(moved.any()) == bool(events)
        for e in events:
            assert e.kind is Kind.SECRETARIES_APPOINTED and e.actor == "alpha"
    assert (state.secretary != start).sum() > 0
    assert np.all(state.secretary[start == alpha] == alpha)


def test_appointments_place_the_holders_faction_leader_s_men(minimal_scenario_dict: Data) -> None:
    data = copy_of(minimal_scenario_dict)
    data["offices"][0]["holder"] = "gamma"  # gamma follows alpha
    set_traits(data, "gamma", office_for_faction=1.0)
    world, state = build(data, appointment_rate=0.2)
    alpha = actor(world, "alpha")
    before = state.secretary.copy()
    rng = np.random.default_rng(1)
    for _ in range(24):
        patronage.appoint_secretaries(world, state, rng)
    moved = before != state.secretary
    assert moved.any()
    assert np.all(state.secretary[moved] == alpha)


def test_merit_appointments_win_no_followers_without_gratitude(
    minimal_scenario_dict: Data,
) -> None:
    data = copy_of(minimal_scenario_dict)
    set_traits(data, "alpha", office_for_faction=0.0)
    world, state = build(data, appointment_rate=0.2, merit_loyalty=0.0)
    alpha = actor(world, "alpha")
    before = state.secretary == alpha
    rng = np.random.default_rng(2)
    for _ in range(50):
        assert patronage.appoint_secretaries(world, state, rng) == []
    assert not np.any((state.secretary == alpha) & ~before)


def test_merit_appointees_follow_the_appointer_at_the_merit_loyalty_rate(
    minimal_scenario_dict: Data,
) -> None:
    data = copy_of(minimal_scenario_dict)
    data["province_groups"][0]["count"] = 400
    data["province_groups"][0]["secretaries_loyal"] = {}
    set_traits(data, "alpha", office_for_faction=0.0)
    world, state = build(data, appointment_rate=0.2, merit_loyalty=0.3)
    alpha = actor(world, "alpha")
    patronage.appoint_secretaries(world, state, np.random.default_rng(3))
    open_posts = np.flatnonzero(world.city_led < 0)
    share = float((state.secretary[open_posts] == alpha).mean())
    # About a fifth of the posts are filled in a month, 30% of them by grateful men.
    assert share == pytest.approx(0.2 * 0.3, abs=0.03)


def test_no_appointments_when_the_office_is_vacant(minimal_scenario_dict: Data) -> None:
    world, state = build(minimal_scenario_dict, appointment_rate=0.2)
    state.office_holder[office(world, "secretary")] = -1
    before = state.secretary.copy()
    rng = np.random.default_rng(3)
    for _ in range(20):
        assert patronage.appoint_secretaries(world, state, rng) == []
    assert np.array_equal(state.secretary, before)


def _with_city(data: Data, holder: str) -> Data:
    out = copy_of(data)
    add_office(out, "capital_chief", ["lead_city"], holder, province="capital")
    set_traits(out, "alpha", office_for_faction=1.0)
    return out


def test_a_city_led_by_an_office_is_never_given_an_appointed_secretary(
    minimal_scenario_dict: Data,
) -> None:
    world, state = build(_with_city(minimal_scenario_dict, "beta"), appointment_rate=0.2)
    alpha, beta = actor(world, "alpha"), actor(world, "beta")
    capital = world.province_names.index("capital")
    rng = np.random.default_rng(4)
    for _ in range(60):
        patronage.appoint_secretaries(world, state, rng)
        patronage.city_secretaries(world, state)
        assert state.secretary[capital] == beta
    assert np.all(np.delete(state.secretary, capital) == alpha)


def test_a_city_led_by_an_office_keeps_its_holders_secretary(minimal_scenario_dict: Data) -> None:
    world, state = build(_with_city(minimal_scenario_dict, "beta"))
    capital = world.province_names.index("capital")
    chief = office(world, "capital_chief")
    state.office_holder[chief] = actor(world, "gamma")
    patronage.city_secretaries(world, state)
    assert state.secretary[capital] == actor(world, "alpha"), "gamma's leader"
    state.office_holder[chief] = -1
    patronage.city_secretaries(world, state)
    assert state.secretary[capital] == -1


def test_a_recruitment_wave_gives_the_organiser_a_share_equal_to_his_readiness(
    minimal_scenario_dict: Data,
) -> None:
    data = copy_of(minimal_scenario_dict)
    set_traits(data, "alpha", office_for_faction=0.7)
    world, state = build(data, recruitment_size=0.5)
    alpha, beta = actor(world, "alpha"), actor(world, "beta")
    before = state.members.copy()
    totals = before.sum(axis=1)
    recruiting = patronage.can_recruit(world, state, alpha)
    assert recruiting == office(world, "secretary")
    e = patronage.recruitment_wave(world, state, alpha, recruiting)
    added = state.members - before
    assert e.kind is Kind.RECRUITMENT_DRIVE
    assert added.sum(axis=1) == pytest.approx(0.5 * totals)
    assert added[:, alpha] == pytest.approx(0.7 * 0.5 * totals)
    assert added[:, -1] == pytest.approx(0.3 * 0.5 * totals)
    assert added[:, beta] == pytest.approx(0.0)


def test_recruitment_waits_for_its_interval_and_needs_the_office(
    minimal_scenario_dict: Data,
) -> None:
    world, state = build(minimal_scenario_dict, recruitment_interval=12)
    alpha, beta = actor(world, "alpha"), actor(world, "beta")
    assert patronage.can_recruit(world, state, beta) == -1
    state.month = 3
    patronage.recruitment_wave(world, state, alpha, patronage.can_recruit(world, state, alpha))
    state.month = 14
    assert patronage.can_recruit(world, state, alpha) == -1
    state.month = 15
    assert patronage.can_recruit(world, state, alpha) == office(world, "secretary")


# --------------------------------------------------------------------------- circular flow


@pytest.mark.parametrize(
    ("total", "weights"),
    [(10, [1, 1, 1]), (748, [35_000, 55_000, 55_000, 3_717]), (7, [5, 0, 2]), (1, [3, 4])],
)
def test_apportion_sums_to_the_total_and_is_proportional(total: int, weights: list[int]) -> None:
    seats = circular_flow.apportion(total, np.array(weights))
    quotas = total * np.array(weights) / sum(weights)
    assert seats.sum() == total
    assert np.all(np.abs(seats - quotas) < 1.0)
    assert np.all(seats[np.array(weights) == 0] == 0)


def test_apportion_of_nothing_gives_no_seats() -> None:
    assert circular_flow.apportion(0, np.array([1.0, 2.0])).tolist() == [0, 0]
    assert circular_flow.apportion(5, np.zeros(3)).tolist() == [0, 0, 0]


def test_resize_keeps_named_seats(minimal_scenario_dict: Data) -> None:
    world, state = build(minimal_scenario_dict)
    cc = body(world, "cc")
    seats = state.seats[cc]
    named = sorted(seats.actor[seats.actor >= 0].tolist())
    grown = circular_flow.resize(seats, 60)
    assert grown.size == 60
    assert sorted(grown.actor[grown.actor >= 0].tolist()) == named
    assert np.all(grown.patron[seats.size :] == -1)
    shrunk = circular_flow.resize(seats, 10)
    assert shrunk.size == 10
    assert sorted(shrunk.actor[shrunk.actor >= 0].tolist()) == named
    assert circular_flow.resize(seats, seats.size) is seats


def _congress_patrons(world: World, state: State) -> np.ndarray:
    return state.seats[world.congress].patron


def test_delegates_follow_secretaries_when_secretary_control_is_one(
    minimal_scenario_dict: Data,
) -> None:
    world, state = build(minimal_scenario_dict, secretary_control=1.0)
    alpha, beta = actor(world, "alpha"), actor(world, "beta")
    state.secretary[:] = [alpha if k % 2 else beta for k in range(state.secretary.size)]
    circular_flow.choose_delegates(world, state, np.random.default_rng(5))
    per_province = circular_flow.apportion(
        state.seats[world.congress].size, state.members.sum(axis=1)
    )
    patrons = _congress_patrons(world, state)
    assert patrons.size == state.seats[world.congress].size
    assert (patrons == alpha).sum() == per_province[state.secretary == alpha].sum()
    assert (patrons == beta).sum() == per_province[state.secretary == beta].sum()


def test_delegates_follow_the_members_when_secretary_control_is_zero(
    minimal_scenario_dict: Data,
) -> None:
    world, state = build(minimal_scenario_dict, secretary_control=0.0)
    alpha, beta = actor(world, "alpha"), actor(world, "beta")
    state.secretary[:] = alpha
    state.members[:] = 0.0
    state.members[:, beta] = 1000.0
    circular_flow.choose_delegates(world, state, np.random.default_rng(6))
    assert np.all(_congress_patrons(world, state) == beta)


def _congress_split(world: World, state: State, counts: dict[int, int]) -> None:
    seats = state.seats[world.congress]
    seats.actor[:] = -1
    seats.patron[:] = -1
    seats.patron[: sum(counts.values())] = split(counts)


@pytest.mark.parametrize("bias", [1.0, 2.0, 3.0])
def test_the_electing_bodys_anonymous_seats_follow_the_congress_majority_with_slate_bias(
    minimal_scenario_dict: Data, bias: float
) -> None:
    world, state = build(minimal_scenario_dict, slate_bias=bias)
    alpha, beta, cc = actor(world, "alpha"), actor(world, "beta"), body(world, "cc")
    _congress_split(world, state, {alpha: 420, beta: 180})
    events = circular_flow.elect_bodies(world, state)
    assert [e.body for e in events] == ["cc"]
    seats = state.seats[cc]
    anonymous = seats.actor < 0
    n = int(anonymous.sum())
    weights = np.zeros(world.n_actors + 1)
    weights[alpha + 1], weights[beta + 1] = 420.0**bias, 180.0**bias
    expected = circular_flow.apportion(n, weights)
    assert (seats.patron[anonymous] == alpha).sum() == expected[alpha + 1]
    assert (seats.patron[anonymous] == beta).sum() == expected[beta + 1]
    share = (seats.patron[anonymous] == alpha).mean()
    if bias == 1.0:
        assert share == pytest.approx(0.7, abs=1 / n)
    else:
        assert share > 0.7 + 1 / n


def test_delegates_of_a_fallen_patron_elect_no_one_of_his(minimal_scenario_dict: Data) -> None:
    world, state = build(minimal_scenario_dict)
    alpha, beta, cc = actor(world, "alpha"), actor(world, "beta"), body(world, "cc")
    _congress_split(world, state, {alpha: 300, beta: 300})
    state.in_party[beta] = False
    circular_flow.elect_bodies(world, state)
    anonymous = state.seats[cc].actor < 0
    assert not (state.seats[cc].patron[anonymous] == beta).any()


def _vacancy_scenario(data: Data) -> Data:
    out = copy_of(data)
    add_actor(out, "sanctioned_man", patron="alpha", bodies=("cc",), reputation=0.95)
    add_actor(out, "recanted_man", patron="alpha", bodies=("cc",), reputation=0.9)
    add_actor(out, "outsider", patron="alpha", reputation=1.0)
    add_actor(out, "rival_man", patron="beta", bodies=("cc",), reputation=0.85)
    add_actor(out, "eligible_man", patron="alpha", bodies=("cc",), reputation=0.6)
    return out


def test_top_vacancies_are_filled_from_the_electing_bodys_eligible_members(
    minimal_scenario_dict: Data,
) -> None:
    world, state = build(_vacancy_scenario(minimal_scenario_dict))
    alpha, cc, top = actor(world, "alpha"), body(world, "cc"), body(world, "politburo")
    fill_anonymous(state, cc, split({alpha: anonymous_count(state, cc)}))
    state.sanctioned[actor(world, "sanctioned_man")] = True
    state.recanted[actor(world, "recanted_man")] = True
    assert anonymous_count(state, top) == 1
    events = vacancies.fill_top_vacancies(world, state)
    assert [e.actor for e in events] == ["eligible_man"]
    assert anonymous_count(state, top) == 0
    assert state.in_body(top, actor(world, "eligible_man"))


def test_top_vacancies_stay_open_when_no_member_is_eligible(minimal_scenario_dict: Data) -> None:
    data = copy_of(minimal_scenario_dict)
    add_actor(data, "outsider", patron="alpha", reputation=1.0)
    world, state = build(data)
    top = body(world, "politburo")
    assert vacancies.fill_top_vacancies(world, state) == []
    assert anonymous_count(state, top) == 1


def test_a_seat_left_vacant_by_reelection_follows_no_one(minimal_scenario_dict: Data) -> None:
    data = copy_of(minimal_scenario_dict)
    add_actor(data, "beta_man", patron="beta", bodies=("cc",), reputation=0.99)
    world, state = build(data)
    alpha, beta, cc, top = (
        actor(world, "alpha"), actor(world, "beta"), body(world, "cc"), body(world, "politburo")
    )  # fmt: skip
    seat = int(np.flatnonzero(state.seats[top].actor < 0)[0])
    # The top body's one anonymous seat starts with a patron, like every anonymous seat.
    assert state.seats[top].patron[seat] == alpha
    fill_anonymous(state, cc, split({beta: anonymous_count(state, cc)}))
    vacancies.fill_top_vacancies(world, state)
    beta_man = actor(world, "beta_man")
    assert state.seats[top].actor[seat] == beta_man
    # beta's camp loses the electing body and is condemned.
    fill_anonymous(state, cc, split({alpha: anonymous_count(state, cc)}))
    state.condemned[beta] = True
    events = circular_flow.reelect_top(world, state)
    assert [e.actor for e in events] == ["beta", "beta_man"], "his camp and he himself"
    assert state.seats[top].actor[seat] == -1
    assert state.seat_patrons(top)[seat] == -1, "an empty seat follows no one"


def test_a_vacant_office_is_filled_from_the_majoritys_camp(minimal_scenario_dict: Data) -> None:
    data = copy_of(minimal_scenario_dict)
    add_actor(data, "rival_man", patron="beta", bodies=("cc",), reputation=0.99)
    world, state = build(data)
    alpha, beta, cc = actor(world, "alpha"), actor(world, "beta"), body(world, "cc")
    fill_anonymous(state, cc, split({alpha: anonymous_count(state, cc)}))
    army = office(world, "army_chief")
    state.office_holder[army] = -1
    state.reputation[beta] = 1.0
    events = vacancies.fill_offices(world, state, cc)
    assert [e.office for e in events] == ["army_chief"]
    holder = int(state.office_holder[army])
    assert state.patron[holder] == alpha
    assert holder != actor(world, "alpha"), "a man holds one office at a time"


# --------------------------------------------------------------------------- motions


def test_next_step_climbs_the_ladder_and_apply_does_what_each_rung_says(
    minimal_scenario_dict: Data,
) -> None:
    data = copy_of(minimal_scenario_dict)
    data["bodies"][1]["decides"] = ["demote_top", *data["bodies"][1]["decides"]]
    world, state = build(data)
    alpha, beta = actor(world, "alpha"), actor(world, "beta")
    top, cc = body(world, "politburo"), body(world, "cc")
    army = office(world, "army_chief")
    rng = np.random.default_rng(0)
    climbed = []
    while (step := motions.next_step(world, state, beta)) is not None:
        kind, office_index = step
        climbed.append(kind)
        motions.apply(world, state, kind, beta, office_index, alpha, cc, rng)
        assert state.sanctioned[beta]
        assert state.condemned[beta] == (kind is not MotionKind.REMOVE_OFFICE)
        if kind is MotionKind.REMOVE_OFFICE:
            assert office_index == army and state.office_holder[army] == -1
            assert state.in_body(top, beta)
        elif kind is MotionKind.DEMOTE_TOP:
            assert not state.in_body(top, beta) and state.candidate[beta]
        elif kind is MotionKind.REMOVE_TOP:
            assert not state.candidate[beta] and state.in_body(cc, beta)
        elif kind is MotionKind.REMOVE_ELECTING:
            assert not state.in_body(cc, beta) and state.in_party[beta]
        elif kind is MotionKind.EXPEL:
            assert not state.in_party[beta] and state.exile[beta] == 0
        elif kind is MotionKind.EXILE:
            assert state.exile[beta] == 1
        elif kind is MotionKind.DEPORT:
            assert state.exile[beta] == 2
        assert len(climbed) <= len(motions.LADDER)
    assert tuple(climbed) == motions.LADDER


def test_demotion_is_skipped_where_no_body_has_the_right_to_demote(
    minimal_scenario_dict: Data,
) -> None:
    world, state = build(minimal_scenario_dict)
    beta = actor(world, "beta")
    state.office_holder[office(world, "army_chief")] = -1
    assert motions.next_step(world, state, beta) == (MotionKind.REMOVE_TOP, -1)


def test_next_step_skips_rungs_already_suffered(minimal_scenario_dict: Data) -> None:
    world, state = build(minimal_scenario_dict)
    beta = actor(world, "beta")
    state.office_holder[office(world, "army_chief")] = -1
    remove_named(state, body(world, "politburo"), beta)
    assert motions.next_step(world, state, beta) == (MotionKind.REMOVE_ELECTING, -1)


def test_expulsion_strips_offices_and_seats_but_the_alliance_stands(
    minimal_scenario_dict: Data,
) -> None:
    # An expelled oppositionist and his allies stay allied until one of them capitulates.
    world, state = build(four_contenders(minimal_scenario_dict))
    alpha, beta, delta = actor(world, "alpha"), actor(world, "beta"), actor(world, "delta")
    state.allied[beta, delta] = state.allied[delta, beta] = True
    motions.apply(world, state, MotionKind.EXPEL, beta, -1, alpha, body(world, "cc"), fresh_rng())
    assert not state.in_party[beta]
    assert state.offices_held(beta) == []
    assert not any(state.in_body(b, beta) for b in range(len(world.body_ids)))
    assert state.allied[beta, delta] and state.allied[delta, beta]


def test_removal_from_the_electing_body_co_opts_a_member_of_the_winners_camp(
    minimal_scenario_dict: Data,
) -> None:
    world, state = build(minimal_scenario_dict)
    alpha, beta = actor(world, "alpha"), actor(world, "beta")
    top, cc = body(world, "politburo"), body(world, "cc")
    electing_seat = int(np.flatnonzero(state.seats[cc].actor == beta)[0])
    top_seat = int(np.flatnonzero(state.seats[top].actor == beta)[0])
    motions.apply(world, state, MotionKind.REMOVE_ELECTING, beta, -1, alpha, cc, fresh_rng())
    assert state.seats[cc].actor[electing_seat] == -1
    assert state.seats[cc].patron[electing_seat] == alpha
    # His seat in the top body is left empty, for the electing body to fill.
    assert state.seats[top].actor[top_seat] == -1
    assert state.seats[top].patron[top_seat] == -1


def test_readmission_restores_membership(minimal_scenario_dict: Data) -> None:
    world, state = build(minimal_scenario_dict)
    alpha, beta = actor(world, "alpha"), actor(world, "beta")
    cc = body(world, "cc")
    motions.apply(world, state, MotionKind.EXPEL, beta, -1, alpha, cc, fresh_rng())
    motions.apply(world, state, MotionKind.READMIT, beta, -1, alpha, cc, fresh_rng())
    assert state.in_party[beta]


def test_severity_rises_along_the_ladder_to_one() -> None:
    severities = [motions.severity(kind) for kind in motions.LADDER]
    assert severities == sorted(severities)
    assert severities[-1] == 1.0 and severities[0] > 0.0


def _all_meeting(world: World) -> np.ndarray:
    return np.ones(len(world.body_ids), dtype=np.bool_)


@pytest.mark.parametrize("kind", [*motions.LADDER, MotionKind.READMIT])
def test_a_motion_is_decided_only_by_a_body_with_the_right_to_decide_it(
    kind: MotionKind,
) -> None:
    world, _ = build(random_scenario(11))
    for office_index in range(len(world.office_ids)):
        chosen = motions.deciding_body(world, kind, office_index, _all_meeting(world))
        assert chosen >= 0
        assert kind in world.body_decides[chosen]


def test_no_body_decides_when_none_with_the_right_meets() -> None:
    world, _ = build(random_scenario(11))
    nobody = np.zeros(len(world.body_ids), dtype=np.bool_)
    for kind in motions.LADDER:
        assert motions.deciding_body(world, kind, 0, nobody) == -1
    only_top = nobody.copy()
    only_top[world.top] = True
    assert motions.deciding_body(world, MotionKind.EXPEL, 0, only_top) == -1
    assert motions.deciding_body(world, MotionKind.EXILE, 0, only_top) == world.top


def test_the_most_authoritative_meeting_body_decides() -> None:
    world, _ = build(random_scenario(11))
    meeting = _all_meeting(world)
    assert motions.deciding_body(world, MotionKind.EXPEL, 0, meeting) == world.congress
    meeting[world.congress] = False
    assert motions.deciding_body(world, MotionKind.EXPEL, 0, meeting) == world.electing
    meeting[world.electing] = False
    assert motions.deciding_body(world, MotionKind.EXPEL, 0, meeting) == world.disciplinary


def test_office_removal_is_decided_only_by_a_body_with_the_right_to_remove_offices(
    minimal_scenario_dict: Data,
) -> None:
    # The minimal scenario gives remove_office to the top body only, while the
    # electing body appoints every office.
    world, _ = build(minimal_scenario_dict)
    chosen = motions.deciding_body(
        world, MotionKind.REMOVE_OFFICE, office(world, "army_chief"), _all_meeting(world)
    )
    assert chosen == -1 or MotionKind.REMOVE_OFFICE in world.body_decides[chosen]


def test_a_carried_motion_is_applied_and_a_failed_one_costs_the_proposer(
    minimal_scenario_dict: Data,
) -> None:
    world, state = build(
        minimal_scenario_dict, **{**QUIET_VOTE, "vote_loyalty": 8.0, "vote_abstain": -4.0}
    )
    alpha, beta, cc = actor(world, "alpha"), actor(world, "beta"), body(world, "cc")
    army = office(world, "army_chief")
    rng = np.random.default_rng(7)
    fill_anonymous(state, cc, split({beta: anonymous_count(state, cc)}))
    standing = float(state.reputation[alpha])
    (failed,) = motions.propose(
        world, state, alpha, beta, MotionKind.REMOVE_OFFICE, army, cc, rng, ("test",)
    )
    assert failed.kind is Kind.MOTION_FAILED
    assert state.office_holder[army] == beta
    assert state.reputation[alpha] < standing
    fill_anonymous(state, cc, split({alpha: anonymous_count(state, cc)}))
    (carried,) = motions.propose(
        world, state, alpha, beta, MotionKind.REMOVE_OFFICE, army, cc, rng, ("test",)
    )
    assert carried.kind is Kind.OFFICE_REMOVED
    assert state.office_holder[army] == -1
    assert carried.votes_for is not None and carried.votes_for > (carried.votes_against or 0)


# --------------------------------------------------------------------------- reputation


def test_an_attack_costs_the_attacker_more_from_the_minority(minimal_scenario_dict: Data) -> None:
    costs = {}
    for side in ("alpha", "beta"):
        world, state = build(minimal_scenario_dict, attack_cost=0.03, faction_ban_cost=0.05)
        alpha, beta, cc = actor(world, "alpha"), actor(world, "beta"), body(world, "cc")
        fill_anonymous(state, cc, split({actor(world, side): anonymous_count(state, cc)}))
        before = float(state.reputation[alpha])
        attack(world, state, alpha, beta)
        costs[side] = before - float(state.reputation[alpha])
        assert state.factional[alpha] == (1.0 if side == "beta" else 0.0)
        assert state.enmity[alpha, beta] == state.enmity[beta, alpha] == 1.0
    assert costs["alpha"] == pytest.approx(0.03), "from the majority: the plain cost"
    assert costs["beta"] == pytest.approx(0.08), "from the minority: plus the ban on factions"


def _damage(data: Data, seniority: float, evidence: float) -> float:
    data = copy_of(data)
    set_traits(data, "beta", seniority=seniority)
    world, state = build(data, attack_damage=0.2, seniority_weight=0.5)
    alpha, beta = actor(world, "alpha"), actor(world, "beta")
    state.evidence[beta] = evidence
    return attack(world, state, alpha, beta)


def test_attack_damage_grows_with_the_targets_lack_of_seniority(
    minimal_scenario_dict: Data,
) -> None:
    veteran = _damage(minimal_scenario_dict, seniority=0.9, evidence=0.0)
    newcomer = _damage(minimal_scenario_dict, seniority=0.2, evidence=0.0)
    assert newcomer > veteran
    assert newcomer == pytest.approx(0.2 * 0.5 * 0.8)


def test_attack_damage_grows_with_the_evidence(minimal_scenario_dict: Data) -> None:
    none = _damage(minimal_scenario_dict, seniority=0.5, evidence=0.0)
    some = _damage(minimal_scenario_dict, seniority=0.5, evidence=0.4)
    more = _damage(minimal_scenario_dict, seniority=0.5, evidence=0.8)
    assert none < some < more
    assert more - none == pytest.approx(0.2 * 0.5 * 0.8)


def test_distance_from_the_party_line_counts_as_evidence(minimal_scenario_dict: Data) -> None:
    world, state = build(with_doctrines(minimal_scenario_dict), deviation_evidence=0.5)
    alpha, beta = actor(world, "alpha"), actor(world, "beta")
    state.position[alpha] = [0.0]
    state.position[beta] = [0.6]
    assert evidence_against(world, state, alpha) == pytest.approx(0.0)
    assert evidence_against(world, state, beta) == pytest.approx(0.3)
    assert exposure(world, state, beta) > exposure(world, state, alpha)


def test_monthly_drift_pulls_reputation_back_toward_its_start(minimal_scenario_dict: Data) -> None:
    world, state = build(minimal_scenario_dict, reputation_recovery=0.1)
    alpha, beta = actor(world, "alpha"), actor(world, "beta")
    start = world.reputation0.copy()
    state.reputation[alpha], state.reputation[beta] = 0.1, 0.9
    state.evidence[beta], state.enmity[alpha, beta] = 0.5, 1.0
    monthly_drift(world, state, np.random.default_rng(0))
    assert state.reputation[alpha] == pytest.approx(0.1 + 0.1 * (start[alpha] - 0.1))
    assert state.reputation[beta] == pytest.approx(0.9 + 0.1 * (start[beta] - 0.9))
    assert 0.0 < state.evidence[beta] < 0.5
    assert 0.0 < state.enmity[alpha, beta] < 1.0


# --------------------------------------------------------------------------- alliances


def test_partner_for_proposes_a_partner_who_sees_the_same_greatest_threat(
    minimal_scenario_dict: Data,
) -> None:
    world, state = build(four_contenders(minimal_scenario_dict), alliance_margin=0.1)
    a, b, d, e = (actor(world, x) for x in ("alpha", "beta", "delta", "epsilon"))
    t = make_threats([a, b, d, e], [0.6, 0.2, 0.15, 0.05])
    assert alliances.partner_for(world, state, d, t) == (b, a)
    # beta already sides with the greatest threat: he is no partner against him.
    state.allied[a, b] = state.allied[b, a] = True
    assert alliances.partner_for(world, state, d, t) == (e, a)


def test_partner_for_finds_no_partner_who_fears_someone_else_most(
    minimal_scenario_dict: Data,
) -> None:
    world, state = build(four_contenders(minimal_scenario_dict), alliance_margin=0.1)
    a, b, d, e = (actor(world, x) for x in ("alpha", "beta", "delta", "epsilon"))
    # delta is allied with alpha, so his greatest threat is beta; epsilon fears alpha most.
    state.allied[a, d] = state.allied[d, a] = True
    t = make_threats([a, b, d, e], [0.5, 0.4, 0.05, 0.05])
    partner, _ = alliances.partner_for(world, state, d, t)
    assert partner == -1


def test_partner_for_needs_a_threat_gap_of_at_least_the_margin(
    minimal_scenario_dict: Data,
) -> None:
    world, state = build(four_contenders(minimal_scenario_dict), alliance_margin=0.3)
    a, b, d, e = (actor(world, x) for x in ("alpha", "beta", "delta", "epsilon"))
    t = make_threats([a, b, d, e], [0.4, 0.3, 0.2, 0.1])
    assert alliances.partner_for(world, state, d, t) == (-1, -1)
    assert alliances.partner_for(world, state, e, t)[1] == a


def test_ally_to_drop_drops_an_ally_who_became_the_greatest_threat(
    minimal_scenario_dict: Data,
) -> None:
    world, state = build(
        four_contenders(minimal_scenario_dict), alliance_margin=0.1, defeated_threshold=0.05
    )
    a, b, d, e = (actor(world, x) for x in ("alpha", "beta", "delta", "epsilon"))
    state.allied[a, b] = state.allied[b, a] = True
    grown = make_threats([a, b, d, e], [0.2, 0.5, 0.2, 0.1])
    ally, reason = alliances.ally_to_drop(world, state, a, grown)
    assert ally == b and reason
    still_useful = make_threats([a, b, d, e], [0.25, 0.2, 0.45, 0.1])
    assert alliances.ally_to_drop(world, state, a, still_useful) == (-1, "")


def test_an_ally_is_dropped_once_the_common_enemy_is_beaten(minimal_scenario_dict: Data) -> None:
    world, state = build(
        four_contenders(minimal_scenario_dict), alliance_margin=0.1, defeated_threshold=0.1
    )
    a, b, d, e = (actor(world, x) for x in ("alpha", "beta", "delta", "epsilon"))
    state.allied[a, b] = state.allied[b, a] = True
    beaten = make_threats([a, b, d, e], [0.6, 0.3, 0.05, 0.05])
    assert alliances.ally_to_drop(world, state, a, beaten)[0] == b


def test_allying_with_a_recent_enemy_costs_reputation(minimal_scenario_dict: Data) -> None:
    world, state = build(four_contenders(minimal_scenario_dict), enemy_alliance_cost=0.1)
    a, b, d, e = (actor(world, x) for x in ("alpha", "beta", "delta", "epsilon"))
    state.enmity[d, e] = state.enmity[e, d] = 1.0
    before = state.reputation.copy()
    alliances.form(world, state, d, e, a)
    assert state.allied[d, e] and state.allied[e, d]
    assert state.reputation[d] == pytest.approx(before[d] - 0.1)
    assert state.reputation[e] == pytest.approx(before[e] - 0.1)
    alliances.form(world, state, a, b, d)
    assert state.reputation[a] == pytest.approx(before[a]), "no enmity, no cost"


def test_dissolving_an_alliance_ends_it_both_ways(minimal_scenario_dict: Data) -> None:
    world, state = build(four_contenders(minimal_scenario_dict))
    a, b = actor(world, "alpha"), actor(world, "beta")
    state.allied[a, b] = state.allied[b, a] = True
    e = alliances.dissolve(world, state, a, b, "served its purpose")
    assert e.kind is Kind.ALLIANCE_BROKEN
    assert not state.allied[a, b] and not state.allied[b, a]


# --------------------------------------------------------------------------- doctrines


def test_publishing_moves_the_author_to_the_doctrine(minimal_scenario_dict: Data) -> None:
    world, state = build(with_doctrines(minimal_scenario_dict), publish_gain=0.1)
    alpha = actor(world, "alpha")
    programme = world.doctrine_ids.index("programme")
    appeal = doctrines.appeal(world, state, programme)
    before = float(state.reputation[alpha])
    e = doctrines.publish(world, state, alpha, programme)
    assert e.kind is Kind.DOCTRINE_PUBLISHED
    assert state.published[programme]
    assert state.position[alpha] == pytest.approx(world.doctrine_positions[programme])
    assert state.reputation[alpha] == pytest.approx(before + 0.1 * (2 * appeal - 1))


def test_a_doctrine_nearer_the_members_appeals_more(minimal_scenario_dict: Data) -> None:
    world, state = build(with_doctrines(minimal_scenario_dict))
    state.member_position[:] = [[-0.7]]
    near = doctrines.appeal(world, state, world.doctrine_ids.index("programme"))
    far = doctrines.appeal(world, state, world.doctrine_ids.index("old_line"))
    assert 0.0 <= far < near <= 1.0


def test_adopting_a_doctrine_sets_the_line_when_the_vote_carries(
    minimal_scenario_dict: Data,
) -> None:
    world, state = build(
        with_doctrines(minimal_scenario_dict),
        **{**QUIET_VOTE, "vote_doctrine": 6.0, "vote_abstain": -4.0},
    )
    alpha, cc = actor(world, "alpha"), body(world, "cc")
    programme = world.doctrine_ids.index("programme")
    old_line = world.doctrine_ids.index("old_line")
    assert state.line == old_line
    anonymous = state.seats[cc].actor < 0
    rng = np.random.default_rng(8)
    # Members who stand on the old line reject the programme ...
    state.seats[cc].position[anonymous] = world.doctrine_positions[old_line]
    rejected = doctrines.propose_adoption(world, state, alpha, programme, cc, rng)
    assert rejected.kind is Kind.MOTION_FAILED and state.line == old_line
    # ... members who stand on the programme adopt it.
    state.seats[cc].position[anonymous] = world.doctrine_positions[programme]
    adopted = doctrines.propose_adoption(world, state, alpha, programme, cc, rng)
    assert adopted.kind is Kind.DOCTRINE_ADOPTED and state.line == programme


def test_members_drift_toward_the_line(minimal_scenario_dict: Data) -> None:
    world, state = build(with_doctrines(minimal_scenario_dict), doctrine_pull=0.1)
    cc = body(world, "cc")
    state.line = world.doctrine_ids.index("programme")
    line = world.doctrine_positions[state.line]
    members = state.member_position.copy()
    anonymous = state.seats[cc].actor < 0
    seats = state.seats[cc].position[anonymous].copy()
    doctrines.pull_toward_line(world, state, np.random.default_rng(0))
    assert state.member_position - line == pytest.approx(0.9 * (members - line))
    assert state.seats[cc].position[anonymous] - line == pytest.approx(0.9 * (seats - line))


def test_without_a_line_members_stay_where_they_are(minimal_scenario_dict: Data) -> None:
    world, state = build(minimal_scenario_dict, doctrine_pull=0.1)
    assert state.line == -1
    members = state.member_position.copy()
    doctrines.pull_toward_line(world, state, np.random.default_rng(0))
    assert np.array_equal(state.member_position, members)


# --------------------------------------------------------------------------- pretexts


def test_pretexts_arise_more_often_against_a_factional_leader(minimal_scenario_dict: Data) -> None:
    world, state = build(minimal_scenario_dict, pretext_rate=0.02, opposition_pretext_rate=0.2)
    alpha, beta = actor(world, "alpha"), actor(world, "beta")
    state.factional[alpha], state.factional[beta] = 1.0, 0.0
    hits = {alpha: 0, beta: 0}
    for seed in range(1000):
        pretexts.arise(world, state, np.random.default_rng(seed))
        for target, _ in state.pretexts:
            hits[target] += 1
    assert hits[alpha] > 4 * hits[beta]
    assert hits[alpha] == pytest.approx(1000 * 0.22, rel=0.25)
    assert hits[beta] == pytest.approx(1000 * 0.02, abs=15)


def test_a_pretext_implicates_a_follower_of_its_target(minimal_scenario_dict: Data) -> None:
    world, state = build(minimal_scenario_dict, pretext_rate=0.2)
    alpha, beta, gamma = actor(world, "alpha"), actor(world, "beta"), actor(world, "gamma")
    seen = set()
    for seed in range(100):
        pretexts.arise(world, state, np.random.default_rng(seed))
        seen.update(state.pretexts)
    # alpha's only follower is gamma; beta has none, so he is implicated himself.
    assert seen == {(alpha, gamma), (beta, beta)}


def test_using_a_pretext_adds_evidence_and_spends_it(minimal_scenario_dict: Data) -> None:
    world, state = build(minimal_scenario_dict, pretext_evidence=0.4)
    alpha, beta = actor(world, "alpha"), actor(world, "beta")
    state.pretexts = [(beta, beta)]
    assert pretexts.pretext_against(state, beta) == beta
    before = float(state.reputation[beta])
    e = pretexts.use_pretext(world, state, alpha, beta)
    assert e.kind is Kind.PRETEXT
    assert state.evidence[beta] == pytest.approx(0.4)
    assert pretexts.pretext_against(state, beta) == -1
    assert state.reputation[beta] < before


def test_a_shock_on_the_line_holders_hits_the_side_holding_the_electing_body(
    minimal_scenario_dict: Data,
) -> None:
    world, state = build(minimal_scenario_dict)
    alpha, beta, cc = actor(world, "alpha"), actor(world, "beta"), body(world, "cc")
    fill_anonymous(state, cc, split({alpha: anonymous_count(state, cc)}))
    before = state.reputation.copy()
    item = ScheduledEvent(
        month="1925-01", kind="shock", name="setback", rule=ShockRule.LINE_HOLDERS,
        magnitude=0.1, pretext_boost=0.05,
    )  # fmt: skip
    pretexts.shock(world, state, item)
    assert state.reputation[alpha] == pytest.approx(before[alpha] - 0.1)
    assert state.reputation[beta] == pytest.approx(before[beta])
    assert state.pretext_boost == pytest.approx(0.05)
    opposition = item.model_copy(update={"rule": ShockRule.OPPOSITION})
    pretexts.shock(world, state, opposition)
    assert state.reputation[beta] == pytest.approx(before[beta] - 0.1)


# --------------------------------------------------------------------------- coup


def _coup_scenario(data: Data, security_holder: str) -> Data:
    out = copy_of(data)
    add_office(out, "security_chief", ["command_security"], security_holder)
    return out


def test_without_command_of_a_force_a_coup_has_no_chance(minimal_scenario_dict: Data) -> None:
    world, state = build(minimal_scenario_dict)
    alpha, beta = actor(world, "alpha"), actor(world, "beta")
    assert coup_odds(world, state, alpha) == 0.0
    assert coup_odds(world, state, beta) > 0.0
    state.office_holder[office(world, "army_chief")] = -1
    assert coup_odds(world, state, beta) == 0.0


def test_the_security_organs_decide_the_odds_of_a_coup(minimal_scenario_dict: Data) -> None:
    world, state = build(_coup_scenario(minimal_scenario_dict, "beta"), coup_steepness=6.0)
    beta, security = actor(world, "beta"), office(world, "security_chief")
    assert force_against(world, state, beta) == 0.0
    with_security = coup_odds(world, state, beta)
    state.office_holder[security] = actor(world, "gamma")  # follows alpha
    assert force_against(world, state, beta) == 1.0
    assert coup_odds(world, state, beta) < with_security


def test_an_actor_with_restraint_one_is_never_tempted(minimal_scenario_dict: Data) -> None:
    data = copy_of(minimal_scenario_dict)
    set_traits(data, "beta", restraint=1.0)
    set_traits(data, "alpha", restraint=0.0)
    world, _ = build(data, coup_threshold=0.0)
    beta, alpha = actor(world, "beta"), actor(world, "alpha")
    for desperation in np.linspace(0.0, 1.0, 11):
        assert not tempted(world, beta, float(desperation))
    assert tempted(world, alpha, 1.0)
    assert not tempted(world, alpha, 0.0)


def test_a_successful_coup_removes_the_rivals(minimal_scenario_dict: Data) -> None:
    world, state = build(_coup_scenario(minimal_scenario_dict, "beta"), coup_steepness=20.0)
    alpha, beta, gamma = actor(world, "alpha"), actor(world, "beta"), actor(world, "gamma")
    state.reputation[beta] = 1.0
    assert coup_odds(world, state, beta) > 0.999
    events = stage_coup(world, state, beta, np.random.default_rng(9))
    assert events[0].kind is Kind.COUP and events[0].others == ("alpha",)
    assert not state.in_party[alpha] and state.sanctioned[alpha]
    assert state.offices_held(alpha) == []
    assert not any(state.in_body(b, alpha) for b in range(len(world.body_ids)))
    assert state.in_party[beta] and state.offices_held(beta)
    for index in (world.top, world.electing):
        seats = state.seats[index]
        assert np.all(seats.patron[seats.actor < 0] == beta)
    assert state.patron[gamma] == beta
    assert winner(world, state) == beta


def test_a_failed_coup_ruins_the_plotter(minimal_scenario_dict: Data) -> None:
    world, state = build(_coup_scenario(minimal_scenario_dict, "gamma"), coup_steepness=20.0)
    alpha, beta = actor(world, "alpha"), actor(world, "beta")
    assert coup_odds(world, state, beta) < 0.001
    events = stage_coup(world, state, beta, np.random.default_rng(10))
    assert events[0].kind is Kind.COUP and events[0].others == ("beta",)
    assert not state.in_party[beta] and state.reputation[beta] == 0.0
    assert state.offices_held(beta) == []
    assert not any(state.in_body(b, beta) for b in range(len(world.body_ids)))
    assert state.in_party[alpha] and state.offices_held(alpha)


# --------------------------------------------------------------------------- recantation


def test_recanting_takes_the_actor_out_of_the_fight_at_a_price(minimal_scenario_dict: Data) -> None:
    world, state = build(
        four_contenders(with_doctrines(minimal_scenario_dict)), recant_cost=0.2, capitulation_bar=12
    )
    beta, delta = actor(world, "beta"), actor(world, "delta")
    state.allied[beta, delta] = state.allied[delta, beta] = True
    state.factional[beta] = 1.0
    state.position[beta] = [0.9]
    state.sanctioned[beta] = True
    state.month, state.last_blow[beta] = 5, 5
    before = float(state.reputation[beta])
    seats = [state.in_body(b, beta) for b in range(len(world.body_ids))]
    assert beta in state.active(world)
    e = recant(world, state, beta, ("beaten",))
    assert (e.kind, e.actor) == (Kind.RECANTED, "beta")
    assert state.recanted[beta] and beta not in state.active(world)
    assert state.reputation[beta] == pytest.approx(before - 0.2)
    assert not state.allied[beta].any(), "delta is not beaten: he cannot follow, they part"
    assert state.factional[beta] == 0.0
    assert state.position[beta] == pytest.approx(world.doctrine_positions[state.line])
    assert state.barred_until[beta] == 17
    assert [state.in_body(b, beta) for b in range(len(world.body_ids))] == seats, (
        "a recantation costs no seat by itself"
    )


def test_a_beaten_ally_has_a_month_to_submit_with_him_or_they_part(
    minimal_scenario_dict: Data,
) -> None:
    world, state = build(four_contenders(minimal_scenario_dict))
    alpha, beta, delta = actor(world, "alpha"), actor(world, "beta"), actor(world, "delta")
    for a, b in ((beta, delta), (alpha, beta), (alpha, delta)):
        state.allied[a, b] = state.allied[b, a] = True
    state.sanctioned[[alpha, beta, delta]] = True
    state.month, state.last_blow[beta] = 3, 3
    recant(world, state, beta, ("beaten",))
    assert state.allied[beta, delta] and state.allied[alpha, beta], "both may yet follow"
    state.month = 4
    recant(world, state, delta, ("he follows",))
    recantation.part_ways(world, state, fresh_rng())
    assert state.allied[beta, delta], "they submitted together"
    assert not state.allied[alpha, beta], "alpha did not follow beta within the month"
    assert state.allied[alpha, delta], "alpha may yet follow delta"


def test_only_a_man_under_a_fresh_blow_may_recant(minimal_scenario_dict: Data) -> None:
    world, state = build(minimal_scenario_dict)
    beta = actor(world, "beta")
    assert not may_recant(state, beta), "never sanctioned nor condemned"
    state.sanctioned[beta] = True
    state.month, state.last_blow[beta] = 10, 8
    assert not may_recant(state, beta), "the blow fell two months ago"
    state.last_blow[beta] = 9
    assert may_recant(state, beta)


def test_a_man_who_never_yields_never_recants(minimal_scenario_dict: Data) -> None:
    data = copy_of(minimal_scenario_dict)
    set_traits(data, "beta", yielding=0.0)
    world, state = build(data)
    beta = actor(world, "beta")
    state.sanctioned[beta] = True
    state.struggle_open = True
    state.last_blow[beta] = state.month
    situation = Situation(threats(world, state))
    moves = LegalMoves(world, state, beta, situation, MOVES)
    assert MoveKind.RECANT in moves
    rng = np.random.default_rng(0)
    assert all(traits.recant(moves, world.tempers[beta], rng) is None for _ in range(500))


def test_readmission_comes_due_after_readmit_after_months(minimal_scenario_dict: Data) -> None:
    world, state = build(minimal_scenario_dict, readmit_after=6)
    alpha, beta = actor(world, "alpha"), actor(world, "beta")
    motions.apply(world, state, MotionKind.EXPEL, beta, -1, alpha, body(world, "cc"), fresh_rng())
    state.month = 2
    recant(world, state, beta, ())
    state.month = 7
    assert awaiting_readmission(world, state) == []
    state.month = 8
    assert awaiting_readmission(world, state) == [beta]
    state.exile[beta] = 1
    assert awaiting_readmission(world, state) == [], "the exiled wait for no vote"


def test_a_member_who_never_left_the_party_awaits_no_readmission(
    minimal_scenario_dict: Data,
) -> None:
    world, state = build(minimal_scenario_dict, readmit_after=0)
    recant(world, state, actor(world, "beta"), ())
    state.month = 30
    assert awaiting_readmission(world, state) == []


# --------------------------------------------------------------------------- winner rule


def _winner_state(data: Data) -> tuple[World, State, int, int, int]:
    """Three contenders in a 7-seat top body and a 40-seat electing body."""
    world, state = build(four_contenders(data))
    return world, state, actor(world, "alpha"), actor(world, "beta"), actor(world, "delta")


def _give(state: State, index: int, counts: dict[int, int]) -> None:
    fill_anonymous(state, index, split(counts))


def _alpha_majorities(world: World, state: State, alpha: int) -> None:
    for index in (world.top, world.electing):
        _give(state, index, {alpha: anonymous_count(state, index)})


def _out_of_top(world: World, state: State, *who: int) -> None:
    for w in who:
        remove_named(state, world.top, w)


def _alpha_in_command(data: Data, *staying: str) -> tuple[World, State, int, int, int]:
    """``_winner_state`` with alpha's followers in every anonymous seat of both bodies.

    Every rival (beta, delta, epsilon) but those ``staying`` has left the top body.
    """
    world, state, alpha, beta, delta = _winner_state(data)
    leaving = [actor(world, r) for r in ("beta", "delta", "epsilon") if r not in staying]
    _out_of_top(world, state, *leaving)
    _alpha_majorities(world, state, alpha)
    return world, state, alpha, beta, delta


def test_the_winner_is_the_contender_whose_followers_hold_both_bodies_once_rivals_left_the_top(
    minimal_scenario_dict: Data,
) -> None:
    world, state, alpha, _, _ = _alpha_in_command(minimal_scenario_dict)
    assert winner(world, state) == alpha


def test_no_winner_while_another_contender_sits_in_the_top_body(
    minimal_scenario_dict: Data,
) -> None:
    world, state, _, _, delta = _alpha_in_command(minimal_scenario_dict, "delta")
    assert state.in_body(world.top, delta)
    assert winner(world, state) == -1


def test_a_rival_who_recanted_counts_as_gone_even_in_the_top_body(
    minimal_scenario_dict: Data,
) -> None:
    world, state, alpha, _, delta = _alpha_in_command(minimal_scenario_dict, "delta")
    state.recanted[delta] = True
    assert state.in_body(world.top, delta)
    assert winner(world, state) == alpha


def test_no_winner_without_a_majority_of_his_own_in_the_top_body(
    minimal_scenario_dict: Data,
) -> None:
    world, state, _, _, _ = _alpha_in_command(minimal_scenario_dict)
    _give(state, world.top, {-1: anonymous_count(state, world.top)})
    # alpha and gamma alone: 2 of 7 seats.
    assert winner(world, state) == -1


def test_no_winner_without_a_majority_of_his_own_in_the_electing_body(
    minimal_scenario_dict: Data,
) -> None:
    world, state, alpha, _, _ = _alpha_in_command(minimal_scenario_dict)
    n = anonymous_count(state, world.electing)
    _give(state, world.electing, {alpha: n // 2 - 3, -1: n - (n // 2 - 3)})
    assert (state.seat_patrons(world.electing) == alpha).sum() * 2 <= state.seats[
        world.electing
    ].size
    assert winner(world, state) == -1


def test_allies_followers_do_not_count_toward_the_winners_majority(
    minimal_scenario_dict: Data,
) -> None:
    world, state, alpha, beta, delta = _winner_state(minimal_scenario_dict)
    _out_of_top(world, state, beta, delta, actor(world, "epsilon"))
    state.allied[alpha, delta] = state.allied[delta, alpha] = True
    for index in (world.top, world.electing):
        n = anonymous_count(state, index)
        _give(state, index, {delta: n})
    assert winner(world, state) == -1
    assert winner(world, state) != delta, "delta has left the top body but is no winner"


def test_a_contender_out_of_the_fight_cannot_win(minimal_scenario_dict: Data) -> None:
    world, state, alpha, _, _ = _alpha_in_command(minimal_scenario_dict)
    state.recanted[alpha] = True
    assert winner(world, state) == -1


# --------------------------------------------------------------------------- threat


def test_a_bloc_with_more_seats_has_more_political_power(minimal_scenario_dict: Data) -> None:
    world, state = build(minimal_scenario_dict, threat_force_weight=0.0)
    alpha, beta = actor(world, "alpha"), actor(world, "beta")
    for index in (world.top, world.electing):
        n = anonymous_count(state, index)
        _give(state, index, {alpha: n})
    measured = threats(world, state)
    assert measured.own(alpha) > measured.own(beta)
    assert measured.own(alpha) + measured.own(beta) == pytest.approx(1.0)


def test_uncommitted_seats_lean_to_the_more_reputed_leader(minimal_scenario_dict: Data) -> None:
    world, state = build(minimal_scenario_dict, threat_force_weight=0.0)
    alpha, beta = actor(world, "alpha"), actor(world, "beta")
    for index in (world.top, world.electing):
        _give(state, index, {})
    state.reputation[alpha], state.reputation[beta] = 0.8, 0.4
    measured = threats(world, state)
    assert measured.own(alpha) > measured.own(beta)


def test_commanding_the_army_adds_to_threat(minimal_scenario_dict: Data) -> None:
    world, state = build(minimal_scenario_dict, threat_force_weight=0.3)
    beta = actor(world, "beta")
    armed = threats(world, state).own(beta)
    state.office_holder[office(world, "army_chief")] = -1
    unarmed = threats(world, state).own(beta)
    assert armed > unarmed


def test_a_patient_man_hides_part_of_his_strength_until_he_acts_openly(
    minimal_scenario_dict: Data,
) -> None:
    data = copy_of(minimal_scenario_dict)
    set_traits(data, "alpha", patience=1.0)
    world, state = build(data, concealment=0.5)
    alpha, beta = actor(world, "alpha"), actor(world, "beta")
    hidden = threats(world, state).of(alpha)
    attack(world, state, alpha, beta)
    assert threats(world, state).of(alpha) > hidden, "an open attack reveals his strength"
    for _ in range(200):
        monthly_drift(world, state, np.random.default_rng(0))
    assert threats(world, state).of(alpha) == pytest.approx(hidden, rel=1e-3), (
        "and it fades from view again"
    )


def test_threats_cover_only_contenders_still_in_the_fight(minimal_scenario_dict: Data) -> None:
    world, state = build(four_contenders(minimal_scenario_dict))
    state.recanted[actor(world, "delta")] = True
    state.in_party[actor(world, "epsilon")] = False
    measured = threats(world, state)
    assert sorted(measured.leaders) == [actor(world, "alpha"), actor(world, "beta")]
    assert all(0.0 <= level <= 1.0 for level in measured.power.values())


def test_removing_an_office_weighs_by_the_powers_it_grants() -> None:
    rung = 1 / len(motions.LADDER)
    assert motions.severity(MotionKind.REMOVE_OFFICE, powers=0) == pytest.approx(rung)
    assert motions.severity(MotionKind.REMOVE_OFFICE, powers=1) == pytest.approx(rung)
    assert motions.severity(MotionKind.REMOVE_OFFICE, powers=3) == pytest.approx(3 * rung)
    assert motions.severity(MotionKind.REMOVE_OFFICE, powers=99) == 1.0


def test_only_what_the_calendar_brings_carries_a_source() -> None:
    # An event the engine decided (a removal, an appointment, a publication)
    # must not cite the office's or the doctrine's source: it would pass an
    # invented event for a recorded one.
    run = politburo.simulate("ussr-1924", seed=7)
    sourced = {e.kind for e in run.events if e.source is not None}
    assert sourced
    assert sourced <= {Kind.LEADER_DIED, Kind.DIED, Kind.CONGRESS, Kind.SHOCK}
    calendar = ("succession", "lives", "statute", "shock")
    assert all(e.mechanism.value in calendar for e in run.events if e.source)
