"""The experiment layer's errors: a store that cannot be used as asked, an ensemble stopped.

They speak of folders, ensembles and the library's arguments, never of
command-line options; the command line words them for its users. This module
is light (no pyarrow, no DuckDB), so that what reports these errors need not
load what raises them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from politburo.experiments.lock import Holder
from politburo.experiments.manifest import MANIFEST, Difference
from politburo.scenario.errors import InputError, Problem

__all__ = [
    "BackendLost",
    "DamagedShards",
    "DifferentEnsemble",
    "EnsembleInterrupted",
    "EnsembleLost",
    "NoEnsemble",
    "NotAStore",
    "OlderStore",
    "StoreBusy",
    "StoreError",
    "StoreWriteError",
    "Terminated",
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


class NotAStore(StoreError):
    """The folder holds files and no manifest: it is not an ensemble folder, and is left alone.

    Attributes:
        found: The names of what it holds.
    """

    def __init__(self, folder: Path, found: Sequence[str]) -> None:
        shown = ", ".join(found[:3]) + (f" and {len(found) - 3} more" if len(found) > 3 else "")
        message = f"not an ensemble folder (no {MANIFEST}; it holds {shown}); it is left as it is"
        super().__init__(folder, [Problem(str(folder), None, "", message)])
        self.found = tuple(found)


class DamagedShards(StoreError):
    """Shards the manifest lists are missing or of the wrong size (found when reading)."""

    def __init__(self, folder: Path, damaged: Sequence[tuple[Path, str]]) -> None:
        super().__init__(
            folder, [Problem(str(path), None, "", f"damaged: {why}") for path, why in damaged]
        )


class OlderStore(StoreError):
    """The folder was made by an earlier politburo, whose manifest listed no shards.

    Its shards carry no checksums and its events no ``seq`` column, so it
    cannot be resumed or extended; it can still be read.
    """

    MESSAGE = (
        "made by an earlier politburo (its manifest lists no shards with checksums), "
        "so it cannot be extended"
    )

    def __init__(self, folder: Path) -> None:
        super().__init__(folder, [Problem(str(folder / MANIFEST), None, "", self.MESSAGE)])


class StoreBusy(StoreError):
    """Another job holds the folder's lock: it is playing runs into it now.

    Attributes:
        holder: Who holds the lock.
    """

    def __init__(self, folder: Path, holder: Holder) -> None:
        message = f"in use by another politburo job ({holder.describe()})"
        super().__init__(folder, [Problem(str(folder), None, "", message)])
        self.holder = holder


class StoreWriteError(StoreError):
    """A shard or the manifest could not be written (a full disk, say); finished runs are kept.

    Attributes:
        done: How many of the runs asked for are in the folder.
        total: How many runs were asked for.
    """

    def __init__(self, folder: Path, error: OSError, done: int, total: int) -> None:
        what = _within(folder, error.filename) if error.filename else "a shard"
        message = f"cannot write {what}: {error.strerror or error}; {done} of {total} runs kept"
        super().__init__(folder, [Problem(str(folder), None, "", message)])
        self.done = done
        self.total = total


def _within(folder: Path, filename: str) -> str:
    """A file's path inside ``folder`` (``events/part-...``), or as it is if outside."""
    path = Path(filename)
    return str(path.relative_to(folder)) if path.is_relative_to(folder) else str(path)


class Terminated(BaseException):
    """The process was asked to stop (SIGTERM), raised where Ctrl-C raises KeyboardInterrupt.

    Like KeyboardInterrupt it is no ``Exception``, so that no ``except
    Exception`` swallows it; an ensemble stops on it as on Ctrl-C.
    """


class EnsembleInterrupted(Exception):
    """The ensemble was stopped (Ctrl-C or SIGTERM); the runs finished so far are kept.

    Attributes:
        done: How many of the runs asked for are in the folder.
        total: How many runs were asked for.
        out_dir: The ensemble's folder.
        terminated: Whether SIGTERM stopped it (else Ctrl-C).
    """

    def __init__(self, done: int, total: int, out_dir: Path, *, terminated: bool = False) -> None:
        super().__init__(done, total, out_dir)
        self.done = done
        self.total = total
        self.out_dir = out_dir
        self.terminated = terminated

    def __str__(self) -> str:
        how = "terminated" if self.terminated else "interrupted"
        return f"{how}: {self.done} of {self.total} runs kept; run the same command again to resume"


class BackendLost(Exception):
    """The back end dropped the job's tasks unasked: a Dask scheduler killed or gone.

    What was committed before is kept; the job can be run again, on a
    running back end, to resume.
    """


class EnsembleLost(EnsembleInterrupted):
    """The ensemble (or sweep) stopped because its back end was lost; the runs finished are kept.

    Attributes:
        reason: What was lost, in a phrase.
    """

    def __init__(self, done: int, total: int, out_dir: Path, reason: str) -> None:
        super().__init__(done, total, out_dir)
        self.reason = reason

    def __str__(self) -> str:
        return (
            f"stopped: {self.reason}; {self.done} of {self.total} runs kept; "
            "run the same command again, on a running cluster, to resume"
        )
