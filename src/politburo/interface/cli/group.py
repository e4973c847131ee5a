"""The program's command group: every usage error on one line, SIGTERM handled like Ctrl-C.

Click and Typer print a usage error (``--runs 0``, an unknown option, a
missing argument) as a usage line, a hint and a box of several lines; here
it is one line on standard error, like every other error of the program,
with exit code 2. SIGTERM stops a command as Ctrl-C does (an ensemble keeps
its finished runs and says so) and exits with 143; Ctrl-C exits with 130,
even when it lands inside a library that reports it as a ``SystemError``.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import FrameType
from typing import Any, NoReturn

import typer
from typer.core import TyperGroup

from politburo.experiments.errors import Terminated
from politburo.interface.cli.output import err, write_error

try:  # Typer 0.2x carries its own copy of Click
    from typer._click import exceptions as click_errors
except ImportError:  # pragma: no cover - earlier Typer, on Click itself
    from click import exceptions as click_errors  # type: ignore[no-redef]

__all__ = ["INTERRUPTED", "TERMINATED", "CommandLine", "terminate_as_interrupt"]

#: The exit codes of a command stopped by Ctrl-C and by SIGTERM (128 + the signal's number).
INTERRUPTED = 128 + signal.SIGINT
TERMINATED = 128 + signal.SIGTERM


class CommandLine(TyperGroup):
    """The ``politburo`` group: Typer's, with one-line usage errors and SIGTERM handled."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Run the command line; with ``standalone_mode``, exit with its code."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        with terminate_as_interrupt():
            try:
                code = super().main(args, prog_name, complete_var, False, **extra)
            except click_errors.ClickException as error:
                _usage_error(error, args)
            except typer.Abort:
                err.print("aborted")
                sys.exit(1)
            except Terminated:
                err.print("terminated")
                sys.exit(TERMINATED)
            except SystemError as error:
                if not isinstance(error.__context__ or error.__cause__, KeyboardInterrupt):
                    raise
                sys.exit(INTERRUPTED)
        sys.exit(code if isinstance(code, int) else 0)


def _usage_error(error: click_errors.ClickException, args: Sequence[str] | None) -> NoReturn:
    """Print a usage error as one line (help asked for by giving nothing is printed already).

    A bad value is quoted as it was given, which Typer's message leaves out.
    """
    if type(error).__name__ != "NoArgsIsHelpError":
        context = getattr(error, "ctx", None)
        where = f"{context.command_path}: " if context is not None else ""
        hint = f" (see '{context.command_path} --help')" if context is not None else ""
        message = " ".join(error.format_message().split())
        given = _given(getattr(error, "param", None), sys.argv[1:] if args is None else args)
        if given is not None and repr(given) not in message:
            message += f" (given: {given!r})"
        write_error(where + message + hint)
    sys.exit(error.exit_code)


def _given(param: Any, args: Sequence[str]) -> str | None:
    """The value given to an option on the command line (its last use), if it can be found."""
    names = getattr(param, "opts", None) or []
    found = None
    for position, word in enumerate(args):
        for name in names:
            if word == name and position + 1 < len(args):
                found = args[position + 1]
            elif name.startswith("--") and word.startswith(name + "="):
                found = word[len(name) + 1 :]
    return found


def _raise_terminated(number: int, frame: FrameType | None) -> None:
    raise Terminated


@contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """While inside, SIGTERM raises :class:`Terminated` where Ctrl-C raises KeyboardInterrupt.

    Only the main thread can set a signal handler; elsewhere nothing changes.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
