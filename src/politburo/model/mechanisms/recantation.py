"""Recantation and readmission: the beaten may submit, at a price.

Only a contender who has himself been sanctioned, or whose camp has been
condemned, may publicly renounce his platform, and only under a fresh blow
(a sanction carried against him or an ally, his platform voted down): how
readily is his trait ``yielding`` (one who never yields never does). He pays in reputation,
leaves the fight, takes the party line and is kept from new posts for
``capitulation_bar`` months, but keeps the seats he holds: a recantation
costs no seat by itself. His allies who are beaten too may submit with him
in the month he does or the next, on their own decision, and their alliance
stands; his alliances with men who do not follow him end. His camp capitulates with him. If he was
expelled, the majority may later readmit him, unless he has been sent into
exile or deported.
"""

from __future__ import annotations

import numpy as np

from politburo.model.chronicle import event
from politburo.model.events import Event, Kind, Mechanism
from politburo.model.mechanisms import camps
from politburo.model.state import State
from politburo.model.world import World


def recant(world: World, state: State, actor: int, reasons: tuple[str, ...]) -> Event:
    """``actor`` submits to the majority; his beaten allies may follow him within the month.

    The event names the members of his camp who capitulate with him.
    """
    camp = _submit(world, state, actor)
    if camp:
        name = world.camp_names.get(actor, "his camp")
        names = ", ".join(world.actor_names[m] for m in camp)
        reasons = (*reasons, f"{name} submits with him: {names}")
    for ally in state.contender_list:
        if state.allied[actor, ally] and not state.recanted[ally]:
            if may_recant(state, ally):
                state.last_blow[ally] = state.month  # his ally's submission is a blow to him
            else:
                state.allied[actor, ally] = state.allied[ally, actor] = False
    return event(
        world,
        state,
        Kind.RECANTED,
        Mechanism.RECANTATION,
        actor=actor,
        others=tuple(camp),
        reasons=reasons,
    )


def part_ways(world: World, state: State, rng: np.random.Generator) -> list[Event]:
    """Alliances end between a man who recanted and an ally who would not follow him.

    An ally under the same blow has the month of the recantation and the next
    to submit too (men who submit together stay allied); after that, the two
    part.
    """
    for who in state.recanted.nonzero()[0].tolist():
        if state.month - int(state.recant_month[who]) < 1:
            continue
        for ally in state.contender_list:
            if state.allied[who, ally] and not state.recanted[ally]:
                state.allied[who, ally] = state.allied[ally, who] = False
    return []


def may_recant(state: State, actor: int) -> bool:
    """Whether ``actor`` may recant now: a blow has just fallen on him or on an ally.

    A blow is a sanction carried against him, or the congress voting his
    platform down; he weighs submitting in the month it falls and the next,
    not at leisure: a man who has refused under one blow waits for the next.
    """
    if not state.alive[actor] or state.recanted[actor]:
        return False
    if not (state.sanctioned[actor] or state.condemned[actor]):
        return False
    side = [actor, *(a for a in state.contender_list if state.allied[actor, a])]
    return bool(state.month - max(int(state.last_blow[a]) for a in side) <= 1)


def _submit(world: World, state: State, actor: int) -> list[int]:
    """``actor`` leaves the fight and takes the line; returns his camp, which submits with him."""
    state.recanted[actor] = True
    state.recant_month[actor] = state.month
    state.reputation[actor] = max(0.0, state.reputation[actor] - world.params.recant_cost)
    state.factional[actor] = 0.0
    camps.bar(world, state, actor)
    if state.line >= 0:
        state.position[actor] = world.doctrine_positions[state.line]
    return camps.submit_with(world, state, actor)


def awaiting_readmission(world: World, state: State) -> list[int]:
    """Expelled actors who recanted long enough ago to be readmitted."""
    after = world.params.readmit_after
    return [
        actor
        for actor in state.recanted.nonzero()[0].tolist()
        if not state.in_party[actor]
        and state.alive[actor]
        and state.exile[actor] == 0
        and state.month - state.recant_month[actor] >= after
    ]
