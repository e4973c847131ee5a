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
from politburo.model.events import Event, Kind, Mechanism
from politburo.model.mechanisms import vacancies
from politburo.model.mechanisms.majority import majority_leader
from politburo.model.mechanisms.patronage import city_secretaries
from politburo.model.state import UNALIGNED, Seats, State
from politburo.model.types import IntArray
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
    out = vacancies.fill_top_vacancies(world, state)
    for body in state.sitting.nonzero()[0].tolist():
        out.extend(vacancies.fill_offices(world, state, body))
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
    state.condemned[loser] = True  # the congress condemns the platform it voted down
    state.last_blow[loser] = state.month
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


def reelect_top(world: World, state: State) -> list[Event]:
    """After a congress the new electing body re-elects the top body and its candidates.

    Sitting members and candidates are returned unless they have recanted,
    are kept from posts for having capitulated, or belong to a condemned camp
    (their own or their patron's); their places fall vacant and are filled
    from the majority's camp.
    """
    events = []
    top = state.seats[world.top]
    for member in top.actor[top.actor >= 0].tolist():
        why = _not_returned(state, member)
        if why:
            state.vacate(world.top, member)
            events.append(_not_reelected(world, state, member, why))
    for member in state.candidate.nonzero()[0].tolist():
        if _not_returned(state, member):
            state.candidate[member] = False
    return events


def _not_returned(state: State, member: int) -> str:
    """Why the new electing body would not return ``member`` ('' if it would)."""
    if state.recanted[member]:
        return "he has recanted"
    if state.barred_until[member] > state.month:
        return "he has capitulated"
    camp = int(state.patron[member])
    if camp >= 0 and state.condemned[camp]:
        return "he stands condemned" if camp == member else "his camp stands condemned"
    return ""


def _not_reelected(world: World, state: State, member: int, why: str) -> Event:
    return event(
        world,
        state,
        Kind.TOP_REMOVED,
        Mechanism.CIRCULAR_FLOW,
        actor=member,
        body=world.electing,
        reasons=(
            f"the new {world.body_names[world.electing]} does not re-elect him to the "
            f"{world.body_names[world.top]}",
            why,
        ),
    )
