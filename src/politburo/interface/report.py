"""A validation as plain data (for ``--json``) and as the Markdown report."""

from __future__ import annotations

import math
from typing import Any

from politburo.analysis.episodes import EPISODE_WINDOW, EpisodeSummary
from politburo.analysis.scoring import EventSummary, Summary
from politburo.experiments.validation import BASELINES, Validation
from politburo.scenario.schema import Scenario, month_label

FORMULA = """\
For one run (or one baseline prediction), five components, each in [0, 1]:

- **W** (winner): 1 if the run's winner is the record's winner by the same
  rule (a run with no winner scores 1 only if the record has none), else 0.
- **E** (key events): the mean over the scenario's key events of
  exp(−|error in months| / 12), where the error is the month the event first
  happens in the run minus the record's month; 0 if it does not happen.
- **O** (order): (τ_b + 1) / 2, where τ_b is Kendall's tau-b between the
  months in which the contenders first lose their top-body seats in the run
  and in the record (contenders who never lose the seat tied last); 0.5 where
  τ_b is undefined (everyone tied).
- **N** (no invented sanctions): 1 / (1 + n), where n counts the sanctions
  (removal from an office, the top or the electing body, expulsion, exile,
  deportation, a coup) suffered in the run by a contender who never suffered
  that kind of sanction in the record.
- **V** (votes): the mean over the congress votes whose figures the record
  gives of max(0, 1 − |share for − record's share for| / 0.25), shares of the
  votes cast; 0 where the run held no such vote.

**Fidelity F = (W + E + O + N + V) / 5**, averaged over runs. It is the
calibration objective. Baselines are scored by the same code: a baseline that
predicts only a winner earns nothing on E and V, 0.5 on O and 1 on N.

This formula was fixed before any calibration and must not be changed to
suit a fit.
"""


def _month(scenario: Scenario, step: float | None) -> str:
    if step is None or math.isnan(step):
        return "–"
    return month_label(scenario.calendar.start, round(step))


def _event_name(event: EventSummary) -> str:
    kind, actor, subject = event.key
    return f"{kind} {actor}" + (f" ({subject})" if subject else "")


#: Why a figure of a validation's JSON can be null (``"missing"`` says so, field by field).
VALIDATION_NULLS = {
    "share": "no runs (or predictions) to count",
    "share_of_runs_the_record_winner_wins": "the record's winner wins no run",
    "median_share_for": "no run (or prediction) held this vote",
    "median": "no runs to take a median of",
    "median_error_months": "the event happens in no run (or prediction): no month to compare",
    "low": "no interval: one prediction, or too few runs to draw one",
    "high": "no interval: one prediction, or too few runs to draw one",
    "score": "no runs to score",
    "share_of_runs": "no runs to count",
    "per_run": "no runs to count",
}


def summary_dict(summary: Summary, scenario: Scenario) -> dict[str, Any]:
    """A summary as JSON-ready values, months as ``YYYY-MM``."""
    return {
        "runs": summary.runs,
        "winners": {
            name: {"share": share, "low": low, "high": high}
            for name, (share, low, high) in summary.winners.items()
        },
        "record_winner": summary.record_winner,
        "events": [
            {
                "kind": e.key[0],
                "actor": e.key[1],
                "subject": e.key[2],
                "key_event": e.key_event,
                "record_month": _month(scenario, e.record_month),
                "share": e.share,
                "median_month": _month(scenario, e.median_month),
                "median_error_months": e.median_error,
                "share_of_runs_the_record_winner_wins": e.share_when_won,
            }
            for e in summary.events
        ],
        "false_events": {
            "share_of_runs": summary.false_rate,
            "per_run": summary.false_per_run,
            "by_kind": summary.false_by_kind,
        },
        "seat_loss_order_tau_b": {
            "median": summary.tau_median,
            "low": summary.tau_interval[0],
            "high": summary.tau_interval[1],
        },
        "congress_votes": [
            {
                "month": _month(scenario, month),
                "record_share_for": record,
                "median_share_for": median,
                "low": low,
                "high": high,
            }
            for month, (record, median, low, high) in summary.votes.items()
        ],
        "fidelity": {
            "score": summary.fidelity,
            "low": summary.fidelity_interval[0],
            "high": summary.fidelity_interval[1],
            "components": summary.components,
        },
    }


def validation_dict(v: Validation, scenario: Scenario) -> dict[str, Any]:
    """The whole validation as JSON-ready values."""
    return {
        "scenario": v.scenario,
        "record": v.record,
        "runs": v.runs,
        "seed": v.seed,
        "since": v.since,
        "record_winner": {"winner": v.record_winner[0], "month": v.record_winner[1]}
        if v.record_winner
        else None,
        "model": summary_dict(v.model, scenario),
        "baselines": {
            name: {"description": dict(BASELINES)[name], **summary_dict(s, scenario)}
            for name, s in v.baselines.items()
        },
        "episodes": episodes_dict(v.episodes),
        "unscored": [{"kind": u.kind, "rows": u.rows, "reason": u.reason} for u in v.unscored],
    }


def episodes_dict(summary: EpisodeSummary) -> dict[str, Any]:
    """The record's alliance episodes over the runs, as JSON-ready values.

    For each alliance of the record: the share of runs in which the pair is
    allied within the window of its formation (``formed``), stays allied at
    every congress between (``held``), breaks within the window of its break
    (``broke``), and all three (``whole``); and the share of runs telling
    every episode of the record.
    """
    return {
        "window_months": EPISODE_WINDOW,
        "runs": summary.runs,
        "every_episode": {"runs": summary.every, "share": _finite(summary.every_share)},
        "groups": [
            {
                "alliance": g.group.label,
                "note": g.group.note,
                "whole_group": {"runs": g.whole, "share": _finite(g.whole / max(summary.runs, 1))},
                "episodes": [
                    {
                        "pair": list(t.episode.allies),
                        "span": t.episode.span,
                        **{k: _finite(x) for k, x in t.shares().items()},
                    }
                    for t in g.episodes
                ],
            }
            for g in summary.groups
        ],
    }


def _finite(x: float) -> float | None:
    return None if math.isnan(x) else round(x, 4)


def _pct(x: float) -> str:
    return "–" if math.isnan(x) else f"{100 * x:.0f}%"


def _ci(interval: tuple[float, float]) -> str:
    """`` (low–high)``, or nothing where there is no interval (a deterministic baseline)."""
    low, high = interval
    if math.isnan(low) or math.isnan(high):
        return " (no interval: one prediction)"
    return f" ({low:.3f}–{high:.3f})"


def _num(x: float | None, digits: int = 2) -> str:
    return "–" if x is None or math.isnan(x) else f"{x:.{digits}f}"


def markdown(
    v: Validation,
    scenario: Scenario,
    command: str,
    provenance: list[str],
    out_of_time: tuple[Validation, list[str]] | None = None,
) -> str:
    """The validation report in Markdown, as ``docs/validation.md`` holds it.

    ``provenance`` is the heading of the parameter file used (how its values
    were made); ``out_of_time`` a validation from a later month with
    parameters fitted only to the record before it, and that file's heading.
    """
    m = v.model
    lines = [
        f"# Validation of `{v.scenario}` against the record `{v.record}`",
        "",
        f"Produced by `{command}` ({v.runs} runs, root seed {v.seed}"
        + (f", targets from {v.since}" if v.since else "")
        + ").",
        "",
        "The parameters' own account of where they come from:",
        "",
        *[f"> {line}" for line in provenance],
        "",
        "## The fidelity score",
        "",
        FORMULA,
        "## Model and naive baselines",
        "",
        "| | fidelity F (95% CI) | W | E | O | N | V |",
        "|---|---|---|---|---|---|---|",
    ]
    rows = [("**model**", m)] + [
        (f"{name}: {dict(BASELINES)[name]}", s) for name, s in v.baselines.items()
    ]
    for label, s in rows:
        c = s.components
        lines.append(
            f"| {label} | {_num(s.fidelity, 3)}{_ci(s.fidelity_interval)} | "
            + " | ".join(_num(c.get(k), 2) for k in "WEONV")
            + " |"
        )
    better = [name for name, s in v.baselines.items() if m.fidelity > s.fidelity]
    worse = [name for name, s in v.baselines.items() if m.fidelity <= s.fidelity]
    lines += [
        "",
        f"The model scores higher than {', '.join(better) or 'no baseline'}"
        + (f" and no higher than {', '.join(worse)}." if worse else "."),
        "",
        "## Who wins",
        "",
        "| outcome | share of runs | 95% interval (Wilson) |",
        "|---|---|---|",
    ]
    for name, (share, low, high) in m.winners.items():
        mark = " (the record's winner)" if name == m.record_winner else ""
        lines.append(f"| {name}{mark} | {_pct(share)} | {_pct(low)}–{_pct(high)} |")
    if v.record_winner:
        lines += [
            "",
            f"The engine's winner rule applied to the record gives "
            f"{v.record_winner[0]}, {v.record_winner[1]}.",
        ]
    lines += [
        "",
        "## Record events",
        "",
        "Each datable record event inside the calendar: the share of runs in which "
        "it happens, its median month in those runs, and the median error in months "
        "(negative: early). Key events are in bold.",
        "",
        "| event | record | share of runs | share of runs the record's winner wins "
        "| median month | median error |",
        "|---|---|---|---|---|---|",
    ]
    for e in m.events:
        name = _event_name(e)
        name = f"**{name}**" if e.key_event else name
        lines.append(
            f"| {name} | {_month(scenario, e.record_month)} | {_pct(e.share)} | "
            f"{_pct(e.share_when_won)} | {_month(scenario, e.median_month)} | "
            f"{_num(e.median_error, 1)} |"
        )
    lines += [
        "",
        "## Events the record does not have",
        "",
        f"Runs with at least one sanction the record does not have: {_pct(m.false_rate)} "
        f"({_num(m.false_per_run)} per run).",
        "",
    ]
    lines += [f"- {kind}: {_num(share)} per run" for kind, share in m.false_by_kind.items()]
    lines += [
        "",
        "## Order of losing top-body seats",
        "",
        f"Kendall's tau-b per run against the record: median {_num(m.tau_median)}, "
        f"95% of runs within {_num(m.tau_interval[0])} to {_num(m.tau_interval[1])}.",
        "",
        "## Congress votes",
        "",
        "| congress | record share for | model median | 95% of runs |",
        "|---|---|---|---|",
    ]
    for month, (record, median, low, high) in m.votes.items():
        lines.append(
            f"| {_month(scenario, month)} | {_num(record, 3)} | {_num(median, 3)} | "
            f"{_num(low, 3)}–{_num(high, 3)} |"
        )
    lines += ["", *episodes_section(v.episodes)]
    lines += ["", *unscored_section(v)]
    lines += ["", *targets_section(v)]
    if out_of_time is not None:
        lines += ["", *out_of_time_section(*out_of_time, scenario)]
    return "\n".join(lines) + "\n"


def episodes_section(summary: EpisodeSummary) -> list[str]:
    """The record's alliances as episodes: how often the runs tell each (outside F)."""
    lines = [
        "## Episodes: the record's alliances",
        "",
        f"For each alliance of the record, the share of runs in which the pair is allied within "
        f"{EPISODE_WINDOW} months of its formation (or from the start, for one standing then), "
        "stays allied at every congress between, and breaks within "
        f"{EPISODE_WINDOW} months of its break (or is still allied at the end); and all three. "
        "These figures are reported beside the fidelity score, not in it.",
        "",
        f"Runs telling every episode of the record: {_pct(summary.every_share)} "
        f"({summary.every} of {summary.runs}).",
        "",
        "| alliance | pair | record | formed | held | broke | whole |",
        "|---|---|---|---|---|---|---|",
    ]
    for g in summary.groups:
        for t in g.episodes:
            sh = t.shares()
            lines.append(
                f"| {', '.join(g.group.names)} | {t.episode.label} | {t.episode.span} | "
                + " | ".join(_pct(sh[k]) for k in ("formed", "held", "broke", "whole"))
                + " |"
            )
    return lines


def out_of_time_section(v: Validation, provenance: list[str], scenario: Scenario) -> list[str]:
    """Scores on the later record with parameters fitted only to the earlier one."""
    m = v.model
    winner = m.record_winner or "none"
    share, low, high = m.winners.get(winner, (math.nan, math.nan, math.nan))
    out = [
        "## Out of time",
        "",
        f"Parameters fitted only to the record up to the month before {v.since}, "
        "without its winner, scored on the record from "
        f"{v.since} ({v.runs} runs, root seed {v.seed}). The parameter file says:",
        "",
        *[f"> {line}" for line in provenance],
        "",
        f"The record's winner ({winner}) wins in {_pct(share)} of runs "
        f"({_pct(low)}-{_pct(high)}). Fidelity on the later record: {_num(m.fidelity, 3)}.",
        "",
        "| event | record | share of runs | median error (months) | target met (>= half, <= 6) |",
        "|---|---|---|---|---|",
    ]
    for e in m.events:
        met = e.share >= 0.5 and e.median_error is not None and abs(e.median_error) <= 6
        name = _event_name(e)
        out.append(
            f"| {f'**{name}**' if e.key_event else name} | {_month(scenario, e.record_month)} | "
            f"{_pct(e.share)} | {_num(e.median_error, 1)} | {'yes' if met else '**no**'} |"
        )
    return out


def unscored_section(v: Validation) -> list[str]:
    """The record's rows inside the calendar that no run is scored against, and why."""
    lines = ["## Record rows not scored", ""]
    if not v.unscored:
        return [*lines, "Every row inside the calendar is scored."]
    lines += ["| kind | rows | why |", "|---|---|---|"]
    lines += [f"| {u.kind} | {u.rows} | {u.reason} |" for u in v.unscored]
    return lines


def targets_section(v: Validation) -> list[str]:
    """The validation targets with the measured figures, met or not, and what is wrong."""
    m = v.model
    winner = m.record_winner or "none"
    share, low, high = m.winners.get(winner, (math.nan, math.nan, math.nan))
    keys = [e for e in m.events if e.key_event]
    timely = [e for e in keys if e.median_error is not None and abs(e.median_error) <= 4]
    frequent = [e for e in keys if e.share_when_won >= 0.5]
    votes = [(r, med) for r, med, _, _ in m.votes.values()]
    beats = all(m.fidelity > s.fidelity for s in v.baselines.values())
    rows = [
        (
            "the record's winner wins in 60-95% of runs",
            f"{_pct(share)} ({_pct(low)}-{_pct(high)})",
            0.6 <= share <= 0.95,
        ),
        ("seat-loss order: median tau-b >= 0.8", _num(m.tau_median), m.tau_median >= 0.8),
        (
            "key events: median error <= 4 months, each",
            f"{len(timely)} of {len(keys)}",
            len(timely) == len(keys),
        ),
        (
            "key events: in >= half the runs the record's winner wins, each",
            f"{len(frequent)} of {len(keys)}",
            len(frequent) == len(keys),
        ),
        (
            "events the record does not have in <= 10% of runs",
            _pct(m.false_rate),
            m.false_rate <= 0.10,
        ),
        (
            "congress vote share within 0.05 of the record's",
            ", ".join(f"{_num(med, 3)} vs {_num(r, 3)}" for r, med in votes) or "–",
            bool(votes) and all(abs(med - r) <= 0.05 for r, med in votes),
        ),
        ("the model beats every naive baseline on fidelity", _num(m.fidelity, 3), beats),
    ]
    out = [
        "## Targets",
        "",
        "| target | measured | met |",
        "|---|---|---|",
        *[f"| {t} | {measured} | {'yes' if met else '**no**'} |" for t, measured, met in rows],
        "",
        "## What the model gets wrong",
        "",
        "Read off the figures above (regenerated with them):",
        "",
    ]
    for e in keys:
        if e.median_error is None:
            out.append(f"- {_event_name(e)} never happens.")
        elif abs(e.median_error) > 4 or e.share < 0.5:
            when = "early" if e.median_error < 0 else "late"
            out.append(
                f"- {_event_name(e)}: in {_pct(e.share)} of runs, median "
                f"{abs(e.median_error):.0f} months {when}."
            )
    for kind, per_run in m.false_by_kind.items():
        if per_run >= 0.05:
            out.append(f"- {kind} that the record does not have: {_num(per_run)} per run.")
    return out
