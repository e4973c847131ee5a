"""How a body votes on a motion: each seat's choice among for, abstain and against.

A member's log-odds of voting for a motion add named terms, each weighted by
a global parameter: loyalty to his patron's side, the doctrinal distance
between him and each side, the two sides' reputations, fear of the side that
holds more seats (bandwagoning), the evidence against the target, the ban on
factions, and a reluctance to depart from the status quo that grows with the
severity of the motion. The whole body is one array operation; the
contenders of either side vote with their side, every other member by his
own log-odds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from politburo.model.compiled import compiled
from politburo.model.state import State
from politburo.model.types import BoolArray, FloatArray, IntArray
from politburo.model.world import World
from politburo.scenario.schema import MotionKind


@dataclass(frozen=True, slots=True)
class Contest:
    """A motion's two sides, as the members of a body see them.

    ``change`` scales the members' reluctance to depart from the status quo
    (``vote_status_quo``): 0 for a trial of strength, 1 for the harshest sanction.

    ``for_side`` and ``against_side`` mark faction leaders (one entry per actor
    plus a final False entry, so that the unaligned patron -1 indexes False).
    """

    proposer: int
    target: int
    for_side: BoolArray
    against_side: BoolArray
    change: float
    motion: MotionKind | None = None
    for_position: FloatArray | None = None
    against_position: FloatArray | None = None


@dataclass(frozen=True, slots=True)
class Tally:
    """The votes cast on a motion and whether it carried."""

    votes_for: int
    votes_against: int
    votes_abstain: int
    carried: bool

    @property
    def share_for(self) -> float:
        """Share of the votes cast (abstentions left out) that were for."""
        cast = self.votes_for + self.votes_against
        return self.votes_for / cast if cast else 0.0


def contest(
    world: World,
    state: State,
    proposer: int,
    target: int,
    *,
    change: float = 0.0,
    own_only: bool = False,
    motion: MotionKind | None = None,
) -> Contest:
    """The contest of ``proposer``'s side against ``target``'s side.

    A side is an actor's faction leader and that leader's allies (an actor
    who follows no one stands alone). ``change`` is how far the motion
    departs from the status quo (0 for a plain trial of strength, 1 for the
    harshest sanction); ``own_only`` counts only the proposer's own
    followers on his side, not his allies'.
    """
    for_side, against_side = _sides(state.patron, state.allied, proposer, target, own_only)
    return Contest(proposer, target, for_side, against_side, change, motion)


@compiled
def _sides(
    patron: IntArray, allied: BoolArray, proposer: int, target: int, own_only: bool
) -> tuple[BoolArray, BoolArray]:
    """The faction leaders on either side, one entry per actor and a final False for -1."""
    n = patron.shape[0]
    for_side = np.zeros(n + 1, dtype=np.bool_)
    against_side = np.zeros(n + 1, dtype=np.bool_)
    _mark_side(for_side, patron, allied, proposer, own_only)
    if target >= 0:
        _mark_side(against_side, patron, allied, target, False)
    for a in range(n):
        if for_side[a]:
            against_side[a] = False
    return for_side, against_side


@compiled
def _mark_side(
    mask: BoolArray, patron: IntArray, allied: BoolArray, actor: int, own_only: bool
) -> None:
    if actor < 0:
        return
    leader = patron[actor]
    if leader < 0:
        mask[actor] = True
        return
    mask[leader] = True
    if not own_only:
        for a in range(patron.shape[0]):
            if allied[leader, a]:
                mask[a] = True


def seat_utilities(world: World, state: State, body: int, c: Contest) -> FloatArray:
    """Each seat's log-odds of voting for rather than against."""
    p = world.params
    seats = state.seats[body]
    own = state.position[c.proposer] if c.for_position is None else c.for_position
    target = c.target
    if c.against_position is not None:
        against = c.against_position
    elif target >= 0:
        against = state.position[target]
    else:
        against = own  # no one stands against: doctrine does not weigh
    if target >= 0:
        reputation_gap = float(state.reputation[c.proposer] - state.reputation[target])
        evidence = float(state.evidence[target])
        faction_gap = float(state.factional[target] - state.factional[c.proposer])
    else:
        reputation_gap = float(state.reputation[c.proposer]) - 0.5
        evidence = 0.0
        faction_gap = 0.0
    # The terms every seat shares, bandwagoning apart (it depends on the seats).
    shared = (
        p.vote_reputation * reputation_gap
        + p.vote_evidence * evidence
        + p.vote_faction_ban * faction_gap
        - p.vote_status_quo * c.change
    )
    return _utilities(
        seats.actor,
        seats.patron,
        seats.loyalty,
        seats.position,
        state.patron,
        state.loyalty,
        state.position,
        c.for_side,
        c.against_side,
        np.asarray(own, dtype=np.float64),
        np.asarray(against, dtype=np.float64),
        p.vote_loyalty,
        p.vote_doctrine,
        p.vote_bandwagon,
        shared,
    )


@compiled
def _utilities(
    seat_actor: IntArray,
    seat_patron: IntArray,
    seat_loyalty: FloatArray,
    seat_position: FloatArray,
    patron: IntArray,
    loyalty: FloatArray,
    position: FloatArray,
    for_side: BoolArray,
    against_side: BoolArray,
    for_position: FloatArray,
    against_position: FloatArray,
    loyalty_weight: float,
    doctrine_weight: float,
    bandwagon_weight: float,
    shared: float,
) -> FloatArray:
    """Per-seat log-odds; a named seat votes with its holder's patron, loyalty and position."""
    n = seat_actor.shape[0]
    side = np.zeros(n)  # +1 for the proposer's side, -1 for the target's, 0 for neither
    seat_loyalty_now = np.empty(n)
    doctrine = np.empty(n)
    for i in range(n):
        holder = seat_actor[i]
        if holder >= 0:
            follows = patron[holder]
            seat_loyalty_now[i] = loyalty[holder]
            where = position[holder]
        else:
            follows = seat_patron[i]
            seat_loyalty_now[i] = seat_loyalty[i]
            where = seat_position[i]
        if follows >= 0:
            side[i] = (1.0 if for_side[follows] else 0.0) - (1.0 if against_side[follows] else 0.0)
        to_for = 0.0
        to_against = 0.0
        for k in range(where.shape[0]):
            to_for += (where[k] - for_position[k]) ** 2
            to_against += (where[k] - against_position[k]) ** 2
        doctrine[i] = np.sqrt(to_against) - np.sqrt(to_for)
    share_gap = side.sum() / max(n, 1)
    common = bandwagon_weight * share_gap + shared
    u = np.empty(n)
    for i in range(n):
        u[i] = (
            loyalty_weight * seat_loyalty_now[i] * side[i] + doctrine_weight * doctrine[i] + common
        )
    return u


def vote_shares(world: World, state: State, body: int, c: Contest) -> tuple[FloatArray, FloatArray]:
    """Each seat's probabilities of voting for and against (the rest abstain).

    The contenders of either side vote with their side; every other member
    by his own log-odds (``seat_utilities``).
    """
    u = seat_utilities(world, state, body, c)
    return _shares(
        u,
        state.seats[body].actor,
        world.is_contender,
        c.for_side,
        c.against_side,
        math.exp(world.params.vote_abstain),
    )


@compiled
def _shares(
    u: FloatArray,
    seat_actor: IntArray,
    is_contender: BoolArray,
    for_side: BoolArray,
    against_side: BoolArray,
    abstain: float,
) -> tuple[FloatArray, FloatArray]:
    n = u.shape[0]
    p_for = np.empty(n)
    p_against = np.empty(n)
    for i in range(n):
        holder = seat_actor[i]
        if holder >= 0 and is_contender[holder] and for_side[holder]:
            p_for[i], p_against[i] = 1.0, 0.0
        elif holder >= 0 and is_contender[holder] and against_side[holder]:
            p_for[i], p_against[i] = 0.0, 1.0
        else:
            half = min(max(u[i] / 2.0, -30.0), 30.0)
            e_for = np.exp(half)
            e_against = np.exp(-half)
            total = e_for + e_against + abstain
            p_for[i], p_against[i] = e_for / total, e_against / total
    return p_for, p_against


def cast_votes(
    world: World, state: State, body: int, c: Contest, rng: np.random.Generator
) -> Tally:
    """Vote ``c`` in ``body``: each seat draws its choice; the majority of votes cast decides."""
    p_for, p_against = vote_shares(world, state, body, c)
    draw = rng.random(p_for.shape[0])
    n_for = int(np.count_nonzero(draw < p_for))
    n_against = int(np.count_nonzero(draw >= 1.0 - p_against))
    n_abstain = int(p_for.shape[0]) - n_for - n_against
    carried = n_for > world.majority(body, c.motion) * (n_for + n_against)
    return Tally(n_for, n_against, n_abstain, bool(carried))


def carry_odds(world: World, state: State, body: int, c: Contest) -> float:
    """Probability that ``c`` carries ``body`` (normal approximation to the vote)."""
    p_for, p_against = vote_shares(world, state, body, c)
    majority = world.majority(body, c.motion)
    mean, variance = _margin_moments(p_for, p_against, majority)
    # The margin moves in steps of the quota's share; a motion carries only
    # strictly above the quota, so half the smaller step corrects for continuity.
    correction = min(majority, 1.0 - majority) / 2.0
    if variance <= 1e-12:
        return 1.0 if mean > 0 else 0.0
    return 0.5 * (1.0 + math.erf((mean - correction) / math.sqrt(2.0 * variance)))


@compiled
def _margin_moments(
    p_for: FloatArray, p_against: FloatArray, majority: float
) -> tuple[float, float]:
    """Mean and variance of the for-votes' margin over the quota of votes cast."""
    a = 1.0 - majority
    b = -majority
    mean = 0.0
    variance = 0.0
    for i in range(p_for.shape[0]):
        first = a * p_for[i] + b * p_against[i]
        mean += first
        variance += a * a * p_for[i] + b * b * p_against[i] - first * first
    return mean, variance
