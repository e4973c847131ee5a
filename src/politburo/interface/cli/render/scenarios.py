"""Scenarios in the terminal: the bundled list, a checked file, a scenario's levers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.markup import escape
from rich.table import Table

from politburo.interface.cli.output import out
from politburo.scenario.schema import Lever, Scenario


def listing(scenarios: Sequence[tuple[str, str]]) -> None:
    """The bundled scenarios' ids and titles as a table."""
    table = Table("id", "title")
    for ident, title in scenarios:
        table.add_row(ident, title)
    out.print(table)


def checked(file: str, scenario: Scenario) -> None:
    """The line saying that a scenario file is valid and plays to its end."""
    out.print(f"{escape(file)}: {scenario.id} is valid and plays to its end.")


def lever_dict(lever: Lever) -> dict[str, Any]:
    """A lever as JSON-ready values: what it is and each change it makes."""
    return {
        "id": lever.id,
        "name": lever.name,
        "description": lever.description,
        "set": list(lever.set),
        "remove_doctrines": list(lever.remove_doctrines),
        "add_events": [e.name for e in lever.add_events],
        "remove_events": list(lever.remove_events),
    }


def levers(scenario: Scenario) -> None:
    """A scenario's levers as a table: each lever and what it changes."""
    table = Table(title=f"Levers of {scenario.id}")
    table.add_column("lever")
    table.add_column("what it changes", overflow="fold")
    for lever in scenario.levers:
        row = lever_dict(lever)
        changes: list[str] = [*row["set"]]
        changes += [f"without doctrine {d}" for d in row["remove_doctrines"]]
        changes += [f"adds: {e}" for e in row["add_events"]]
        changes += [f"drops: {e}" for e in row["remove_events"]]
        table.add_row(
            f"[bold]{escape(row['id'])}[/]\n{escape(row['name'])}",
            escape(row["description"]) + "\n[dim]" + escape("; ".join(changes)) + "[/]",
        )
    out.print(table)
