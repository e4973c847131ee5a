"""Alliances: formed against the greatest threat, dropped once they have served.

An actor outweighed by a rival looks for a partner who sees the same rival
as his own greatest threat (balancing; Acemoglu, Egorov and Sonin 2008).
Allies vote together and do not attack each other. An alliance ends when the
partner has himself become the greatest threat (the weaker ally can check a
rising leader only while he is weak enough: Svolik 2009), or when the common
enemy is beaten and the stronger partner no longer needs the weaker one.
Allying with a recent enemy costs both reputation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from politburo.model.chronicle import event
from politburo.model.compiled import compiled
from politburo.model.events import Event, Kind, Mechanism
from politburo.model.state import State
from politburo.model.types import FloatArray, IntArray
from politburo.model.world import World


def allies_of(state: State, actor: int) -> list[int]:
    """The contenders ``actor`` is allied with."""
    row = state.allied[actor].tolist()
    return [c for c in state.contender_list if row[c]]


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
    def measure(
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


def partner_for(world: World, state: State, actor: int, threats: Threats) -> tuple[int, int]:
    """A partner against ``actor``'s greatest threat, and that threat; (-1, -1) if none."""
    enemy = threats.greatest(actor, allies_of(state, actor))
    if enemy < 0 or threats.of(enemy) - threats.own(actor) < world.params.alliance_margin:
        return -1, -1
    best, best_threat = -1, -1.0
    for other in threats.leaders:
        if other in (actor, enemy) or state.allied[actor, other] or state.allied[other, enemy]:
            continue
        # He must see the same rival as his own greatest threat.
        if threats.greatest(other, allies_of(state, other)) != enemy:
            continue
        if threats.of(other) > best_threat:
            best, best_threat = other, threats.of(other)
    return best, enemy


def form(world: World, state: State, actor: int, partner: int, enemy: int) -> Event:
    """Seal an alliance; each pays for embracing a recent enemy."""
    enmity = float(min(1.0, state.enmity[actor, partner]))
    cost = world.params.enemy_alliance_cost * enmity
    for side in (actor, partner):
        state.reputation[side] = max(0.0, state.reputation[side] - cost)
    state.allied[actor, partner] = state.allied[partner, actor] = True
    reasons = [f"against {world.actor_names[enemy]}, the greatest threat to both"]
    if cost > 0.005:
        reasons.append(f"an uneasy alliance with a recent enemy costs each {cost:.2f} reputation")
    return event(
        world,
        state,
        Kind.ALLIANCE_FORMED,
        Mechanism.ALLIANCE,
        actor=actor,
        target=partner,
        others=(enemy,),
        reasons=tuple(reasons),
    )


def ally_to_drop(world: World, state: State, actor: int, threats: Threats) -> tuple[int, str]:
    """An ally ``actor`` would now drop, and why; (-1, '') if none."""
    p = world.params
    allies = allies_of(state, actor)
    if not allies:
        return -1, ""
    greatest = threats.greatest(actor)
    for ally in allies:
        if ally == greatest and threats.of(ally) - threats.own(actor) >= p.alliance_margin:
            return ally, f"{world.actor_names[ally]} has become the greatest threat"
    outside = [int(c) for c in threats.leaders if c != actor and c not in allies]
    if all(threats.of(c) < p.defeated_threshold for c in outside):
        weakest = min(allies, key=threats.of)
        if threats.of(weakest) <= threats.own(actor):
            return weakest, "the common enemy is beaten: the alliance has served its purpose"
    return -1, ""


def dissolve(world: World, state: State, actor: int, ally: int, reason: str) -> Event:
    """End an alliance; the two become rivals again."""
    state.allied[actor, ally] = state.allied[ally, actor] = False
    return event(
        world,
        state,
        Kind.ALLIANCE_BROKEN,
        Mechanism.ALLIANCE,
        actor=actor,
        target=ally,
        reasons=(reason,),
    )
