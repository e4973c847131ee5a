"""Alliance episodes: the record's alliances pair by pair, and how often runs tell them.

An *episode* is one pair's alliance as a record tells it: formed in month
``f`` (or standing at the scenario's start) and broken in month ``b`` (or
never, within the calendar). Months count from the scenario's start, as in
``politburo.analysis.facts``. A run tells an episode when

(a) *formed*: the pair becomes allied within :data:`EPISODE_WINDOW` months
    of ``f`` (one of its spells begins in ``[f - w, f + w]``); for an
    alliance standing at the start, the pair is allied in the first month.
    Allied since long before ``f`` does not count: Trotsky and Zinoviev
    allied since 1924 is not the United Opposition of 1926;
(b) *held*: the pair is allied at every scheduled congress strictly between
    ``f`` and ``b`` (true when there is none);
(c) *broke*: the pair breaks within the window of ``b`` (the month after a
    spell's last allied month falls in ``[b - w, b + w]``); for an episode
    the record never breaks within the calendar, the pair is still allied
    at the calendar's end;
(d) *whole*: all three.

Each criterion is read off the pair's spells on its own. Over an ensemble
this module counts the runs meeting each criterion per episode, the runs
telling every episode of a record row (the historian's episode: the
triumvirate, the Right with Stalin), and the runs telling every episode of
the record at once. These figures stand beside the fidelity score F and
take no part in it.

*Standing at the start* is read off the record's dates: an
``alliance_formed`` row dated before the scenario's calendar start, whose
pair no row breaks before the start, stands at the start. The record says
when an alliance formed; the scenario says where the story begins, so the
same row is a formation in a scenario that starts earlier.

A record row names pairs as :func:`~politburo.analysis.record.alliance_pairs`
states: every pair of a group that forms, the actor with each partner in a
break. Restating a pair that already stands (the United Opposition names
Zinoviev and Kamenev, allied since the triumvirate) opens no new episode.
Only pairs of contenders are episodes: runs record alliances between
contenders.

A run's alliances come as *spells*: for each unordered pair of contender
ids, ``(first month allied, last month allied)`` intervals, the last None
(or the calendar's last month) where the pair is still allied at the end.
:func:`pair_spells` turns a monthly allied matrix into spells.
Everything here is pure: no input or output, no simulation.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from politburo.analysis.facts import Names
from politburo.analysis.record import ALLIANCE_BROKEN, RecordEvent, alliance_pairs
from politburo.model.spells import Pair, Spell, pair_spells
from politburo.scenario.schema import Scenario, ScheduledKind, month_index

__all__ = [
    "EPISODE_WINDOW",
    "Check",
    "Episode",
    "EpisodeGroup",
    "EpisodeSummary",
    "GroupTally",
    "Pair",
    "Spell",
    "Spells",
    "Tally",
    "check_episode",
    "check_run",
    "congress_months",
    "pair_spells",
    "record_episodes",
    "scenario_episodes",
    "tally_episodes",
]

EPISODE_WINDOW = 6
"""Months either side of a recorded formation or break within which a run's counts as it.

Half a year: wide enough for the record's own uncertainty about such dates
(the triumvirate's end is dated from early to December 1925, the break with
the Right from mid-1928 to April 1929), narrow enough that a formation a
year off is a different story.
"""

Spells = Mapping[Pair, Sequence[Spell]]
"""A run's alliances: each allied pair's spells, in month order."""


@dataclass(frozen=True, slots=True)
class Episode:
    """One pair's alliance as the record tells it.

    Attributes:
        allies: The two contender ids, in the order the record names them.
        names: The two as the record writes them.
        formed: The month it formed, or None if it stands at the start.
        broken: The month it broke, or None if not within the calendar.
        congresses: The scheduled congress months strictly between the two.
        formed_on: The record's month of formation, ``YYYY-MM``.
        broken_on: The record's month of the break, ``YYYY-MM``, or None.
        end: The calendar's last month; a spell lasting to it is allied at the end.
    """

    allies: tuple[str, str]
    names: tuple[str, str]
    formed: int | None
    broken: int | None
    congresses: tuple[int, ...]
    formed_on: str
    broken_on: str | None
    end: int

    @property
    def pair(self) -> Pair:
        """The unordered pair, as spells are keyed."""
        return frozenset(self.allies)

    @property
    def label(self) -> str:
        """The pair as the record names it: ``Stalin–Zinoviev``."""
        return "–".join(self.names)

    @property
    def span(self) -> str:
        """When it held: ``standing at the start (formed 1922-12) to 1925-09``."""
        began = (
            f"standing at the start (formed {self.formed_on})"
            if self.formed is None
            else self.formed_on
        )
        return f"{began} to {self.broken_on or 'the end, never broken'}"


@dataclass(frozen=True, slots=True)
class EpisodeGroup:
    """A record's ``alliance_formed`` row: the group it names and the episodes it opened.

    Attributes:
        names: The row's actor and partners, as the record writes them.
        formed: The row's month, or None if the group stands at the start.
        formed_on: The row's month, ``YYYY-MM``.
        note: The row's note (what the historian calls the alliance).
        line: The row's line in its file (0 for rows built in code).
        episodes: The pairs it formed that are episodes, in the row's order;
            a pair already standing when the row was written is not one.
    """

    names: tuple[str, ...]
    formed: int | None
    formed_on: str
    note: str
    line: int
    episodes: tuple[Episode, ...]

    @property
    def label(self) -> str:
        """``Stalin, Zinoviev, Kamenev (standing at the start): Stalin–Zinoviev, ...``."""
        when = "standing at the start" if self.formed is None else self.formed_on
        pairs = ", ".join(episode.label for episode in self.episodes)
        return f"{', '.join(self.names)} ({when}): {pairs}"


@dataclass(frozen=True, slots=True)
class Check:
    """How one run fares on one episode: criteria (a) to (d)."""

    formed: bool
    held: bool
    broke: bool

    @property
    def whole(self) -> bool:
        """(d): the run tells the whole episode."""
        return self.formed and self.held and self.broke


@dataclass(frozen=True, slots=True)
class Tally:
    """Of ``runs`` runs, how many met each criterion of one episode."""

    episode: Episode
    runs: int
    formed: int
    held: int
    broke: int
    whole: int

    def shares(self) -> dict[str, float]:
        """Each criterion's share of runs (NaN of no runs): formed, held, broke, whole."""
        counts = (("formed", self.formed), ("held", self.held), ("broke", self.broke))
        return {name: _share(count, self.runs) for name, count in (*counts, ("whole", self.whole))}


@dataclass(frozen=True, slots=True)
class GroupTally:
    """One record row's episodes over an ensemble.

    Attributes:
        group: The row.
        episodes: Each episode's tally, in the group's order.
        whole: The runs telling every episode of the group.
    """

    group: EpisodeGroup
    episodes: tuple[Tally, ...]
    whole: int


@dataclass(frozen=True, slots=True)
class EpisodeSummary:
    """A record's episodes over an ensemble.

    Attributes:
        runs: How many runs were checked.
        groups: Each record row's tallies, in record order.
        every: The runs telling every episode of the record (all of them if
            the record has none).
    """

    runs: int
    groups: tuple[GroupTally, ...]
    every: int

    @property
    def every_share(self) -> float:
        """The share of runs telling every episode of the record (NaN of no runs)."""
        return _share(self.every, self.runs)


# --------------------------------------------------------------------------- the record


def record_episodes(
    record: Iterable[RecordEvent],
    contenders: Sequence[str],
    *,
    start: str,
    months: int,
    congresses: Iterable[int] = (),
    resolve: Callable[[str], str] | None = None,
) -> tuple[EpisodeGroup, ...]:
    """The alliance episodes of a record, grouped by the row that formed them.

    Rows are read in the order given (a loaded record's file order, which is
    date order). A formation opens an episode for each pair it names that is
    not standing already; a break closes the pair's open episode. Episodes
    broken before the start, or formed after the calendar, are left out, and
    so are groups left with none.

    Args:
        record: The record's events.
        contenders: The scenario's contender ids; other pairs are no episodes.
        start: The scenario's first month, ``YYYY-MM``.
        months: The calendar's length in months.
        congresses: The months of the scenario's scheduled congresses.
        resolve: Turns a name as the record writes it into an id (case
            folded, as written, if None).

    Returns:
        The groups in record order.
    """
    ids = frozenset(contenders)
    key = resolve or _casefold
    sittings = sorted({month for month in congresses if 0 <= month < months})
    rows: list[tuple[RecordEvent, list[_Draft]]] = []
    open_drafts: dict[Pair, _Draft] = {}
    for row in record:
        named = [((key(a), key(b)), (a, b)) for a, b in alliance_pairs(row)]
        if row.kind == ALLIANCE_BROKEN:
            for allies, _ in named:
                closing = open_drafts.pop(frozenset(allies), None)
                if closing is not None:
                    closing.broken = month_index(start, row.month)
                    closing.broken_on = row.month
            continue
        opened = []
        for allies, names in named:
            pair = frozenset(allies)
            if len(pair) == 2 and pair <= ids and pair not in open_drafts:
                open_drafts[pair] = _Draft(allies, names)
                opened.append(open_drafts[pair])
        if opened:
            rows.append((row, opened))
    groups = []
    for row, drafts in rows:
        formed = month_index(start, row.month)
        episodes = tuple(
            draft.episode(formed, row.month, months, sittings)
            for draft in drafts
            if formed < months and (formed >= 0 or draft.broken is None or draft.broken > 0)
        )
        if episodes:
            groups.append(
                EpisodeGroup(
                    names=(row.actor, *row.subjects),
                    formed=None if formed < 0 else formed,
                    formed_on=row.month,
                    note=row.note,
                    line=row.line,
                    episodes=episodes,
                )
            )
    return tuple(groups)


def congress_months(scenario: Scenario) -> tuple[int, ...]:
    """The months of a scenario's scheduled congresses, counted from its start."""
    start = scenario.calendar.start
    return tuple(
        month_index(start, event.month)
        for event in scenario.events
        if event.kind is ScheduledKind.CONGRESS
    )


def scenario_episodes(
    scenario: Scenario, record: Iterable[RecordEvent]
) -> tuple[EpisodeGroup, ...]:
    """A record's episodes for a scenario: its contenders, calendar and congresses.

    Names resolve to ids as the record's facts do (:class:`~politburo.analysis.facts.Names`).
    """
    return record_episodes(
        record,
        [actor.id for actor in scenario.actors if actor.contender],
        start=scenario.calendar.start,
        months=scenario.calendar.months,
        congresses=congress_months(scenario),
        resolve=Names(scenario).actor,
    )


# --------------------------------------------------------------------------- runs


def check_episode(episode: Episode, spells: Sequence[Spell]) -> Check:
    """Criteria (a) to (c) for one episode, given the pair's spells in one run."""
    w = EPISODE_WINDOW
    if episode.formed is None:
        formed = _allied(spells, 0)
    else:
        formed = any(abs(first - episode.formed) <= w for first, _ in spells)
    held = all(_allied(spells, month) for month in episode.congresses)
    if episode.broken is None:
        broke = any(last is None or last >= episode.end for _, last in spells)
    else:
        broke = any(
            last is not None and last < episode.end and abs(last + 1 - episode.broken) <= w
            for _, last in spells
        )
    return Check(formed=formed, held=held, broke=broke)


def check_run(groups: Sequence[EpisodeGroup], spells: Spells) -> tuple[tuple[Check, ...], ...]:
    """Every episode checked against one run's spells, group by group."""
    return tuple(
        tuple(check_episode(episode, spells.get(episode.pair, ())) for episode in group.episodes)
        for group in groups
    )


def tally_episodes(groups: Sequence[EpisodeGroup], runs: Iterable[Spells]) -> EpisodeSummary:
    """Count, over runs, how many meet each criterion of each episode.

    Args:
        groups: The record's episodes (:func:`record_episodes`).
        runs: Each run's spells; read once, so a stream from a store will do.
    """
    counts = [[[0, 0, 0, 0] for _ in group.episodes] for group in groups]
    group_whole = [0] * len(groups)
    every = total = 0
    for spells in runs:
        total += 1
        run_whole = True
        for g, checks in enumerate(check_run(groups, spells)):
            for e, check in enumerate(checks):
                for c, met in enumerate((check.formed, check.held, check.broke, check.whole)):
                    counts[g][e][c] += met
            told = all(check.whole for check in checks)
            group_whole[g] += told
            run_whole = run_whole and told
        every += run_whole
    return EpisodeSummary(
        runs=total,
        groups=tuple(
            GroupTally(
                group=group,
                episodes=tuple(
                    Tally(episode, total, *count)
                    for episode, count in zip(group.episodes, counts[g], strict=True)
                ),
                whole=group_whole[g],
            )
            for g, group in enumerate(groups)
        ),
        every=every,
    )


# --------------------------------------------------------------------------- helpers


@dataclass(slots=True)
class _Draft:
    """An episode while the record is read: its pair, and its break once found."""

    allies: tuple[str, str]
    names: tuple[str, str]
    broken: int | None = None
    broken_on: str | None = None

    def episode(self, formed: int, formed_on: str, months: int, sittings: list[int]) -> Episode:
        """The finished episode: standing if formed before the start, unbroken if after the end."""
        within = self.broken is not None and self.broken < months
        broken = self.broken if within else None
        low = formed if formed >= 0 else -1
        high = months if broken is None else broken
        return Episode(
            allies=self.allies,
            names=self.names,
            formed=formed if formed >= 0 else None,
            broken=broken,
            congresses=tuple(month for month in sittings if low < month < high),
            formed_on=formed_on,
            broken_on=self.broken_on if within else None,
            end=months - 1,
        )


def _casefold(name: str) -> str:
    return name.strip().casefold()


def _allied(spells: Sequence[Spell], month: int) -> bool:
    """Whether one of the spells covers ``month``."""
    return any(first <= month and (last is None or month <= last) for first, last in spells)


def _share(count: int, runs: int) -> float:
    return count / runs if runs else math.nan
