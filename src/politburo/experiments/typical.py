"""The typical run: the one closest to an ensemble's most common course of events.

The most common course is read off the runs table: the modal outcome, then,
among the runs with that outcome, each contender's modal fate and its median
month. The typical run is the one that differs from it least: a differing
fate costs a whole calendar; a month off costs a month.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from politburo.experiments.queries import runs_table
from politburo.scenario.schema import Scenario, month_index


def typical_run(folder: Path, scenario: Scenario) -> tuple[int, str]:
    """The index of the typical run, and the most common course in words."""
    contenders = [a.id for a in scenario.actors if a.contender]
    names = {a.id: a.name for a in scenario.actors}
    table = runs_table(folder).to_pylist()
    winners = Counter(row["winner"] or "none" for row in table)
    outcome = winners.most_common(1)[0][0]
    runs = [row for row in table if (row["winner"] or "none") == outcome]
    start = scenario.calendar.start
    span = scenario.calendar.months

    def month(value: str | None) -> int:
        return span if value is None else month_index(start, value)

    modal: dict[str, str] = {}
    median: dict[str, float] = {}
    for c in contenders:
        modal[c] = Counter(row[f"{c}_fate"] for row in runs).most_common(1)[0][0]
        months = sorted(
            month(row[f"{c}_fate_month"]) for row in runs if row[f"{c}_fate"] == modal[c]
        )
        median[c] = months[len(months) // 2]

    def distance(row: dict[str, object]) -> float:
        cost = 0.0
        for c in contenders:
            if row[f"{c}_fate"] != modal[c]:
                cost += span
            else:
                cost += abs(month(row[f"{c}_fate_month"]) - median[c])  # type: ignore[arg-type]
        return cost

    chosen = min(runs, key=lambda row: (distance(row), row["run"]))
    said = "no winner" if outcome == "none" else f"{names[outcome]} wins"
    fates = "; ".join(f"{names[c]}: {modal[c].replace('_', ' ')}" for c in contenders)
    return int(chosen["run"]), f"{said} ({winners[outcome]} of {len(table)} runs); {fates}"
