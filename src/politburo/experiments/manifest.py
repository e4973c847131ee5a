"""An ensemble's manifest: what made its runs, and which shards hold them, as ``manifest.json``.

Two ensembles whose runs differ may not share a folder; the manifest is how
a folder says which ensemble it holds (:class:`EnsembleSpec`) and
:meth:`EnsembleSpec.differences` how another differs. Two ensembles are the
same when their runs are played with the same values (the scenario and the
parameters after the levers and the overrides), whatever text asked for them:
``--set stalin.patience=0.80``, the default, asks for the runs of a folder
made without it.

The manifest also lists the shards that hold the runs (:class:`Chunk`),
each with its row count, size and SHA-256 checksum. Only the process that
plays an ensemble (the client, where workers may be other processes or other
machines) writes the manifest; a shard counts only once it is listed, so a
shard left by a stopped job, or put there by anyone else, is never read.

This module is light (no pyarrow): what reports a store's errors need not
load what raises them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from importlib import metadata
from pathlib import Path
from typing import Any

from politburo.experiments.configuration import Configuration
from politburo.scenario.errors import InputError, Problem
from politburo.scenario.loading import params_hash, scenario_hash

__all__ = [
    "FORMAT",
    "LIBRARY_WORDS",
    "MANIFEST",
    "TABLES",
    "Chunk",
    "Difference",
    "EnsembleSpec",
    "Manifest",
    "Shard",
    "shard_name",
]

#: The manifest's file name inside an ensemble folder.
MANIFEST = "manifest.json"

#: The manifest's format: 2 lists the shards with their checksums (1 did not); 3 adds
#: the alliances and camps tables (a chunk listed without them is played again).
FORMAT = 3

#: The tables of an ensemble, each a folder of shards.
TABLES = ("runs", "events", "series", "alliances", "camps")


def _version() -> str:
    try:
        return metadata.version(__name__.split(".")[0])  # this package's own name
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare source tree
        return "unknown"


#: How a difference names the levers and the overrides, in the library's words.
LIBRARY_WORDS: Mapping[str, str] = {"levers": "lever", "overrides": "override"}


@dataclass(frozen=True, slots=True)
class Difference:
    """One field in which an ensemble asked for differs from the one a folder holds.

    Attributes:
        field: The manifest's field.
        folder: Its value in the folder's manifest.
        asked: Its value in the ensemble asked for.
    """

    field: str
    folder: Any
    asked: Any

    def describe(self, words: Mapping[str, str] = LIBRARY_WORDS) -> str:
        """The difference in a phrase; ``words`` names the levers and the overrides."""

        def made(values: tuple[str, ...]) -> str:
            word = words.get(self.field, self.field)
            if not values:
                return f"without {word}"
            return "with " + ", ".join(f"{word} {v}" for v in values)

        name, folder, asked = self.field, self.folder, self.asked
        if name in ("overrides", "levers"):
            return f"its runs were made {made(folder)}, not {made(asked)}"
        if name in ("scenario_hash", "params_hash", "values_hash"):
            which = {
                "scenario_hash": "from a scenario whose content differs from this one",
                "params_hash": "with other parameters",
                "values_hash": "with other values of the scenario or the parameters",
            }[name]
            return f"its runs were made {which} (hash {folder[:12]}, now {asked[:12]})"
        if name == "root_seed":
            return f"its runs were made from root seed {folder}, not {asked}"
        if name == "version":
            return f"its runs were made by politburo {folder}, this is {asked}"
        if name == "scenario":
            return f"its runs are of scenario {folder!r}, not {asked!r}"
        return f"its runs have {name} {folder!r}, not {asked!r}"


def values_hash(configuration: Configuration) -> str:
    """A content hash of the values a configuration's runs are played with.

    It hashes the scenario and the parameters after the levers and the
    overrides, so that two configurations that play the same runs have the
    same hash whatever text asked for them.

    Raises:
        InputError: A lever or an override is bad.
    """
    scenario, params = configuration.changed()
    both = f"{scenario_hash(scenario)}:{params_hash(params)}"
    return hashlib.sha256(both.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class EnsembleSpec:
    """What makes an ensemble's runs: the top-level fields of ``manifest.json``.

    Two specs whose ``values_hash``, ``root_seed`` and ``version`` agree make
    the same runs, so they may share a folder, more ``runs`` extending it;
    the other fields say in words how two specs that may not share a folder
    differ.

    Attributes:
        scenario: The scenario's id.
        scenario_hash: The scenario's content hash (before the levers and overrides).
        params_hash: The parameters' content hash (before the levers and overrides).
        overrides: The overrides, in the order given.
        levers: The levers pulled.
        root_seed: The root of the runs' seed sequence.
        runs: How many runs were asked for, the most asked into this folder.
        version: The version of politburo that made the runs.
        values_hash: The content hash of the scenario and parameters the runs
            are played with (after the levers and the overrides); empty in a
            manifest written before it was recorded.
    """

    scenario: str
    scenario_hash: str
    params_hash: str
    overrides: tuple[str, ...]
    levers: tuple[str, ...]
    root_seed: int
    runs: int
    version: str
    values_hash: str = ""

    @classmethod
    def of(cls, configuration: Configuration, *, runs: int, root_seed: int = 0) -> EnsembleSpec:
        """The spec of ``runs`` runs of ``configuration`` from ``root_seed``.

        Raises:
            InputError: A lever or an override is bad.
        """
        return cls(
            scenario=configuration.scenario.id,
            scenario_hash=scenario_hash(configuration.scenario),
            params_hash=params_hash(configuration.params),
            overrides=configuration.overrides,
            levers=configuration.levers,
            root_seed=root_seed,
            runs=runs,
            version=_version(),
            values_hash=values_hash(configuration),
        )

    def to_dict(self) -> dict[str, Any]:
        """The spec as JSON-ready values, keys sorted as in the file."""
        return dict(sorted(asdict(self).items()))

    def to_json(self) -> str:
        """The spec alone as pretty JSON with sorted keys (a manifest without shards)."""
        return json.dumps(self.to_dict(), indent=2, sort_keys=True) + "\n"

    @classmethod
    def read(cls, path: Path) -> EnsembleSpec:
        """Read the spec of a manifest.

        Raises:
            InputError: The file cannot be read or is not a manifest.
        """
        return _spec_of(_read_object(path), str(path))

    def differences(self, other: EnsembleSpec) -> list[Difference]:
        """How ``other`` differs from this spec (the folder's) in the runs it makes.

        The runs are compared by the values they are played with: when both
        specs record them and they agree, only the root seed and the version
        can differ; otherwise every field that differs is named (``runs``
        aside, which only extends an ensemble).
        """
        if self.values_hash and self.values_hash == other.values_hash:
            names: tuple[str, ...] = ("root_seed", "version")
        else:
            ignored = {"runs", "values_hash"}
            names = tuple(f.name for f in fields(self) if f.name not in ignored)
        found = [
            Difference(name, getattr(self, name), getattr(other, name))
            for name in names
            if getattr(self, name) != getattr(other, name)
        ]
        if not found and self.values_hash != other.values_hash and self.values_hash:
            found.append(Difference("values_hash", self.values_hash, other.values_hash))
        return found


def _read_object(path: Path) -> dict[str, Any]:
    """A manifest's JSON object.

    Raises:
        InputError: The file cannot be read or holds no JSON object.
    """
    name = str(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError.one(name, f"cannot be read: {error.strerror or error}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError.one(name, f"not a manifest: {error}") from None
    if not isinstance(data, dict):
        raise InputError.one(name, "not a manifest: expected a JSON object")
    return data


def _spec_of(data: Mapping[str, Any], name: str) -> EnsembleSpec:
    """The spec in a manifest's object (``values_hash`` may be missing: an older manifest)."""
    problems = []
    values: dict[str, Any] = {}
    for item in fields(EnsembleSpec):
        value = data.get(item.name, "" if item.name == "values_hash" else None)
        if item.name in ("overrides", "levers"):
            ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
            if isinstance(value, list):
                value = tuple(value)
        elif item.name in ("root_seed", "runs"):
            ok = isinstance(value, int) and not isinstance(value, bool)
        else:
            ok = isinstance(value, str)
        if not ok:
            problems.append(Problem(name, None, item.name, "missing or of the wrong type"))
        values[item.name] = value
    if problems:
        raise InputError(problems)
    return EnsembleSpec(**values)


# --------------------------------------------------------------------------- shards


def shard_name(first: int, last: int) -> str:
    """The file name of the shards holding runs ``first`` to ``last`` (in each table's folder)."""
    return f"part-{first:06d}-{last:06d}.parquet"


@dataclass(frozen=True, slots=True)
class Shard:
    """One shard file as written: enough to tell it whole and unchanged.

    Attributes:
        rows: Its row count.
        size: Its size in bytes.
        sha256: The SHA-256 of its bytes.
    """

    rows: int
    size: int
    sha256: str


@dataclass(frozen=True, slots=True)
class Chunk:
    """Runs ``first`` to ``last`` of an ensemble, and the shard of each table holding them.

    Attributes:
        first: The first run's index.
        last: The last run's index (inclusive, as in the shards' names).
        shards: Each table's shard, by table name; a chunk listed by an
            earlier format lacks the tables added since.
    """

    first: int
    last: int
    shards: Mapping[str, Shard]

    @property
    def name(self) -> str:
        """The file name of its shards (the same in each table's folder)."""
        return shard_name(self.first, self.last)

    @property
    def runs(self) -> range:
        """The indices of its runs."""
        return range(self.first, self.last + 1)

    def to_dict(self) -> dict[str, Any]:
        """The chunk as the manifest lists it."""
        return {
            "first": self.first,
            "last": self.last,
            "shards": {table: asdict(shard) for table, shard in self.shards.items()},
        }

    @classmethod
    def of(cls, data: Any) -> Chunk:
        """A chunk from the manifest's list.

        Raises:
            ValueError: ``data`` is not a chunk.
        """
        try:
            listed = data["shards"]
            shards = {
                table: Shard(int(s["rows"]), int(s["size"]), str(s["sha256"]))
                for table, s in ((t, listed[t]) for t in TABLES if t in listed)
            }
            first, last = int(data["first"]), int(data["last"])
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(f"not a chunk: {error}") from None
        if not 0 <= first <= last:
            raise ValueError(f"not a chunk: runs {first} to {last}")
        return cls(first, last, shards)


@dataclass(frozen=True, slots=True)
class Manifest:
    """The whole ``manifest.json``: the spec, and the chunks whose shards the folder holds.

    Attributes:
        spec: What makes the runs.
        chunks: The chunks written and checked, in the order of their runs;
            no two hold the same run.
        listed: Whether the file lists its shards (format 2 on); a manifest of
            format 1 did not, and its folder's shards are known by name.
    """

    spec: EnsembleSpec
    chunks: tuple[Chunk, ...] = ()
    listed: bool = True

    @property
    def runs_held(self) -> frozenset[int]:
        """The indices of the runs in the chunks listed."""
        return frozenset(i for chunk in self.chunks for i in chunk.runs)

    def with_chunk(self, chunk: Chunk) -> Manifest:
        """This manifest with ``chunk`` listed too.

        Raises:
            ValueError: The chunk holds a run already listed.
        """
        if not self.runs_held.isdisjoint(chunk.runs):
            raise ValueError(f"runs {chunk.first} to {chunk.last} are listed already")
        chunks = sorted((*self.chunks, chunk), key=lambda c: c.first)
        return replace(self, chunks=tuple(chunks), listed=True)

    def without(self, names: set[str]) -> Manifest:
        """This manifest without the chunks named (their shards' file names)."""
        return replace(self, chunks=tuple(c for c in self.chunks if c.name not in names))

    def to_json(self) -> str:
        """The manifest's text: the spec's fields, the format and the chunks, keys sorted."""
        data = self.spec.to_dict() | {
            "format": FORMAT,
            "chunks": [chunk.to_dict() for chunk in self.chunks],
        }
        return json.dumps(data, indent=1, sort_keys=True) + "\n"

    @classmethod
    def read(cls, path: Path) -> Manifest:
        """Read a manifest (of either format).

        Raises:
            InputError: The file cannot be read, is not a manifest, or lists a
                chunk that is not one, or two that hold the same run.
        """
        data = _read_object(path)
        spec = _spec_of(data, str(path))
        if "chunks" not in data:
            return cls(spec, (), listed=False)
        manifest = cls(spec)
        try:
            if not isinstance(data["chunks"], list):
                raise ValueError("chunks is not a list")
            for item in data["chunks"]:
                manifest = manifest.with_chunk(Chunk.of(item))
        except ValueError as error:
            raise InputError.one(str(path), f"not a manifest: {error}", field="chunks") from None
        return manifest
