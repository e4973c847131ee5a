"""What-ifs and attributions in the terminal: tables of the outcomes, and the causes in words."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table

from politburo.interface.cli.output import out
from politburo.scenario.schema import Scenario, month_label

if TYPE_CHECKING:
    from politburo.experiments.explain import Attribution
    from politburo.experiments.whatif import WhatIf


def names(scenario: Scenario) -> dict[str, str]:
    """Display names: each actor's name, each lever's id."""
    return {a.id: a.name for a in scenario.actors} | {x.id: x.id for x in scenario.levers}


def _outcome_label(outcome: str, names: dict[str, str], none: str = "no winner") -> str:
    return none if outcome == "none" else f"{names.get(outcome)} wins"


def whatif(result: WhatIf, scenario: Scenario) -> None:
    """Each outcome on both sides with the change and its test; each key event's share and month."""
    actors = {a.id: a.name for a in scenario.actors}
    title = ", ".join([*result.levers, *result.overrides])
    table = Table(
        "outcome",
        "baseline",
        "what-if",
        "change (95% CI)",
        "McNemar p",
        title=f"What if: {title} ({result.runs} paired runs)",
    )
    for row in result.outcomes:
        table.add_row(
            _outcome_label(row.outcome, actors),
            f"{row.base[0]:.0%} ({row.base[1]:.0%}–{row.base[2]:.0%})",
            f"{row.changed[0]:.0%} ({row.changed[1]:.0%}–{row.changed[2]:.0%})",
            f"{row.difference[0]:+.1%} ({row.difference[1]:+.1%} to {row.difference[2]:+.1%})",
            f"{row.mcnemar_p:.3g}",
        )
    out.print(table)
    start = scenario.calendar.start

    def when(step: float) -> str:
        return "–" if step != step else month_label(start, round(step))

    events = Table("key event", "share: baseline → what-if", "median month: baseline → what-if")
    for e in result.events:
        events.add_row(
            f"{e.kind} {e.actor}" + (f" ({e.subject})" if e.subject else ""),
            f"{e.base_share:.0%} → {e.changed_share:.0%}",
            f"{when(e.base_median)} → {when(e.changed_median)}",
        )
    out.print(events)
    out.print(
        "[dim]McNemar's exact test on the runs whose outcome differs between the two sides; "
        "intervals: Wilson for shares, paired bootstrap over seeds for changes.[/]"
    )


def attribution(a: Attribution, names: dict[str, str]) -> None:
    """A table of Shapley values per outcome, then the likeliest outcome's causes in words."""
    for outcome in a.outcomes:
        table = Table(
            "lever",
            "Shapley value (95% CI)",
            title=f"{_outcome_label(outcome, names, 'No winner')}: "
            f"{a.none_pulled[outcome]:.0%} with every cause, "
            f"{a.all_pulled[outcome]:.0%} with all levers pulled",
        )
        for name, (value, low, high) in a.values[outcome].items():
            table.add_row(name, f"{value:+.1%} ({low:+.1%} to {high:+.1%})")
        pairs = a.interactions[outcome]
        if pairs:
            (first, second), size = max(pairs.items(), key=lambda kv: abs(kv[1]))
            table.caption = f"strongest interaction: {first} × {second} {size:+.1%}"
        out.print(table)
    likeliest = max(a.outcomes, key=lambda o: a.none_pulled[o])
    out.print(paragraph(a, likeliest, names))


def paragraph(a: Attribution, outcome: str, names: dict[str, str]) -> str:
    """The attribution of one outcome in plain words."""
    start, end = a.none_pulled[outcome], a.all_pulled[outcome]
    who = names.get(outcome, outcome)
    parts = [
        f"{names.get(lever, lever)} {value:+.0%} (95% interval {low:+.0%} to {high:+.0%})"
        for lever, (value, low, high) in sorted(
            a.values[outcome].items(), key=lambda kv: -abs(kv[1][0])
        )
    ]
    direction = "fall" if end < start else "rise"
    return (
        f"With every cause in place, {who} has a probability of {start:.0%}; with all "
        f"{len(a.levers)} levers pulled, {end:.0%}. Of the {direction} of "
        f"{abs(end - start) * 100:.0f} points, "
        + "; ".join(parts)
        + ". The Shapley values add up to the whole change; what stays at the end, "
        f"{end:.0%}, is what these causes leave unexplained."
    )
