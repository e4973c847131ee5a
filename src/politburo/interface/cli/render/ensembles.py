"""Ensembles in the terminal: what a call played and who won, and any table a query returns."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.markup import escape
from rich.table import Table

from politburo.interface.cli.output import out

if TYPE_CHECKING:
    import pyarrow as pa

    from politburo.experiments.runner import EnsembleResult


def ensemble_dict(result: EnsembleResult, counts: list[dict[str, Any]]) -> dict[str, Any]:
    """An ensemble as JSON-ready values: its folder, runs, winners and manifest.

    ``counts`` are the rows of :func:`~politburo.experiments.queries.winner_counts`.
    """
    return {
        "out": str(result.out_dir),
        "runs": sum(int(row["runs"]) for row in counts),
        "added": result.added,
        "winners": [{"winner": row["winner"], "runs": int(row["runs"])} for row in counts],
        "manifest": result.spec.to_dict(),
    }


def ensemble(result: EnsembleResult, counts: list[dict[str, Any]]) -> None:
    """One line: how many runs the folder holds, how many are new, and each winner's share."""
    total = sum(int(row["runs"]) for row in counts)
    shares = ", ".join(
        f"{row['winner'] or 'no winner'} {row['runs']} ({row['runs'] / total:.0%})"
        for row in counts
    )
    out.print(
        f"{total} runs in {escape(str(result.out_dir))} ({result.added} new): {escape(shares)}",
        soft_wrap=True,
    )


def table(result: pa.Table) -> None:
    """A query's result as a table, empty cells for nulls."""
    shown = Table(*result.column_names)
    for row in zip(*(column.to_pylist() for column in result.columns), strict=True):
        shown.add_row(*("" if v is None else escape(str(v)) for v in row))
    out.print(shown)
