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

from politburo.scenario import MotionKind
from politburo.state import State
from politburo.world import BoolArray, FloatArray, World


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


def side_mask(world: World, state: State, actor: int) -> BoolArray:
    """Faction leaders on ``actor``'s side: his own leader and that leader's allies."""
    mask = np.zeros(world.n_actors + 1, dtype=np.bool_)
    if actor < 0:
        return mask
    leader = int(state.patron[actor])
    if leader < 0:
        mask[actor] = True
        return mask
    mask[leader] = True
    mask[: world.n_actors] |= state.allied[leader]
    return mask


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

    ``change`` is how far the motion departs from the status quo (0 for a
    plain trial of strength, 1 for the harshest sanction); ``own_only``
    counts only the proposer's own followers on his side, not his allies'.
    """
    for_side = side_mask(world, state, proposer)
    if own_only:
        leader = int(state.patron[proposer])
        for_side = np.zeros_like(for_side)
        for_side[leader if leader >= 0 else proposer] = True
    against_side = side_mask(world, state, target) if target >= 0 else np.zeros_like(for_side)
    against_side &= ~for_side
    return Contest(proposer, target, for_side, against_side, change, motion)


def _distances(positions: FloatArray, point: FloatArray) -> FloatArray:
    gap = positions - point
    return np.asarray(np.sqrt((gap * gap).sum(axis=1)), dtype=np.float64)


def seat_utilities(world: World, state: State, body: int, c: Contest) -> FloatArray:
    """Each seat's log-odds of voting for rather than against."""
    p = world.params
    seats = state.seats[body]
    # Named seats follow their holder; an anonymous seat's -1 reads a value ``where`` discards.
    named = seats.actor >= 0
    patrons = np.where(named, state.patron[seats.actor], seats.patron)
    loyalty = np.where(named, state.loyalty[seats.actor], seats.loyalty)
    positions = np.where(named[:, None], state.position[seats.actor], seats.position)
    in_for = c.for_side[patrons]
    in_against = c.against_side[patrons]
    own = state.position[c.proposer] if c.for_position is None else c.for_position
    dist_for = _distances(positions, own)
    target = c.target
    if c.against_position is not None:
        dist_against = _distances(positions, c.against_position)
    elif target >= 0:
        dist_against = _distances(positions, state.position[target])
    else:
        dist_against = dist_for  # no one stands against: doctrine does not weigh
    if target >= 0:
        reputation_gap = state.reputation[c.proposer] - state.reputation[target]
        evidence = float(state.evidence[target])
        faction_gap = float(state.factional[target] - state.factional[c.proposer])
    else:
        reputation_gap = state.reputation[c.proposer] - 0.5
        evidence = 0.0
        faction_gap = 0.0
    n = max(seats.size, 1)
    share_gap = (np.count_nonzero(in_for) - np.count_nonzero(in_against)) / n
    u = (
        p.vote_loyalty * loyalty * (in_for.astype(np.float64) - in_against)
        + p.vote_doctrine * (dist_against - dist_for)
        + p.vote_reputation * reputation_gap
        + p.vote_bandwagon * share_gap
        + p.vote_evidence * evidence
        + p.vote_faction_ban * faction_gap
        - p.vote_status_quo * c.change
    )
    return np.asarray(u, dtype=np.float64)


def _probabilities(world: World, u: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Probabilities of voting for and against (the rest abstain)."""
    half = np.minimum(np.maximum(u / 2.0, -30.0), 30.0)
    e_for = np.exp(half)
    e_against = np.exp(-half)
    e_abstain = math.exp(world.params.vote_abstain)
    total = e_for + e_against + e_abstain
    return e_for / total, e_against / total


def _forced(world: World, state: State, body: int, c: Contest) -> tuple[BoolArray, BoolArray]:
    """Seats of the contenders on either side, who vote with their side."""
    actors = state.seats[body].actor
    # An anonymous seat's -1 reads the last actor's flags, which ``contender`` masks out.
    contender = (actors >= 0) & world.is_contender[actors]
    return contender & c.for_side[actors], contender & c.against_side[actors]


def cast_votes(
    world: World, state: State, body: int, c: Contest, rng: np.random.Generator
) -> Tally:
    """Vote ``c`` in ``body``: each seat draws its choice; the majority of votes cast decides."""
    u = seat_utilities(world, state, body, c)
    p_for, p_against = _probabilities(world, u)
    forced_for, forced_against = _forced(world, state, body, c)
    draw = rng.random(u.shape[0])
    votes_for = (draw < p_for) & ~forced_against | forced_for
    votes_against = (draw >= 1.0 - p_against) & ~forced_for | forced_against
    n_for = int(votes_for.sum())
    n_against = int(votes_against.sum())
    n_abstain = int(u.shape[0]) - n_for - n_against
    carried = n_for > world.majority(body, c.motion) * (n_for + n_against)
    return Tally(n_for, n_against, n_abstain, bool(carried))


def carry_odds(world: World, state: State, body: int, c: Contest) -> float:
    """Probability that ``c`` carries ``body`` (normal approximation to the vote)."""
    u = seat_utilities(world, state, body, c)
    p_for, p_against = _probabilities(world, u)
    forced_for, forced_against = _forced(world, state, body, c)
    p_for = np.where(forced_for, 1.0, np.where(forced_against, 0.0, p_for))
    p_against = np.where(forced_against, 1.0, np.where(forced_for, 0.0, p_against))
    majority = world.majority(body, c.motion)
    # Margin of for-votes over the quota of votes cast, per seat.
    mean = float((p_for - majority * (p_for + p_against)).sum())
    a = 1.0 - majority
    b = -majority
    second = a * a * p_for + b * b * p_against
    variance = float((second - (a * p_for + b * p_against) ** 2).sum())
    # The margin moves in steps of the quota's share; a motion carries only
    # strictly above the quota, so half the smaller step corrects for continuity.
    correction = min(majority, 1.0 - majority) / 2.0
    if variance <= 1e-12:
        return 1.0 if mean > 0 else 0.0
    return 0.5 * (1.0 + math.erf((mean - correction) / math.sqrt(2.0 * variance)))
