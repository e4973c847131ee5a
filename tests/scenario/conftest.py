"""The installed ``politburo`` command, found by its entry point, for the input tests.

The command-line module is being moved between packages; the tests of bad
input reach it the way a user does, through the ``console_scripts`` entry
point, so they do not depend on where it lives.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.metadata import entry_points

import click
import click.testing
import pytest
import typer
import typer.testing

Politburo = Callable[..., click.testing.Result]


@pytest.fixture(scope="session")
def politburo() -> Politburo:
    """Run the installed ``politburo`` command with arguments, as a user would."""
    (point,) = entry_points(group="console_scripts", name="politburo")
    app = point.load()
    if isinstance(app, typer.Typer):
        typer_runner = typer.testing.CliRunner()
        return lambda *args: typer_runner.invoke(app, list(args))
    assert isinstance(app, click.Command), f"the entry point {point.value} is not a command"
    click_runner = click.testing.CliRunner()
    return lambda *args: click_runner.invoke(app, list(args))
