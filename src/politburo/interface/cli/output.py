"""Where the command line writes: results to stdout; progress, messages and errors to stderr."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

from rich.console import Console

#: Results: tables, narratives, summaries.
out = Console(highlight=False, soft_wrap=False)

#: Progress, messages and errors.
err = Console(stderr=True, highlight=False, soft_wrap=True)

#: The program's name, as users type it.
PROGRAM = __name__.split(".")[0]


def write_json(
    data: Any, *, indent: int | None = None, default: Callable[[Any], Any] | None = None
) -> None:
    """Print ``data`` as JSON on standard output, on one line unless ``indent`` is given."""
    write_text(json.dumps(data, indent=indent, default=default))


def write_text(text: str) -> None:
    """Print ``text`` as it is, and a newline, on standard output (no markup, no wrapping)."""
    sys.stdout.write(text + "\n")
