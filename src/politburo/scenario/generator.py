"""Random scenarios for tests and benchmarks.

:func:`random_scenario` draws a plausible but fictional succession struggle
from a seed: a leader who dies in the first month, a handful of contenders
and followers with generic names, offices that between them carry every
power, the four roles of bodies, provinces, doctrines, two congresses and one
exogenous shock. It passes :func:`~politburo.scenario.schema.cross_check`
with no problems. All randomness comes from one
:class:`numpy.random.Generator` seeded with the seed, so the same arguments
always give an equal scenario. Larger versions of a scenario are built by
:mod:`politburo.scenario.growth`.

Nothing here is tied to one country: the names are invented and the bodies
are known by their roles.
"""

from __future__ import annotations

import numpy as np

from politburo.scenario.format_versions import CURRENT_FORMAT
from politburo.scenario.schema import (
    Actor,
    Body,
    Calendar,
    Doctrine,
    MotionKind,
    Office,
    Power,
    Province,
    Role,
    Scenario,
    ScheduledEvent,
    ScheduledKind,
    ShockRule,
    Traits,
    month_label,
)

__all__ = ["random_scenario"]

#: Invented surnames for random actors; deliberately no historical figures.
SURNAMES: tuple[str, ...] = (
    "Adler",
    "Brandt",
    "Corvin",
    "Dallet",
    "Ekman",
    "Falk",
    "Gorse",
    "Hale",
    "Ives",
    "Jarl",
    "Keane",
    "Lorne",
    "Marsh",
    "Nolte",
    "Orme",
    "Pell",
    "Quill",
    "Rook",
    "Sable",
    "Thorne",
    "Umber",
    "Vale",
    "Wren",
    "Yarrow",
    "Zell",
)

#: Policy axes of every random scenario.
AXES: tuple[str, str] = ("economy", "foreign_policy")

#: First month of every random scenario's calendar.
START = "2001-01"

_TOP, _ELECTING, _CONGRESS, _DISCIPLINE = "presidium", "council", "congress", "control"
_SOURCE = "generator"


def _unit(rng: np.random.Generator, low: float = 0.1, high: float = 0.9) -> float:
    return round(float(rng.uniform(low, high)), 3)


def _position(rng: np.random.Generator, spread: float = 1.0) -> tuple[float, ...]:
    return tuple(round(float(x), 3) for x in rng.uniform(-spread, spread, len(AXES)))


def _traits(rng: np.random.Generator) -> Traits:
    return Traits(
        office_for_faction=_unit(rng),
        restraint=_unit(rng),
        patience=_unit(rng),
        combativeness=_unit(rng),
        flexibility=_unit(rng),
        seniority=_unit(rng),
        reputation=_unit(rng),
        doctrine=_position(rng),
        yielding=_unit(rng),
    )


def _names(rng: np.random.Generator, count: int) -> list[str]:
    order = rng.permutation(len(SURNAMES))
    names = []
    for i in range(count):
        base = SURNAMES[int(order[i % len(SURNAMES)])]
        names.append(base if i < len(SURNAMES) else f"{base} {i // len(SURNAMES) + 1}")
    return names


def _shares(rng: np.random.Generator, contenders: list[str]) -> dict[str, float]:
    """Up to two contenders' shares of a province's members, together at most 0.5."""
    picked = rng.choice(len(contenders), size=int(rng.integers(0, 3)), replace=False)
    return {contenders[int(i)]: round(float(rng.uniform(0.02, 0.25)), 3) for i in picked}


def _check_arguments(
    seed: int, contenders: int, others: int, provinces: int, months: int, electing_size: int
) -> None:
    if seed < 0:
        raise ValueError(f"seed must be non-negative, not {seed}")
    if contenders < 2:
        raise ValueError(f"a struggle needs at least two contenders, not {contenders}")
    if others < 0:
        raise ValueError(f"others must be non-negative, not {others}")
    if provinces < 1:
        raise ValueError(f"a scenario needs at least one province, not {provinces}")
    if months < 4:
        raise ValueError(f"months must be at least 4 to hold two congresses, not {months}")
    if electing_size < contenders + 1:
        raise ValueError(
            f"electing_size {electing_size} cannot seat the leader and {contenders} contenders"
        )


def random_scenario(
    seed: int,
    *,
    contenders: int = 4,
    others: int = 8,
    provinces: int = 40,
    months: int = 60,
    electing_size: int = 40,
) -> Scenario:
    """Build a random but plausible succession scenario from a seed.

    The scenario has a leader who dies in the first month of the calendar,
    ``contenders`` contenders and ``others`` other named members (about
    three in five of them following a contender), offices that together
    carry every :class:`~politburo.scenario.schema.Power`, one body of each
    :class:`~politburo.scenario.schema.Role`, ``provinces`` provinces, a party line
    and one programme per contender, two congresses (at a third and two
    thirds of the calendar) and one shock in its second half. Names are
    invented, never historical.

    Args:
        seed: Seed of the single :class:`numpy.random.Generator` that draws
            everything; non-negative. Equal arguments give equal scenarios.
        contenders: Number of actors marked ``contender``; at least 2.
        others: Number of further named members; at least 0.
        provinces: Number of provincial organisations; at least 1. The first
            one (and the second, if there are two or more) is led by a
            ``lead_city`` office.
        months: Length of the calendar in monthly steps; at least 4.
        electing_size: Seats in the electing body; at least ``contenders +
            1`` so that the leader and every contender hold a named seat.

    Returns:
        A scenario that passes :func:`~politburo.scenario.schema.cross_check` with no
        problems, with id ``random-<seed>-v<the current format>``.

    Raises:
        ValueError: An argument is outside the range given above.
    """
    _check_arguments(seed, contenders, others, provinces, months, electing_size)
    rng = np.random.default_rng(seed)
    names = _names(rng, 1 + contenders + others)

    contender_ids = [f"contender_{k + 1}" for k in range(contenders)]
    other_ids = [f"member_{k + 1}" for k in range(others)]
    actors = [Actor(id="leader", name=names[0], leader=True, traits=_traits(rng), source=_SOURCE)]
    for ident, name in zip(contender_ids, names[1 : 1 + contenders], strict=True):
        actors.append(
            Actor(id=ident, name=name, contender=True, traits=_traits(rng), source=_SOURCE)
        )
    for ident, name in zip(other_ids, names[1 + contenders :], strict=True):
        follows = rng.random() < 0.6
        patron = contender_ids[int(rng.integers(contenders))] if follows else None
        loyalty = _unit(rng, 0.3, 0.9) if follows else 0.5
        actors.append(
            Actor(
                id=ident,
                name=name,
                patron=patron,
                loyalty=loyalty,
                traits=_traits(rng),
                source=_SOURCE,
            )
        )

    province_ids = [f"province_{k + 1}" for k in range(provinces)]
    province_list = []
    for k, ident in enumerate(province_ids):
        loyal = rng.random() < 0.5
        province_list.append(
            Province(
                id=ident,
                name=("Capital" if k == 0 else "Second City" if k == 1 else f"Province {k + 1}"),
                members=int(rng.integers(500, 5001)),
                secretary_patron=contender_ids[int(rng.integers(contenders))] if loyal else None,
                member_shares=_shares(rng, contender_ids),
                doctrine=_position(rng, 0.6),
                source=_SOURCE,
            )
        )

    offices = _random_offices(rng, contender_ids, other_ids, province_ids)
    bodies = _random_bodies(rng, contender_ids, other_ids, electing_size)
    top_size = bodies[0].size
    doctrines = [
        Doctrine(
            id="party_line",
            name="The Party Line",
            position=actors[0].traits.doctrine,
            author="leader",
            published=True,
            source=_SOURCE,
        )
    ]
    for k, ident in enumerate(contender_ids):
        doctrines.append(
            Doctrine(
                id=f"programme_{k + 1}",
                name=f"Programme of {names[1 + k]}",
                position=_position(rng),
                author=ident,
                published=bool(rng.random() < 0.5),
                source=_SOURCE,
            )
        )

    first, second = months // 3, (2 * months) // 3
    events = [
        ScheduledEvent(
            month=START,
            kind=ScheduledKind.LEADER_DIES,
            name=f"{names[0]} dies",
            actor="leader",
            source=_SOURCE,
        ),
        ScheduledEvent(
            month=month_label(START, first),
            kind=ScheduledKind.CONGRESS,
            name="First congress",
            body_sizes={_ELECTING: round(electing_size * 1.2), _TOP: top_size},
            source=_SOURCE,
        ),
        ScheduledEvent(
            month=month_label(START, second),
            kind=ScheduledKind.CONGRESS,
            name="Second congress",
            body_sizes={_ELECTING: round(electing_size * 1.4), _TOP: top_size + 2},
            source=_SOURCE,
        ),
        ScheduledEvent(
            month=month_label(START, int(rng.integers(months // 2, months))),
            kind=ScheduledKind.SHOCK,
            name="Foreign setback",
            rule=list(ShockRule)[int(rng.integers(len(ShockRule)))],
            magnitude=_unit(rng, 0.01, 0.1),
            pretext_boost=_unit(rng, 0.0, 0.05),
            source=_SOURCE,
        ),
    ]

    return Scenario(
        id=f"random-{seed}-v{CURRENT_FORMAT}",
        title=f"Random succession struggle (seed {seed})",
        description="A fictional scenario drawn by politburo.scenario.generator.random_scenario.",
        calendar=Calendar(start=START, end=month_label(START, months - 1)),
        axes=AXES,
        sources={
            _SOURCE: (
                f"politburo.scenario.generator.random_scenario(seed={seed}, "
                f"contenders={contenders}, "
                f"others={others}, provinces={provinces}, months={months}, "
                f"electing_size={electing_size})"
            )
        },
        actors=tuple(actors),
        offices=tuple(offices),
        bodies=tuple(bodies),
        provinces=tuple(province_list),
        doctrines=tuple(doctrines),
        events=tuple(events),
    )


def _random_offices(
    rng: np.random.Generator,
    contender_ids: list[str],
    other_ids: list[str],
    province_ids: list[str],
) -> list[Office]:
    """Offices that together carry every power; the key two go to contenders."""
    order = [contender_ids[int(i)] for i in rng.permutation(len(contender_ids))]
    pool = contender_ids + other_ids

    def anyone() -> str:
        return pool[int(rng.integers(len(pool)))]

    specs: list[tuple[str, str, tuple[Power, ...], str, str | None]] = [
        (
            "secretary",
            "First Secretary",
            (Power.APPOINT_SECRETARIES, Power.RECRUITMENT, Power.CONVENE_PLENUM),
            order[0],
            None,
        ),
        ("army_chief", "Army Chief", (Power.COMMAND_ARMY,), order[1], None),
        ("security_chief", "Security Chief", (Power.COMMAND_SECURITY,), anyone(), None),
        ("capital_chief", "Capital Party Chief", (Power.LEAD_CITY,), anyone(), province_ids[0]),
        ("editor", "Chief Editor", (Power.EDIT_PRESS,), anyone(), None),
        ("premier", "Premier", (Power.CHAIR_GOVERNMENT,), anyone(), None),
        ("envoy", "International Secretary", (Power.INTERNATIONAL,), anyone(), None),
    ]
    if len(province_ids) > 1:
        specs.append(
            ("city_chief", "Second City Chief", (Power.LEAD_CITY,), anyone(), province_ids[1])
        )
    # Chosen without a draw, so that the rest of the scenario is what the seed gave before.
    guard = other_ids[0] if other_ids else order[-1]
    specs.append(("guard_chief", "Guard Commander", (Power.COMMAND_GUARD,), guard, None))
    return [
        Office(
            id=ident,
            name=name,
            holder=holder,
            powers=powers,
            appointed_by=_ELECTING,
            province=province,
            source=_SOURCE,
        )
        for ident, name, powers, holder, province in specs
    ]


def _random_bodies(
    rng: np.random.Generator,
    contender_ids: list[str],
    other_ids: list[str],
    electing_size: int,
) -> list[Body]:
    """One body of each role; the top body first."""
    shuffled = [other_ids[int(i)] for i in rng.permutation(len(other_ids))]
    top_size = len(contender_ids) + 3
    top_members = ["leader", *contender_ids, *shuffled[:2]]
    electing_members = ["leader", *contender_ids, *shuffled][:electing_size]
    control_size = max(5, electing_size // 2)
    return [
        Body(
            id=_TOP,
            name="Presidium",
            role=Role.TOP,
            size=top_size,
            members=tuple(top_members),
            elected_by=_ELECTING,
            decides=(MotionKind.EXILE, MotionKind.DEPORT),
            meets_every=1,
            source=_SOURCE,
        ),
        Body(
            id=_ELECTING,
            name="Central Council",
            role=Role.ELECTING,
            size=electing_size,
            members=tuple(electing_members),
            elected_by=_CONGRESS,
            decides=(
                MotionKind.REMOVE_OFFICE,
                MotionKind.DEMOTE_TOP,
                MotionKind.REMOVE_TOP,
                MotionKind.REMOVE_ELECTING,
                MotionKind.EXPEL,
                MotionKind.READMIT,
                MotionKind.ADOPT_DOCTRINE,
            ),
            meets_every=int(rng.integers(1, 5)),
            source=_SOURCE,
        ),
        Body(
            id=_CONGRESS,
            name="Party Congress",
            role=Role.CONGRESS,
            size=10 * electing_size,
            elected_by="provinces",
            decides=(
                MotionKind.EXPEL,
                MotionKind.REPORT,
                MotionKind.ADOPT_DOCTRINE,
                MotionKind.REMOVE_ELECTING,
            ),
            source=_SOURCE,
        ),
        Body(
            id=_DISCIPLINE,
            name="Control Commission",
            role=Role.DISCIPLINARY,
            size=control_size,
            members=tuple(shuffled[2 : 2 + min(2, control_size)]),
            elected_by=_CONGRESS,
            decides=(MotionKind.EXPEL, MotionKind.READMIT),
            source=_SOURCE,
        ),
    ]
