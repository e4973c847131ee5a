"""One run told month by month: chapters, each event's mechanism and reasons, the verdict."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.markup import escape

from politburo.analysis.narrative import Chapter, describe_fact, month_title, narrate, verdict
from politburo.interface.cli.output import out
from politburo.model.result import RunResult
from politburo.scenario.schema import Scenario, month_label

if TYPE_CHECKING:
    from politburo.analysis.scoring import Key


def narrative(
    result: RunResult,
    scenario: Scenario,
    marks: dict[int, str],
    missing: Sequence[tuple[Key, int]],
) -> None:
    """Print the run as a history, with the record's marks and the recorded events it lacks.

    ``marks`` are keyed by the event's index; ``missing`` are the recorded
    events the run lacks, with their months.
    """
    out.print(f"[bold]{escape(scenario.title)}[/] — seed {result.seed}")
    if result.interventions:
        out.print(f"interventions: {escape(', '.join(result.interventions))}")
    notes: dict[str, int] = {}
    for chapter in narrate(result, scenario, marks):
        _chapter(chapter, notes)
    out.print(f"\n[bold]{escape(verdict(result, scenario))}[/]")
    if notes:
        out.print("\n[bold]Sources[/]")
        for source, number in notes.items():
            out.print(f"  [{number}] {escape(source)}")
    if missing:
        out.print("\n[bold]Recorded events that did not happen in this run[/]")
        start = scenario.calendar.start
        for (kind, actor, subject), month in missing:
            line = (
                f"{describe_fact(kind, actor, subject, scenario)} "
                f"({month_title(month_label(start, month))} in the record)"
            )
            out.print(f"  • {escape(line)}")


def _chapter(chapter: Chapter, notes: dict[str, int]) -> None:
    """One month's events; each new source gets the next note number in ``notes``."""
    out.print(f"\n[bold underline]{chapter.title}[/]")
    for line in chapter.lines:
        mark = ""
        if line.source:
            number = notes.setdefault(line.source, len(notes) + 1)
            mark = f" [dim]\\[{number}][/]"
        history = f" [bold cyan]— {escape(line.mark)}[/]" if line.mark else ""
        out.print(f"  • {escape(line.text)} [dim]({escape(line.mechanism)})[/]{mark}{history}")
        for why in line.why:
            out.print(f"      [italic]{escape(why)}[/]")
