"""Patronage: the appointing office places secretaries, the recruiting office adds members.

The holder of an office that appoints provincial secretaries fills, each
month, some of the posts held by men who do not follow him (on average
``appointment_rate`` of them). An appointee owes him his loyalty with
probability equal to his readiness to use office for faction; an
appointment made on merit still leaves the appointee grateful with
probability ``merit_loyalty``. So the number of loyal placements a month is
bounded by the office and scaled by the holder's readiness. A recruitment
wave adds a cohort of new members whose loyalty to the organiser of the
drive scales with the same readiness; no wave takes the party past
:data:`~politburo.scenario.limits.MAX_PARTY_MEMBERS`. Cities led by an office of their own
keep the secretary that office's holder chose.

An office of several seats shares its flow among its holders: each places
at ``appointment_rate`` over the number of seats, so that splitting a
Secretariat into seats adds no appointments; a wave launched by any holder
of a recruiting office starts the interval again for every seat of it.
"""

from __future__ import annotations

import numpy as np

from politburo.model.chronicle import event
from politburo.model.compiled import compiled
from politburo.model.events import Event, Kind, Mechanism
from politburo.model.state import UNALIGNED, State
from politburo.model.types import BoolArray, FloatArray
from politburo.model.world import World
from politburo.scenario.limits import MAX_PARTY_MEMBERS
from politburo.scenario.schema import Power


def _usable(state: State, holder: int) -> bool:
    return holder >= 0 and bool(state.alive[holder]) and bool(state.in_party[holder])


def placements(world: World, state: State, rng: np.random.Generator) -> list[Event]:
    """The month's placements: appointing offices replace secretaries; led cities follow."""
    events = appoint_secretaries(world, state, rng)
    city_secretaries(world, state)
    return events


def appoint_secretaries(world: World, state: State, rng: np.random.Generator) -> list[Event]:
    """Each appointing office replaces secretaries who follow someone else."""
    events: list[Event] = []
    for office in world.offices_with(Power.APPOINT_SECRETARIES):
        holder = int(state.office_holder[office])
        if not _usable(state, holder):
            continue
        leader = int(state.patron[holder])
        leader = holder if leader < 0 else leader
        readiness = world.tempers[holder].readiness
        open_posts = ((world.city_led < 0) & (state.secretary != leader)).nonzero()[0]
        if open_posts.size == 0:
            continue
        p = world.params
        owes = readiness + (1.0 - readiness) * p.merit_loyalty
        rate = p.appointment_rate / len(world.office_seats[world.office_of[office]])
        count = int(rng.binomial(open_posts.size, rate))
        if count == 0:
            continue
        chosen = rng.choice(open_posts, size=count, replace=False)
        loyal = rng.random(count) < owes
        state.secretary[chosen] = np.where(loyal, leader, UNALIGNED)
        count = int(loyal.sum())
        if count == 0:
            continue
        events.append(
            event(
                world,
                state,
                Kind.SECRETARIES_APPOINTED,
                Mechanism.PATRONAGE,
                actor=holder,
                office=office,
                amount=float(count),
                reasons=(
                    f"{count} provincial {'secretary' if count == 1 else 'secretaries'} "
                    f"replaced by {'a man' if count == 1 else 'men'} loyal to "
                    f"{world.actor_names[leader]}",
                    f"readiness to use office for faction {readiness:.2f}",
                ),
            )
        )
    return events


def city_secretaries(world: World, state: State) -> None:
    """A city led by an office follows that office's holder."""
    for province, office in world.city_offices:
        holder = int(state.office_holder[office])
        state.secretary[province] = int(state.patron[holder]) if holder >= 0 else UNALIGNED


def can_recruit(world: World, state: State, actor: int) -> int:
    """The recruiting office ``actor`` could launch a wave from now, or -1."""
    interval = world.params.recruitment_interval
    for office in world.offices_with(Power.RECRUITMENT):
        if state.office_holder[office] == actor and (
            state.month - state.last_recruitment[office] >= interval
        ):
            return office
    return -1


def recruitment_wave(world: World, state: State, actor: int, office: int) -> Event:
    """Add a cohort of members; the share loyal to the organiser is his readiness.

    The cohort is a share of each province's membership, shrunk evenly where
    it would take the party past its ceiling, so membership stays finite
    over any calendar.
    """
    p = world.params
    leader = int(state.patron[actor])
    leader = actor if leader < 0 else leader
    readiness = world.tempers[actor].readiness
    totals = state.members.sum(axis=1)
    cohort = p.recruitment_size * totals
    room = max(MAX_PARTY_MEMBERS - float(totals.sum()), 0.0)
    if cohort.sum() > room:
        cohort *= room / cohort.sum()
    state.members[:, leader] += cohort * readiness
    state.members[:, -1] += cohort * (1.0 - readiness)
    # Recruits lean to the organiser's doctrine as far as they are his.
    weight = (cohort / (totals + cohort))[:, None]
    state.member_position += weight * readiness * (state.position[actor] - state.member_position)
    # The interval is the office's: every seat of it waits again.
    state.last_recruitment[list(world.office_seats[world.office_of[office]])] = state.month
    return event(
        world,
        state,
        Kind.RECRUITMENT_DRIVE,
        Mechanism.RECRUITMENT,
        actor=actor,
        office=office,
        amount=float(round(cohort.sum())),
        reasons=(
            f"{int(cohort.sum()):,} new members admitted",
            f"{readiness:.0%} of them owe their admission to {world.actor_names[actor]}",
        ),
    )


@compiled
def drift_to_unaligned(members: FloatArray, fallen: BoolArray, rate: float) -> None:
    """Members whose patron has fallen drift, at ``rate`` a month, to no one.

    ``fallen`` marks the actors out of the fight (dead, expelled or recanted).
    """
    unaligned = members.shape[1] - 1
    for province in range(members.shape[0]):
        moved = 0.0
        for patron in range(unaligned):
            if fallen[patron]:
                moving = members[province, patron] * rate
                members[province, patron] -= moving
                moved += moving
        members[province, unaligned] += moved
