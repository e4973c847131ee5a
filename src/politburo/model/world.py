"""The compiled, immutable rules of one run: a scenario and parameters as arrays.

``World`` is to a run what a game's rules are to a match: built once from a
validated scenario, never changed, shared by every month. Actors, offices,
bodies, provinces and doctrines become integer indices here, so the engine
works on arrays and never on a country's names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from politburo.model.types import BoolArray, FloatArray, IntArray
from politburo.scenario.params import Params
from politburo.scenario.schema import (
    MotionKind,
    Power,
    Role,
    Scenario,
    ScheduledEvent,
    ScheduledKind,
    month_index,
    month_label,
)

#: The order in which bodies are asked to decide a motion when several may.
DECIDING_ORDER = (Role.CONGRESS, Role.ELECTING, Role.DISCIPLINARY, Role.TOP)


class Temper(NamedTuple):
    """One actor's behavioural traits, as plain floats: decisions are taken one actor at a time.

    ``readiness`` is his readiness to use office for faction (the scenario's
    trait ``office_for_faction``); the model calls it readiness throughout.
    """

    readiness: float
    restraint: float
    patience: float
    combativeness: float
    flexibility: float
    yielding: float


@dataclass(frozen=True, slots=True)
class World:
    """Everything a run needs that does not change while it runs.

    Each trait is kept once: the behavioural ones in ``tempers`` (one row of
    floats per actor), seniority, starting reputation and doctrine as arrays
    for the compiled steps. ``hiding`` is derived from patience and the
    ``concealment`` parameter: the share of his strength each actor keeps out
    of his rivals' sight until he acts openly.

    The engine's offices are seats: an office of several seats (a Secretariat
    of several secretaries) becomes one entry per seat, each with the office's
    id, name, powers, appointing body and qualifications, so that every seat
    is filled, held and lost on its own. ``office_of`` maps each seat to the
    scenario's office, ``office_seats`` each scenario office to its seats; a
    scenario of one-seat offices has one entry per office, in its order.
    ``promoted_from`` lists, for each seat, the seats whose holders may be
    promoted to it. ``institution_men`` pairs each man who follows an office
    (not a man) with that scenario office.
    """

    scenario: Scenario
    params: Params
    months: int
    month_labels: tuple[str, ...]
    actor_ids: tuple[str, ...]
    actor_names: tuple[str, ...]
    contenders: IntArray
    is_contender: BoolArray
    leader: int
    tempers: tuple[Temper, ...]
    hiding: FloatArray
    seniority: FloatArray
    reputation0: FloatArray
    doctrine0: FloatArray
    office_ids: tuple[str, ...]
    office_of: IntArray
    office_seats: tuple[tuple[int, ...], ...]
    office_names: tuple[str, ...]
    office_powers: tuple[frozenset[Power], ...]
    office_appointer: IntArray
    promoted_from: tuple[tuple[int, ...], ...]
    office_province: IntArray
    body_ids: tuple[str, ...]
    body_names: tuple[str, ...]
    body_roles: tuple[Role, ...]
    body_decides: tuple[frozenset[MotionKind], ...]
    body_majority: FloatArray
    body_majorities: tuple[dict[MotionKind, float], ...]
    body_interval: IntArray
    sittings: BoolArray
    standing_bodies: tuple[int, ...]
    top: int
    electing: int
    congress: int
    disciplinary: int
    province_names: tuple[str, ...]
    doctrine_ids: tuple[str, ...]
    doctrine_names: tuple[str, ...]
    doctrine_positions: FloatArray
    doctrine_author: IntArray
    schedule: tuple[tuple[ScheduledEvent, ...], ...]
    offices_by_power: dict[Power, tuple[int, ...]]
    authored: dict[int, tuple[int, ...]]
    deciders: dict[MotionKind, tuple[int, ...]]
    city_led: IntArray
    city_offices: tuple[tuple[int, int], ...]
    offices_appointed_by: tuple[tuple[int, ...], ...]
    qualified: BoolArray
    top_candidates: tuple[int, ...]
    alliances: tuple[tuple[int, ...], ...]
    institution_men: tuple[tuple[int, int], ...]
    institution_loyalty: FloatArray
    camp_names: dict[int, str]

    @property
    def n_actors(self) -> int:
        """Number of named actors."""
        return len(self.actor_ids)

    @property
    def n_axes(self) -> int:
        """Number of policy axes."""
        return int(self.doctrine0.shape[1])

    def majority(self, body: int, kind: MotionKind | None) -> float:
        """Share of the votes cast that ``kind`` needs to carry ``body``."""
        if kind is None:
            return float(self.body_majority[body])
        return self.body_majorities[body].get(kind, float(self.body_majority[body]))

    @property
    def n_offices(self) -> int:
        """Number of office seats (one per office where every office has one seat)."""
        return len(self.office_ids)

    def offices_with(self, power: Power) -> tuple[int, ...]:
        """Indices of the office seats that grant ``power``."""
        return self.offices_by_power.get(power, ())

    def deciding_bodies(self, kind: MotionKind) -> tuple[int, ...]:
        """Bodies with the right to decide ``kind``, most authoritative first."""
        return self.deciders.get(kind, ())

    def source_text(self, key: str | None) -> str | None:
        """The citation a source key stands for (a key not in the map is itself the text)."""
        if key is None:
            return None
        return self.scenario.sources.get(key, key)


def build_world(scenario: Scenario, params: Params) -> World:
    """Compile a validated scenario and parameters into arrays."""
    actors = scenario.actors
    ids = tuple(a.id for a in actors)
    index = {a: i for i, a in enumerate(ids)}
    body_index = {b.id: i for i, b in enumerate(scenario.bodies)}
    province_index = _province_names(scenario)
    roles = tuple(b.role for b in scenario.bodies)
    office_of = [k for k, o in enumerate(scenario.offices) for _ in range(o.seats)]
    offices = [scenario.offices[k] for k in office_of]  # one entry per seat

    def role(r: Role) -> int:
        return roles.index(r) if r in roles else -1

    def trait(name: str) -> FloatArray:
        return np.array([getattr(a.traits, name) for a in actors], dtype=np.float64)

    schedule: list[list[ScheduledEvent]] = [[] for _ in range(scenario.calendar.months)]
    for event in scenario.events:
        schedule[month_index(scenario.calendar.start, event.month)].append(event)
    leaders = [i for i, a in enumerate(actors) if a.leader]
    for event in scenario.events:
        if event.kind is ScheduledKind.LEADER_DIES and event.actor is not None:
            leaders.append(index[event.actor])
    top = role(Role.TOP)
    electing = role(Role.ELECTING)
    body_interval = np.array(
        [
            b.meets_every if b.meets_every is not None else (0 if b.role is Role.CONGRESS else -1)
            for b in scenario.bodies
        ],
        dtype=np.int64,
    )
    congress_months = [
        m
        for m, items in enumerate(schedule)
        if any(i.kind is ScheduledKind.CONGRESS for i in items)
    ]
    office_province = [province_index.index(o.province) if o.province else -1 for o in offices]
    # A city whose organisation an office leads: its secretary is that office's holder's man.
    city_led = np.full(len(province_index), -1, dtype=np.int64)
    for office, (o, province) in enumerate(zip(offices, office_province, strict=True)):
        if province >= 0 and Power.LEAD_CITY in o.powers:
            city_led[province] = office
    return World(
        scenario=scenario,
        params=params,
        months=scenario.calendar.months,
        month_labels=tuple(
            month_label(scenario.calendar.start, m) for m in range(scenario.calendar.months)
        ),
        actor_ids=ids,
        actor_names=tuple(a.name for a in actors),
        contenders=np.array([i for i, a in enumerate(actors) if a.contender], dtype=np.int64),
        is_contender=np.array([a.contender for a in actors], dtype=np.bool_),
        leader=leaders[0] if leaders else -1,
        tempers=tuple(
            Temper(
                readiness=float(a.traits.office_for_faction),
                restraint=float(a.traits.restraint),
                patience=float(a.traits.patience),
                combativeness=float(a.traits.combativeness),
                flexibility=float(a.traits.flexibility),
                yielding=float(a.traits.yielding),
            )
            for a in actors
        ),
        hiding=params.concealment * trait("patience"),
        seniority=trait("seniority"),
        reputation0=trait("reputation"),
        doctrine0=np.array([a.traits.doctrine for a in actors], dtype=np.float64),
        office_ids=tuple(o.id for o in offices),
        office_of=np.array(office_of, dtype=np.int64),
        office_seats=tuple(
            tuple(seat for seat, k in enumerate(office_of) if k == i)
            for i in range(len(scenario.offices))
        ),
        office_names=tuple(o.name for o in offices),
        office_powers=tuple(frozenset(o.powers) for o in offices),
        office_appointer=np.array([body_index[o.appointed_by] for o in offices], dtype=np.int64),
        promoted_from=tuple(
            tuple(
                seat
                for seat, k in enumerate(office_of)
                if scenario.offices[k].id in o.promotes_from
            )
            for o in offices
        ),
        office_province=np.array(office_province, dtype=np.int64),
        body_ids=tuple(b.id for b in scenario.bodies),
        body_names=tuple(b.name for b in scenario.bodies),
        body_roles=roles,
        body_decides=tuple(frozenset(b.decides) for b in scenario.bodies),
        body_majority=np.array([b.majority for b in scenario.bodies], dtype=np.float64),
        body_majorities=tuple(dict(b.majorities) for b in scenario.bodies),
        body_interval=body_interval,
        standing_bodies=tuple(
            i for i, b in enumerate(scenario.bodies) if b.role is not Role.CONGRESS
        ),
        sittings=_sittings(
            body_interval, role(Role.CONGRESS), electing, congress_months, scenario.calendar.months
        ),
        top=top,
        electing=electing,
        congress=role(Role.CONGRESS),
        disciplinary=role(Role.DISCIPLINARY),
        province_names=tuple(province_index),
        doctrine_ids=tuple(d.id for d in scenario.doctrines),
        doctrine_names=tuple(d.name for d in scenario.doctrines),
        doctrine_positions=np.array(
            [d.position for d in scenario.doctrines], dtype=np.float64
        ).reshape(len(scenario.doctrines), len(scenario.axes)),
        doctrine_author=np.array(
            [index[d.author] if d.author else -1 for d in scenario.doctrines], dtype=np.int64
        ),
        schedule=tuple(tuple(s) for s in schedule),
        offices_by_power={
            power: tuple(i for i, o in enumerate(offices) if power in o.powers) for power in Power
        },
        deciders={
            kind: tuple(
                sorted(
                    (i for i, b in enumerate(scenario.bodies) if kind in b.decides),
                    key=lambda i: DECIDING_ORDER.index(roles[i]),
                )
            )
            for kind in MotionKind
        },
        city_led=city_led,
        city_offices=tuple(
            (province, int(office)) for province, office in enumerate(city_led) if office >= 0
        ),
        offices_appointed_by=tuple(
            tuple(i for i, o in enumerate(offices) if o.appointed_by == b.id)
            for b in scenario.bodies
        ),
        qualified=_qualified(scenario)[office_of],
        top_candidates=tuple(index[c] for c in scenario.bodies[top].candidates) if top >= 0 else (),
        alliances=tuple(tuple(index[m] for m in a.members) for a in scenario.alliances),
        institution_men=tuple(
            (i, [o.id for o in scenario.offices].index(a.follows_office))
            for i, a in enumerate(actors)
            if a.follows_office is not None
        ),
        institution_loyalty=np.array(
            [a.loyalty if a.follows_office is not None else 0.0 for a in actors],
            dtype=np.float64,
        ),
        camp_names={index[c.leader]: c.name for c in scenario.camps},
        authored={
            i: tuple(k for k, d in enumerate(scenario.doctrines) if d.author == a.id)
            for i, a in enumerate(actors)
        },
    )


def _sittings(
    interval: IntArray, congress: int, electing: int, congress_months: list[int], months: int
) -> BoolArray:
    """Which bodies sit in each month by statute, as a months-by-bodies table.

    A body with an interval sits every that many months; the congress sits
    when scheduled, and the electing body with it; a body without an
    interval sits whenever the electing body does.
    """
    sits = np.zeros((months, interval.shape[0]), dtype=np.bool_)
    for body, every in enumerate(interval.tolist()):
        if every > 0:
            sits[::every, body] = True
    if congress >= 0:
        sits[congress_months, congress] = True
    if electing >= 0:
        sits[congress_months, electing] = True
        sits[:, interval < 0] = sits[:, [electing]]
    return sits


def _qualified(scenario: Scenario) -> BoolArray:
    """Which actors each office may go to (offices by actors): a career it requires, or any."""
    out = np.ones((len(scenario.offices), len(scenario.actors)), dtype=np.bool_)
    for i, office in enumerate(scenario.offices):
        if office.requires:
            wanted = set(office.requires)
            out[i] = [bool(wanted & set(a.careers)) for a in scenario.actors]
    return out


def _province_names(scenario: Scenario) -> list[str]:
    names = [p.id for p in scenario.provinces]
    for group in scenario.province_groups:
        names.extend(f"{group.prefix}_{k + 1}" for k in range(group.count))
    return names
