"""What a played run should rarely tell: signs that a scenario's numbers are off.

``politburo check`` plays a scenario once and warns, with the month and the
rule, about what a historian would not believe of a one-party succession
(the rules are generic; their bounds are stated here, not fitted):

- the party's membership grows more than ``MAX_YEARLY_GROWTH`` times in a
  year (recruitment drives that double it year after year);
- an office with powers stays empty for more than ``MAX_EMPTY_MONTHS``;
- a body with the right to decide something never sits;
- a contender never makes a move that leaves a mark in the story.

A warning is not an error: the scenario may be meant so, and the check
still passes. Each rule reads only the run's events and the scenario.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from politburo.model.events import Event, Kind, Mechanism
from politburo.model.result import RunResult
from politburo.model.types import BoolArray
from politburo.scenario.schema import Scenario

#: Most a membership may grow in twelve months before the check warns.
MAX_YEARLY_GROWTH = 2.0

#: Most months an office with powers may stay empty before the check warns.
MAX_EMPTY_MONTHS = 12

#: Events that end a man's tenure of every office he holds.
_LEAVES_OFFICE = frozenset({Kind.DIED, Kind.LEADER_DIED, Kind.EXPELLED})

#: Event kinds whose ``actor`` made the move; for a motion, the proposer is ``others[0]``.
_MOVED_BY_ACTOR = frozenset(
    {
        Kind.ATTACK,
        Kind.ALLIANCE_FORMED,
        Kind.ALLIANCE_BROKEN,
        Kind.DOCTRINE_PUBLISHED,
        Kind.DOCTRINE_ADOPTED,
        Kind.RECRUITMENT_DRIVE,
        Kind.PRETEXT,
        Kind.RECANTED,
        Kind.COUP,
        Kind.PLENUM_CONVENED,
    }
)


@dataclass(frozen=True, slots=True)
class Implausibility:
    """One warning: the month it concerns (None for the whole run), the rule, and what broke it."""

    month: str | None
    rule: str
    detail: str

    def __str__(self) -> str:
        where = f"{self.month}: " if self.month else ""
        return f"{where}{self.detail} (rule: {self.rule})"


def implausibilities(
    run: RunResult, scenario: Scenario, sittings: BoolArray
) -> list[Implausibility]:
    """Every warning one played run raises; ``sittings`` is the months-by-bodies statute table."""
    return [
        *membership_growth(run, scenario),
        *empty_offices(run, scenario),
        *bodies_that_never_sit(scenario, sittings),
        *idle_contenders(run, scenario),
    ]


def membership_growth(run: RunResult, scenario: Scenario) -> list[Implausibility]:
    """The first month in which the members admitted over twelve months pass the bound."""
    start = scenario.members_at_start
    admitted = np.zeros(scenario.calendar.months)
    for e in run.events:
        if e.kind is Kind.RECRUITMENT_DRIVE and e.amount:
            admitted[e.step] += e.amount
    members = start + np.concatenate([[0.0], np.cumsum(admitted)])
    for month in range(scenario.calendar.months):
        before = members[max(0, month - 11)]
        after = members[month + 1]
        if after > MAX_YEARLY_GROWTH * before:
            return [
                Implausibility(
                    run.months[month],
                    f"membership grows at most {MAX_YEARLY_GROWTH:g} times in a year",
                    f"the membership grows from {before:,.0f} to {after:,.0f} in a year "
                    "of recruitment drives",
                )
            ]
    return []


def empty_offices(run: RunResult, scenario: Scenario) -> list[Implausibility]:
    """Offices with powers left empty for longer than the bound, each at the month it passes.

    An office of several seats is empty when none of its seats has a holder;
    a man promoted leaves the offices his new one is promoted from.
    """
    holders = {o.id: set(o.holders_at_start) for o in scenario.offices}
    lower = {o.id: o.promotes_from for o in scenario.offices}
    empty_since: dict[str, int] = {o: 0 for o, held in holders.items() if not held}
    warned: set[str] = set()
    out: list[Implausibility] = []
    powered = {o.id for o in scenario.offices if o.powers}
    by_month: dict[int, list[Event]] = {}
    for e in run.events:
        by_month.setdefault(e.step, []).append(e)
    for month in range(scenario.calendar.months):
        for e in by_month.get(month, []):
            _follow_offices(e, holders, lower, empty_since, month)
        for office, since in empty_since.items():
            if office in powered and office not in warned and month - since >= MAX_EMPTY_MONTHS:
                warned.add(office)
                out.append(
                    Implausibility(
                        run.months[month],
                        f"an office with powers is filled within {MAX_EMPTY_MONTHS} months",
                        f"the office {office} has been empty since {run.months[since]}",
                    )
                )
    return out


def _follow_offices(
    e: Event,
    holders: dict[str, set[str]],
    lower: dict[str, tuple[str, ...]],
    empty_since: dict[str, int],
    month: int,
) -> None:
    """Update who holds each office after one event."""
    gone: set[str | None]
    if e.kind is Kind.OFFICE_APPOINTED and e.office in holders and e.actor is not None:
        holders[e.office].add(e.actor)
        empty_since.pop(e.office, None)
        gone = {e.actor}
        offices = list(lower[e.office])  # a man promoted leaves the lower office
    elif e.kind is Kind.OFFICE_REMOVED and e.office in holders:
        gone = {e.actor}
        offices = [e.office]
    elif e.kind in _LEAVES_OFFICE or (e.kind is Kind.COUP and e.others):
        gone = {e.actor} if e.kind is not Kind.COUP else set(e.others)
        offices = list(holders)
    else:
        return
    for office in offices:
        if holders[office] & gone:
            holders[office] -= gone
            if not holders[office]:
                empty_since.setdefault(office, month)


def bodies_that_never_sit(scenario: Scenario, sittings: BoolArray) -> list[Implausibility]:
    """Bodies with the right to decide something that sit in no month of the calendar."""
    return [
        Implausibility(
            None,
            "a body with rights sits at least once",
            f"the body {body.id} may decide {', '.join(body.decides)} but never sits "
            "(no interval, and no congress on the calendar)",
        )
        for index, body in enumerate(scenario.bodies)
        if body.decides and not sittings[:, index].any()
    ]


def idle_contenders(run: RunResult, scenario: Scenario) -> list[Implausibility]:
    """Contenders alive at the start who make no move the story records in the whole run."""
    movers: set[str] = set()
    for e in run.events:
        if e.kind in _MOVED_BY_ACTOR and e.actor is not None:
            movers.add(e.actor)
            if e.kind is Kind.ALLIANCE_FORMED and e.target is not None:
                movers.add(e.target)  # the partner accepted
        elif e.mechanism is Mechanism.MOTION and e.others:
            movers.add(e.others[0])
    return [
        Implausibility(
            None,
            "every contender makes a move at least once",
            f"the contender {actor.id} never attacks, allies, proposes, publishes or recants",
        )
        for actor in scenario.actors
        if actor.contender and actor.id not in movers
    ]
