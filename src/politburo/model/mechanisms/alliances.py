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

from politburo.model.chronicle import event
from politburo.model.events import Event, Kind, Mechanism
from politburo.model.mechanisms.threat import Threats
from politburo.model.state import State
from politburo.model.world import World


def allies_of(state: State, actor: int) -> list[int]:
    """The contenders ``actor`` is allied with."""
    row = state.allied[actor].tolist()
    return [c for c in state.contender_list if row[c]]


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
