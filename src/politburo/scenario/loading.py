"""Read scenarios and parameter files from YAML, with errors a user can act on.

A scenario or a parameter file is a regular file of at most
:data:`~politburo.scenario.limits.MAX_FILE_BYTES` holding YAML (read by
:mod:`politburo.scenario.yaml_input`: YAML 1.2, so that ``NO`` stays a
string, every key keeping its line, no aliases) validated by the pydantic
models of :mod:`politburo.scenario.schema` and :mod:`politburo.scenario.params`.
Every problem pydantic, :func:`politburo.scenario.schema.cross_check` or a
scenario's levers (:func:`politburo.scenario.levers.lever_problems`) give is
turned by :mod:`politburo.scenario.problems` into a
:class:`~politburo.scenario.errors.Problem` that names the file, the line, the
dotted field path and what is wrong, and all of them are raised together as
one :class:`~politburo.scenario.errors.InputError`.

Bundled scenarios live in the package's ``scenarios/`` folder as
``<id>.yaml`` with versioned ids (``ussr-1924-v1``); an unversioned id
(``ussr-1924``) means the highest version bundled. The version is that of
the format the file is written in: a file claiming an older one is migrated
or refused with what changed (:mod:`politburo.scenario.format_versions`). The hashes identify a
scenario or parameter set by content, so stored results say what made them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import stat
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError
from ruamel.yaml.scalarbool import ScalarBoolean

from politburo.scenario.errors import InputError, did_you_mean
from politburo.scenario.format_versions import FormatTooOld, upgrade
from politburo.scenario.levers import lever_problems
from politburo.scenario.limits import MAX_FILE_BYTES
from politburo.scenario.params import Params
from politburo.scenario.problems import FieldPath, is_scalar, problem_at, validation_problems
from politburo.scenario.schema import Scenario, cross_check
from politburo.scenario.yaml_input import parse_yaml

__all__ = [
    "bundled_cases",
    "bundled_files",
    "bundled_scenarios",
    "case_id",
    "leave_out_params",
    "load_params",
    "load_scenario",
    "params_hash",
    "read_text",
    "scenario_hash",
]

ModelT = TypeVar("ModelT", bound=BaseModel)

_VERSIONED = re.compile(r"^(?P<base>[a-z0-9][a-z0-9-]*?)-v(?P<version>\d+)$")
_BUNDLED_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


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
        :func:`~politburo.scenario.schema.cross_check`, and each of whose
        levers applies (:func:`~politburo.scenario.levers.lever_problems`).

    Raises:
        InputError: The file is missing or unreadable, is not valid YAML, its
            id claims a format version older than the current one and the
            changes since cannot be made mechanically (the message names
            them), or the scenario it holds has problems; every problem found
            is listed.
    """
    bundled_stem: str | None = None
    if isinstance(source, str) and _BUNDLED_ID.match(source) and not Path(source).exists():
        resource = _resolve_bundled(source)
        bundled_stem = resource.name.removesuffix(".yaml")
        name = str(resource)
        text = read_text(resource, name)
    else:
        name = str(source)
        text = read_text(Path(source), name, not_found=_listing(_bundled_files()))
    tree = parse_yaml(text, name)
    if isinstance(tree, dict):
        try:
            upgrade(tree)
        except FormatTooOld as exc:
            raise InputError([problem_at(name, tree, ("id",), str(exc))]) from None
    scenario = _validate(Scenario, tree, name)
    found: list[tuple[FieldPath, str]] = list(cross_check(scenario))
    if not found:
        found = lever_problems(scenario, load_params())
    if bundled_stem is not None and scenario.id != bundled_stem:
        found.append((("id",), f"id {scenario.id!r} does not match the file name {bundled_stem!r}"))
    if found:
        problems = [problem_at(name, tree, path, message) for path, message in found]
        raise InputError(sorted(problems, key=lambda problem: problem.line or 0))
    return scenario


def bundled_scenarios() -> list[tuple[str, str]]:
    """Every bundled scenario file, as its id and title, the reference case first.

    Returns:
        ``(id, title)`` pairs: those marked ``reference: true`` first, then
        the others, each part sorted by id; the title is empty when the file
        gives none.

    Raises:
        InputError: A bundled file is not valid YAML.
    """
    result: list[tuple[bool, str, str]] = []
    for ident, resource in _bundled_files().items():
        name = str(resource)
        tree = parse_yaml(read_text(resource, name), name)
        fields = tree if isinstance(tree, dict) else {}
        result.append((fields.get("reference") is not True, ident, str(fields.get("title", ""))))
    return [(ident, title) for _, ident, title in sorted(result)]


def case_id(scenario_id: str) -> str:
    """The case a scenario id stands for: the id without its version (``ussr-1924``).

    The versions of a bundled scenario are one historical case; a case is
    named by its unversioned id wherever several cases are fitted or scored.
    """
    match = _VERSIONED.match(scenario_id)
    return match["base"] if match else scenario_id


def bundled_cases() -> list[str]:
    """The bundled cases, sorted: each bundled scenario's unversioned id, once."""
    return sorted({case_id(ident) for ident in _bundled_files()})


def leave_out_params(case: str, folder: Path | None = None) -> Path:
    """The parameter file fitted to every bundled case but ``case``.

    This is the one place that names those files: ``leave-out-<case>.yaml``
    in ``folder``, by default the package's folder of shipped parameters.
    """
    return (Path(str(_params_dir())) if folder is None else folder) / f"leave-out-{case}.yaml"


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
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
    fidelity: float
    params: Params


class _Fits(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
    fits: list[_Fit]


def load_fits(path: str | Path) -> list[Params]:
    """The parameter sets of a fits file (``politburo calibrate --keep``), best first."""
    name = str(path)
    tree = parse_yaml(read_text(Path(path), name), name)
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
    return _validate(Params, parse_yaml(read_text(source, name), name), name)


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

    Only a regular file is read, and only up to
    :data:`~politburo.scenario.limits.MAX_FILE_BYTES`: a directory, a device
    such as ``/dev/zero`` or a named pipe is refused before a byte is read
    (a pipe is opened without waiting for a writer), and a larger file is
    refused by its size.

    Args:
        source: The file.
        name: How to name it in errors.
        not_found: Added to the message when the file does not exist (such
            as the list of bundled ids).

    Returns:
        The text, decoded as UTF-8 (a byte-order mark is dropped).

    Raises:
        InputError: The file is missing, not a regular file, too large,
            unreadable or not UTF-8.
    """
    try:
        data = _read_regular(source) if isinstance(source, Path) else source.read_bytes()
    except FileNotFoundError:
        raise InputError.one(name, "file not found" + not_found) from None
    except IsADirectoryError:
        raise InputError.one(name, "is a directory, not a file") from None
    except _NotRegular as exc:
        raise InputError.one(
            name, f"is {exc.what}, not a regular file: only files are read"
        ) from None
    except OSError as exc:
        raise InputError.one(name, f"cannot be read: {exc.strerror or exc}") from None
    if len(data) > MAX_FILE_BYTES:
        raise InputError.one(
            name, f"is larger than {MAX_FILE_BYTES:,} bytes, the most an input file may hold"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError.one(name, f"not UTF-8 text (byte {exc.start})") from None


class _NotRegular(OSError):
    """A path that names something other than a regular file."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


def _read_regular(path: Path) -> bytes:
    """The bytes of a regular file, at most one more than the limit; never waits or reads on."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(path)
        if not stat.S_ISREG(mode):
            raise _NotRegular(_KINDS.get(stat.S_IFMT(mode), "a special file"))
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(MAX_FILE_BYTES + 1)
    finally:
        os.close(fd)


_KINDS = {
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFIFO: "a named pipe",
    stat.S_IFSOCK: "a socket",
}


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
            key if is_scalar(key) else str(key): _plain(value, (*path, key))
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
                problem_at(
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


# --------------------------------------------------------------------------- hashing


def _model_hash(model: BaseModel) -> str:
    canonical = json.dumps(
        model.model_dump(mode="json"), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
