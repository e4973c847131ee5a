"""The experiment layer's errors: a store that cannot be used as asked, an ensemble stopped.

They speak of folders, ensembles and the library's arguments, never of
command-line options; the command line words them for its users. This module
is light (no pyarrow, no DuckDB), so that what reports these errors need not
load what raises them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from politburo.experiments.manifest import MANIFEST, Difference
from politburo.scenario.errors import InputError, Problem

__all__ = [
    "DifferentEnsemble",
    "EnsembleInterrupted",
    "NoEnsemble",
    "StoreError",
    "UnknownShards",
    "different",
]


class StoreError(InputError):
    """An ensemble folder cannot be used as asked (a one-line problem per reason).

    Attributes:
        folder: The ensemble's folder.
    """

    def __init__(self, folder: Path, problems: Sequence[Problem]) -> None:
        super().__init__(problems)
        self.folder = folder


class DifferentEnsemble(StoreError):
    """The folder holds another ensemble than the one asked for.

    Attributes:
        manifest: The folder's manifest.
        differences: Each field that differs.
    """

    def __init__(self, manifest: Path, differences: Sequence[Difference]) -> None:
        super().__init__(
            manifest.parent,
            [Problem(str(manifest), None, d.field, different(d.describe())) for d in differences],
        )
        self.manifest = manifest
        self.differences = tuple(differences)


def different(description: str) -> str:
    """The message of a :class:`DifferentEnsemble` problem around its difference's phrase."""
    return f"this folder holds a different ensemble: {description}"


class UnknownShards(StoreError):
    """The folder holds shards but no manifest, so what made them is unknown."""

    MESSAGE = "this folder holds ensemble shards but no manifest, so what made them is unknown"

    def __init__(self, folder: Path) -> None:
        super().__init__(folder, [Problem(str(folder / MANIFEST), None, "", self.MESSAGE)])


class NoEnsemble(StoreError):
    """The folder holds no ensemble to read."""

    MESSAGE = "no ensemble here (no runs/*.parquet)"

    def __init__(self, folder: Path) -> None:
        super().__init__(folder, [Problem(str(folder), None, "", self.MESSAGE)])


class EnsembleInterrupted(Exception):
    """The ensemble was stopped (Ctrl-C); the runs finished so far are kept.

    Attributes:
        done: How many of the runs asked for are in the folder.
        total: How many runs were asked for.
        out_dir: The ensemble's folder.
    """

    def __init__(self, done: int, total: int, out_dir: Path) -> None:
        super().__init__(done, total, out_dir)
        self.done = done
        self.total = total
        self.out_dir = out_dir

    def __str__(self) -> str:
        return (
            f"interrupted: {self.done} of {self.total} runs kept; "
            "run the same command again to resume"
        )
