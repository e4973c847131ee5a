"""The options several commands share, and what they turn into: a configuration, a month.

Each command reads its options into the values the experiment layer takes
(a :class:`~politburo.experiments.configuration.Configuration` above all),
so that no command prepares a run itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from politburo.experiments.configuration import Configuration
from politburo.scenario.errors import InputError
from politburo.scenario.schema import Month, Scenario, month_index

ScenarioArgument = Annotated[str, typer.Argument(help="A bundled scenario id or a YAML file.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON on stdout.")]
SeedOption = Annotated[int, typer.Option(min=0, help="Seed of the run's random generator.")]
SetOption = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        help="Change a trait or parameter for this run, e.g. stalin.patience=0.2 (repeatable).",
    ),
]
LeverOption = Annotated[
    list[str] | None,
    typer.Option(
        "--lever",
        help="Pull one of the scenario's levers (see 'politburo levers'); repeatable.",
    ),
]
ParamsOption = Annotated[
    Path | None, typer.Option("--params", help="A parameter file instead of the defaults.")
]
StoreOption = Annotated[
    Path,
    typer.Option(
        "--store",
        help="Folder of the ensembles (one per combination of levers); rerun to resume.",
    ),
]
CasesOption = Annotated[
    str | None,
    typer.Option(
        "--cases",
        help="'all' bundled cases, or a comma-separated list of ids ('politburo scenarios').",
    ),
]
RecordOption = Annotated[
    str | None,
    typer.Option(help="A record CSV or bundled record id (default: the scenario's own)."),
]


def case_names(cases: str | None) -> list[str] | None:
    """The cases ``--cases`` names: None for ``all`` (or when not given), else the list."""
    if cases is None or cases.strip() == "all":
        return None
    return [name.strip() for name in cases.split(",") if name.strip()]


def configuration_of(
    scenario: str,
    params: Path | None,
    lever: list[str] | None = None,
    set_: list[str] | None = None,
) -> Configuration:
    """The configuration the options name: the scenario, ``--params``, ``--lever`` and ``--set``.

    Raises:
        InputError: The scenario or the parameter file cannot be loaded.
    """
    return Configuration.of(scenario, params, levers=lever or (), overrides=set_ or ())


def record_of(scenario: Scenario, record: str | None, argument: str) -> str:
    """The record ``--record`` names, else the scenario's own.

    Raises:
        InputError: Neither names one (the problem names ``argument``, the scenario as typed).
    """
    found = record or scenario.record
    if found is None:
        raise InputError.one(argument, "the scenario names no record: give --record FILE.csv")
    return found


def check_month(option: str, value: str | None, scenario: Scenario) -> None:
    """A month option, when given, must be a month inside the scenario's calendar.

    Raises:
        InputError: It is not a ``YYYY-MM`` month, or lies outside the calendar.
    """
    if value is None:
        return
    try:
        Month.parse(value)
    except ValueError as error:
        raise InputError.one(option, str(error)) from None
    calendar = scenario.calendar
    if not 0 <= month_index(calendar.start, value) < calendar.months:
        raise InputError.one(
            option,
            f"{value} lies outside the calendar {calendar.start} to {calendar.end}",
        )
