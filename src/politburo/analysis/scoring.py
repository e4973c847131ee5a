"""Scoring runs against a record: per run, then over an ensemble.

Every figure here is a pure function of facts (``politburo.analysis.facts``), so the
same code scores the model's runs and the naive baselines' predictions.
The fidelity score's formula is fixed in ``docs/validation.md``:

    F = (W + E + O + N + V) / 5, averaged over runs, where for one run
    W = 1 if its winner is the record's winner (both none counts), else 0;
    E = mean over key events of exp(-|error in months| / 12), 0 if it did not happen;
    O = (Kendall's tau-b of the order of losing top-body seats + 1) / 2 (0.5 if undefined);
    N = 1 / (1 + number of sanctions the record does not have);
    V = mean over recorded congress votes of max(0, 1 - |share for - record's| / 0.25),
        0 where the run held no such vote.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import stats

from politburo.analysis.facts import SANCTIONS, Fact, first_months

#: Record kinds that are targets: datable events inside the calendar.
TARGET_KINDS = frozenset(
    {
        "office_removed",
        "top_removed",
        "electing_removed",
        "expelled",
        "exiled",
        "deported",
        "readmitted",
        "recanted",
        "alliance_formed",
        "alliance_broken",
        "doctrine_adopted",
    }
)

#: Months of timing error over which an event's credit falls by a factor e.
TIMING_SCALE = 12.0
#: Error in a vote's share for at which it earns no credit.
VOTE_SCALE = 0.25

Key = tuple[str, str, str]


@dataclass(frozen=True, slots=True)
class Target:
    """What the record says, prepared for scoring."""

    events: dict[Key, int]
    winner: str | None
    contenders: tuple[str, ...]
    key_events: tuple[Key, ...]
    votes: dict[int, float]
    horizon: int
    sanctioned: frozenset[tuple[str, str]]
    seat_losses: tuple[Fact, ...] = ()
    score_winner: bool = True

    @classmethod
    def build(
        cls,
        record: Sequence[Fact],
        winner: str | None,
        contenders: Sequence[str],
        key_events: Sequence[Key],
        months: int,
        since: int = 0,
        until: int | None = None,
    ) -> Target:
        """Targets from a record's facts: events inside ``[since, until]`` are scored.

        Earlier rows are context; ``since`` moves the start for an
        out-of-time test. A fit that may see the record only ``until`` a
        month scores no later event and no winner (who won is known only at
        the end). Every sanction the record has, at any date, is known, so
        that none of them counts as one the record does not have.
        """
        last = months - 1 if until is None else min(until, months - 1)
        inside = [f for f in record if max(0, since) <= f.month <= last]
        events = {
            key: month
            for key, month in first_months(f for f in inside if f.kind in TARGET_KINDS).items()
        }
        votes = {
            f.month: f.share_for
            for f in inside
            if f.kind == "congress_vote" and f.share_for is not None
        }
        return cls(
            events=events,
            winner=winner,
            contenders=tuple(contenders),
            key_events=tuple(k for k in key_events if k in events),
            votes={m: float(s) for m, s in votes.items() if s is not None},
            horizon=months,
            sanctioned=frozenset((f.kind, f.actor) for f in record if f.kind in SANCTIONS),
            # The order of losing seats is judged over the whole record up to the
            # last month scored, whatever the window: who fell first stays known.
            seat_losses=tuple(f for f in record if f.kind == "top_removed" and f.month <= last),
            score_winner=until is None,
        )


@dataclass(frozen=True, slots=True)
class RunScore:
    """How one run (or one baseline prediction) compares with the record."""

    winner: str | None
    won: bool
    errors: dict[Key, int]
    false_events: tuple[Key, ...]
    tau: float
    vote_shares: dict[int, float]
    components: dict[str, float]

    @property
    def fidelity(self) -> float:
        """The run's fidelity score, the mean of its five components."""
        return sum(self.components.values()) / len(self.components)


def seat_loss_order(facts: Sequence[Fact], contenders: Sequence[str], horizon: int) -> list[int]:
    """The month each contender first lost his top-body seat (``horizon`` if never)."""
    first = first_months(f for f in facts if f.kind == "top_removed")
    return [first.get(("top_removed", c, ""), horizon) for c in contenders]


def kendall_tau_b(a: Sequence[float], b: Sequence[float]) -> float:
    """Kendall's tau-b between two orderings (ties allowed); NaN where undefined."""
    if len(set(a)) < 2 or len(set(b)) < 2:
        return math.nan
    return float(stats.kendalltau(a, b, variant="b").statistic)


def score_run(facts: Sequence[Fact], winner: str | None, target: Target) -> RunScore:
    """Score one run's facts and winner against the record's targets."""
    first = first_months(facts)
    errors = {key: first[key] - month for key, month in target.events.items() if key in first}
    sanctions = {(f.kind, f.actor) for f in facts if f.kind in SANCTIONS}
    false_events = tuple(
        sorted(
            (kind, actor, "")
            for kind, actor in sanctions
            if actor in target.contenders and (kind, actor) not in target.sanctioned
        )
    )
    tau = kendall_tau_b(
        seat_loss_order(facts, target.contenders, target.horizon),
        seat_loss_order(target.seat_losses, target.contenders, target.horizon),
    )
    shares = {
        f.month: f.share_for
        for f in facts
        if f.kind == "congress_vote" and f.month in target.votes and f.share_for is not None
    }
    won = winner == target.winner
    timing = [
        math.exp(-abs(errors[key]) / TIMING_SCALE) if key in errors else 0.0
        for key in target.key_events
    ]
    vote_credit = [
        max(0.0, 1.0 - abs(shares[m] - share) / VOTE_SCALE) if m in shares else 0.0
        for m, share in target.votes.items()
    ]
    components = {
        "W": 1.0 if won else 0.0,
        "E": float(np.mean(timing)) if timing else 0.0,
        "O": 0.5 if math.isnan(tau) else (tau + 1.0) / 2.0,
        "N": 1.0 / (1.0 + len(false_events)),
        "V": float(np.mean(vote_credit)) if vote_credit else 0.0,
    }
    if not target.score_winner:
        del components["W"]
    return RunScore(winner, won, errors, false_events, tau, shares, components)


@dataclass(frozen=True, slots=True)
class EventSummary:
    """One record event over an ensemble: how often, and how far off in time."""

    key: Key
    record_month: int
    share: float
    median_month: float | None
    median_error: float | None
    key_event: bool
    share_when_won: float


@dataclass(frozen=True, slots=True)
class Summary:
    """An ensemble's (or a baseline's) figures against the record."""

    runs: int
    winners: dict[str, tuple[float, float, float]]
    record_winner: str | None
    events: tuple[EventSummary, ...]
    false_rate: float
    false_per_run: float
    false_by_kind: dict[str, float]
    tau_median: float
    tau_interval: tuple[float, float]
    votes: dict[int, tuple[float, float, float, float]]
    fidelity: float
    fidelity_interval: tuple[float, float]
    components: dict[str, float] = field(default_factory=dict)


def proportion(successes: int, trials: int) -> tuple[float, float, float]:
    """A share and its Wilson 95% interval."""
    if trials == 0:
        return (math.nan, math.nan, math.nan)
    ci = stats.binomtest(successes, trials).proportion_ci(confidence_level=0.95, method="wilson")
    return (successes / trials, float(ci.low), float(ci.high))


def summarise(scores: Sequence[RunScore], target: Target, outcomes: Sequence[str]) -> Summary:
    """Figures over many scored runs."""
    n = len(scores)
    winners = {
        outcome: proportion(sum(1 for s in scores if (s.winner or "none") == outcome), n)
        for outcome in outcomes
    }
    key_events = set(target.key_events)
    won = [s for s in scores if s.won]
    events = []
    for key, month in sorted(target.events.items(), key=lambda kv: (kv[1], kv[0])):
        errors = [s.errors[key] for s in scores if key in s.errors]
        when_won = sum(1 for s in won if key in s.errors) / len(won) if won else math.nan
        median_error = float(np.median(errors)) if errors else None
        events.append(
            EventSummary(
                key=key,
                record_month=month,
                share=len(errors) / n if n else math.nan,
                median_month=month + median_error if median_error is not None else None,
                median_error=median_error,
                key_event=key in key_events,
                share_when_won=when_won,
            )
        )
    kinds: dict[str, int] = {}
    for s in scores:
        for kind, _, _ in s.false_events:
            kinds[kind] = kinds.get(kind, 0) + 1
    taus = np.array([0.0 if math.isnan(s.tau) else s.tau for s in scores])
    votes = {}
    for month, record_share in target.votes.items():
        shares = np.array([s.vote_shares[month] for s in scores if month in s.vote_shares])
        if shares.size:
            low, high = np.percentile(shares, [2.5, 97.5])
            votes[month] = (record_share, float(np.median(shares)), float(low), float(high))
        else:
            votes[month] = (record_share, math.nan, math.nan, math.nan)
    fidelity = np.array([s.fidelity for s in scores])
    return Summary(
        runs=n,
        winners=winners,
        record_winner=target.winner,
        events=tuple(events),
        false_rate=float(np.mean([bool(s.false_events) for s in scores])) if n else math.nan,
        false_per_run=float(np.mean([len(s.false_events) for s in scores])) if n else math.nan,
        false_by_kind={k: v / n for k, v in sorted(kinds.items())},
        tau_median=float(np.median(taus)) if n else math.nan,
        tau_interval=_interval(taus),
        votes=votes,
        fidelity=float(fidelity.mean()) if n else math.nan,
        fidelity_interval=_mean_interval(fidelity),
        components={
            name: float(np.mean([s.components[name] for s in scores]))
            for name in scores[0].components
        }
        if n
        else {},
    )


def _interval(values: np.ndarray) -> tuple[float, float]:
    if values.size == 0:
        return (math.nan, math.nan)
    low, high = np.percentile(values, [2.5, 97.5])
    return (float(low), float(high))


def _mean_interval(values: np.ndarray) -> tuple[float, float]:
    """A 95% interval for the mean (normal approximation)."""
    if values.size < 2:
        return (math.nan, math.nan)
    half = 1.96 * float(values.std(ddof=1)) / math.sqrt(values.size)
    mean = float(values.mean())
    return (mean - half, mean + half)


def outcome_names(contenders: Sequence[str]) -> list[str]:
    """The outcomes a run can have: each contender's victory, or none."""
    return [*contenders, "none"]


def mark_against(
    facts_by_event: Sequence[Sequence[Fact]], target: Target
) -> tuple[dict[int, str], list[tuple[Key, int]]]:
    """Each event's place in history, and the recorded events a run lacks.

    ``facts_by_event`` holds the facts of each of a run's events, in order.
    The first event that matches a recorded target is marked "as in history"
    or "N months early/late"; the targets never matched are returned with
    their recorded months.
    """
    marks: dict[int, str] = {}
    seen: set[Key] = set()
    for index, facts in enumerate(facts_by_event):
        for fact in facts:
            if fact.key not in target.events or fact.key in seen:
                continue
            seen.add(fact.key)
            error = fact.month - target.events[fact.key]
            if error == 0:
                marks[index] = "as in history"
            else:
                months = "month" if abs(error) == 1 else "months"
                marks[index] = f"{abs(error)} {months} {'early' if error < 0 else 'late'}"
    missing = [(key, month) for key, month in target.events.items() if key not in seen]
    return marks, sorted(missing, key=lambda km: km[1])
