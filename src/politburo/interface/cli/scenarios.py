"""The scenario commands: list the bundled ones, check a file, print the format, list the levers."""

from __future__ import annotations

from typing import Annotated

import typer

from politburo.interface.cli.errors import reports_input_errors
from politburo.interface.cli.options import JsonOption, ScenarioArgument, SeedOption
from politburo.interface.cli.output import write_json
from politburo.interface.cli.render import scenarios as render
from politburo.scenario.loading import bundled_scenarios, load_scenario
from politburo.scenario.schema import Scenario

FileArgument = Annotated[str, typer.Argument(help="A scenario YAML file or a bundled id.")]


@reports_input_errors
def scenarios(json_out: JsonOption = False) -> None:
    """List the bundled scenarios."""
    listing = bundled_scenarios()
    if json_out:
        write_json([{"id": i, "title": t} for i, t in listing])
        return
    render.listing(listing)


@reports_input_errors
def check(file: FileArgument, seed: SeedOption = 0, json_out: JsonOption = False) -> None:
    """Validate a scenario file and play it once; errors name the file, line and field."""
    from politburo.experiments.checks import check_scenario

    scenario = load_scenario(file)
    warnings = check_scenario(scenario, seed=seed)
    if json_out:
        write_json(
            {
                "scenario": scenario.id,
                "seed": seed,
                "ok": True,
                "warnings": [
                    {"month": w.month, "rule": w.rule, "detail": w.detail} for w in warnings
                ],
            }
        )
        return
    render.checked(file, scenario, warnings)


def schema() -> None:
    """Print the JSON Schema of the scenario format."""
    write_json(Scenario.model_json_schema(), indent=2)


@reports_input_errors
def levers(scenario: ScenarioArgument, json_out: JsonOption = False) -> None:
    """List a scenario's levers and what each changes."""
    chosen = load_scenario(scenario)
    if json_out:
        write_json([render.lever_dict(lever) for lever in chosen.levers], indent=2)
        return
    render.levers(chosen)
