"""Pydantic's complaints as problems a user can act on: file, line, field, message.

Validation by pydantic names a field by its ``loc`` inside the data; a user
wants the line of the file it came from and a short phrase. This module
turns one into the other: :func:`validation_problems` gives one
:class:`~politburo.scenario.errors.Problem` per field, with the line found in
ruamel's round-trip tree, the dotted field path and :func:`pydantic_message`'s
wording. Loading, overrides and levers all report through it.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from politburo.scenario.errors import Problem, closest, did_you_mean, shown

__all__ = [
    "FieldPath",
    "field_path",
    "is_scalar",
    "problem_at",
    "pydantic_message",
    "shown",
    "validation_problems",
]

FieldPath = tuple[str | int, ...]
"""Keys and list indices from the top of a document down to one field."""

_QUOTED = re.compile(r"'([^']*)'")


def field_path(path: FieldPath) -> str:
    """Write a field path the way users read it: ``actors[3].traits.patience``.

    Args:
        path: Keys and list indices from the top of the document.

    Returns:
        The dotted path, with indices in brackets; empty for the root.
    """
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def pydantic_message(error: ErrorDetails, model: type[BaseModel]) -> str:
    """A short message for one pydantic error.

    Mostly pydantic's own words; an unknown field says so and suggests the
    closest valid name, type and range errors say what was expected, and
    limits say which. A value is quoted only in part when it is long, so
    that a huge string never makes a huge message.

    Args:
        error: One entry of ``ValidationError.errors()``.
        model: The model that was validated, to find the valid field names
            of an unknown field's neighbours.

    Returns:
        The message, on one line.
    """
    kind = error["type"]
    ctx = error.get("ctx", {})
    value = error.get("input")
    loc = tuple(error["loc"])
    if kind == "extra_forbidden" and loc:
        return f"unknown field {shown(loc[-1])}" + did_you_mean(
            str(loc[-1]), _fields_at(model, loc)
        )
    if kind == "missing":
        return "required field is missing"
    if kind in ("enum", "literal_error"):
        expected = _QUOTED.findall(str(ctx.get("expected", "")))
        choices = ", ".join(repr(choice) for choice in expected)
        return f"{shown(value)} is not one of {choices}" + did_you_mean(str(value), expected)
    if kind == "string_pattern_mismatch":
        return f"{shown(value)} does not match the pattern {ctx.get('pattern')}"
    if kind == "string_too_long":
        return f"text of {len(str(value)):,} characters: at most {ctx.get('max_length')}"
    if kind == "too_long":
        return f"{ctx.get('actual_length')} items: at most {ctx.get('max_length')}"
    if kind == "too_short":
        return f"{ctx.get('actual_length')} items: at least {ctx.get('min_length')}"
    if kind == "finite_number":
        return f"must be a finite number, not {shown(value)}"
    bounds = {
        "greater_than_equal": ("at least", "ge"),
        "greater_than": ("greater than", "gt"),
        "less_than_equal": ("at most", "le"),
        "less_than": ("less than", "lt"),
    }
    if kind in bounds:
        words, key = bounds[kind]
        return f"must be {words} {ctx.get(key)}, not {shown(value)}"
    short = {
        "float_parsing": "expected a number",
        "float_type": "expected a number",
        "int_parsing": "expected a whole number",
        "int_parsing_size": "expected a whole number of a sensible size",
        "int_type": "expected a whole number",
        "int_from_float": "expected a whole number",
        "bool_parsing": "expected true or false",
        "bool_type": "expected true or false",
        "string_type": "expected text",
        "list_type": "expected a list",
        "tuple_type": "expected a list",
        "dict_type": "expected a mapping of names to values",
        "model_type": "expected a mapping of fields",
        "model_attributes_type": "expected a mapping of fields",
    }
    if kind in short:
        return f"{short[kind]}, not {shown(value)}" if is_scalar(value) else short[kind]
    message = str(error["msg"]).removeprefix("Value error, ")
    return " ".join(message.split())


def validation_problems(
    exc: ValidationError, model: type[BaseModel], name: str, tree: Any
) -> list[Problem]:
    """One problem per field pydantic complained about, in the order of the file.

    A union's alternatives ("an id or 'provinces'") are joined with "or";
    other complaints about the same field with a semicolon. A required field
    is not reported missing when an unknown field beside it is reported as
    its misspelling.

    Args:
        exc: The error ``model.model_validate(tree)`` raised.
        model: The model validated.
        name: The file name to give each problem.
        tree: The data validated; when it is a ruamel round-trip tree each
            problem gets its line, otherwise the line is None.

    Returns:
        The problems, sorted by line.
    """
    errors = exc.errors()
    misspelt = {
        (*error["loc"][:-1], closest(str(error["loc"][-1]), _fields_at(model, error["loc"])))
        for error in errors
        if error["type"] == "extra_forbidden" and error["loc"]
    }
    merged: dict[FieldPath, list[tuple[str, bool]]] = {}
    for error in errors:
        if error["type"] == "missing" and tuple(error["loc"]) in misspelt:
            continue
        path, alternative = _data_path(tree, tuple(error["loc"]))
        entry = (pydantic_message(error, model), alternative)
        if entry not in merged.setdefault(path, []):
            merged[path].append(entry)
    problems = []
    for path, entries in merged.items():
        message = ""
        for text, alternative in entries:
            message += (" or " if alternative else "; ") + text if message else text
        problems.append(problem_at(name, tree, path, message))
    return sorted(problems, key=lambda problem: problem.line or 0)


def _data_path(tree: Any, loc: tuple[str | int, ...]) -> tuple[FieldPath, bool]:
    """Keep the parts of a pydantic ``loc`` that are keys or indices of the document.

    Pydantic adds parts that are not in the data: ``[key]`` for a bad mapping
    key, and the name of the alternative for a union (``constrained-str``).
    A missing field's name is kept, as the last part.

    Returns:
        The path, and whether the error is about one alternative of a union.
    """
    path: list[str | int] = []
    node = tree
    for depth, part in enumerate(loc):
        if part == "[key]":
            continue
        if isinstance(node, dict):
            path.append(part)
            if part not in node:
                break
            node = node[part]
        elif isinstance(node, list | tuple) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
        else:
            return tuple(path), any(rest != "[key]" for rest in loc[depth:])
    return tuple(path), False


def _line_of(tree: Any, path: FieldPath) -> int | None:
    """The 1-based line of the deepest part of ``path`` found in the round-trip tree."""
    line: int | None = None
    node = tree
    for part in path:
        try:
            if isinstance(node, CommentedMap) and part in node:
                line = node.lc.key(part)[0] + 1
                node = node[part]
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
                line = node.lc.item(part)[0] + 1
                node = node[part]
            else:
                break
        except (KeyError, IndexError, TypeError, AttributeError):
            break
    return line


def problem_at(name: str, tree: Any, path: FieldPath, message: str) -> Problem:
    """A problem at a field path of a parsed document, with the line where the tree has one."""
    return Problem(file=name, line=_line_of(tree, path), field=field_path(path), message=message)


def is_scalar(value: object) -> bool:
    """Whether a value is a plain YAML scalar (no list, mapping or tagged value)."""
    return value is None or isinstance(value, bool | int | float | str | dt.date)


def _fields_at(model: type[BaseModel], loc: Sequence[str | int]) -> list[str]:
    """The valid field names beside the last part of ``loc`` (an unknown field)."""
    return _model_fields_at(model, loc[:-1])


def _model_fields_at(model: type[BaseModel], loc: Sequence[str | int]) -> list[str]:
    """The field names of the model found at ``loc`` inside ``model``, if any."""
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return []
        if isinstance(part, str) and part in current.model_fields:
            current = _model_in(current.model_fields[part].annotation)
        # an index or a mapping key keeps the item model found from the field's type
    return list(current.model_fields) if current is not None else []


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The first pydantic model inside a type annotation (``tuple[Actor, ...]`` -> Actor)."""
    if (
        isinstance(annotation, type)
        and not isinstance(annotation, types.GenericAlias)
        and issubclass(annotation, BaseModel)
    ):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
