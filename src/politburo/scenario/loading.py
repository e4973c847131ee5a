"""Read scenarios and parameter files from YAML, with errors a user can act on.

A scenario or a parameter file is YAML (read by ruamel.yaml in its safe,
YAML 1.2 round-trip mode, so that ``NO`` stays a string and every key keeps
its line number) validated by the pydantic models of :mod:`politburo.scenario.schema`
and :mod:`politburo.scenario.params`. Every problem pydantic or
:func:`politburo.scenario.schema.cross_check` finds is turned into a
:class:`~politburo.scenario.errors.Problem` that names the file, the line, the dotted
field path and what is wrong, and all of them are raised together as one
:class:`~politburo.scenario.errors.InputError`.

Bundled scenarios live in the package's ``scenarios/`` folder as
``<id>.yaml`` with versioned ids (``ussr-1924-v1``); an unversioned id
(``ussr-1924``) means the highest version bundled. The hashes identify a
scenario or parameter set by content, so stored results say what made them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import types
import typing
from collections.abc import Sequence
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic_core import ErrorDetails
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.scalarbool import ScalarBoolean

from politburo.scenario.errors import InputError, Problem, closest, did_you_mean
from politburo.scenario.params import Params
from politburo.scenario.schema import Scenario, cross_check

__all__ = [
    "FieldPath",
    "bundled_files",
    "bundled_scenarios",
    "field_path",
    "load_params",
    "load_scenario",
    "params_hash",
    "pydantic_message",
    "read_text",
    "scenario_hash",
    "validation_problems",
]

FieldPath = tuple[str | int, ...]
ModelT = TypeVar("ModelT", bound=BaseModel)

_VERSIONED = re.compile(r"^(?P<base>[a-z0-9][a-z0-9-]*?)-v(?P<version>\d+)$")
_BUNDLED_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_QUOTED = re.compile(r"'([^']*)'")


# --------------------------------------------------------------------------- public API


def load_scenario(source: str | Path) -> Scenario:
    """Read and check a scenario from a YAML file or a bundled scenario's id.

    Args:
        source: A path to a YAML file, or the id of a bundled scenario: a
            versioned id (``ussr-1924-v1``) or an unversioned one
            (``ussr-1924``), which means the highest version bundled. A
            string naming an existing file is read as that file.

    Returns:
        The validated scenario, which also passed
        :func:`~politburo.scenario.schema.cross_check`.

    Raises:
        InputError: The file is missing or unreadable, is not valid YAML, or
            the scenario it holds has problems; every problem found is listed.
    """
    bundled_stem: str | None = None
    if isinstance(source, str) and _BUNDLED_ID.match(source) and not Path(source).is_file():
        resource = _resolve_bundled(source)
        bundled_stem = resource.name.removesuffix(".yaml")
        name = str(resource)
        text = read_text(resource, name)
    else:
        name = str(source)
        text = read_text(Path(source), name, not_found=_listing(_bundled_files()))
    tree = _parse_yaml(text, name)
    scenario = _validate(Scenario, tree, name)
    found: list[tuple[FieldPath, str]] = list(cross_check(scenario))
    if bundled_stem is not None and scenario.id != bundled_stem:
        found.append((("id",), f"id {scenario.id!r} does not match the file name {bundled_stem!r}"))
    if found:
        problems = [_problem(name, tree, path, message) for path, message in found]
        raise InputError(sorted(problems, key=lambda problem: problem.line or 0))
    return scenario


def bundled_scenarios() -> list[tuple[str, str]]:
    """Every bundled scenario file, as its id and title.

    Returns:
        ``(id, title)`` pairs sorted by id; the title is empty when the file
        gives none.

    Raises:
        InputError: A bundled file is not valid YAML.
    """
    result: list[tuple[str, str]] = []
    for ident, resource in _bundled_files().items():
        name = str(resource)
        tree = _parse_yaml(read_text(resource, name), name)
        title = tree.get("title", "") if isinstance(tree, dict) else ""
        result.append((ident, str(title)))
    return sorted(result)


def params_provenance(path: str | Path | None = None) -> list[str]:
    """The comment lines heading a parameter file: where its values come from."""
    source = _params_dir() / "default.yaml" if path is None else Path(path)
    lines = []
    for line in read_text(source, str(source)).splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("# ").rstrip())
    return lines


class _Fit(BaseModel):
    model_config = ConfigDict(extra="forbid")
    fidelity: float
    params: Params


class _Fits(BaseModel):
    model_config = ConfigDict(extra="forbid")
    fits: list[_Fit]


def load_fits(path: str | Path) -> list[Params]:
    """The parameter sets of a fits file (``politburo calibrate --keep``), best first."""
    name = str(path)
    tree = _parse_yaml(read_text(Path(path), name), name)
    return [fit.params for fit in _validate(_Fits, tree, name).fits]


def load_params(path: str | Path | None = None) -> Params:
    """Read and check a file of global parameters.

    Args:
        path: The YAML file to read; None reads the package's defaults
            (``params/default.yaml``).

    Returns:
        The validated parameters.

    Raises:
        InputError: The file is missing, unreadable or not valid YAML, or a
            parameter is unknown, missing or out of its range.
    """
    source = _params_dir() / "default.yaml" if path is None else Path(path)
    name = str(source if path is None else path)
    return _validate(Params, _parse_yaml(read_text(source, name), name), name)


def scenario_hash(scenario: Scenario) -> str:
    """A stable content hash of a scenario.

    Args:
        scenario: The scenario.

    Returns:
        The sha256 hex digest of its canonical JSON (keys sorted), equal for
        equal scenarios whatever file or order they came from.
    """
    return _model_hash(scenario)


def params_hash(params: Params) -> str:
    """A stable content hash of a parameter set.

    Args:
        params: The parameters.

    Returns:
        The sha256 hex digest of their canonical JSON (keys sorted).
    """
    return _model_hash(params)


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
    closest valid name, and type and range errors say what was expected.

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
        return "unknown field " + repr(loc[-1]) + did_you_mean(str(loc[-1]), _fields_at(model, loc))
    if kind == "missing":
        return "required field is missing"
    if kind in ("enum", "literal_error"):
        expected = _QUOTED.findall(str(ctx.get("expected", "")))
        choices = ", ".join(repr(choice) for choice in expected)
        return f"{value!r} is not one of {choices}" + did_you_mean(str(value), expected)
    if kind == "string_pattern_mismatch":
        return f"{value!r} does not match the pattern {ctx.get('pattern')}"
    bounds = {
        "greater_than_equal": ("at least", "ge"),
        "greater_than": ("greater than", "gt"),
        "less_than_equal": ("at most", "le"),
        "less_than": ("less than", "lt"),
    }
    if kind in bounds:
        words, key = bounds[kind]
        return f"must be {words} {ctx.get(key)}, not {value!r}"
    short = {
        "float_parsing": "expected a number",
        "float_type": "expected a number",
        "int_parsing": "expected a whole number",
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
        return f"{short[kind]}, not {value!r}" if _is_scalar(value) else short[kind]
    message = str(error["msg"]).removeprefix("Value error, ")
    return " ".join(message.split())


# --------------------------------------------------------------------------- bundled files


def _params_dir() -> Traversable:
    """The folder of the shipped parameter files."""
    return resources.files("politburo.scenario") / "data" / "params"


def _scenarios_dir() -> Traversable:
    """The folder of bundled scenarios (a function so tests can point it elsewhere)."""
    return resources.files("politburo.scenario") / "data" / "scenarios"


def _bundled_files() -> dict[str, Traversable]:
    """Bundled scenario files by id (the file name without ``.yaml``)."""
    return bundled_files(_scenarios_dir(), ".yaml")


def _resolve_bundled(ident: str) -> Traversable:
    """The bundled file for an id; an unversioned id means its highest version."""
    files = _bundled_files()
    if ident in files:
        return files[ident]
    versions = {
        int(match["version"]): stem
        for stem in files
        if (match := _VERSIONED.match(stem)) and match["base"] == ident
    }
    if versions:
        return files[versions[max(versions)]]
    raise InputError.one(
        ident,
        "no such file or bundled scenario" + did_you_mean(ident, list(files)) + _listing(files),
    )


def _listing(files: dict[str, Traversable]) -> str:
    """Say which scenarios are bundled, for an error message."""
    return f"; bundled scenarios: {', '.join(sorted(files)) or '(none)'}"


# --------------------------------------------------------------------------- reading and parsing


def bundled_files(folder: Traversable, suffix: str) -> dict[str, Traversable]:
    """The files of a folder of bundled data, by id.

    Args:
        folder: The package folder (``scenarios/``, ``data/``).
        suffix: The file ending that marks the files, e.g. ``.yaml``.

    Returns:
        The files by id, the id being the file name without ``suffix``;
        empty when the folder does not exist.
    """
    if not folder.is_dir():
        return {}
    return {
        entry.name.removesuffix(suffix): entry
        for entry in folder.iterdir()
        if entry.is_file() and entry.name.endswith(suffix)
    }


def read_text(source: Traversable | Path, name: str, *, not_found: str = "") -> str:
    """The text of an input file, or an InputError naming it.

    Args:
        source: The file.
        name: How to name it in errors.
        not_found: Added to the message when the file does not exist (such
            as the list of bundled ids).

    Returns:
        The text, decoded as UTF-8 (a byte-order mark is dropped).

    Raises:
        InputError: The file is missing, a directory, unreadable or not UTF-8.
    """
    try:
        return source.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError.one(name, "file not found" + not_found) from None
    except IsADirectoryError:
        raise InputError.one(name, "is a directory, not a file") from None
    except UnicodeDecodeError as exc:
        raise InputError.one(name, f"not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise InputError.one(name, f"cannot be read: {exc.strerror or exc}") from None


def _parse_yaml(text: str, name: str) -> Any:
    """Parse YAML 1.2 safely, keeping line numbers; syntax errors become InputErrors."""
    yaml = YAML(typ="rt")
    try:
        return yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        words = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        line = None if mark is None else mark.line + 1
        raise InputError.one(
            name, "YAML syntax error: " + " ".join(words.split()), line=line
        ) from None
    except YAMLError as exc:
        raise InputError.one(name, "YAML syntax error: " + " ".join(str(exc).split())) from None


class _Unsupported(Exception):
    """A YAML value that is no plain scalar, list or mapping (e.g. a custom tag)."""

    def __init__(self, path: FieldPath, what: str) -> None:
        super().__init__(path, what)
        self.path = path
        self.what = what


def _plain(node: Any, path: FieldPath = ()) -> Any:
    """A copy of a round-trip tree made of plain dicts, lists and scalars, for pydantic."""
    if isinstance(node, dict):
        return {
            key if _is_scalar(key) else str(key): _plain(value, (*path, key))
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_plain(item, (*path, i)) for i, item in enumerate(node)]
    if node is None or type(node) in (bool, int, float, str, dt.date):
        return node
    if isinstance(node, bool | ScalarBoolean):
        return bool(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return str(node)
    if isinstance(node, dt.datetime):
        return dt.datetime.fromisoformat(node.isoformat())
    if isinstance(node, dt.date):
        return dt.date(node.year, node.month, node.day)
    raise _Unsupported(path, type(node).__name__)


def _validate(model: type[ModelT], tree: Any, name: str) -> ModelT:
    """Validate a parsed tree against a model, mapping each error to file, line and field."""
    if not isinstance(tree, dict):
        found = (
            "an empty file" if tree is None else "a list" if isinstance(tree, list) else "one value"
        )
        raise InputError.one(name, f"expected a mapping of fields at the top level, found {found}")
    try:
        data = _plain(tree)
    except _Unsupported as exc:
        raise InputError(
            [
                _problem(
                    name, tree, exc.path, f"unsupported YAML value ({exc.what}); use plain values"
                )
            ]
        ) from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InputError(validation_problems(exc, model, name, tree)) from None
    except TypeError as exc:  # a validator given a type it did not expect
        raise InputError.one(name, f"a value has the wrong type: {exc}") from None


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
        problems.append(_problem(name, tree, path, message))
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


def _problem(name: str, tree: Any, path: FieldPath, message: str) -> Problem:
    """A problem at a field path of a parsed document."""
    return Problem(file=name, line=_line_of(tree, path), field=field_path(path), message=message)


# --------------------------------------------------------------------------- messages


def _is_scalar(value: object) -> bool:
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


# --------------------------------------------------------------------------- hashing


def _model_hash(model: BaseModel) -> str:
    canonical = json.dumps(
        model.model_dump(mode="json"), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
