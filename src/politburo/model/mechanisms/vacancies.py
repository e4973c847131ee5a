"""Who may hold what: the bodies fill vacant seats, candidacies and offices from those eligible.

A vacancy goes only to a man the regime could put there: alive, in the
party, not in exile, not under a sanction, not kept out for having
capitulated (``capitulation_bar``), and not a member of a condemned camp who
has not capitulated. An office goes only to a man whose career before the
struggle qualifies him (``Office.requires``), and may go to one who already
holds another, though a man without office is preferred, or a holder of
an office it is promoted from (``Office.promotes_from``), who leaves that
one vacant to be filled in turn; an office of several seats is filled seat
by seat, and no man holds two seats of one office. A seat in the top body
goes first to its candidate members. Each time the majority of the
electing body chooses from its own camp, or failing that from the
uncommitted, never from a rival's camp; with no one to choose, the post
stays vacant.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from politburo.model.chronicle import event
from politburo.model.events import Event, Kind, Mechanism
from politburo.model.mechanisms.majority import sides
from politburo.model.state import State
from politburo.model.types import BoolArray, IntArray
from politburo.model.world import World


def eligible(world: World, state: State) -> BoolArray:
    """Who may receive a seat, a candidacy or an office this month."""
    camp = state.patron
    in_condemned_camp = (camp >= 0) & state.condemned[np.maximum(camp, 0)]
    return np.asarray(
        state.alive
        & state.in_party
        & ~state.recanted
        & ~state.sanctioned
        & (state.exile == 0)
        & (state.barred_until <= state.month)
        & ~in_condemned_camp
        & (np.arange(world.n_actors) != world.leader)
    )


def majority_camp(world: World, state: State, body: int) -> BoolArray:
    """Leaders of the side that holds ``body``, one entry per actor and a final False for -1."""
    ranked = sides(world, state, body)
    mask = np.zeros(world.n_actors + 1, dtype=np.bool_)
    if ranked:
        mask[ranked[0][1]] = True
    return mask


def pick(world: World, state: State, body: int, pool: IntArray) -> int:
    """The man the majority of ``body`` prefers in ``pool``: its own camp's most reputed.

    Failing its own camp, the most reputed uncommitted man; a rival camp's
    man never (-1: the post stays vacant).
    """
    if pool.size == 0:
        return -1
    side = majority_camp(world, state, body)
    camp = pool[side[state.patron[pool]]]
    if not camp.size:
        camp = pool[state.patron[pool] < 0]
    if not camp.size:
        return -1
    return int(camp[np.argmax(state.reputation[camp])])


def fill_top_vacancies(world: World, state: State) -> list[Event]:
    """The electing body fills empty seats in the top body: candidates first, then its members."""
    top = state.seats[world.top]
    vacant = (top.actor < 0).nonzero()[0].tolist()
    events = []
    standing = eligible(world, state)
    electing = _members(world, state, world.electing)
    for seat in vacant:
        in_top = _members(world, state, world.top)
        promoted = pick(world, state, world.electing, (standing & state.candidate).nonzero()[0])
        chosen = promoted
        if chosen < 0:
            chosen = pick(
                world, state, world.electing, (standing & electing & ~in_top).nonzero()[0]
            )
        if chosen < 0:
            break
        top.actor[seat] = chosen
        state.candidate[chosen] = False
        how = "a candidate member, promoted" if promoted >= 0 else "a member of the body"
        events.append(
            event(
                world,
                state,
                Kind.ELECTED_TOP,
                Mechanism.CIRCULAR_FLOW,
                actor=chosen,
                body=world.electing,
                reasons=(
                    f"the {world.body_names[world.electing]} fills a vacancy in the "
                    f"{world.body_names[world.top]}: {how}",
                    camp_reason(world, state, chosen),
                ),
            )
        )
    return events + fill_candidacies(world, state)


def fill_candidacies(world: World, state: State) -> list[Event]:
    """The electing body keeps the top body's tier of candidate members full."""
    slots = len(world.top_candidates)
    events = []
    while int(state.candidate.sum()) < slots:
        pool = (
            eligible(world, state)
            & _members(world, state, world.electing)
            & ~_members(world, state, world.top)
            & ~state.candidate
        )
        chosen = pick(world, state, world.electing, pool.nonzero()[0])
        if chosen < 0:
            break
        state.candidate[chosen] = True
        events.append(
            event(
                world,
                state,
                Kind.ELECTED_CANDIDATE,
                Mechanism.CIRCULAR_FLOW,
                actor=chosen,
                body=world.electing,
                reasons=(camp_reason(world, state, chosen),),
            )
        )
    return events


def fill_offices(world: World, state: State, body: int) -> list[Event]:
    """``body`` fills the vacant offices it appoints with qualified men of its majority's camp."""
    return fill_seats(world, state, body, world.offices_appointed_by[body])


def fill_seats(world: World, state: State, body: int, seats: Sequence[int]) -> list[Event]:
    """``body`` fills those of ``seats`` that are vacant, one after another.

    The pool is the qualified men holding no office and the holders of the
    offices a seat is promoted from; failing them, any qualified office
    holder (who then holds both). A man promoted leaves his lower office,
    which is filled in turn if its appointing body sits this month.
    """
    events = []
    pending = list(seats)
    while pending:
        office = pending.pop(0)
        holder = int(state.office_holder[office])
        if holder >= 0 and state.alive[holder] and state.in_party[holder]:
            continue
        qualified = eligible(world, state) & world.qualified[office]
        holding = np.zeros(world.n_actors, dtype=np.bool_)
        holders = state.office_holder[state.office_holder >= 0]
        holding[holders] = True
        colleagues = state.office_holder[list(world.office_seats[world.office_of[office]])]
        qualified[colleagues[colleagues >= 0]] = False  # a man holds one seat of an office
        below = list(world.promoted_from[office])
        promotable = np.zeros(world.n_actors, dtype=np.bool_)
        lower = state.office_holder[below]
        promotable[lower[lower >= 0]] = True
        chosen = pick(world, state, body, (qualified & (~holding | promotable)).nonzero()[0])
        if chosen < 0:
            chosen = pick(world, state, body, (qualified & holding).nonzero()[0])
        if chosen < 0:
            continue
        left = [seat for seat in below if state.office_holder[seat] == chosen]
        state.office_holder[left] = -1
        state.office_holder[office] = chosen
        promoted = tuple(
            f"promoted from the {world.office_names[seat]}, which falls vacant" for seat in left
        )
        events.append(
            event(
                world,
                state,
                Kind.OFFICE_APPOINTED,
                Mechanism.CIRCULAR_FLOW,
                actor=chosen,
                body=body,
                office=office,
                reasons=(
                    f"the {world.body_names[body]} fills the vacant office",
                    camp_reason(world, state, chosen),
                    *promoted,
                ),
            )
        )
        for seat in left:  # the lower office is filled in turn if its body sits
            appointer = int(world.office_appointer[seat])
            if appointer == body:
                pending.append(seat)
            elif state.sitting[appointer]:
                events.extend(fill_seats(world, state, appointer, [seat]))
    return events


def camp_reason(world: World, state: State, chosen: int) -> str:
    """Why the majority chose ``chosen``: his camp, or that no camp of its own stood."""
    patron = int(state.patron[chosen])
    if patron < 0:
        return "no man of the majority's camp stands: the most reputed uncommitted member"
    if patron == chosen:
        return "the majority's own leader"
    return f"a follower of {world.actor_names[patron]}, whose side holds the majority"


def _members(world: World, state: State, body: int) -> BoolArray:
    holders = state.seats[body].actor
    out = np.zeros(world.n_actors, dtype=np.bool_)
    out[holders[holders >= 0]] = True
    return out
