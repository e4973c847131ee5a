"""Bad input on the command line: one line per problem on standard error, and exit code 2.

The library's errors speak of its own arguments (levers, overrides, folders);
here they are worded as the options a user types (``--lever``, ``--set``,
``--out``), with what to do about them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import wraps
from typing import Any, TypeVar

import typer

from politburo.experiments.errors import (
    DamagedShards,
    DifferentEnsemble,
    NoEnsemble,
    NotAStore,
    OlderStore,
    StoreBusy,
    StoreWriteError,
    UnknownShards,
    different,
)
from politburo.interface.cli.output import PROGRAM, write_error
from politburo.scenario.errors import InputError

F = TypeVar("F", bound=Callable[..., Any])

#: How the command line names what the library calls levers and overrides.
OPTION_WORDS = {"levers": "lever", "overrides": "--set"}


def on_the_command_line(error: InputError) -> InputError:
    """``error`` worded for a user of the command line: options, and what to do next."""
    if isinstance(error, DifferentEnsemble):
        remedy = "use another --out folder, or repeat the command that made it"
        return InputError(
            replace(problem, message=f"{different(d.describe(OPTION_WORDS))}; {remedy}")
            for problem, d in zip(error.problems, error.differences, strict=True)
        )
    if isinstance(error, UnknownShards | OlderStore):
        return _with_remedy(error, "use another --out folder")
    if isinstance(error, NotAStore):
        return _with_remedy(error, "name a new or empty folder with --out")
    if isinstance(error, StoreBusy):
        return _with_remedy(error, "wait for it to end, or use another folder")
    if isinstance(error, StoreWriteError):
        return _with_remedy(error, "run the same command again to resume once it can be written")
    if isinstance(error, DamagedShards):
        return _with_remedy(error, "run the command that made the ensemble again to redo it")
    if isinstance(error, NoEnsemble):
        return _with_remedy(
            error, f"make one with `{PROGRAM} ensemble SCENARIO --runs N --out DIR`"
        )
    return error


def _with_remedy(error: InputError, remedy: str) -> InputError:
    return InputError(replace(p, message=f"{p.message}; {remedy}") for p in error.problems)


def reports_input_errors(command: F) -> F:
    """Turn bad input into a short message on stderr and exit code 2."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except InputError as error:
            for problem in on_the_command_line(error).problems:
                write_error(str(problem))
            raise typer.Exit(2) from None

    return wrapper  # type: ignore[return-value]
