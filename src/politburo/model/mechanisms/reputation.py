"""Reputation: standing in the party, spent by attacking and lost to attacks that stick.

An open attack costs the attacker (more when he attacks from the minority,
against the ban on factions) and hurts the target as far as there is
evidence behind it: pretexts, distance from the party line, and a short
record in the party (a newcomer is easy to paint as an outsider).
Reputation drifts back toward the standing an actor started with.
"""

from __future__ import annotations

import numpy as np

from politburo.model.chronicle import event
from politburo.model.compiled import compiled
from politburo.model.events import Event, Kind, Mechanism
from politburo.model.state import State
from politburo.model.types import FloatArray
from politburo.model.world import World


def deviation(world: World, state: State, actor: int) -> float:
    """Distance of ``actor``'s position from the party line (0 when there is no line)."""
    if state.line < 0:
        return 0.0
    gap = state.position[actor] - world.doctrine_positions[state.line]
    return float(np.sqrt((gap * gap).sum()))


def evidence_against(world: World, state: State, actor: int) -> float:
    """Evidence that an attack on ``actor`` can use, in [0, 1]."""
    raw = state.evidence[actor] + world.params.deviation_evidence * deviation(world, state, actor)
    return float(min(1.0, raw))


def exposure(world: World, state: State, target: int) -> float:
    """How far an attack on ``target`` sticks: his lack of seniority and the evidence."""
    w = world.params.seniority_weight
    return w * (1.0 - float(world.seniority[target])) + (1.0 - w) * evidence_against(
        world, state, target
    )


def in_minority(world: World, state: State, actor: int) -> bool:
    """Whether ``actor``'s side holds less than half of the electing body."""
    leader = int(state.patron[actor])
    return leader < 0 or state.side_share(world.electing, leader) < 0.5


def open_attack(
    world: World, state: State, attacker: int, target: int, reasons: tuple[str, ...]
) -> Event:
    """An open attack on ``target``, logged with the attacker's reasons and its damage."""
    damage = attack(world, state, attacker, target)
    return event(
        world,
        state,
        Kind.ATTACK,
        Mechanism.REPUTATION,
        actor=attacker,
        target=target,
        amount=damage,
        reasons=(*reasons, f"{world.actor_names[target]} loses {damage:.2f} reputation"),
    )


def attack(world: World, state: State, attacker: int, target: int, weight: float = 1.0) -> float:
    """Apply an open attack's costs; return the reputation the target lost."""
    p = world.params
    minority = in_minority(world, state, attacker)
    cost = p.attack_cost + (p.faction_ban_cost if minority else 0.0)
    damage = weight * p.attack_damage * exposure(world, state, target)
    state.reputation[attacker] = max(0.0, state.reputation[attacker] - cost)
    state.reputation[target] = max(0.0, state.reputation[target] - damage)
    state.enmity[attacker, target] += 1.0
    state.enmity[target, attacker] += 1.0
    state.openness[attacker] = 1.0
    if minority:
        state.factional[attacker] = 1.0
    return damage


def monthly_drift(world: World, state: State, rng: np.random.Generator) -> list[Event]:
    """Reputation recovers toward its start; enmity, evidence and factionalism fade.

    Nothing is drawn and nothing logged: the drift is slow and certain.
    """
    p = world.params
    _fade(
        state.reputation,
        world.reputation0,
        p.reputation_recovery,
        state.enmity,
        p.enmity_decay,
        state.evidence,
        state.factional,
        state.openness,
        p.evidence_decay,
    )
    state.pretext_boost *= p.evidence_decay
    return []


@compiled
def _fade(
    reputation: FloatArray,
    reputation0: FloatArray,
    recovery: float,
    enmity: FloatArray,
    enmity_decay: float,
    evidence: FloatArray,
    factional: FloatArray,
    openness: FloatArray,
    evidence_decay: float,
) -> None:
    for actor in range(reputation.shape[0]):
        reputation[actor] += recovery * (reputation0[actor] - reputation[actor])
        evidence[actor] *= evidence_decay
        factional[actor] *= evidence_decay
        openness[actor] *= evidence_decay
        for other in range(enmity.shape[1]):
            enmity[actor, other] *= enmity_decay
