"""The command line: run, check and list scenarios, hold them against the record, experiment.

Results go to standard output (``--json`` makes them machine-readable on
every command); progress and messages go to standard error. Bad input
prints a short error naming the file, line and field, and exits with 2.

Each command lives in the module of its group and parses its options,
calls the experiment layer and hands the result to a renderer
(:mod:`politburo.interface.cli.render`); this module only assembles them.
The command modules import the heavy libraries (SciPy, DuckDB, matplotlib)
inside the commands that need them, so that the program starts quickly.
"""

from __future__ import annotations

import typer

from politburo.interface.cli import (
    calibration,
    counterfactuals,
    ensembles,
    play,
    runs,
    scenarios,
    serve,
    sweeps,
    validation,
)
from politburo.interface.cli.group import CommandLine

app = typer.Typer(
    cls=CommandLine,
    help="Simulate, replay and explain succession struggles in one-party regimes.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for command in (
    runs.run,
    scenarios.scenarios,
    scenarios.check,
    validation.validate,
    calibration.calibrate,
    scenarios.levers,
    counterfactuals.whatif,
    counterfactuals.explain,
    scenarios.schema,
    ensembles.ensemble,
    ensembles.query,
    ensembles.plot,
    sweeps.sweep,
    play.play,
    play.replay_game,
    serve.serve,
):
    app.command()(command)


def main() -> None:
    """Entry point for ``python -m politburo``."""
    app()
