"""The command line: run, check and list scenarios.

Results go to standard output (``--json`` makes them machine-readable on
every command); progress and messages go to standard error. Bad input
prints a short error naming the file, line and field, and exits with 2.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from politburo.errors import InputError
from politburo.loading import bundled_scenarios, load_params, load_scenario
from politburo.narrative import narrate, verdict
from politburo.overrides import apply_overrides
from politburo.scenario import Scenario

app = typer.Typer(
    help="Simulate, replay and explain succession struggles in one-party regimes.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False, soft_wrap=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)

F = TypeVar("F", bound=Callable[..., Any])

JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON on stdout.")]
SetOption = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        help="Change a trait or parameter for this run, e.g. stalin.patience=0.2 (repeatable).",
    ),
]
ParamsOption = Annotated[
    Path | None, typer.Option("--params", help="A parameter file instead of the defaults.")
]


def reports_input_errors(command: F) -> F:
    """Turn bad input into a short message on stderr and exit code 2."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except InputError as error:
            for problem in error.problems:
                err.print(f"[bold red]error:[/] {escape(str(problem))}")
            raise typer.Exit(2) from None

    return wrapper  # type: ignore[return-value]


@app.command()
@reports_input_errors
def run(
    scenario: Annotated[str, typer.Argument(help="A bundled scenario id or a YAML file.")],
    seed: Annotated[int, typer.Option(help="Seed of the run's random generator.")] = 0,
    set_: SetOption = None,
    params: ParamsOption = None,
    json_out: JsonOption = False,
    events: Annotated[
        Path | None, typer.Option("--events", help="Write the event log to this Parquet file.")
    ] = None,
) -> None:
    """Play one run and tell it month by month, with the winner and the reasons."""
    from politburo.engine import simulate

    base = load_scenario(scenario)
    chosen_params = load_params(params)
    overrides = list(set_ or [])
    changed, _ = apply_overrides(base, chosen_params, overrides)
    result = simulate(base, seed=seed, interventions=overrides, params=chosen_params)
    if events is not None:
        from politburo.tables import write_events

        write_events(result, events)
        err.print(f"event log written to {events}")
    if json_out:
        sys.stdout.write(result.to_json() + "\n")
        return
    _print_narrative(result, changed)


def _print_narrative(result: Any, scenario: Scenario) -> None:
    out.print(f"[bold]{escape(scenario.title)}[/] — seed {result.seed}")
    if result.interventions:
        out.print(f"interventions: {escape(', '.join(result.interventions))}")
    notes: dict[str, int] = {}
    for chapter in narrate(result, scenario):
        out.print(f"\n[bold underline]{chapter.title}[/]")
        for line in chapter.lines:
            mark = ""
            if line.source:
                number = notes.setdefault(line.source, len(notes) + 1)
                mark = f" [dim]\\[{number}][/]"
            out.print(f"  • {escape(line.text)} [dim]({escape(line.mechanism)})[/]{mark}")
            for why in line.why:
                out.print(f"      [italic]{escape(why)}[/]")
    out.print(f"\n[bold]{escape(verdict(result, scenario))}[/]")
    if notes:
        out.print("\n[bold]Sources[/]")
        for source, number in notes.items():
            out.print(f"  [{number}] {escape(source)}")


@app.command()
@reports_input_errors
def scenarios(json_out: JsonOption = False) -> None:
    """List the bundled scenarios."""
    listing = bundled_scenarios()
    if json_out:
        sys.stdout.write(json.dumps([{"id": i, "title": t} for i, t in listing]) + "\n")
        return
    table = Table("id", "title")
    for ident, title in listing:
        table.add_row(ident, title)
    out.print(table)


@app.command()
@reports_input_errors
def check(
    file: Annotated[str, typer.Argument(help="A scenario YAML file or a bundled id.")],
    json_out: JsonOption = False,
) -> None:
    """Validate a scenario file and play it once; errors name the file, line and field."""
    from politburo.checks import check_scenario

    scenario = load_scenario(file)
    check_scenario(scenario)
    if json_out:
        sys.stdout.write(json.dumps({"scenario": scenario.id, "ok": True}) + "\n")
        return
    out.print(f"{escape(file)}: {scenario.id} is valid and plays to its end.")


@app.command()
def schema() -> None:
    """Print the JSON Schema of the scenario format."""
    sys.stdout.write(json.dumps(Scenario.model_json_schema(), indent=2) + "\n")


def main() -> None:
    """Entry point for ``python -m politburo``."""
    app()
