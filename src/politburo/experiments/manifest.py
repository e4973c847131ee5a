"""An ensemble's manifest: what made its runs, written beside them as ``manifest.json``.

Two ensembles that differ in anything but the number of runs hold different
runs and may not share a folder; the manifest is how a folder says which
ensemble it holds, and :meth:`EnsembleSpec.differences` how another differs.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from importlib import metadata
from pathlib import Path
from typing import Any

from politburo.experiments.configuration import Configuration
from politburo.scenario.errors import InputError, Problem
from politburo.scenario.loading import params_hash, scenario_hash

__all__ = ["LIBRARY_WORDS", "MANIFEST", "Difference", "EnsembleSpec"]

#: The manifest's file name inside an ensemble folder.
MANIFEST = "manifest.json"


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
        if name in ("scenario_hash", "params_hash"):
            which = (
                "from a scenario whose content differs from this one"
                if name == "scenario_hash"
                else "with other parameters"
            )
            return f"its runs were made {which} (hash {folder[:12]}, now {asked[:12]})"
        if name == "root_seed":
            return f"its runs were made from root seed {folder}, not {asked}"
        if name == "version":
            return f"its runs were made by politburo {folder}, this is {asked}"
        if name == "scenario":
            return f"its runs are of scenario {folder!r}, not {asked!r}"
        return f"its runs have {name} {folder!r}, not {asked!r}"


@dataclass(frozen=True, slots=True)
class EnsembleSpec:
    """What makes an ensemble's runs: written to its folder as ``manifest.json``.

    Two specs that differ in anything but ``runs`` make different runs, so
    they may not share a folder; with everything else equal, more ``runs``
    extends an ensemble.

    Attributes:
        scenario: The scenario's id.
        scenario_hash: The scenario's content hash (before the levers and overrides).
        params_hash: The parameters' content hash (before the levers and overrides).
        overrides: The overrides, in the order given.
        levers: The levers pulled.
        root_seed: The root of the runs' seed sequence.
        runs: How many runs were asked for, the most asked into this folder.
        version: The version of politburo that made the runs.
    """

    scenario: str
    scenario_hash: str
    params_hash: str
    overrides: tuple[str, ...]
    levers: tuple[str, ...]
    root_seed: int
    runs: int
    version: str

    @classmethod
    def of(cls, configuration: Configuration, *, runs: int, root_seed: int = 0) -> EnsembleSpec:
        """The spec of ``runs`` runs of ``configuration`` from ``root_seed``."""
        return cls(
            scenario=configuration.scenario.id,
            scenario_hash=scenario_hash(configuration.scenario),
            params_hash=params_hash(configuration.params),
            overrides=configuration.overrides,
            levers=configuration.levers,
            root_seed=root_seed,
            runs=runs,
            version=_version(),
        )

    def to_dict(self) -> dict[str, Any]:
        """The manifest as JSON-ready values, keys sorted as in the file."""
        return dict(sorted(asdict(self).items()))

    def to_json(self) -> str:
        """The manifest's text: pretty JSON with sorted keys."""
        return json.dumps(self.to_dict(), indent=2, sort_keys=True) + "\n"

    @classmethod
    def read(cls, path: Path) -> EnsembleSpec:
        """Read a manifest.

        Raises:
            InputError: The file cannot be read or is not a manifest.
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
        problems = []
        values: dict[str, Any] = {}
        for item in fields(cls):
            value = data.get(item.name)
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
        return cls(**values)

    def differences(self, other: EnsembleSpec) -> list[Difference]:
        """How ``other`` differs from this spec (the folder's), ``runs`` aside."""
        return [
            Difference(item.name, getattr(self, item.name), getattr(other, item.name))
            for item in fields(self)
            if item.name != "runs" and getattr(self, item.name) != getattr(other, item.name)
        ]
