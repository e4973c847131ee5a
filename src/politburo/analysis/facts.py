"""Runs and records as comparable facts: what happened to whom, and when.

A run's events and a record's rows speak different dialects: the engine
names bodies by role (``top_removed``), a record by the country's name
(``politburo_removed``), and a record names people and offices as a
historian writes them. Both are reduced here to ``Fact`` values keyed by
kind, actor and subject (an office, a doctrine, an ally), with the month
counted from the scenario's start. Matching is by kind and actor (and the
subject where the kind has one), never by a body's name.

Documented choices: losing a full seat in the top body, demotion to
candidate included, is a removal from it; exile and deportation are
separate facts; an alliance is a pair, whoever the record names first; a
record's alliance row gives a fact for each pair it names
(:func:`~politburo.analysis.record.alliance_pairs`: every pair of a group
that forms, the actor with each partner in a break), except that forming a
pair already standing gives none (the United Opposition of 1926 does not
form Zinoviev and Kamenev's alliance again); record rows before the
scenario starts are context, not targets (an alliance formed before the
start and standing at it is an episode's target, ``politburo.analysis.episodes``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from politburo.analysis.record import RecordEvent, alliance_pairs
from politburo.model.events import Event, Kind
from politburo.model.result import RunResult
from politburo.scenario.schema import Scenario, month_index

#: Record kinds and the canonical fact kind each becomes.
RECORD_KINDS = {
    "office_removed": "office_removed",
    "office_appointed": "office_appointed",
    "politburo_removed": "top_removed",
    "politburo_demoted": "top_removed",
    "politburo_appointed": "top_elected",
    "cc_removed": "electing_removed",
    "expelled": "expelled",
    "exiled": "exiled",
    "deported": "deported",
    "readmitted": "readmitted",
    "recanted": "recanted",
    "alliance_formed": "alliance_formed",
    "alliance_broken": "alliance_broken",
    "doctrine_published": "doctrine_published",
    "doctrine_adopted": "doctrine_adopted",
    "congress_vote": "congress_vote",
}

#: Record kinds no run event can be matched with, and why each is left out of
#: the score. Every kind of :data:`politburo.analysis.record.KINDS` is either
#: here or in :data:`RECORD_KINDS`; validation reports how many rows of each
#: it left out, with the reason, instead of dropping them unsaid.
UNSCORED_KINDS = {
    "body_vote": "the engine logs no vote of a body other than the congress as an event of "
    "its own; what the vote decided (a removal, an expulsion, an election) is scored from "
    "that decision's row",
    "arrested": "the engine arrests only in a coup, scored as the coup; it has no arrest "
    "of its own to match",
    "killed": "the engine has no violent death: deaths come only from the calendar",
    "leader_died": "the leader's death is on the scenario's calendar, not an outcome of a run",
    "recruitment_drive": "the record gives no drive's size to compare with the engine's "
    "recruitment waves",
    "pretext": "a pretext is the engine's own chance; the record's are context",
    "shock": "shocks are on the scenario's calendar, not outcomes of a run",
    "other": "context: a row of no kind the engine produces",
}


@dataclass(frozen=True, slots=True)
class Unscored:
    """Rows of one kind inside the calendar that no run can be scored against, and why."""

    kind: str
    rows: int
    reason: str


def unscored(record: Sequence[RecordEvent], scenario: Scenario) -> tuple[Unscored, ...]:
    """The record's rows inside the calendar left out of the score, counted by kind.

    Rows before the start are context and are not counted; rows without an
    actor are never scored and are counted under their kind too.
    """
    start, months = scenario.calendar.start, scenario.calendar.months
    counts: dict[str, int] = {}
    for row in record:
        inside = 0 <= month_index(start, row.month) < months
        if inside and (row.kind in UNSCORED_KINDS or not row.actor):
            counts[row.kind] = counts.get(row.kind, 0) + 1
    return tuple(
        Unscored(kind, rows, UNSCORED_KINDS.get(kind, "the row names no actor"))
        for kind, rows in sorted(counts.items())
    )


#: Run event kinds kept as facts (the others are the engine's bookkeeping).
RUN_KINDS = frozenset(
    {
        Kind.OFFICE_REMOVED,
        Kind.OFFICE_APPOINTED,
        Kind.TOP_REMOVED,
        Kind.TOP_DEMOTED,
        Kind.ELECTED_TOP,
        Kind.ELECTING_REMOVED,
        Kind.EXPELLED,
        Kind.EXILED,
        Kind.DEPORTED,
        Kind.READMITTED,
        Kind.RECANTED,
        Kind.ALLIANCE_FORMED,
        Kind.ALLIANCE_BROKEN,
        Kind.DOCTRINE_PUBLISHED,
        Kind.DOCTRINE_ADOPTED,
        Kind.CONGRESS_VOTE,
        Kind.COUP,
    }
)

#: Kinds with a subject that takes part in matching.
SUBJECT_KINDS = frozenset(
    {
        "office_removed",
        "office_appointed",
        "alliance_formed",
        "alliance_broken",
        "doctrine_published",
        "doctrine_adopted",
    }
)

#: Sanctions whose appearance in a run, where the record has none for that
#: actor, counts as an event the record does not have.
SANCTIONS = frozenset(
    {"office_removed", "top_removed", "electing_removed", "expelled", "exiled", "deported", "coup"}
)


@dataclass(frozen=True, slots=True)
class Fact:
    """One thing that happened: its kind, to whom, about what, and in which month.

    ``month`` counts from the scenario's start (negative before it);
    ``share_for`` is the share of votes cast for, where the fact is a vote
    with figures.
    """

    kind: str
    actor: str
    subject: str
    month: int
    share_for: float | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        """What matching compares: kind, actor, and the subject where it counts."""
        return (self.kind, self.actor, self.subject if self.kind in SUBJECT_KINDS else "")


class Names:
    """Resolves the names a record uses to a scenario's ids."""

    def __init__(self, scenario: Scenario) -> None:
        self.actors = _index(
            (a.id, [a.id, a.name, a.name.split()[-1], *a.aliases]) for a in scenario.actors
        )
        self.offices = _index((o.id, [o.id, o.name, *o.aliases]) for o in scenario.offices)
        self.doctrines = _index((d.id, [d.id, d.name, *d.aliases]) for d in scenario.doctrines)

    def actor(self, name: str) -> str:
        """The id of the actor a record calls ``name`` (the name itself if unknown)."""
        return self.actors.get(name.strip().casefold(), name.strip().casefold())

    def subject(self, kind: str, name: str) -> str:
        """The id of an office, doctrine or ally named as a row's subject."""
        key = name.strip().casefold()
        if kind.startswith("office"):
            return self.offices.get(key, key)
        if kind.startswith("doctrine"):
            return self.doctrines.get(key, key)
        return self.actors.get(key, key)


def _index(entries: Iterable[tuple[str, Sequence[str]]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for ident, names in entries:
        for name in names:
            out.setdefault(name.casefold(), ident)
    return out


def _pair(kind: str, a: str, b: str, month: int) -> Fact:
    first, second = sorted((a, b))
    return Fact(kind, first, second, month)


def fact_key(kind: str, actor: str, subject: str) -> tuple[str, str, str]:
    """The matching key of a fact given as kind, actor and subject (pairs sorted)."""
    if kind in ("alliance_formed", "alliance_broken"):
        return _pair(kind, actor, subject, 0).key
    return Fact(kind, actor, subject, 0).key


def record_facts(record: Sequence[RecordEvent], scenario: Scenario) -> tuple[Fact, ...]:
    """The record's rows as facts, months counted from the scenario's start."""
    names = Names(scenario)
    start = scenario.calendar.start
    facts: list[Fact] = []
    standing: set[tuple[str, str]] = set()
    for row in record:
        kind = RECORD_KINDS.get(row.kind)
        if kind is None or not row.actor:
            continue
        month = month_index(start, row.month)
        actor = names.actor(row.actor)
        subjects = [names.subject(row.kind, s) for s in row.subjects]
        if kind == "recanted":
            facts.extend(Fact(kind, who, "", month) for who in [actor, *subjects])
        elif kind in ("alliance_formed", "alliance_broken"):
            pairs = [
                _pair(kind, names.actor(a), names.actor(b), month) for a, b in alliance_pairs(row)
            ]
            if kind == "alliance_formed":
                pairs = [p for p in pairs if (p.actor, p.subject) not in standing]
                standing.update((p.actor, p.subject) for p in pairs)
            else:
                standing.difference_update((p.actor, p.subject) for p in pairs)
            facts.extend(pairs)
        elif kind == "congress_vote":
            votes_for = row.figures.get("for")
            votes_against = row.figures.get("against")
            share = None
            if votes_for is not None and votes_against is not None and votes_for + votes_against:
                share = votes_for / (votes_for + votes_against)
            facts.append(Fact(kind, actor, "", month, share))
        else:
            facts.append(Fact(kind, actor, subjects[0] if subjects else "", month))
    return tuple(facts)


#: Run event kinds counted as another kind of fact: losing a full seat in the top
#: body, demotion to candidate included, is a removal from it (as in the record).
RUN_AS = {Kind.TOP_DEMOTED: "top_removed"}


def _event_fact(e: Event) -> list[Fact]:
    kind = RUN_AS.get(e.kind, e.kind.value)
    actor = e.actor or ""
    if e.kind in (Kind.ALLIANCE_FORMED, Kind.ALLIANCE_BROKEN):
        return [_pair(kind, actor, e.target or "", e.step)]
    if e.kind is Kind.COUP:
        # The sanction is suffered by those arrested: the rivals, or the failed plotter.
        return [Fact(kind, who, "", e.step) for who in e.others]
    if e.kind is Kind.CONGRESS_VOTE:
        cast = (e.votes_for or 0) + (e.votes_against or 0)
        share = (e.votes_for or 0) / cast if cast else None
        return [Fact(kind, actor, "", e.step, share)]
    subject = e.office or e.doctrine or ""
    return [Fact(kind, actor, subject, e.step)]


def event_facts(run: RunResult) -> list[list[Fact]]:
    """The facts of each of a run's events, in order (empty for bookkeeping events)."""
    return [_event_fact(e) if e.kind in RUN_KINDS else [] for e in run.events]


def run_facts(run: RunResult) -> tuple[Fact, ...]:
    """A run's events as facts, in the order they happened."""
    return tuple(fact for facts in event_facts(run) for fact in facts)


def first_months(facts: Iterable[Fact]) -> dict[tuple[str, str, str], int]:
    """The month each kind of fact first happened."""
    out: dict[tuple[str, str, str], int] = {}
    for fact in facts:
        out.setdefault(fact.key, fact.month)
    return out
