"""How a body votes: each seat's log-odds, the draw of votes, and the odds of carrying."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from builders import (
    QUIET_VOTE,
    actor,
    add_actor,
    anonymous_count,
    body,
    build,
    copy_of,
    fill_anonymous,
    split,
)
from politburo.model.mechanisms.motions import motion_contest
from politburo.model.state import State
from politburo.model.voting import Tally, carry_odds, cast_votes, contest, seat_utilities
from politburo.scenario.schema import MotionKind


def test_seat_utilities_carry_the_loyalty_term_with_the_sign_of_the_patrons_side(
    minimal_scenario_dict: dict[str, Any],
) -> None:
    world, state = build(minimal_scenario_dict, **{**QUIET_VOTE, "vote_loyalty": 8.0})
    alpha, beta, cc = actor(world, "alpha"), actor(world, "beta"), body(world, "cc")
    fill_anonymous(state, cc, split({alpha: 10, beta: 10}), loyalty=0.5)
    u = seat_utilities(world, state, cc, contest(world, state, alpha, beta))
    seats = state.seats[cc]
    anonymous = seats.actor < 0
    assert np.all(u[anonymous & (seats.patron == alpha)] == pytest.approx(4.0))
    assert np.all(u[anonymous & (seats.patron == beta)] == pytest.approx(-4.0))
    assert np.all(u[anonymous & (seats.patron == -1)] == pytest.approx(0.0))
    # A named follower votes by his own tie: gamma follows alpha with loyalty 0.7.
    gamma_seat = seats.actor == actor(world, "gamma")
    assert u[gamma_seat] == pytest.approx([8.0 * 0.7])


def _loyal_tallies(
    data: dict[str, Any], following: str, seed: int
) -> tuple[State, int, list[Tally]]:
    """Thirty votes of the electing body on alpha's motion against beta.

    Loyalty is high and abstaining rare, and every anonymous seat follows
    ``following``. Returns the state, the body's index and the tallies.
    """
    world, state = build(data, **{**QUIET_VOTE, "vote_loyalty": 8.0, "vote_abstain": -4.0})
    alpha, beta, cc = actor(world, "alpha"), actor(world, "beta"), body(world, "cc")
    fill_anonymous(state, cc, split({actor(world, following): anonymous_count(state, cc)}))
    rng = np.random.default_rng(seed)
    c = contest(world, state, alpha, beta)
    return state, cc, [cast_votes(world, state, cc, c, rng) for _ in range(30)]


def test_with_loyalty_high_and_every_seat_following_the_proposer_the_motion_carries(
    minimal_scenario_dict: dict[str, Any],
) -> None:
    state, cc, tallies = _loyal_tallies(minimal_scenario_dict, "alpha", seed=3)
    assert all(t.carried for t in tallies)
    # Apart from beta himself and the unaligned leader, all but a stray seat vote for.
    assert min(t.votes_for for t in tallies) >= state.seats[cc].size - 3


def test_with_every_seat_following_the_target_the_motion_fails(
    minimal_scenario_dict: dict[str, Any],
) -> None:
    _, _, tallies = _loyal_tallies(minimal_scenario_dict, "beta", seed=4)
    assert not any(t.carried for t in tallies)


def _balanced(data: dict[str, Any], **params: float) -> tuple[Any, Any, int, int, int]:
    """The electing body split evenly between alpha's and beta's followers."""
    world, state = build(data, **params)
    alpha, beta, cc = actor(world, "alpha"), actor(world, "beta"), body(world, "cc")
    half = anonymous_count(state, cc) // 2
    fill_anonymous(state, cc, split({alpha: half, beta: half}), loyalty=0.6)
    return world, state, alpha, beta, cc


def test_utilities_fall_by_vote_status_quo_times_the_change_a_motion_makes(
    minimal_scenario_dict: dict[str, Any],
) -> None:
    world, state, alpha, beta, cc = _balanced(minimal_scenario_dict, vote_status_quo=3.0)
    mild = seat_utilities(world, state, cc, contest(world, state, alpha, beta, change=0.0))
    harsh = seat_utilities(world, state, cc, contest(world, state, alpha, beta, change=1.0))
    assert harsh == pytest.approx(mild - 3.0)


def test_a_harsher_sanction_has_lower_odds_than_a_milder_one(
    minimal_scenario_dict: dict[str, Any],
) -> None:
    world, state, alpha, beta, cc = _balanced(minimal_scenario_dict, vote_status_quo=2.0)
    odds = [
        carry_odds(world, state, cc, motion_contest(world, state, alpha, beta, kind))
        for kind in (MotionKind.REMOVE_OFFICE, MotionKind.EXPEL, MotionKind.DEPORT)
    ]
    assert odds[0] > odds[1] > odds[2]


def test_raising_vote_status_quo_lowers_the_odds_of_a_harsh_motion(
    minimal_scenario_dict: dict[str, Any],
) -> None:
    odds = []
    for reluctance in (0.0, 0.5, 1.0, 2.0):
        world, state, alpha, beta, cc = _balanced(minimal_scenario_dict, vote_status_quo=reluctance)
        c = motion_contest(world, state, alpha, beta, MotionKind.EXPEL)
        odds.append(carry_odds(world, state, cc, c))
    assert odds == sorted(odds, reverse=True)
    assert len(set(odds)) == len(odds)


def test_without_status_quo_reluctance_severity_does_not_matter(
    minimal_scenario_dict: dict[str, Any],
) -> None:
    world, state, alpha, beta, cc = _balanced(minimal_scenario_dict, vote_status_quo=0.0)
    mild = carry_odds(
        world, state, cc, motion_contest(world, state, alpha, beta, MotionKind.REMOVE_OFFICE)
    )
    harsh = carry_odds(
        world, state, cc, motion_contest(world, state, alpha, beta, MotionKind.DEPORT)
    )
    assert mild == pytest.approx(harsh)


def test_higher_target_reputation_lowers_the_odds(minimal_scenario_dict: dict[str, Any]) -> None:
    world, state, alpha, beta, cc = _balanced(minimal_scenario_dict)
    odds = []
    for standing in (0.3, 0.5, 0.7):
        state.reputation[beta] = standing
        odds.append(carry_odds(world, state, cc, contest(world, state, alpha, beta)))
    assert odds[0] > odds[1] > odds[2]


def test_higher_target_reputation_lowers_every_seats_utility_by_the_reputation_weight(
    minimal_scenario_dict: dict[str, Any],
) -> None:
    world, state, alpha, beta, cc = _balanced(minimal_scenario_dict, vote_reputation=3.0)
    state.reputation[beta] = 0.4
    before = seat_utilities(world, state, cc, contest(world, state, alpha, beta))
    state.reputation[beta] = 0.6
    after = seat_utilities(world, state, cc, contest(world, state, alpha, beta))
    assert after == pytest.approx(before - 3.0 * 0.2)


def _four_contenders(data: dict[str, Any]) -> dict[str, Any]:
    """The minimal scenario with two more contenders in the electing body."""
    out = copy_of(data)
    add_actor(out, "delta", contender=True, bodies=("cc",))
    add_actor(out, "epsilon", contender=True, bodies=("cc",))
    return out


def test_contenders_on_the_proposers_side_always_vote_for(
    minimal_scenario_dict: dict[str, Any],
) -> None:
    # Every term pushes hard against the motion, and loyalty counts for nothing:
    # only the contenders on the proposer's side (he and his ally) vote for it.
    world, state = build(
        _four_contenders(minimal_scenario_dict),
        **{
            **QUIET_VOTE,
            "vote_reputation": 8.0,
            "vote_status_quo": 8.0,
            "vote_faction_ban": 4.0,
            "vote_abstain": -4.0,
        },
    )
    alpha, beta, cc = actor(world, "alpha"), actor(world, "beta"), body(world, "cc")
    delta = actor(world, "delta")
    state.allied[alpha, delta] = state.allied[delta, alpha] = True
    state.reputation[alpha], state.reputation[beta] = 0.0, 1.0
    state.factional[alpha] = 1.0
    c = contest(world, state, alpha, beta, change=1.0)
    rng = np.random.default_rng(5)
    assert {cast_votes(world, state, cc, c, rng).votes_for for _ in range(50)} == {2}


def test_contenders_on_the_targets_side_always_vote_against(
    minimal_scenario_dict: dict[str, Any],
) -> None:
    world, state = build(
        _four_contenders(minimal_scenario_dict),
        **{
            **QUIET_VOTE,
            "vote_reputation": 8.0,
            "vote_evidence": 6.0,
            "vote_faction_ban": 4.0,
            "vote_abstain": -4.0,
        },
    )
    alpha, beta, cc = actor(world, "alpha"), actor(world, "beta"), body(world, "cc")
    epsilon = actor(world, "epsilon")
    state.allied[beta, epsilon] = state.allied[epsilon, beta] = True
    state.reputation[alpha], state.reputation[beta] = 1.0, 0.0
    state.evidence[beta] = 1.0
    state.factional[beta] = 1.0
    c = contest(world, state, alpha, beta)
    rng = np.random.default_rng(6)
    assert {cast_votes(world, state, cc, c, rng).votes_against for _ in range(50)} == {2}


@pytest.mark.parametrize("gap", [-0.04, -0.02, 0.0, 0.02])
def test_carry_odds_agrees_with_the_share_of_carried_votes_in_a_large_body(
    minimal_scenario_dict: dict[str, Any], gap: float
) -> None:
    # Every weight set here, so that the test does not depend on the shipped defaults.
    world, state = build(
        minimal_scenario_dict,
        vote_loyalty=1.0,
        vote_reputation=3.0,
        vote_bandwagon=2.0,
        vote_doctrine=1.5,
        vote_evidence=2.0,
        vote_faction_ban=1.0,
        vote_abstain=-2.0,
        vote_status_quo=3.0,
    )
    alpha, beta, congress = actor(world, "alpha"), actor(world, "beta"), body(world, "congress")
    half = anonymous_count(state, congress) // 2
    fill_anonymous(state, congress, split({alpha: half, beta: half}), loyalty=0.6)
    # Every delegate stands midway between the two, so that doctrine does not weigh.
    state.seats[congress].position[:] = (state.position[alpha] + state.position[beta]) / 2
    state.reputation[alpha], state.reputation[beta] = 0.5 + gap / 2, 0.5 - gap / 2
    c = contest(world, state, alpha, beta)
    odds = carry_odds(world, state, congress, c)
    rng = np.random.default_rng(7)
    carried = np.mean([cast_votes(world, state, congress, c, rng).carried for _ in range(400)])
    assert 0.05 < odds < 0.99, "the setting should not saturate the odds"
    assert carried == pytest.approx(odds, abs=0.1)


@pytest.mark.parametrize("gap", [-0.2, 0.0, 0.2])
def test_carry_odds_agrees_with_the_share_of_carried_votes_in_a_small_body(
    minimal_scenario_dict: dict[str, Any], gap: float
) -> None:
    world, state, alpha, beta, cc = _balanced(minimal_scenario_dict)
    state.reputation[alpha], state.reputation[beta] = 0.5 + gap / 2, 0.5 - gap / 2
    c = contest(world, state, alpha, beta)
    odds = carry_odds(world, state, cc, c)
    rng = np.random.default_rng(8)
    carried = np.mean([cast_votes(world, state, cc, c, rng).carried for _ in range(400)])
    assert carried == pytest.approx(odds, abs=0.1)


def test_carry_odds_is_certain_when_every_seat_is_a_contender_on_one_side(
    minimal_scenario_dict: dict[str, Any],
) -> None:
    data = copy_of(minimal_scenario_dict)
    data["bodies"][0]["members"] = ["alpha", "beta"]
    data["bodies"][0]["size"] = 2
    world, state = build(data)
    alpha, beta, top = actor(world, "alpha"), actor(world, "beta"), body(world, "politburo")
    # One for, one against: a tie does not carry a simple majority.
    assert carry_odds(world, state, top, contest(world, state, alpha, beta)) == 0.0


def test_tallies_add_up_to_the_bodys_size(minimal_scenario_dict: dict[str, Any]) -> None:
    world, state = build(minimal_scenario_dict)
    alpha, beta = actor(world, "alpha"), actor(world, "beta")
    rng = np.random.default_rng(9)
    for index in range(len(world.body_ids)):
        for change in (0.0, 0.5, 1.0):
            for proposer, target in ((alpha, beta), (beta, alpha), (alpha, -1)):
                c = contest(world, state, proposer, target, change=change)
                t = cast_votes(world, state, index, c, rng)
                assert t.votes_for + t.votes_against + t.votes_abstain == state.seats[index].size
                assert min(t.votes_for, t.votes_against, t.votes_abstain) >= 0
                majority = world.body_majority[index]
                assert t.carried == (t.votes_for > majority * (t.votes_for + t.votes_against))


def test_a_special_majority_raises_the_bar_for_its_motion_only(
    minimal_scenario_dict: dict[str, Any],
) -> None:
    data = copy_of(minimal_scenario_dict)
    data["bodies"][1]["majorities"] = {"expel": 0.75}
    world, state, alpha, beta, cc = _balanced(data)
    state.reputation[alpha], state.reputation[beta] = 0.6, 0.4
    plain = contest(world, state, alpha, beta)
    expel = contest(world, state, alpha, beta, motion=MotionKind.EXPEL)
    assert world.majority(cc, MotionKind.EXPEL) == 0.75
    assert world.majority(cc, MotionKind.REMOVE_TOP) == 0.5
    assert carry_odds(world, state, cc, expel) < carry_odds(world, state, cc, plain)
    rng = np.random.default_rng(10)
    for _ in range(50):
        t = cast_votes(world, state, cc, expel, rng)
        assert t.carried == (t.votes_for > 0.75 * (t.votes_for + t.votes_against))
