"""The circular flow of power (Daniels): secretaries, delegates, electing body, top body.

Provincial secretaries choose congress delegates, who elect the electing
body, which fills the top body and the offices, whose holder appoints the
secretaries.

A congress's delegates come from the provinces in proportion to their
members; a province's secretary picks a share of them (``secretary_control``),
the members the rest. The congress then elects the electing and disciplinary
bodies, over-rewarding its majority (``slate_bias``: the leadership's slate).
Between congresses the electing body fills vacancies in the top body and in
the offices it appoints; its majority chooses from its own camp.
"""

from __future__ import annotations

import numpy as np

from politburo.model.chronicle import event
from politburo.model.compiled import compiled
from politburo.model.events import Event, Kind, Mechanism
from politburo.model.mechanisms.patronage import city_secretaries
from politburo.model.state import UNALIGNED, Seats, State, active_contenders, count_followers
from politburo.model.types import BoolArray, IntArray
from politburo.model.voting import Tally, cast_votes, contest
from politburo.model.world import World
from politburo.scenario.schema import MotionKind, ScheduledKind


def apportion(total: int, weights: np.ndarray) -> IntArray:
    """Split ``total`` seats in proportion to ``weights`` by largest remainders."""
    weights = np.asarray(weights, dtype=np.float64)
    if total <= 0 or weights.sum() <= 0:
        return np.zeros(weights.shape[0], dtype=np.int64)
    quotas = total * weights / weights.sum()
    whole = np.floor(quotas).astype(np.int64)
    order = np.argsort(-(quotas - whole), kind="stable")
    whole[order[: total - int(whole.sum())]] += 1
    return np.asarray(whole, dtype=np.int64)


def resize(seats: Seats, size: int) -> Seats:
    """The body with ``size`` seats: anonymous seats added (vacant) or dropped, named kept."""
    if size == seats.size:
        return seats
    if size > seats.size:
        extra = size - seats.size
        return Seats(
            actor=np.concatenate([seats.actor, np.full(extra, -1, dtype=np.int64)]),
            patron=np.concatenate([seats.patron, np.full(extra, UNALIGNED, dtype=np.int64)]),
            loyalty=np.concatenate([seats.loyalty, np.zeros(extra)]),
            position=np.vstack([seats.position, np.zeros((extra, seats.position.shape[1]))]),
        )
    named = np.flatnonzero(seats.actor >= 0)
    anonymous = np.flatnonzero(seats.actor < 0)
    keep = np.sort(np.concatenate([named, anonymous[: max(0, size - named.size)]]))
    return Seats(seats.actor[keep], seats.patron[keep], seats.loyalty[keep], seats.position[keep])


def sides(world: World, state: State, body: int) -> list[tuple[int, IntArray, int]]:
    """Each active contender's side in ``body``: (leader, side leaders, seats), largest first.

    A side is a leader and the contenders allied with him; its seats are
    those its members' own followers hold. Ties go to the leader with more
    seats of his own, then to the lower index.
    """
    active = state.active(world)
    order, seats, members = _side_ranking(
        world.contenders, active, state.allied, state.follower_counts(body)
    )
    return [(int(active[k]), world.contenders[members[k]], int(seats[k])) for k in order.tolist()]


def majority_leader(world: World, state: State, body: int) -> int:
    """The leader with most seats of his own inside the largest side of ``body``, or -1."""
    seats = state.seats[body]
    return int(
        _majority_leader(
            world.contenders,
            state.alive,
            state.in_party,
            state.recanted,
            state.allied,
            seats.actor,
            seats.patron,
            state.patron,
        )
    )


@compiled
def _side_ranking(
    contenders: IntArray, active: IntArray, allied: BoolArray, counts: IntArray
) -> tuple[IntArray, IntArray, BoolArray]:
    """The order of the active leaders' sides (largest first), their seats, their members."""
    n = active.shape[0]
    members = np.zeros((n, contenders.shape[0]), dtype=np.bool_)
    seats = np.zeros(n, dtype=np.int64)
    for k in range(n):
        leader = active[k]
        for j in range(contenders.shape[0]):
            c = contenders[j]
            if c == leader or allied[leader, c]:
                members[k, j] = True
                seats[k] += counts[c]
    order = np.arange(n)
    for k in range(1, n):  # insertion sort on (-seats, -own seats, leader)
        item = order[k]
        m = k - 1
        while m >= 0 and _ranks_before(item, order[m], seats, counts, active):
            order[m + 1] = order[m]
            m -= 1
        order[m + 1] = item
    return order, seats, members


@compiled
def _ranks_before(a: int, b: int, seats: IntArray, counts: IntArray, active: IntArray) -> bool:
    if seats[a] != seats[b]:
        return bool(seats[a] > seats[b])
    if counts[active[a]] != counts[active[b]]:
        return bool(counts[active[a]] > counts[active[b]])
    return bool(active[a] < active[b])


@compiled
def _majority_leader(
    contenders: IntArray,
    alive: BoolArray,
    in_party: BoolArray,
    recanted: BoolArray,
    allied: BoolArray,
    seat_actor: IntArray,
    seat_patron: IntArray,
    patron: IntArray,
) -> int:
    active = active_contenders(contenders, alive, in_party, recanted)
    counts = count_followers(seat_actor, seat_patron, patron)
    if active.shape[0] == 0:
        return -1
    order, _, members = _side_ranking(contenders, active, allied, counts)
    best, best_own = -1, -1
    for j in range(contenders.shape[0]):
        c = contenders[j]
        if members[order[0], j] and (counts[c] > best_own or (counts[c] == best_own and c > best)):
            best, best_own = c, counts[c]
    return best


def congress(world: World, state: State, rng: np.random.Generator) -> list[Event]:
    """The congress, if the calendar brings one this month.

    The bodies take the sizes it sets, the provinces send their delegates,
    the congress votes on the leadership's report if an opposition stands,
    elects the bodies it elects, and the new electing body re-elects the top
    body. (Should a calendar list two congresses in a month, the last is held.)
    """
    held = [item for item in world.schedule[state.month] if item.kind is ScheduledKind.CONGRESS]
    if not held:
        return []
    item = held[-1]
    for body_id, size in item.body_sizes.items():
        body = world.body_ids.index(body_id)
        state.seats[body] = resize(state.seats[body], size)
    choose_delegates(world, state, rng)
    out = [
        event(
            world,
            state,
            Kind.CONGRESS,
            Mechanism.STATUTE,
            body=world.congress,
            reasons=(item.name,),
            source=item.source,
        )
    ]
    out.extend(report_vote(world, state, rng))
    out.extend(elect_bodies(world, state))
    out.extend(reelect_top(world, state))
    return out


def elections(world: World, state: State, rng: np.random.Generator) -> list[Event]:
    """If the electing body sat this month, the vacancies are filled.

    It fills the empty seats of the top body from its own members; every
    body that sat fills the vacant offices it appoints; city-led provinces
    take their office holder's secretary.
    """
    if not state.sitting[world.electing]:
        return []
    out = fill_top_vacancies(world, state)
    for body in state.sitting.nonzero()[0].tolist():
        out.extend(fill_offices(world, state, body))
    city_secretaries(world, state)
    return out


def choose_delegates(world: World, state: State, rng: np.random.Generator) -> None:
    """Fill the congress: each province's delegates, picked by secretary and members."""
    congress = state.seats[world.congress]
    totals = state.members.sum(axis=1)
    per_province = apportion(congress.size, totals)
    control = world.params.secretary_control
    n = world.n_actors
    # A province's secretary picks a share of its delegates (if he follows anyone);
    # its members choose the rest in proportion to their cohorts.
    has_patron = state.secretary >= 0
    picked = np.where(has_patron, rng.binomial(per_province, control), 0)
    drawn = rng.multinomial(per_province - picked, state.members / totals[:, None])
    # Column n of the members' cohorts is "unaligned": patron -1.
    cohort_patrons = np.append(np.arange(n), UNALIGNED)
    by_secretary = np.repeat(state.secretary, picked)
    by_members = np.repeat(np.tile(cohort_patrons, len(per_province)), drawn.ravel())
    delegate_patron = np.concatenate([by_secretary, by_members]).astype(np.int64)
    province_of = np.concatenate(
        [
            np.repeat(np.arange(len(per_province)), picked),
            np.repeat(np.repeat(np.arange(len(per_province)), n + 1), drawn.ravel()),
        ]
    )
    state.seats[world.congress] = Seats(
        actor=np.full(congress.size, -1, dtype=np.int64),
        patron=delegate_patron,
        loyalty=np.where(delegate_patron >= 0, world.params.follower_loyalty, 0.0),
        position=state.member_position[province_of],
    )


def opposition_leader(world: World, state: State, majority: int) -> int:
    """The organised opposition to ``majority``'s side, if any: the most factional rival."""
    best, score = -1, world.params.organised_threshold
    for leader in state.active(world):
        if leader == majority or state.allied[majority, leader]:
            continue
        if state.factional[leader] > score:
            best, score = int(leader), float(state.factional[leader])
    return best


def report_vote(world: World, state: State, rng: np.random.Generator) -> list[Event]:
    """The congress votes on the leadership's report against the opposition's, if one stands."""
    if MotionKind.REPORT not in world.body_decides[world.congress]:
        return []
    leader = majority_leader(world, state, world.congress)
    if leader < 0:
        return []
    rival = opposition_leader(world, state, leader)
    if rival < 0:
        return []
    tally: Tally = cast_votes(
        world,
        state,
        world.congress,
        contest(world, state, leader, rival, motion=MotionKind.REPORT),
        rng,
    )
    winner, loser = (leader, rival) if tally.carried else (rival, leader)
    state.reputation[loser] = max(0.0, state.reputation[loser] - world.params.attack_damage)
    return [
        event(
            world,
            state,
            Kind.CONGRESS_VOTE,
            Mechanism.CIRCULAR_FLOW,
            actor=winner,
            target=loser,
            body=world.congress,
            tally=tally,
            reasons=(
                f"{tally.share_for:.0%} of votes cast for the report of "
                f"{world.actor_names[leader]}'s side",
                "delegates were picked by provincial secretaries and members",
            ),
        )
    ]


def elect_bodies(world: World, state: State) -> list[Event]:
    """The congress elects the bodies it elects: anonymous seats follow its slate."""
    delegates = state.seat_patrons(world.congress)
    counts = np.bincount(delegates + 1, minlength=world.n_actors + 1).astype(np.float64)
    # Fallen patrons' delegates count as uncommitted.
    fallen = ~(state.alive & state.in_party & ~state.recanted)
    counts[0] += counts[1:][fallen].sum()
    counts[1:][fallen] = 0.0
    # Uncommitted delegates elect uncommitted members in proportion; the
    # organised blocs share the other seats, over-rewarding the largest.
    aligned = counts[1:]
    slate = np.zeros_like(counts)
    if aligned.sum() > 0:
        powered = aligned**world.params.slate_bias
        slate[1:] = aligned.sum() * powered / powered.sum()
    slate[0] = counts[0]
    events = []
    congress_id = world.body_ids[world.congress]
    delegates_centre = state.seats[world.congress].position.mean(axis=0)
    for body, body_id in enumerate(world.body_ids):
        if world.scenario.bodies[body].elected_by != congress_id:
            continue
        seats = state.seats[body]
        anonymous = np.flatnonzero(seats.actor < 0)
        allocation = apportion(anonymous.size, slate)
        patrons = np.repeat(np.arange(-1, world.n_actors), allocation)
        seats.patron[anonymous] = patrons
        seats.loyalty[anonymous] = np.where(patrons >= 0, world.params.follower_loyalty, 0.0)
        seats.position[anonymous] = delegates_centre
        leader = majority_leader(world, state, body)
        events.append(
            event(
                world,
                state,
                Kind.CONGRESS,
                Mechanism.CIRCULAR_FLOW,
                actor=leader,
                body=body,
                reasons=(
                    f"the congress elects the {world.body_names[body]}",
                    f"{world.actor_names[leader] if leader >= 0 else 'no one'}'s side "
                    f"holds {state.side_share(body, leader):.0%} of its seats",
                ),
            )
        )
        del body_id
    return events


def _eligible(world: World, state: State) -> BoolArray:
    return np.asarray(
        state.alive
        & state.in_party
        & ~state.recanted
        & ~state.sanctioned
        & (state.exile == 0)
        & (np.arange(world.n_actors) != world.leader)
    )


def _pick(world: World, state: State, body: int, candidates: IntArray) -> int:
    """The candidate the majority of ``body`` prefers: its own most reputed man."""
    if candidates.size == 0:
        return -1
    ranked = sides(world, state, body)
    side = ranked[0][1] if ranked else np.array([], dtype=np.int64)
    # Indexed by patron: the unaligned patron -1 reads the final False.
    in_side = np.zeros(world.n_actors + 1, dtype=np.bool_)
    in_side[side] = True
    camp = candidates[in_side[state.patron[candidates]]]
    pool = camp if camp.size else candidates
    return int(pool[np.argmax(state.reputation[pool])])


def reelect_top(world: World, state: State) -> list[Event]:
    """After a congress the new electing body re-elects the top body.

    Sitting members are returned unless they have recanted, or have been
    sanctioned and stand outside the majority's camp; their seats fall vacant
    and are filled from the majority's camp.
    """
    top = state.seats[world.top]
    ranked = sides(world, state, world.electing)
    camp = ranked[0][1] if ranked else np.array([], dtype=np.int64)
    events = []
    for seat in np.flatnonzero(top.actor >= 0):
        member = int(top.actor[seat])
        condemned = state.sanctioned[member] and state.patron[member] not in camp
        if not (condemned or state.recanted[member]):
            continue
        state.vacate(world.top, member)
        events.append(
            event(
                world,
                state,
                Kind.TOP_REMOVED,
                Mechanism.CIRCULAR_FLOW,
                actor=member,
                body=world.electing,
                reasons=(
                    f"the new {world.body_names[world.electing]} does not re-elect him to the "
                    f"{world.body_names[world.top]}",
                    "he has recanted" if state.recanted[member] else "he stands condemned",
                ),
            )
        )
    return events


def fill_top_vacancies(world: World, state: State) -> list[Event]:
    """The electing body fills empty seats in the top body from its own members."""
    top = state.seats[world.top]
    vacant = (top.actor < 0).nonzero()[0].tolist()
    if not vacant:
        return []
    electing_members = state.seats[world.electing].actor
    # Filling top seats changes neither who may stand nor who sits in the electing body.
    standing = _eligible(world, state)
    in_electing = np.zeros(world.n_actors, dtype=np.bool_)
    in_electing[electing_members[electing_members >= 0]] = True
    standing &= in_electing
    events = []
    for seat in vacant:
        in_top = np.zeros(world.n_actors, dtype=np.bool_)
        in_top[top.actor[top.actor >= 0]] = True
        candidates = (standing & ~in_top).nonzero()[0]
        chosen = _pick(world, state, world.electing, candidates)
        if chosen < 0:
            break
        top.actor[seat] = chosen
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
                    f"{world.body_names[world.top]}",
                    _camp_reason(world, state, chosen),
                ),
            )
        )
    return events


def fill_offices(world: World, state: State, body: int) -> list[Event]:
    """``body`` fills the vacant offices it appoints, from the camp of its majority."""
    offices = world.offices_appointed_by[body]
    if not offices:
        return []
    # Each office is visited once, so holders read at the start stay current.
    holding = state.office_holder.tolist()
    alive, in_party = state.alive.tolist(), state.in_party.tolist()
    vacant = [
        o for o in offices if not (holding[o] >= 0 and alive[holding[o]] and in_party[holding[o]])
    ]
    if not vacant:
        return []
    holders = {h for h in holding if h >= 0}
    events = []
    for office in vacant:
        free = _eligible(world, state).copy()
        free[list(holders)] = False
        chosen = _pick(world, state, body, free.nonzero()[0])
        if chosen < 0:
            continue
        state.office_holder[office] = chosen
        holders.add(chosen)
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
                    _camp_reason(world, state, chosen),
                ),
            )
        )
    return events


def _camp_reason(world: World, state: State, chosen: int) -> str:
    patron = int(state.patron[chosen])
    if patron < 0:
        return "no camp holds the majority's confidence: the most reputed uncommitted member"
    if patron == chosen:
        return "the majority's own leader"
    return f"a follower of {world.actor_names[patron]}, whose side holds the majority"
