"""The scenario format: a succession struggle as data.

A scenario holds initial conditions and scheduled events only. Every removal,
expulsion, alliance, betrayal and coup is decided by the engine; none can be
written here. Bodies and offices are named freely by the scenario and known
to the engine only by their role and powers, so nothing in the format is
tied to one country.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from politburo.scenario.errors import shown
from politburo.scenario.limits import (
    EARLIEST_MONTH,
    LATEST_MONTH,
    MAX_ACTORS,
    MAX_ALIASES,
    MAX_ALLIANCES,
    MAX_BODIES,
    MAX_BODY_SEATS,
    MAX_CONTENDERS,
    MAX_DOCTRINES,
    MAX_EVENTS,
    MAX_GROUP_PROVINCES,
    MAX_KEY_EVENTS,
    MAX_LEVER_CHANGES,
    MAX_LEVERS,
    MAX_MEETS_EVERY,
    MAX_MONTHS,
    MAX_NAME_LENGTH,
    MAX_OFFICE_SEATS,
    MAX_OFFICES,
    MAX_PARTY_MEMBERS,
    MAX_PROVINCE_MEMBERS,
    MAX_PROVINCES,
    MAX_RANDOM_SHOCKS,
    MAX_SOURCES,
    MAX_TEXT_LENGTH,
)


def _whole(value: object) -> object:
    """A float with a whole value as an int, so that ``1e30`` meets the bound, not a parse error."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
Name = Annotated[str, Field(max_length=MAX_NAME_LENGTH)]
Text = Annotated[str, Field(max_length=MAX_TEXT_LENGTH)]
Unit = Annotated[float, Field(ge=0.0, le=1.0)]
Coordinate = Annotated[float, Field(ge=-1.0, le=1.0)]
Position = Annotated[
    tuple[Coordinate, ...],
    Field(description="a point on the scenario's policy axes, each in [-1, 1]"),
]
Seats = Annotated[int, Field(ge=1, le=MAX_BODY_SEATS), BeforeValidator(_whole)]
Members = Annotated[int, Field(ge=1, le=MAX_PROVINCE_MEMBERS), BeforeValidator(_whole)]
Aliases = Annotated[
    tuple[Name, ...],
    Field(
        max_length=MAX_ALIASES,
        description="other names a record uses for it (matched without regard to case)",
    ),
]
MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


class Month(str):
    """A calendar month written ``YYYY-MM``."""

    @classmethod
    def parse(cls, text: str) -> tuple[int, int]:
        """Split ``YYYY-MM`` into year and month, or raise ValueError."""
        match = MONTH_PATTERN.match(text)
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise ValueError(f"{shown(text)} is not a month written YYYY-MM")
        return int(match.group(1)), int(match.group(2))


def month_index(start: str, month: str) -> int:
    """Number of months from ``start`` to ``month`` (0 for the start itself)."""
    y0, m0 = Month.parse(start)
    y1, m1 = Month.parse(month)
    return (y1 - y0) * 12 + (m1 - m0)


def month_label(start: str, index: int) -> str:
    """The ``YYYY-MM`` label of the month ``index`` steps after ``start``."""
    y0, m0 = Month.parse(start)
    total = y0 * 12 + (m0 - 1) + index
    return f"{total // 12:04d}-{total % 12 + 1:02d}"


def _check_month(value: object) -> str:
    """A month as ``YYYY-MM`` (a YAML date counts as its month), within the stated span."""
    if isinstance(value, dt.date):
        value = f"{value.year:04d}-{value.month:02d}"
    if not isinstance(value, str):
        raise ValueError(f"expected a month written YYYY-MM, not {shown(value)}")
    if not Month.parse(EARLIEST_MONTH) <= Month.parse(value) <= Month.parse(LATEST_MONTH):
        raise ValueError(
            f"{value} lies outside the months a scenario may name, "
            f"{EARLIEST_MONTH} to {LATEST_MONTH}"
        )
    return value


MonthStr = Annotated[str, Field(description="a month, YYYY-MM")]


class Strict(BaseModel):
    """Base for every scenario model: unknown fields are errors, values frozen and finite."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Calendar(Strict):
    """The span the struggle is played over; one step is one month."""

    start: MonthStr
    end: MonthStr

    _months = field_validator("start", "end", mode="before")(_check_month)

    @model_validator(mode="after")
    def _ordered(self) -> Calendar:
        if month_index(self.start, self.end) < 1:
            raise ValueError("end must come after start")
        if self.months > MAX_MONTHS:
            raise ValueError(
                f"{self.start} to {self.end} is {self.months} months: at most {MAX_MONTHS} "
                f"({MAX_MONTHS // 12} years)"
            )
        return self

    @property
    def months(self) -> int:
        """Number of monthly steps, the end month included."""
        return month_index(self.start, self.end) + 1


class Traits(Strict):
    """An actor's dispositions, fixed from his conduct before the struggle.

    Every trait is on [0, 1] so that the same global parameters serve every
    scenario; ``docs/model.md`` says what each end of the scale means.
    """

    office_for_faction: Unit = Field(
        description="readiness to use an office to build a personal faction (patronage)"
    )
    restraint: Unit = Field(description="restraint from force: 1 never turns the army on rivals")
    patience: Unit = Field(
        description="how likely he must be to carry a body before he attacks openly"
    )
    combativeness: Unit = Field(description="propensity to attack once his threshold is met")
    flexibility: Unit = Field(description="readiness to make, drop and switch alliances")
    yielding: Unit = Field(
        description="readiness to recant when beaten: 0 never yields, whatever the odds"
    )
    seniority: Unit = Field(description="standing from years in the party (1 = founding core)")
    reputation: Unit = Field(description="standing in the party at the start")
    doctrine: Position = Field(
        description="position on the scenario's policy axes, each in [-1, 1]"
    )


class Career(StrEnum):
    """A line of work a man has followed, which qualifies him for some offices.

    Careers come from a man's posts before the struggle begins, never from
    the posts he later held; an office names the careers it requires, so that
    a vacancy goes to someone the regime could plausibly have put there.
    """

    PARTY_APPARATUS = "party_apparatus"
    MILITARY = "military"
    SECURITY = "security"
    GOVERNMENT = "government"
    ECONOMY = "economy"
    PRESS = "press"
    REGIONAL = "regional"
    TRADE_UNIONS = "trade_unions"
    INTERNATIONAL = "international"


class Actor(Strict):
    """A named person: a contender, the leader, or another member of the bodies."""

    id: Identifier
    name: Name
    contender: bool = False
    leader: bool = Field(False, description="the ruler whose death or exit opens the struggle")
    patron: Identifier | None = Field(
        None, description="the contender whose camp this member belongs to at the start, if any"
    )
    loyalty: Unit = Field(
        0.5, description="strength of his tie to the patron, or to the office he follows"
    )
    follows_office: Identifier | None = Field(
        None,
        description="an office whose holder he follows, whoever holds it, instead of a patron "
        "(a bloc that follows an institution: the army's elders and the defence minister)",
    )
    careers: tuple[Career, ...] = Field(
        (),
        max_length=len(Career),
        description="the lines of work he followed before the start (party apparatus, "
        "military, security, ...): they qualify him for offices that require them",
    )
    traits: Traits
    aliases: Aliases = ()
    source: Name | None = None


class Power(StrEnum):
    """What holding an office allows."""

    APPOINT_SECRETARIES = "appoint_secretaries"
    RECRUITMENT = "recruitment"
    COMMAND_ARMY = "command_army"
    COMMAND_SECURITY = "command_security"
    COMMAND_GUARD = "command_guard"
    LEAD_CITY = "lead_city"
    EDIT_PRESS = "edit_press"
    CHAIR_GOVERNMENT = "chair_government"
    CONVENE_PLENUM = "convene_plenum"
    INTERNATIONAL = "international"


class Office(Strict):
    """A post and the powers it grants; its holders are chosen by ``appointed_by``.

    An office has one seat unless ``seats`` says more (a Secretariat of
    several secretaries): each seat is filled, held and lost on its own, and
    every holder has the office's powers (docs/model.md, 2.2).
    """

    id: Identifier
    name: Name
    holder: Identifier | None = Field(None, description="its holder at the start, if any")
    seats: Annotated[int, Field(ge=1, le=MAX_OFFICE_SEATS), BeforeValidator(_whole)] = Field(
        1,
        description="how many men hold it at once (a Secretariat of several secretaries); "
        "each seat is filled and lost on its own, and each holder has the office's powers",
    )
    holders: tuple[Identifier, ...] = Field(
        (),
        max_length=MAX_OFFICE_SEATS,
        description="for an office of several seats: its holders at the start, one a seat "
        "(instead of holder)",
    )
    powers: tuple[Power, ...] = Field((), max_length=len(Power))
    appointed_by: Identifier = Field(description="id of the body that fills and removes it")
    province: Identifier | None = Field(
        None, description="for lead_city: the provincial organisation the office leads"
    )
    requires: tuple[Career, ...] = Field(
        (),
        max_length=len(Career),
        description="careers that qualify a man for the office (any one of them); "
        "empty: anyone may hold it",
    )
    promotes_from: tuple[Identifier, ...] = Field(
        (),
        max_length=MAX_OFFICES,
        description="offices whose holders may be promoted to it: a man promoted leaves the "
        "lower office, which falls vacant and is filled in turn (the rungs of a career ladder)",
    )
    aliases: Aliases = ()
    source: Name | None = None

    @model_validator(mode="after")
    def _holders_fit(self) -> Office:
        if self.holder is not None and self.holders:
            raise ValueError("give holder (one seat) or holders (several), not both")
        if len(self.holders) > self.seats:
            raise ValueError(f"{len(self.holders)} holders exceed the office's {self.seats} seats")
        if len(set(self.holders)) != len(self.holders):
            raise ValueError("a holder is listed twice: a man holds one seat of an office")
        if self.seats > 1 and Power.LEAD_CITY in self.powers:
            raise ValueError("a lead_city office has one seat: a province has one secretary")
        return self

    @property
    def holders_at_start(self) -> tuple[str, ...]:
        """Who holds its seats at the start, in seat order (fewer than its seats: some vacant)."""
        return self.holders or ((self.holder,) if self.holder is not None else ())


class Role(StrEnum):
    """What a body is for; the engine knows bodies only by role."""

    TOP = "top"
    ELECTING = "electing"
    CONGRESS = "congress"
    DISCIPLINARY = "disciplinary"


class MotionKind(StrEnum):
    """Motions a body may have the right to decide."""

    REMOVE_OFFICE = "remove_office"
    DEMOTE_TOP = "demote_top"
    REMOVE_TOP = "remove_top"
    REMOVE_ELECTING = "remove_electing"
    EXPEL = "expel"
    EXILE = "exile"
    DEPORT = "deport"
    READMIT = "readmit"
    ADOPT_DOCTRINE = "adopt_doctrine"
    REPORT = "report"


class Body(Strict):
    """A collective body: its seats, its role, who elects it and what it decides."""

    id: Identifier
    name: Name
    role: Role
    size: Seats = Field(description="number of voting seats")
    members: tuple[Identifier, ...] = Field(
        (),
        max_length=MAX_BODY_SEATS,
        description="named actors holding seats; the other seats are anonymous members",
    )
    candidates: tuple[Identifier, ...] = Field(
        (),
        max_length=MAX_ACTORS,
        description="named candidate members: they speak but do not vote, and a vacant "
        "seat goes first to one of them",
    )
    elected_by: Identifier | Literal["provinces"] | None = Field(
        None, description="the body that elects it, or 'provinces' for a congress's delegates"
    )
    decides: tuple[MotionKind, ...] = Field((), max_length=len(MotionKind))
    majority: float = Field(0.5, gt=0.0, lt=1.0, description="share of votes cast to carry")
    majorities: dict[MotionKind, Annotated[float, Field(gt=0.0, lt=1.0)]] = Field(
        default_factory=dict,
        description="a larger share of votes cast needed for particular motions "
        "(e.g. two thirds to remove a member of the electing body)",
    )
    meets_every: Annotated[int, Field(ge=1, le=MAX_MEETS_EVERY), BeforeValidator(_whole)] | None = (
        Field(None, description="statutory interval between meetings, in months")
    )
    source: Name | None = None

    @model_validator(mode="after")
    def _members_fit(self) -> Body:
        if len(self.members) > self.size:
            raise ValueError(f"{len(self.members)} named members exceed the size {self.size}")
        if len(set(self.members)) != len(self.members):
            raise ValueError("a member is listed twice")
        if len(set(self.candidates)) != len(self.candidates):
            raise ValueError("a candidate is listed twice")
        if set(self.members) & set(self.candidates):
            raise ValueError("a man is either a full or a candidate member, not both")
        return self


class Province(Strict):
    """A provincial party organisation: its secretary's allegiance and its members."""

    id: Identifier
    name: Name
    members: Members
    secretary_patron: Identifier | None = Field(
        None, description="the contender the provincial secretary is loyal to, if any"
    )
    member_shares: dict[Identifier, Unit] = Field(
        default_factory=dict,
        max_length=MAX_CONTENDERS,
        description="share of members loyal to each contender",
    )
    doctrine: Position = Field(description="members' mean position on the axes")
    source: Name | None = None

    @field_validator("member_shares")
    @classmethod
    def _shares_sum(cls, value: dict[str, float]) -> dict[str, float]:
        if sum(value.values()) > 1.0 + 1e-9:
            raise ValueError("member shares add up to more than 1")
        return value


class ProvinceGroup(Strict):
    """Many similar provinces given at once, so a scenario need not list sixty by hand."""

    prefix: Identifier
    count: Annotated[int, Field(ge=1, le=MAX_GROUP_PROVINCES), BeforeValidator(_whole)]
    members: Members = Field(description="members in each province")
    secretaries_loyal: dict[Identifier, Unit] = Field(
        default_factory=dict,
        max_length=MAX_CONTENDERS,
        description="share of these provinces whose secretary is loyal to each contender",
    )
    member_shares: dict[Identifier, Unit] = Field(default_factory=dict, max_length=MAX_CONTENDERS)
    doctrine: Position
    source: Name | None = None


class Doctrine(Strict):
    """A programme: a position on the policy axes, and who may publish it."""

    id: Identifier
    name: Name
    position: Position
    author: Identifier | None = None
    published: bool = Field(False, description="already public at the start")
    aliases: Aliases = ()
    source: Name | None = None


class ScheduledKind(StrEnum):
    """What a scheduled event is: the kinds a scenario may place on its calendar.

    Not the kinds of event a run logs (``model.events.Kind``): a scheduled
    death or congress is input; what it brings about is logged by the engine.
    """

    LEADER_DIES = "leader_dies"
    DIES = "dies"
    CONGRESS = "congress"
    SHOCK = "shock"
    REVELATION = "revelation"


class ShockRule(StrEnum):
    """Who an exogenous shock hits: by rule, never by name."""

    LINE_HOLDERS = "line_holders"
    OPPOSITION = "opposition"
    EVERYONE = "everyone"


class ScheduledEvent(Strict):
    """Something the calendar brings regardless of the struggle."""

    month: MonthStr
    kind: ScheduledKind
    name: Name
    actor: Identifier | None = Field(None, description="for leader_dies and dies: who dies")
    successor: Identifier | None = Field(
        None, description="for leader_dies: the heir he names, if he names one"
    )
    endorsement: Unit = Field(
        0.0, description="for leader_dies: reputation the named heir gains by it"
    )
    body_sizes: dict[Identifier, Seats] = Field(
        default_factory=dict,
        max_length=MAX_BODIES,
        description="for congress: new sizes of the bodies it elects",
    )
    rule: ShockRule | None = Field(None, description="for shock: who pays")
    office: Identifier | None = Field(
        None, description="for revelation: the office whose holder the document accuses"
    )
    magnitude: Unit = Field(
        0.0,
        description="for shock: reputation lost by those it hits; "
        "for revelation: evidence it adds against the accused",
    )
    pretext_boost: Unit = Field(0.0, description="for shock: extra monthly chance of a pretext")
    source: Name | None = None

    _month = field_validator("month", mode="before")(_check_month)


class RandomShock(Strict):
    """A shock that may strike in any month with a given chance, hitting by rule."""

    name: Name
    monthly_chance: Unit
    rule: ShockRule
    magnitude: Unit = Field(description="reputation lost by those it hits")
    pretext_boost: Unit = Field(0.0, description="extra monthly chance of a pretext")
    source: Name | None = None


class StandingAlliance(Strict):
    """An alliance of contenders that already stands when the calendar starts.

    Only alliances formed before the start belong here (``since`` says when,
    ``source`` where that is reported); every later alliance is the engine's.
    """

    name: Name
    members: tuple[Identifier, ...] = Field(
        min_length=2,
        max_length=MAX_CONTENDERS,
        description="the contenders allied: every pair of them is allied",
    )
    since: MonthStr = Field(description="the month it was formed, before the calendar's start")
    source: Name

    _since = field_validator("since", mode="before")(_check_month)


class Camp(Strict):
    """A contender's camp as it stands at the start: a name, a date and a source.

    Who belongs to it is said once, by each member's ``patron``; this entry
    dates the camp and names it as historians do (the narrative uses the name).
    """

    leader: Identifier
    name: Name
    since: MonthStr = Field(description="the month the camp took shape, before the start")
    source: Name

    _since = field_validator("since", mode="before")(_check_month)


class Lever(Strict):
    """A named counterfactual: a set of changes to traits, parameters or scheduled events.

    ``set`` holds overrides as on the command line (``trotsky.patience=0.8``,
    ``enemy_alliance_cost=0``); a value may copy another actor's trait
    (``@stalin.patience``) or take the lowest or highest among the
    contenders (``@min:flexibility``, ``@max:restraint``). A lever never
    names an outcome: it changes causes, and the engine decides the rest.
    """

    id: Identifier
    name: Name
    description: Text
    set: tuple[Name, ...] = Field((), max_length=MAX_LEVER_CHANGES)
    remove_doctrines: tuple[Identifier, ...] = Field((), max_length=MAX_LEVER_CHANGES)
    add_events: tuple[ScheduledEvent, ...] = Field((), max_length=MAX_LEVER_CHANGES)
    remove_events: tuple[Name, ...] = Field(
        (), max_length=MAX_LEVER_CHANGES, description="scheduled events to drop, by name"
    )


class KeyEventKind(StrEnum):
    """Kinds of fact a run and a record are compared by (those of ``analysis.facts``)."""

    OFFICE_REMOVED = "office_removed"
    OFFICE_APPOINTED = "office_appointed"
    TOP_REMOVED = "top_removed"
    TOP_ELECTED = "top_elected"
    ELECTING_REMOVED = "electing_removed"
    EXPELLED = "expelled"
    EXILED = "exiled"
    DEPORTED = "deported"
    READMITTED = "readmitted"
    RECANTED = "recanted"
    ALLIANCE_FORMED = "alliance_formed"
    ALLIANCE_BROKEN = "alliance_broken"
    DOCTRINE_PUBLISHED = "doctrine_published"
    DOCTRINE_ADOPTED = "doctrine_adopted"
    CONGRESS_VOTE = "congress_vote"
    COUP = "coup"


class KeyEvent(Strict):
    """A record event the scenario's validation weighs most: kind, actor, subject.

    Kinds and ids are those of the engine's facts (``top_removed``,
    ``office_removed`` with the office's id, ``alliance_broken`` with the
    partner's id); they name targets for scoring, never something to happen.
    """

    kind: KeyEventKind
    actor: Identifier
    subject: Name = ""


class Scenario(Strict):
    """A whole succession struggle: who, which offices and bodies, and the calendar."""

    id: str = Field(
        pattern=r"^[a-z0-9][a-z0-9-]*-v\d+$",
        max_length=64,  # it names a folder in a store of ensembles
        description="versioned id",
    )
    title: Name
    description: Text = ""
    record: Name | None = Field(None, description="the default record to score runs against")
    reference: bool = Field(
        False,
        description="the reference case of the bundled scenarios: listed first, and offered "
        "first where one is chosen (the web page)",
    )
    calendar: Calendar
    axes: tuple[Name, ...] = Field(min_length=1, max_length=2)
    sources: dict[Name, Text] = Field(
        default_factory=dict, max_length=MAX_SOURCES, description="key -> citation"
    )
    actors: tuple[Actor, ...] = Field(max_length=MAX_ACTORS)
    offices: tuple[Office, ...] = Field(max_length=MAX_OFFICES)
    bodies: tuple[Body, ...] = Field(max_length=MAX_BODIES)
    provinces: tuple[Province, ...] = Field((), max_length=MAX_PROVINCES)
    province_groups: tuple[ProvinceGroup, ...] = Field((), max_length=MAX_PROVINCES)
    doctrines: tuple[Doctrine, ...] = Field((), max_length=MAX_DOCTRINES)
    alliances: tuple[StandingAlliance, ...] = Field(
        (), max_length=MAX_ALLIANCES, description="alliances of contenders standing at the start"
    )
    camps: tuple[Camp, ...] = Field(
        (),
        max_length=MAX_ALLIANCES,
        description="the contenders' camps at the start, named and dated",
    )
    events: tuple[ScheduledEvent, ...] = Field((), max_length=MAX_EVENTS)
    random_shocks: tuple[RandomShock, ...] = Field((), max_length=MAX_RANDOM_SHOCKS)
    levers: tuple[Lever, ...] = Field(
        (),
        max_length=MAX_LEVERS,
        description="named counterfactuals that experiments can switch on",
    )
    key_events: tuple[KeyEvent, ...] = Field(
        (),
        max_length=MAX_KEY_EVENTS,
        description="record events that validation weighs most (see docs/validation.md)",
    )

    @property
    def members_at_start(self) -> int:
        """The party's members at the start: listed provinces and every grouped one."""
        return sum(p.members for p in self.provinces) + sum(
            g.count * g.members for g in self.province_groups
        )


Path = tuple[str | int, ...]


def cross_check(scenario: Scenario) -> list[tuple[Path, str]]:
    """Problems that span several parts of a scenario, each with its field path.

    Field-level checks live on the models; these are the references between
    them (an office held by an unknown actor, a body that elects itself,
    an event outside the calendar) that only the whole scenario can check.
    """
    problems: list[tuple[Path, str]] = []
    actors = {a.id: i for i, a in enumerate(scenario.actors)}
    bodies = {b.id: b for b in scenario.bodies}
    provinces = {p.id for p in scenario.provinces}
    doctrines = {d.id for d in scenario.doctrines}
    contenders = {a.id for a in scenario.actors if a.contender}
    dims = len(scenario.axes)

    def unique(kind: str, ids: list[str]) -> None:
        seen: set[str] = set()
        for i, ident in enumerate(ids):
            if ident in seen:
                problems.append(((kind, i, "id"), f"{ident!r} is defined twice"))
            seen.add(ident)

    unique("actors", [a.id for a in scenario.actors])
    unique("offices", [o.id for o in scenario.offices])
    unique("bodies", [b.id for b in scenario.bodies])
    unique("provinces", [p.id for p in scenario.provinces])
    unique("doctrines", [d.id for d in scenario.doctrines])

    if len(contenders) < 2:
        problems.append((("actors",), "at least two actors must be marked contender: true"))
    if len(contenders) > MAX_CONTENDERS:
        problems.append(
            (
                ("actors",),
                f"{len(contenders)} contenders: at most {MAX_CONTENDERS}, since their voting power "
                "is computed exactly over every coalition of their blocs",
            )
        )
    for i, actor in enumerate(scenario.actors):
        if len(actor.traits.doctrine) != dims:
            problems.append(
                (("actors", i, "traits", "doctrine"), f"needs {dims} coordinates, one per axis")
            )
        if actor.patron is not None and actor.patron not in contenders:
            problems.append(
                (("actors", i, "patron"), f"{actor.patron!r} is not a contender of this scenario")
            )
        if actor.contender and actor.patron is not None:
            problems.append((("actors", i, "patron"), "a contender leads his own faction"))
        if actor.follows_office is not None:
            if actor.follows_office not in {o.id for o in scenario.offices}:
                problems.append(
                    (("actors", i, "follows_office"), f"unknown office {actor.follows_office!r}")
                )
            if actor.contender:
                problems.append(
                    (("actors", i, "follows_office"), "a contender leads his own faction")
                )
            elif actor.patron is not None:
                problems.append(
                    (
                        ("actors", i, "follows_office"),
                        "a man follows a patron or an office, not both",
                    )
                )
    for i, office in enumerate(scenario.offices):
        if office.holder is not None and office.holder not in actors:
            problems.append((("offices", i, "holder"), f"unknown actor {office.holder!r}"))
        for j, holder in enumerate(office.holders):
            if holder not in actors:
                problems.append((("offices", i, "holders", j), f"unknown actor {holder!r}"))
        if office.appointed_by not in bodies:
            problems.append(
                (("offices", i, "appointed_by"), f"unknown body {office.appointed_by!r}")
            )
        if office.province is not None and office.province not in provinces:
            problems.append((("offices", i, "province"), f"unknown province {office.province!r}"))
        if Power.LEAD_CITY in office.powers and office.province is None:
            problems.append(
                (("offices", i, "province"), "a lead_city office must name its province")
            )
        for j, lower in enumerate(office.promotes_from):
            if lower not in {o.id for o in scenario.offices}:
                problems.append((("offices", i, "promotes_from", j), f"unknown office {lower!r}"))
    _check_ladder(scenario, problems)
    _check_careers(scenario, problems)
    _check_standing(scenario, contenders, problems)
    roles = [b.role for b in scenario.bodies]
    for role in (Role.TOP, Role.ELECTING, Role.CONGRESS):
        if roles.count(role) != 1:
            problems.append((("bodies",), f"needs exactly one body with role {role.value!r}"))
    for i, body in enumerate(scenario.bodies):
        for field, named in (("members", body.members), ("candidates", body.candidates)):
            for j, member in enumerate(named):
                if member not in actors:
                    problems.append((("bodies", i, field, j), f"unknown actor {member!r}"))
        if body.elected_by == body.id:
            problems.append((("bodies", i, "elected_by"), "a body cannot elect itself"))
        elif body.elected_by not in (None, "provinces") and body.elected_by not in bodies:
            problems.append((("bodies", i, "elected_by"), f"unknown body {body.elected_by!r}"))
        if body.role is Role.CONGRESS and body.elected_by != "provinces":
            problems.append((("bodies", i, "elected_by"), "a congress is elected by 'provinces'"))
    _check_elections(scenario, problems)
    if not scenario.provinces and not scenario.province_groups:
        problems.append((("provinces",), "a scenario needs provinces to choose congress delegates"))
    provinces_in_all = len(scenario.provinces) + sum(g.count for g in scenario.province_groups)
    if provinces_in_all > MAX_PROVINCES:
        problems.append(
            (
                ("province_groups",) if scenario.province_groups else ("provinces",),
                f"{provinces_in_all} provinces listed and grouped: at most {MAX_PROVINCES}",
            )
        )
    members_in_all = scenario.members_at_start
    if members_in_all > MAX_PARTY_MEMBERS:
        problems.append(
            (
                ("province_groups",) if scenario.province_groups else ("provinces",),
                f"{members_in_all:,} members in all: at most {MAX_PARTY_MEMBERS:,}",
            )
        )
    for i, province in enumerate(scenario.provinces):
        if len(province.doctrine) != dims:
            problems.append((("provinces", i, "doctrine"), f"needs {dims} coordinates"))
        if province.secretary_patron is not None and province.secretary_patron not in contenders:
            problems.append(
                (
                    ("provinces", i, "secretary_patron"),
                    f"{province.secretary_patron!r} is not a contender",
                )
            )
        for key in province.member_shares:
            if key not in contenders:
                problems.append((("provinces", i, "member_shares", key), "not a contender"))
    for i, group in enumerate(scenario.province_groups):
        if len(group.doctrine) != dims:
            problems.append((("province_groups", i, "doctrine"), f"needs {dims} coordinates"))
        if sum(group.secretaries_loyal.values()) > 1.0 + 1e-9:
            problems.append(
                (("province_groups", i, "secretaries_loyal"), "shares add up to more than 1")
            )
        if sum(group.member_shares.values()) > 1.0 + 1e-9:
            problems.append(
                (("province_groups", i, "member_shares"), "shares add up to more than 1")
            )
        for field in ("secretaries_loyal", "member_shares"):
            for key in getattr(group, field):
                if key not in contenders:
                    problems.append((("province_groups", i, field, key), "not a contender"))
    for i, doctrine in enumerate(scenario.doctrines):
        if len(doctrine.position) != dims:
            problems.append((("doctrines", i, "position"), f"needs {dims} coordinates"))
        if doctrine.author is not None and doctrine.author not in actors:
            problems.append((("doctrines", i, "author"), f"unknown actor {doctrine.author!r}"))
    for i, event in enumerate(scenario.events):
        _check_event(scenario, event, ("events", i), problems)
    _check_leader(scenario, problems)
    names = {e.name for e in scenario.events}
    for i, lever in enumerate(scenario.levers):
        for j, dropped in enumerate(lever.remove_doctrines):
            if dropped not in doctrines:
                problems.append(
                    (("levers", i, "remove_doctrines", j), f"unknown doctrine {dropped!r}")
                )
        for j, name in enumerate(lever.remove_events):
            if name not in names:
                problems.append((("levers", i, "remove_events", j), f"no event named {name!r}"))
        for j, added in enumerate(lever.add_events):
            _check_event(scenario, added, ("levers", i, "add_events", j), problems)
    unique("levers", [lever.id for lever in scenario.levers])
    _check_key_events(scenario, problems)
    return problems


#: The fields each kind of scheduled event reads, beside month, kind, name and source.
_KIND_FIELDS: dict[ScheduledKind, frozenset[str]] = {
    ScheduledKind.LEADER_DIES: frozenset({"actor", "successor", "endorsement"}),
    ScheduledKind.DIES: frozenset({"actor"}),
    ScheduledKind.CONGRESS: frozenset({"body_sizes"}),
    ScheduledKind.SHOCK: frozenset({"rule", "magnitude", "pretext_boost"}),
    ScheduledKind.REVELATION: frozenset({"office", "magnitude"}),
}


def _check_event(
    scenario: Scenario, event: ScheduledEvent, at: Path, problems: list[tuple[Path, str]]
) -> None:
    """A scheduled event, or one a lever adds, falls in the calendar and names what exists."""
    actors = {a.id: a for a in scenario.actors}
    contenders = {a.id for a in scenario.actors if a.contender}
    start, end = scenario.calendar.start, scenario.calendar.end
    for field in sorted(frozenset().union(*_KIND_FIELDS.values()) - _KIND_FIELDS[event.kind]):
        if getattr(event, field) != ScheduledEvent.model_fields[field].get_default(
            call_default_factory=True
        ):
            problems.append(((*at, field), f"a {event.kind.value} event takes no {field}"))
    if not 0 <= month_index(start, event.month) < scenario.calendar.months:
        problems.append(
            ((*at, "month"), f"{event.month} lies outside the calendar {start} to {end}")
        )
    if event.kind in (ScheduledKind.LEADER_DIES, ScheduledKind.DIES) and event.actor not in actors:
        problems.append(((*at, "actor"), f"unknown actor {event.actor!r}"))
    dying = actors.get(str(event.actor))
    if event.kind is ScheduledKind.DIES and dying is not None and dying.leader:
        problems.append(((*at, "kind"), "the leader's death is a leader_dies event"))
    if event.successor is not None and event.successor not in contenders:
        problems.append(((*at, "successor"), f"{event.successor!r} is not a contender"))
    if event.kind is ScheduledKind.SHOCK and event.rule is None:
        problems.append(((*at, "rule"), "a shock must say who it hits"))
    if event.kind is ScheduledKind.REVELATION and event.office not in {
        o.id for o in scenario.offices
    }:
        problems.append(((*at, "office"), f"unknown office {event.office!r}"))
    bodies = {b.id for b in scenario.bodies}
    for key in event.body_sizes:
        if key not in bodies:
            problems.append(((*at, "body_sizes", key), f"unknown body {key!r}"))


def _check_leader(scenario: Scenario, problems: list[tuple[Path, str]]) -> None:
    """At most one leader, and at most one leader_dies event, which names him.

    The engine knows one leader: the actor marked ``leader`` or, if none is,
    the one whose ``leader_dies`` event opens the struggle; with neither, the
    struggle is open from the first month (a collective leadership). A
    second leader, or a leader_dies event for someone else, would be read as
    nothing, or as the death of the wrong man.
    """
    marked = [(i, a.id) for i, a in enumerate(scenario.actors) if a.leader]
    for i, _ in marked[1:]:
        problems.append(
            (
                ("actors", i, "leader"),
                f"{marked[0][1]!r} is already the leader: a scenario has at most one",
            )
        )
    deaths = [(i, e) for i, e in enumerate(scenario.events) if e.kind is ScheduledKind.LEADER_DIES]
    for i, _ in deaths[1:]:
        problems.append((("events", i, "kind"), "the leader dies once: a second leader_dies event"))
    if marked and deaths and deaths[0][1].actor != marked[0][1]:
        problems.append(
            (
                ("events", deaths[0][0], "actor"),
                f"{deaths[0][1].actor!r} is not the leader {marked[0][1]!r}: another man's "
                "death is a dies event",
            )
        )


def _check_elections(scenario: Scenario, problems: list[tuple[Path, str]]) -> None:
    """No body is elected, through other bodies, by itself: every chain ends in the provinces."""
    elected_by = {b.id: b.elected_by for b in scenario.bodies}
    reported: set[str] = set()
    for i, body in enumerate(scenario.bodies):
        chain = [body.id]
        while (electors := elected_by.get(chain[-1])) in elected_by and electors not in chain:
            chain.append(str(electors))
        if electors == body.id and len(chain) > 1 and not reported & set(chain):
            reported.update(chain)
            circle = " -> ".join([*chain, body.id])
            problems.append(
                (
                    ("bodies", i, "elected_by"),
                    f"bodies elect each other in a circle ({circle}): the chain of election "
                    "must end in the provinces or in no one",
                )
            )


def _check_ladder(scenario: Scenario, problems: list[tuple[Path, str]]) -> None:
    """Promotion climbs: no office is promoted to, through other offices, from itself."""
    lower = {o.id: o.promotes_from for o in scenario.offices}
    for i, office in enumerate(scenario.offices):
        seen: set[str] = set()
        stack = list(office.promotes_from)
        while stack:
            below = stack.pop()
            if below == office.id:
                problems.append(
                    (
                        ("offices", i, "promotes_from"),
                        f"promotion runs in a circle back to {office.id!r}: a career ladder "
                        "only climbs",
                    )
                )
                break
            if below not in seen:
                seen.add(below)
                stack.extend(lower.get(below, ()))


def _check_key_events(scenario: Scenario, problems: list[tuple[Path, str]]) -> None:
    """Key events name an actor of the scenario, and the office, doctrine or ally they concern."""
    actors = {a.id for a in scenario.actors}
    subjects = {
        KeyEventKind.OFFICE_REMOVED: ("office", {o.id for o in scenario.offices}),
        KeyEventKind.OFFICE_APPOINTED: ("office", {o.id for o in scenario.offices}),
        KeyEventKind.DOCTRINE_PUBLISHED: ("doctrine", {d.id for d in scenario.doctrines}),
        KeyEventKind.DOCTRINE_ADOPTED: ("doctrine", {d.id for d in scenario.doctrines}),
        KeyEventKind.ALLIANCE_FORMED: ("actor", actors),
        KeyEventKind.ALLIANCE_BROKEN: ("actor", actors),
    }
    for i, wanted in enumerate(scenario.key_events):
        if wanted.actor not in actors:
            problems.append((("key_events", i, "actor"), f"unknown actor {wanted.actor!r}"))
        if wanted.kind in subjects:
            what, known = subjects[wanted.kind]
            if wanted.subject not in known:
                problems.append(
                    (
                        ("key_events", i, "subject"),
                        f"a {wanted.kind.value} event needs the {what} it concerns, "
                        f"not {wanted.subject!r}",
                    )
                )


def _check_careers(scenario: Scenario, problems: list[tuple[Path, str]]) -> None:
    """Every office that requires a career can be held by someone with it."""
    held = {career for actor in scenario.actors for career in actor.careers}
    for i, office in enumerate(scenario.offices):
        if office.requires and not held & set(office.requires):
            problems.append(
                (
                    ("offices", i, "requires"),
                    "no actor has any of the careers "
                    f"{', '.join(c.value for c in office.requires)}: no one could ever hold it",
                )
            )


def _check_standing(
    scenario: Scenario, contenders: set[str], problems: list[tuple[Path, str]]
) -> None:
    """Standing alliances and camps name contenders and date from before the start."""
    start = scenario.calendar.start
    for i, alliance in enumerate(scenario.alliances):
        for j, member in enumerate(alliance.members):
            if member not in contenders:
                problems.append((("alliances", i, "members", j), f"{member!r} is not a contender"))
        if len(set(alliance.members)) != len(alliance.members):
            problems.append((("alliances", i, "members"), "a member is listed twice"))
        if month_index(start, alliance.since) > 0:
            problems.append(
                (
                    ("alliances", i, "since"),
                    f"{alliance.since} is after the start {start}: only alliances standing "
                    "at the start belong in a scenario",
                )
            )
        if alliance.source not in scenario.sources:
            problems.append((("alliances", i, "source"), f"unknown source {alliance.source!r}"))
    seen: set[str] = set()
    for i, camp in enumerate(scenario.camps):
        if camp.leader not in contenders:
            problems.append((("camps", i, "leader"), f"{camp.leader!r} is not a contender"))
        elif camp.leader in seen:
            problems.append((("camps", i, "leader"), f"{camp.leader!r} has two camps"))
        seen.add(camp.leader)
        if month_index(start, camp.since) > 0:
            problems.append(
                (
                    ("camps", i, "since"),
                    f"{camp.since} is after the start {start}: a scenario gives the camps "
                    "standing at the start",
                )
            )
        if camp.source not in scenario.sources:
            problems.append((("camps", i, "source"), f"unknown source {camp.source!r}"))
        if camp.leader in contenders and not any(a.patron == camp.leader for a in scenario.actors):
            problems.append((("camps", i, "leader"), f"no actor has {camp.leader!r} as his patron"))
