"""A run told as a history: month by month, each event with its mechanism and source."""

from __future__ import annotations

from dataclasses import dataclass

from politburo.model.events import Event, Kind, Mechanism
from politburo.model.result import RunResult
from politburo.scenario.schema import Scenario

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Line:
    """One sentence of the narrative, with why it happened and where it comes from."""

    text: str
    why: tuple[str, ...]
    mechanism: str
    source: str | None
    kind: str
    mark: str | None = None


@dataclass(frozen=True, slots=True)
class Chapter:
    """The events of one month."""

    month: str
    title: str
    lines: tuple[Line, ...]


def month_title(month: str) -> str:
    """``1924-01`` as ``January 1924``."""
    year, number = month.split("-")
    return f"{MONTH_NAMES[int(number) - 1]} {year}"


class _Names:
    def __init__(self, scenario: Scenario) -> None:
        self.actors = {a.id: a.name for a in scenario.actors}
        self.bodies = {b.id: b.name for b in scenario.bodies}
        self.offices = {o.id: o.name for o in scenario.offices}
        self.doctrines = {d.id: d.name for d in scenario.doctrines}
        self.top = next(b.name for b in scenario.bodies if b.role.value == "top")
        self.electing = next(b.name for b in scenario.bodies if b.role.value == "electing")

    def actor(self, ident: str | None) -> str:
        return self.actors.get(ident or "", ident or "someone")


def _votes(e: Event) -> str:
    if e.votes_for is None:
        return ""
    return f" ({e.votes_for} for, {e.votes_against} against, {e.votes_abstain} abstaining)"


def sentence(e: Event, n: _Names) -> str:
    """The event in one plain sentence."""
    actor = n.actor(e.actor)
    target = n.actor(e.target)
    body = n.bodies.get(e.body or "", "")
    office = n.offices.get(e.office or "", "")
    doctrine = n.doctrines.get(e.doctrine or "", "")
    mover = n.actor(e.others[0]) if e.others else "the majority"
    votes = _votes(e)
    k = e.kind
    if k in (Kind.LEADER_DIED, Kind.DIED):
        return f"{actor} dies."
    if k is Kind.CONGRESS:
        if e.actor is None:
            return f"{e.reasons[0] if e.reasons else 'The congress'} opens."
        return f"The congress elects a new {body}; {e.reasons[-1]}."
    if k is Kind.CONGRESS_VOTE:
        return f"The {body} backs {actor}'s side against {target}{votes}."
    if k is Kind.PLENUM_CONVENED:
        return f"{actor} convenes the {body}."
    if k is Kind.ELECTED_TOP:
        return f"{actor} is elected to the {n.top}."
    if k is Kind.ELECTED_CANDIDATE:
        return f"{actor} is elected a candidate member of the {n.top}."
    if k is Kind.TOP_DEMOTED:
        return (
            f"{actor} is demoted to candidate member of the {n.top} by the {body}{votes}, "
            f"on {mover}'s motion."
        )
    if k is Kind.OFFICE_APPOINTED:
        return f"{actor} becomes {office}."
    if k is Kind.OFFICE_REMOVED:
        return f"{actor} is removed as {office} by the {body}{votes}, on {mover}'s motion."
    if k is Kind.TOP_REMOVED and e.mechanism is Mechanism.CIRCULAR_FLOW:
        return f"{actor} is not re-elected to the {n.top} by the new {body}."
    if k is Kind.TOP_REMOVED:
        return f"{actor} is removed from the {n.top} by the {body}{votes}, on {mover}'s motion."
    if k is Kind.ELECTING_REMOVED:
        return (
            f"{actor} is removed from the {n.electing} by the {body}{votes}, on {mover}'s motion."
        )
    if k is Kind.EXPELLED:
        return f"{actor} is expelled from the party by the {body}{votes}, on {mover}'s motion."
    if k is Kind.EXILED:
        return f"{actor} is sent into internal exile by order of the {body}{votes}."
    if k is Kind.DEPORTED:
        return f"{actor} is deported abroad by order of the {body}{votes}."
    if k is Kind.READMITTED:
        return f"{actor} is readmitted to the party by the {body}{votes}."
    if k is Kind.RECANTED:
        return f"{actor} recants and submits to the majority."
    if k is Kind.CAPITULATED:
        return f"{actor} capitulates and breaks with {target}."
    if k is Kind.CAMP_SANCTIONED:
        followers = ", ".join(n.actor(o) for o in e.others)
        return f"{actor}'s followers share his fate: {followers}."
    if k is Kind.MOTION_FAILED:
        if e.doctrine:
            return f"The {body} rejects {doctrine} as the line{votes}."
        return f"A motion against {actor} fails in the {body}{votes}; {mover} pays for it."
    if k is Kind.ATTACK:
        return f"{actor} attacks {target} openly."
    if k is Kind.ALLIANCE_FORMED:
        return f"{actor} and {target} join forces against {mover}."
    if k is Kind.ALLIANCE_BROKEN:
        return f"{actor} breaks with {target}."
    if k is Kind.DOCTRINE_PUBLISHED:
        return f"{actor} publishes {doctrine}."
    if k is Kind.DOCTRINE_ADOPTED:
        return f"The {body} adopts {doctrine} as the party line{votes}."
    if k is Kind.RECRUITMENT_DRIVE:
        return f"{actor} launches a recruitment drive through the office of {office}."
    if k is Kind.SECRETARIES_APPOINTED:
        return f"As {office}, {actor} places his own men in the provinces."
    if k is Kind.PRETEXT:
        return f"{actor} seizes on a pretext against {target}."
    if k is Kind.SHOCK:
        return f"Shock from outside: {e.reasons[0] if e.reasons else 'a setback'}."
    if k is Kind.REVELATION:
        return f"{e.reasons[0] if e.reasons else 'A document'}: charges against {target}."
    if k is Kind.COUP:
        return f"{actor} turns the army against the party's bodies."
    if k is Kind.WINNER:
        return f"{actor} has won the struggle for the succession."
    return f"{k.value}: {actor}"


def _why(e: Event) -> tuple[str, ...]:
    if e.kind is Kind.SHOCK:
        return e.reasons[1:]
    if e.kind is Kind.CONGRESS:
        return ()
    return e.reasons


def _secretaries(count: int) -> str:
    return "1 provincial secretary" if count == 1 else f"{count} provincial secretaries"


def _placements(placed: dict[str, float], names: _Names) -> Line:
    """The secretaries placed since the last congress, told once as the congress opens."""
    parts = [
        f"{names.actor(who)} has placed {_secretaries(int(count))} of his own camp"
        for who, count in placed.items()
    ]
    return Line(
        "Since the last congress, " + "; ".join(parts) + ".",
        (f"secretaries pick a share of the delegates who will now elect the {names.electing}",),
        "patronage",
        None,
        Kind.SECRETARIES_APPOINTED.value,
    )


def narrate(
    result: RunResult, scenario: Scenario, marks: dict[int, str] | None = None
) -> tuple[Chapter, ...]:
    """The run's events grouped by month, each as a sentence with its reasons.

    The month-by-month placements of provincial secretaries are told once,
    summed, when the next congress opens: that is when they count. ``marks``
    (by the event's position in the run) say how an event stands against a
    record: "as in history", "7 months early".
    """
    marks = marks or {}
    names = _Names(scenario)
    chapters: list[Chapter] = []
    placed: dict[str, float] = {}
    by_month: dict[str, list[tuple[int, Event]]] = {}
    for index, e in enumerate(result.events):
        by_month.setdefault(e.month, []).append((index, e))
    for month in result.months:
        lines: list[Line] = []
        for index, e in by_month.get(month, []):
            if e.kind is Kind.SECRETARIES_APPOINTED:
                who = e.actor or ""
                placed[who] = placed.get(who, 0.0) + (e.amount or 0.0)
                continue
            if e.kind is Kind.CONGRESS and e.actor is None and placed:
                lines.append(_placements(placed, names))
                placed = {}
            lines.append(
                Line(
                    sentence(e, names),
                    _why(e),
                    e.mechanism.value,
                    e.source,
                    e.kind.value,
                    marks.get(index),
                )
            )
        if lines:
            chapters.append(Chapter(month, month_title(month), tuple(lines)))
    return tuple(chapters)


def verdict(result: RunResult, scenario: Scenario) -> str:
    """The outcome in one sentence."""
    names = _Names(scenario)
    if result.winner is None or result.winner_month is None:
        return f"No winner by {month_title(result.months[-1])}: the struggle is still open."
    return f"{names.actor(result.winner)} wins, in {month_title(result.winner_month)}."


FACT_PHRASES = {
    "office_removed": "{actor} loses the office of {subject}",
    "top_removed": "{actor} leaves the {top}",
    "electing_removed": "{actor} is removed from the {electing}",
    "expelled": "{actor} is expelled",
    "exiled": "{actor} is exiled",
    "deported": "{actor} is deported",
    "readmitted": "{actor} is readmitted",
    "recanted": "{actor} recants",
    "alliance_formed": "{actor} and {subject} ally",
    "alliance_broken": "{actor} and {subject} break",
    "doctrine_adopted": "{subject} is adopted as the line",
}


def describe_fact(kind: str, actor: str, subject: str, scenario: Scenario) -> str:
    """A recorded fact in words, with the scenario's names."""
    names = _Names(scenario)
    subject_name = (
        names.offices.get(subject)
        or names.doctrines.get(subject)
        or names.actors.get(subject)
        or subject
    )
    phrase = FACT_PHRASES.get(kind, kind + " {actor}")
    return phrase.format(
        actor=names.actor(actor), subject=subject_name, top=names.top, electing=names.electing
    )
