"""The dated historical record a run is scored against.

A record is a CSV file, one dated event a row, with the columns documented
in ``scenario/data/records/README.md``: date, kind, actor, subject, body,
figures, note, source, certain. Runs are checked against it (who wins, the order and
months in which rivals lose office and membership, vote sizes), so a
malformed row must be caught when the record is read, not surface later as
a wrong score: every row is checked and all problems are raised together as
one :class:`~politburo.scenario.errors.InputError` naming the file, the line, the
column and the problem.

Alliance rows are checked as alliances too (:func:`alliance_pairs` states
which pairs a row names): a formation names a group whose every pair stands
allied, a break ends the actor's alliance with each partner, and a break
must end an alliance the record has formed above it and not yet broken.

Bundled records live in the package's ``data/`` folder as ``<id>.csv``.
:func:`record_winner` applies the engine's winner rule to what a record
states.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from politburo.scenario.errors import TYPO, InputError, Problem, did_you_mean
from politburo.scenario.loading import bundled_files, read_text

__all__ = [
    "ALLIANCE_BROKEN",
    "ALLIANCE_FORMED",
    "COLUMNS",
    "KINDS",
    "LEAVES_TOP_BODY",
    "RecordEvent",
    "alliance_pairs",
    "bundled_records",
    "load_record",
    "record_winner",
]

COLUMNS = ("date", "kind", "actor", "subject", "body", "figures", "note", "source", "certain")
"""The columns of a record file, in their usual order."""

KINDS = frozenset(
    {
        "office_appointed",
        "office_removed",
        "politburo_appointed",
        "politburo_demoted",
        "politburo_removed",
        "cc_removed",
        "expelled",
        "recanted",
        "readmitted",
        "exiled",
        "deported",
        "killed",
        "alliance_formed",
        "alliance_broken",
        "congress_vote",
        "body_vote",
        "arrested",
        "doctrine_published",
        "doctrine_adopted",
        "leader_died",
        "recruitment_drive",
        "pretext",
        "shock",
        "other",
    }
)
"""The kinds of event a record may hold."""

LEAVES_TOP_BODY = ("politburo_removed", "politburo_demoted", "expelled")
"""Kinds of row after which the actor no longer sits in the top body as a full member."""

RECANTED = "recanted"
CONGRESS_VOTE = "congress_vote"
BODY_VOTE = "body_vote"
ARRESTED = "arrested"
ALLIANCE_FORMED = "alliance_formed"
ALLIANCE_BROKEN = "alliance_broken"
_CERTAIN = {"yes": True, "partly": False}
_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
_FIGURE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_BUNDLED_ID = re.compile(r"^[a-z0-9][a-z0-9-]*(\.csv)?$")
_Report = Callable[[int, str, str], None]


@dataclass(frozen=True, slots=True)
class RecordEvent:
    """One dated row of the record.

    Attributes:
        month: The month, ``YYYY-MM``.
        day: The day of the month, or None where the record gives only the month.
        kind: What happened (one of :data:`KINDS`).
        actor: Who it is about, as the record names him (``Stalin``); for a
            vote, the side that carried it; empty for an event about no one.
        subjects: The office, doctrine, ally, target or place concerned.
        body: The body that decided it, where one did.
        figures: Named numbers: vote counts, delegates, members.
        note: What happened, in a line.
        source: Where the row comes from.
        certain: False where a figure is the one commonly cited but sources differ.
        line: The row's line in its file.
    """

    month: str
    day: int | None
    kind: str
    actor: str
    subjects: tuple[str, ...]
    body: str
    figures: dict[str, float] = field(hash=False)
    note: str
    source: str
    certain: bool
    line: int = field(default=0, compare=False)


def bundled_records() -> list[str]:
    """The ids of the records bundled with the package, sorted."""
    return sorted(_bundled_files())


def load_record(source: str | Path) -> tuple[RecordEvent, ...]:
    """Read and check a record.

    Args:
        source: A path to a CSV file, or the id of a bundled record
            (``ussr-1922-1930``). A string naming an existing file is read
            as that file.

    Returns:
        The events in file order.

    Raises:
        InputError: The file is missing or unreadable, or rows are
            malformed: a missing column, a bad date, an unknown kind (the
            message lists every kind, and offers one only for a slip of the
            pen), a ``body_vote`` naming no body or an ``arrested`` row naming
            no one, malformed figures, a ``certain`` other than yes or partly,
            rows out of date order. Every problem is listed with its line and
            column.
    """
    if isinstance(source, str) and _BUNDLED_ID.match(source) and not Path(source).is_file():
        files = _bundled_files()
        if source.removesuffix(".csv") not in files:
            message = "no such file or bundled record" + did_you_mean(source, files)
            raise InputError.one(source, message + _listing(files))
        resource = files[source.removesuffix(".csv")]
        return _parse(read_text(resource, str(resource)), str(resource))
    name = str(source)
    return _parse(read_text(Path(source), name, not_found=_listing(_bundled_files())), name)


def record_winner(
    record: Iterable[RecordEvent],
    contenders: Sequence[str],
    top_body_kinds: Sequence[str] = LEAVES_TOP_BODY,
    resolve: Callable[[str], str] | None = None,
) -> tuple[str, str] | None:
    """The winner of the struggle, and the month he won, by what the record states.

    This is the rule the engine applies to its state, read off the record:
    the winner is the contender whose supporters hold the majority once every
    other contender has left the top body or recanted. Walking the months in
    order, a contender has left the top body from the first row of a kind in
    ``top_body_kinds`` with him as actor (removed, demoted to candidate,
    expelled), and has recanted from the first ``recanted`` row naming him as
    actor or among its subjects (one row records Bukharin, Rykov and Tomsky
    recanting together). Both are for good: a readmission does not give back
    a seat. The record has no seat counts, so the side that carried the most
    recent ``congress_vote`` (its actor) stands for the side whose supporters
    hold the majority. The winner is the first month after whose events
    exactly one contender has neither left nor recanted and he carried the
    latest congress vote.

    Names match ids case-insensitively (``Stalin`` is ``stalin``), after
    ``resolve`` (a scenario's resolver of full names, last names and aliases)
    where one is given.

    Args:
        record: The events, in any order (they are taken by month, and in
            their given order within a month).
        contenders: The contenders' ids, as in the scenario.
        top_body_kinds: The kinds of row that take a contender out of the
            top body.
        resolve: Turns a name as the record writes it into an id.

    Returns:
        ``(contender id, 'YYYY-MM')``, or None if the record never shows one
        contender alone with the majority.
    """
    ids = {ident.casefold(): ident for ident in contenders}
    by_name = _Resolved(ids, resolve)
    out: set[str] = set()
    majority: str | None = None
    events = sorted(record, key=lambda event: event.month)  # stable: file order within a month
    for index, event in enumerate(events):
        actor = by_name.get(event.actor)
        if event.kind in top_body_kinds and actor is not None:
            out.add(actor)
        elif event.kind == RECANTED:
            named = (event.actor, *event.subjects)
            out.update(by_name[n] for n in named if n in by_name)
        elif event.kind == CONGRESS_VOTE:
            majority = actor
        month_ends = index + 1 == len(events) or events[index + 1].month != event.month
        remaining = [ident for ident in contenders if ident not in out]
        if month_ends and len(remaining) == 1 and remaining[0] == majority:
            return remaining[0], event.month
    return None


def alliance_pairs(event: RecordEvent) -> tuple[tuple[str, str], ...]:
    """The pairs of people an alliance row names, as the record writes their names.

    A formation (``alliance_formed``) names a group, the actor and every
    partner in ``subject``, and every pair in the group stands allied: the
    triumvirate, ``Stalin`` with ``Zinoviev;Kamenev``, is Stalin–Zinoviev,
    Stalin–Kamenev and Zinoviev–Kamenev. A break (``alliance_broken``) ends
    the actor's alliance with each partner and no other: ``Stalin`` breaking
    with ``Zinoviev;Kamenev`` leaves Zinoviev and Kamenev allied. Pairs come
    in the order the row names them. Any other row, and a row naming no
    actor, names no pair.
    """
    if not event.actor:
        return ()
    if event.kind == ALLIANCE_FORMED:
        return tuple(itertools.combinations((event.actor, *event.subjects), 2))
    if event.kind == ALLIANCE_BROKEN:
        return tuple((event.actor, partner) for partner in event.subjects)
    return ()


# --------------------------------------------------------------------------- reading


def _records_dir() -> Traversable:
    """The folder of bundled records (a function so tests can point it elsewhere)."""
    return resources.files("politburo.scenario") / "data" / "records"


def _bundled_files() -> dict[str, Traversable]:
    return bundled_files(_records_dir(), ".csv")


def _listing(files: dict[str, Traversable]) -> str:
    return f"; bundled records: {', '.join(sorted(files)) or '(none)'}"


def _parse(text: str, name: str) -> tuple[RecordEvent, ...]:
    """Every row of a record file, checked; all problems raised together."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    problems: list[Problem] = []

    def problem(line: int, column: str, message: str) -> None:
        problems.append(Problem(file=name, line=line, field=column, message=message))

    try:
        header = [cell.strip() for cell in next(reader)]
    except StopIteration:
        raise InputError.one(name, "the file is empty; expected a header row") from None
    except csv.Error as exc:
        raise InputError.one(name, f"not readable as CSV: {exc}", line=reader.line_num) from None
    for column in COLUMNS:
        if column not in header:
            problem(1, column, "missing column")
    for column in header:
        if column not in COLUMNS:
            problem(1, column, "unknown column" + did_you_mean(column, COLUMNS))
    if problems:
        raise InputError(problems)

    events: list[RecordEvent] = []
    previous_month = ""
    line = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problem(line, "", f"not readable as CSV: {exc}")
            break
        start, line = line, reader.line_num + 1
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) < len(header):
            missing = header[len(cells)]
            problem(
                start,
                missing,
                f"no value: the row has {len(cells)} cells, the header {len(header)}",
            )
            continue
        if len(cells) > len(header):
            problem(start, "", f"the row has {len(cells)} cells, the header only {len(header)}")
            continue
        row = {column: cell.strip() for column, cell in zip(header, cells, strict=True)}
        event = _event(row, start, problem)
        if event is None:
            continue
        if event.month < previous_month:
            problem(
                start, "date", f"{row['date']} comes before the row above; rows are in date order"
            )
        previous_month = max(previous_month, event.month)
        events.append(event)
    _check_breaks(events, problem)
    if problems:
        raise InputError(problems)
    return tuple(events)


def _check_breaks(events: Iterable[RecordEvent], problem: _Report) -> None:
    """Report every break of an alliance that does not stand at that row.

    Walking the rows in file order, a formation makes its pairs stand (a
    pair already standing stays so) and a break ends its pairs; breaking a
    pair that no row above formed, or that is broken already, is reported.
    Names are compared as written, in any case.
    """
    standing: set[frozenset[str]] = set()
    for event in events:
        for first, second in alliance_pairs(event):
            pair = frozenset((first.casefold(), second.casefold()))
            if event.kind == ALLIANCE_FORMED:
                standing.add(pair)
            elif pair in standing:
                standing.remove(pair)
            else:
                problem(
                    event.line,
                    "subject",
                    f"{first}–{second}: no alliance of the two stands here to break "
                    "(form it in an alliance_formed row above, dated before a "
                    "scenario's start if it stood then)",
                )


def _event(row: dict[str, str], line: int, problem: _Report) -> RecordEvent | None:
    """One row as an event, or None after reporting what is wrong with it."""
    ok = True
    date = _DATE.match(row["date"])
    month, day = "", None
    if date is None:
        problem(line, "date", f"{row['date']!r} is not a date written YYYY-MM-DD or YYYY-MM")
        ok = False
    else:
        year, mon = int(date.group(1)), int(date.group(2))
        try:
            if date.group(3) is None:
                dt.date(year, mon, 1)
            else:
                day = dt.date(year, mon, int(date.group(3))).day
            month = f"{year:04d}-{mon:02d}"
        except ValueError as exc:
            problem(line, "date", f"{row['date']!r} is not a real date ({exc})")
            ok = False
    if row["kind"] not in KINDS:
        problem(line, "kind", _unknown_kind(row["kind"]))
        ok = False
    elif row["kind"] == BODY_VOTE and not row["body"]:
        problem(line, "body", "a body_vote row names the body that voted here; it is empty")
        ok = False
    elif row["kind"] == ARRESTED and not row["actor"]:
        problem(line, "actor", "an arrested row names who was arrested here; it is empty")
        ok = False
    figures = _figures(row["figures"], line, problem)
    if figures is None:
        ok = False
    if row["certain"] not in _CERTAIN:
        problem(line, "certain", f"{row['certain']!r} should be yes or partly")
        ok = False
    subjects = tuple(part.strip() for part in row["subject"].split(";") if part.strip())
    if row["kind"] in (ALLIANCE_FORMED, ALLIANCE_BROKEN):
        ok = _check_alliance_row(row["actor"], subjects, line, problem) and ok
    if not ok or figures is None:
        return None
    return RecordEvent(
        month=month,
        day=day,
        kind=row["kind"],
        actor=row["actor"],
        subjects=subjects,
        body=row["body"],
        figures=figures,
        note=row["note"],
        source=row["source"],
        certain=_CERTAIN[row["certain"]],
        line=line,
    )


def _unknown_kind(kind: str) -> str:
    """The message for a kind the format does not have: every kind, and a near-match if one is."""
    hint = did_you_mean(kind, sorted(KINDS), cutoff=TYPO)
    return f"unknown kind {kind!r}{hint}; a record's kinds are: {', '.join(sorted(KINDS))}"


def _check_alliance_row(actor: str, partners: Sequence[str], line: int, problem: _Report) -> bool:
    """Whether an alliance row names an actor and partners, each once; reports what is wrong."""
    ok = True
    if not actor:
        problem(line, "actor", "an alliance row names one of the allies here; it is empty")
        ok = False
    if not partners:
        problem(
            line,
            "subject",
            "an alliance row names the actor's partners here, separated by ';'; it is empty",
        )
        ok = False
    seen = {actor.casefold()} if actor else set()
    for partner in partners:
        if partner.casefold() in seen:
            problem(line, "subject", f"{partner!r} is named twice in the alliance")
            ok = False
        seen.add(partner.casefold())
    return ok


def _figures(text: str, line: int, problem: _Report) -> dict[str, float] | None:
    """``name=value;...`` as a mapping, or None after reporting what is wrong."""
    figures: dict[str, float] = {}
    ok = True
    for item in (part.strip() for part in text.split(";")):
        if not item:
            continue
        name, sep, value = (part.strip() for part in item.partition("="))
        if not sep or not _FIGURE_NAME.match(name):
            problem(line, "figures", f"{item!r} is not written name=value")
            ok = False
            continue
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            problem(line, "figures", f"{name}={value!r}: the value is not a number")
            ok = False
        elif name in figures:
            problem(line, "figures", f"{name!r} is given twice")
            ok = False
        else:
            figures[name] = number
    return figures if ok else None


class _Resolved:
    """Contender ids by the names a record uses, through an optional resolver."""

    def __init__(self, ids: dict[str, str], resolve: Callable[[str], str] | None) -> None:
        self.ids = ids
        self.resolve = resolve

    def _key(self, name: str) -> str:
        return (self.resolve(name) if self.resolve else name).casefold()

    def get(self, name: str) -> str | None:
        return self.ids.get(self._key(name))

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self._key(name) in self.ids

    def __getitem__(self, name: str) -> str:
        return self.ids[self._key(name)]
