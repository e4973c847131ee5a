"""A game in the terminal: the months played, the player's standing and moves, the ending."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.markup import escape

from politburo.analysis.narrative import Chapter, narrate, verdict
from politburo.experiments.game import Position, Turn
from politburo.interface.cli.output import out
from politburo.scenario.schema import Scenario

if TYPE_CHECKING:
    from politburo.experiments.ladder import Comparison


def months(position: Position, scenario: Scenario, start: int) -> None:
    """The game's chapters from month ``start`` up to the turn (or to the end)."""
    result = position.result
    for chapter in narrate(result, scenario):
        if start <= result.months.index(chapter.month) < position.step:
            _chapter(chapter)


def _chapter(chapter: Chapter) -> None:
    out.print(f"\n[bold underline]{escape(chapter.title)}[/]")
    for line in chapter.lines:
        out.print(f"  • {escape(line.text)} [dim]({escape(line.mechanism)})[/]")
        for why in line.why:
            out.print(f"      [italic]{escape(why)}[/]")


def turn(turn: Turn, name: str) -> None:
    """Where the player stands, and the moves open to him, the model's pick marked."""
    s = turn.standing
    out.print(f"\n[bold]{escape(name)}, {escape(turn.month)}[/]")
    out.print(
        f"  reputation {s.reputation:.2f}; your side holds {s.top_share:.0%} of the top body "
        f"and {s.electing_share:.0%} of the electing body"
    )
    out.print(f"  allies: {escape(', '.join(s.allies) or 'none')}")
    out.print(f"  majority of the electing body: {escape(s.majority or 'no one')}")
    out.print(f"  sitting this month: {escape(', '.join(s.sitting) or 'no body')}")
    for number, text in enumerate(turn.texts, start=1):
        pick = " [bold green]← the model's pick[/]" if number - 1 == turn.suggestion else ""
        out.print(f"  {number:>2}. {escape(text.label)}{pick}")
        out.print(f"      [dim]{escape(text.explanation)}[/]")
    if turn.reasons:
        out.print(f"  [dim]the model's reasons: {escape('; '.join(turn.reasons))}[/]")


def ending(position: Position, scenario: Scenario, comparison: Comparison) -> None:
    """The verdict and the player's rung against the record and the model's own play."""
    from politburo.experiments.ladder import LADDER

    names = {a.id: a.name for a in scenario.actors}
    name = names[comparison.actor]
    out.print(f"\n[bold]{escape(verdict(position.result, scenario))}[/]")
    out.print(f"\n[bold]How {escape(name)} ended, best first[/]")
    runs = sum(comparison.counts)
    for rung, words in enumerate(LADDER):
        marks = []
        if rung == comparison.player:
            marks.append("you")
        if rung == comparison.record:
            marks.append("the record")
        share = comparison.counts[rung] / runs if runs else 0.0
        mark = f"  [bold]← {' and '.join(marks)}[/]" if marks else ""
        out.print(f"  {words:<32} model {share:>4.0%}{mark}")
    share, low, high = comparison.as_well
    out.print(
        f"\nThe model's own {escape(name)} did as well as you or better in {share:.0%} "
        f"of {runs} runs (95% interval {low:.0%} to {high:.0%})."
    )
