"""The command line stays a thin layer: short functions that parse, call and render."""

from __future__ import annotations

import ast
from pathlib import Path

import politburo

CLI = Path(politburo.__file__).parent / "interface" / "cli"
LONGEST = 60


def test_no_function_of_the_command_line_reaches_sixty_lines() -> None:
    lengths = {}
    for path in sorted(CLI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                assert node.end_lineno is not None
                lengths[f"{path.relative_to(CLI)}:{node.name}"] = node.end_lineno - node.lineno + 1
    too_long = {name: n for name, n in lengths.items() if n >= LONGEST}
    assert lengths and not too_long
