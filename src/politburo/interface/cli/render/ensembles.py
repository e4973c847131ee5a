"""Ensembles in the terminal: what a call played and who won, and any table a query returns."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.markup import escape
from rich.table import Table

from politburo.interface.cli.output import err, out

if TYPE_CHECKING:
    import pyarrow as pa

    from politburo.experiments.runner import EnsembleResult


def ensemble_dict(result: EnsembleResult, counts: list[dict[str, Any]]) -> dict[str, Any]:
    """An ensemble as JSON-ready values: its folder, runs, winners and manifest.

    ``counts`` are the rows of :func:`~politburo.experiments.queries.winner_counts`
    over the runs asked for: ``runs`` counts those, ``held`` every run in the
    folder, and ``redone`` names the shards found damaged and played again.
    """
    return {
        "out": str(result.out_dir),
        "runs": sum(int(row["runs"]) for row in counts),
        "added": result.added,
        "held": result.held,
        "redone": [
            {"shard": str(d.path), "reason": d.reason, "runs": d.runs} for d in result.damaged
        ],
        "winners": [{"winner": row["winner"], "runs": int(row["runs"])} for row in counts],
        "manifest": result.spec.to_dict(),
    }


def ensemble(result: EnsembleResult, counts: list[dict[str, Any]]) -> None:
    """One line: the runs asked for, how many are new, and each winner's share among them.

    When the folder holds more runs than were asked for, the line says which it counts.
    """
    total = sum(int(row["runs"]) for row in counts)
    shares = ", ".join(
        f"{row['winner'] or 'no winner'} {row['runs']} ({row['runs'] / total:.0%})"
        for row in counts
    )
    which = f"{result.added} new"
    if result.held > total:
        which += f"; runs 0 to {total - 1} of the {result.held} the folder holds"
    out.print(
        f"{total} runs in {escape(str(result.out_dir))} ({which}): {escape(shares)}",
        soft_wrap=True,
    )


def damaged(result: EnsembleResult) -> None:
    """A warning line for each shard found damaged, whose runs were played again."""
    for shard in result.damaged:
        err.print(f"[bold yellow]warning:[/] {escape(str(shard))}")


def table(result: pa.Table) -> None:
    """A query's result as a table, empty cells for nulls."""
    shown = Table(*result.column_names)
    for row in zip(*(column.to_pylist() for column in result.columns), strict=True):
        shown.add_row(*("" if v is None else escape(str(v)) for v in row))
    out.print(shown)
