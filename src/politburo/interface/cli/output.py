"""Where the command line writes: results to stdout; progress, messages and errors to stderr."""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from rich.console import Console
from rich.markup import escape

from politburo.interface.jsontext import finite_json_text, json_text

#: Results: tables, narratives, summaries.
out = Console(highlight=False, soft_wrap=False)

#: Progress, messages and errors.
err = Console(stderr=True, highlight=False, soft_wrap=True)

#: The program's name, as users type it.
PROGRAM = __name__.split(".")[0]


#: No reasons known: a null figure is explained in general words.
_GENERAL: Mapping[str, str] = MappingProxyType({})


def write_json(
    data: Any,
    *,
    indent: int | None = None,
    default: Callable[[Any], Any] | None = None,
    reasons: Mapping[str, str] | None = _GENERAL,
) -> None:
    """Print ``data`` as JSON on standard output, on one line unless ``indent`` is given.

    A figure that is not finite is printed as null, never as ``NaN`` or
    ``Infinity``; the object holding it says why in ``"missing"``, in the
    words of ``reasons`` (field name to reason) where it names the field.
    With ``reasons=None`` nothing is added (a query's rows keep their
    columns). See :mod:`politburo.interface.jsontext`.
    """
    write_text(json_text(data, indent=indent, default=default, reasons=reasons))


def write_json_text(text: str) -> None:
    """Print JSON text made elsewhere (a run's), as it is unless it holds NaN or Infinity."""
    write_text(finite_json_text(text))


def write_text(text: str) -> None:
    """Print ``text`` as it is, and a newline, on standard output (no markup, no wrapping)."""
    sys.stdout.write(text + "\n")


def write_error(message: str) -> None:
    """Print ``error:`` and ``message`` on standard error, as one line whatever it quotes.

    A control character in the message (a newline or a NUL byte in a value
    the user gave) is shown escaped, as Python writes it in a string.
    """
    line = "".join(c if c.isprintable() else repr(c)[1:-1] for c in message)
    err.print(f"[bold red]error:[/] {escape(line)}")
