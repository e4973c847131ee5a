"""Pretexts and exogenous shocks: chance, and the world outside the party.

A pretext (a compromising incident) arises against a contender at random,
more often the more his camp organises as a faction; his rivals choose
whether to use it. A shock (a foreign setback, a famine) is scheduled or
random and hits by rule: the side holding the line, the opposition, or
everyone; it also makes pretexts likelier for a while (a war scare makes
opposition look like disloyalty).
"""

from __future__ import annotations

import numpy as np

from politburo.model.chronicle import event
from politburo.model.compiled import compiled
from politburo.model.events import Event, Kind, Mechanism
from politburo.model.mechanisms.majority import sides
from politburo.model.mechanisms.reputation import attack
from politburo.model.state import State
from politburo.model.types import FloatArray, IntArray
from politburo.model.world import World
from politburo.scenario.schema import RandomShock, ScheduledEvent, ShockRule


def arise(world: World, state: State, rng: np.random.Generator) -> list[Event]:
    """Draw this month's pretexts; each lasts the month unless used.

    A pretext is not an event until someone uses it: none is logged here.
    """
    p = world.params
    state.pretexts = []
    leaders = state.active(world)
    draws = rng.random(leaders.size)
    exposed = _exposed(
        leaders,
        state.factional,
        p.pretext_rate,
        p.opposition_pretext_rate,
        state.pretext_boost,
        draws,
    )
    for leader in exposed.tolist():
        followers = ((state.patron == leader) & (np.arange(world.n_actors) != leader)).nonzero()[0]
        followers = followers[state.in_party[followers] & state.alive[followers]]
        culprit = int(rng.choice(followers)) if followers.size else leader
        state.pretexts.append((leader, culprit))
    return []


@compiled
def _exposed(
    leaders: IntArray,
    factional: FloatArray,
    rate: float,
    opposition_rate: float,
    boost: float,
    draws: FloatArray,
) -> IntArray:
    """The leaders a pretext arises against this month: an opposition is more exposed."""
    hit = np.zeros(leaders.shape[0], dtype=np.bool_)
    for i in range(leaders.shape[0]):
        hit[i] = draws[i] < rate + opposition_rate * factional[leaders[i]] + boost
    return leaders[hit]


def random_shocks(world: World, state: State, rng: np.random.Generator) -> list[Event]:
    """The shocks that chance brings this month."""
    shocks = world.scenario.random_shocks
    if not shocks:
        return []
    draws = rng.random(len(shocks))
    return [
        shock(world, state, s) for s, d in zip(shocks, draws, strict=True) if d < s.monthly_chance
    ]


def pretext_against(state: State, target: int) -> int:
    """The culprit of a pretext against ``target`` this month, or -1."""
    for leader, culprit in state.pretexts:
        if leader == target:
            return culprit
    return -1


def use_pretext(world: World, state: State, actor: int, target: int) -> Event:
    """Turn a pretext into evidence and an attack on ``target``."""
    culprit = pretext_against(state, target)
    state.pretexts = [(t, c) for t, c in state.pretexts if t != target]
    state.evidence[target] = min(1.0, state.evidence[target] + world.params.pretext_evidence)
    damage = attack(world, state, actor, target)
    return event(
        world,
        state,
        Kind.PRETEXT,
        Mechanism.PRETEXT,
        actor=actor,
        target=target,
        amount=damage,
        others=(culprit,) if culprit not in (-1, target) else (),
        reasons=(
            f"an incident involving {world.actor_names[culprit]} is used as evidence against "
            f"{world.actor_names[target]}",
            f"{world.actor_names[target]} loses {damage:.2f} reputation",
        ),
    )


def shock(world: World, state: State, scheduled: ScheduledEvent | RandomShock) -> Event:
    """Apply a shock by its rule: who pays is decided by position, never by name."""
    ranked = sides(world, state, world.electing)
    governing = ranked[0][1] if ranked else np.array([], dtype=np.int64)
    active = state.active(world)
    if scheduled.rule is ShockRule.LINE_HOLDERS:
        hit = governing
        who = "the side that holds the line pays"
    elif scheduled.rule is ShockRule.OPPOSITION:
        hit = active[~np.isin(active, governing)]
        who = "the opposition pays"
    else:
        hit = active
        who = "every contender pays"
    state.reputation[hit] = np.maximum(0.0, state.reputation[hit] - scheduled.magnitude)
    state.pretext_boost = max(state.pretext_boost, scheduled.pretext_boost)
    return event(
        world,
        state,
        Kind.SHOCK,
        Mechanism.SHOCK,
        others=tuple(int(h) for h in hit),
        amount=scheduled.magnitude,
        reasons=(scheduled.name, who),
        source=scheduled.source,
    )


def revelation(world: World, state: State, scheduled: ScheduledEvent) -> list[Event]:
    """A document made public accuses the holder of an office: evidence against him.

    An office of several seats has several holders: it accuses each.
    """
    if scheduled.office is None:
        return []
    ids = [o.id for o in world.scenario.offices]
    seats = world.office_seats[ids.index(scheduled.office)]
    return [
        accused
        for office in seats
        for accused in _accuse(world, state, scheduled, office, int(state.office_holder[office]))
    ]


def _accuse(
    world: World, state: State, scheduled: ScheduledEvent, office: int, holder: int
) -> list[Event]:
    if holder < 0:
        return []
    state.evidence[holder] = min(1.0, state.evidence[holder] + scheduled.magnitude)
    return [
        event(
            world,
            state,
            Kind.REVELATION,
            Mechanism.SHOCK,
            target=holder,
            office=office,
            amount=scheduled.magnitude,
            reasons=(
                scheduled.name,
                f"its charges count as evidence against {world.actor_names[holder]}",
            ),
            source=scheduled.source,
        )
    ]
