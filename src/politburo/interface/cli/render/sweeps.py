"""Sweeps in the terminal: what was played, and each output's sensitivity to each parameter."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.markup import escape
from rich.table import Table

from politburo.interface.cli.output import err, out

if TYPE_CHECKING:
    from politburo.experiments.sweep import Sweep


def _cell(value: float, low: float, high: float) -> str:
    if value != value:  # NaN: the output barely varied
        return "–"
    if low != low:
        return f"{value:.3f}"
    return f"{value:.3f} [{low:.3f}, {high:.3f}]"


def sweep(result: Sweep) -> None:
    """What was played, then a table: output, parameter, and each index with its interval."""
    err.print(
        f"{result.points} points × {result.runs_per_sample} runs in "
        f"{escape(str(result.folder))} ({result.added} points new)"
    )
    for point in result.damaged:
        err.print(f"point {point}: its stored runs were damaged and were played again")
    kinds = list(dict.fromkeys(i.index for i in result.indices))
    table = Table(title=f"{result.method.capitalize()} indices (95% intervals)")
    table.add_column("output")
    table.add_column("parameter")
    for kind in kinds:
        table.add_column(kind, justify="right")
    cells: dict[tuple[str, str], dict[str, str]] = {}
    for i in result.indices:
        cells.setdefault((i.output, i.parameter), {})[i.index] = _cell(i.value, i.low, i.high)
    for (output, parameter), found in cells.items():
        table.add_row(output, parameter, *(found.get(kind, "") for kind in kinds))
    out.print(table)
    if not result.indices:
        out.print("no output varied across the sweep")
