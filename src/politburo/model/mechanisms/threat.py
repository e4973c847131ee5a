"""How much each contender threatens the others: voting power, and force.

A contender's political threat is the Shapley–Shubik power of the bloc he
could carry in the bodies that matter (the top body and the electing body):
the seats that follow him, plus the uncommitted seats in proportion to the
pull of his reputation. Rivals also fear force: a contender who commands a
force (the army, the security troops, a guard) could try a coup, and his
threat includes its odds, whatever his restraint (which his rivals cannot
see). What rivals see is less than the whole for a patient man who has not
yet shown his hand. The threat a rival poses to a given contender also grows
with the doctrinal distance between them. Alliances form against the
greatest threat (Walt's balancing; Acemoglu, Egorov and Sonin 2008).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from politburo.model.compiled import compiled
from politburo.model.mechanisms.coup import coup_odds, force_offices
from politburo.model.state import State, active_contenders
from politburo.model.types import BoolArray, FloatArray, IntArray
from politburo.model.voting_power import pivotal_shares
from politburo.model.world import World


@dataclass(frozen=True, slots=True)
class Threats:
    """Each active contender's power this month, and the threat he poses to each other.

    ``power`` is his threat in the abstract (voting power and force) and
    ``seen`` the part of it his rivals can see (a patient man hides some of
    it until he acts openly); the threat he poses to a given rival also
    grows with the doctrinal distance between them (``threat_doctrine_weight``):
    a strong rival who would pursue one's own policy is less to be feared
    than one who would undo it.
    """

    leaders: tuple[int, ...]
    power: dict[int, float]
    seen: dict[int, float]
    ranking: dict[int, tuple[int, ...]]

    @classmethod
    def rank(
        cls,
        leaders: IntArray,
        power: FloatArray,
        seen: FloatArray,
        positions: FloatArray,
        doctrine_weight: float,
    ) -> Threats:
        """Threats from each leader's power, the part of it rivals see, and his position."""
        ids = leaders.tolist()
        order = _ranked_threats(
            np.asarray(positions, dtype=np.float64), seen, doctrine_weight, leaders
        ).tolist()
        ranking = {observer: tuple(row) for observer, row in zip(ids, order, strict=True)}
        return cls(
            tuple(ids),
            dict(zip(ids, power.tolist(), strict=True)),
            dict(zip(ids, seen.tolist(), strict=True)),
            ranking,
        )

    def of(self, actor: int) -> float:
        """Power of ``actor`` as his rivals see it (0 if he is out of the fight)."""
        return self.seen.get(actor, 0.0)

    def own(self, actor: int) -> float:
        """Power of ``actor`` as he knows it himself, nothing hidden."""
        return self.power.get(actor, 0.0)

    def greatest(self, observer: int, excluding: Iterable[int] = ()) -> int:
        """The greatest threat to ``observer``, other than himself and ``excluding``; -1 if none."""
        skip = {observer, *excluding}
        for leader in self.ranking.get(observer, ()):
            if leader not in skip:
                return leader
        return -1


def threats(world: World, state: State) -> Threats:
    """The threat each active contender poses this month, and the part of it rivals see."""
    force = np.zeros(world.n_actors)
    for office in force_offices(world):
        commander = int(state.office_holder[office])
        if commander in state.contender_list:  # read below only if he is still in the fight
            force[commander] = coup_odds(world, state, commander)
    top, electing = state.seats[world.top], state.seats[world.electing]
    p = world.params
    leaders, level, seen = _threats(
        world.contenders,
        state.alive,
        state.in_party,
        state.recanted,
        top.actor,
        top.patron,
        electing.actor,
        electing.patron,
        state.patron,
        state.reputation,
        p.vote_reputation,
        world.body_majority[world.top],
        world.body_majority[world.electing],
        force,
        p.threat_force_weight,
        world.hiding,
        state.openness,
    )
    return Threats.rank(leaders, level, seen, state.position[leaders], p.threat_doctrine_weight)


@compiled
def _threats(
    contenders: IntArray,
    alive: BoolArray,
    in_party: BoolArray,
    recanted: BoolArray,
    top_actor: IntArray,
    top_patron: IntArray,
    electing_actor: IntArray,
    electing_patron: IntArray,
    patron: IntArray,
    reputation: FloatArray,
    vote_reputation: float,
    top_majority: float,
    electing_majority: float,
    force: FloatArray,
    force_weight: float,
    hiding: FloatArray,
    openness: FloatArray,
) -> tuple[IntArray, FloatArray, FloatArray]:
    """Threats of the active contenders; a scenario has at most ``MAX_PLAYERS`` of them."""
    leaders = active_contenders(contenders, alive, in_party, recanted)
    power = _political_power(
        top_actor,
        top_patron,
        electing_actor,
        electing_patron,
        patron,
        leaders,
        reputation,
        vote_reputation,
        top_majority,
        electing_majority,
    )
    level, seen = _levels(power, force[leaders], force_weight, hiding, openness, leaders)
    return leaders, level, seen


@compiled
def _political_power(
    top_actor: IntArray,
    top_patron: IntArray,
    electing_actor: IntArray,
    electing_patron: IntArray,
    patron: IntArray,
    leaders: IntArray,
    reputation: FloatArray,
    vote_reputation: float,
    top_majority: float,
    electing_majority: float,
) -> FloatArray:
    """Mean Shapley–Shubik power of each leader's bloc in the top and electing bodies."""
    if leaders.shape[0] == 0:
        return np.zeros(0)
    top = _bloc_seats(top_actor, top_patron, patron, leaders, reputation, vote_reputation)
    electing = _bloc_seats(
        electing_actor, electing_patron, patron, leaders, reputation, vote_reputation
    )
    return (_bloc_power(top, top_majority) + _bloc_power(electing, electing_majority)) / 2.0


@compiled
def _bloc_seats(
    seat_actor: IntArray,
    seat_patron: IntArray,
    patron: IntArray,
    leaders: IntArray,
    reputation: FloatArray,
    vote_reputation: float,
) -> FloatArray:
    """Seats each leader's faction can count on in a body, the uncommitted shared out.

    Uncommitted seats (patron -1, or a patron no longer in the fight) go to
    the leaders in proportion to ``exp(vote_reputation * reputation)``.
    """
    counts = np.zeros(leaders.shape[0])
    for i in range(seat_actor.shape[0]):
        holder = seat_actor[i]
        follows = patron[holder] if holder >= 0 else seat_patron[i]
        for j in range(leaders.shape[0]):
            if leaders[j] == follows:
                counts[j] += 1.0
                break
    uncommitted = seat_actor.shape[0] - counts.sum()
    if leaders.shape[0] > 0 and uncommitted > 0:
        pull = np.exp(vote_reputation * reputation[leaders])
        counts += uncommitted * pull / pull.sum()
    return counts


@compiled
def _bloc_power(seats: FloatArray, majority: float) -> FloatArray:
    """Shapley–Shubik power of each bloc, counted in whole seats, under ``majority``."""
    weights = np.rint(seats).astype(np.int64)
    quota = int(np.floor(weights.sum() * majority)) + 1
    return pivotal_shares(weights, quota)


@compiled
def _levels(
    power: FloatArray,
    force: FloatArray,
    force_weight: float,
    hiding: FloatArray,
    openness: FloatArray,
    leaders: IntArray,
) -> tuple[FloatArray, FloatArray]:
    """Each leader's threat (voting power and force), and the part of it his rivals see.

    A patient man who has not yet acted openly keeps part of his strength
    out of sight (``hiding``: his patience times ``concealment``); an open
    attack, motion or programme reveals it, and it fades from view again as
    the memory of the act fades.
    """
    level = (1.0 - force_weight) * power + force_weight * force
    seen = np.empty_like(level)
    for i in range(leaders.shape[0]):
        hidden = hiding[leaders[i]]
        seen[i] = (1.0 - hidden * (1.0 - min(1.0, openness[leaders[i]]))) * level[i]
    return level, seen


@compiled
def _ranked_threats(
    positions: FloatArray, seen: FloatArray, doctrine_weight: float, leaders: IntArray
) -> IntArray:
    """Each observer's (row's) rivals, the most threatening first; ties in ``leaders``' order.

    The threat a leader poses to an observer is the power rivals see in him,
    weighed by the doctrinal distance between the two.
    """
    n, axes = positions.shape
    span = 2.0 * np.sqrt(axes) if n * axes > 0 else 1.0
    felt = np.empty((n, n))
    for observer in range(n):
        for leader in range(n):
            gap = 0.0
            for k in range(axes):
                gap += (positions[observer, k] - positions[leader, k]) ** 2
            distance = np.sqrt(gap) / span
            felt[observer, leader] = seen[leader] * (
                (1.0 - doctrine_weight) + doctrine_weight * distance
            )
    ranked = np.empty((n, n), dtype=np.int64)
    for observer in range(n):
        ranked[observer] = leaders[np.argsort(-felt[observer], kind="mergesort")]
    return ranked
