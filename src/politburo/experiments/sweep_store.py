"""A sweep's folder: its manifest, design, per-point run shards and indices, kept exactly once.

A sweep folder holds:

- ``sweep.json``: what made the sweep (:class:`SweepSpec`) and the points
  done, each with its shard's rows, size and SHA-256;
- ``design.parquet``: the points, one row each (``point`` and a column per
  parameter);
- ``runs/point-NNNNNN.parquet``: the scored runs of one point: ``point``,
  ``run``, ``winner``, ``winner_month`` (months from the calendar's start)
  and ``fidelity``;
- ``indices.parquet``: the sensitivity indices, once every point is done.

It keeps the ensemble store's guarantees (:mod:`politburo.experiments.store`):
one job at a time (the same ``.lock``), only the client (the process that
holds the lock) writes the manifest and the shards, each atomically; a point
counts once it is listed, so each run is there exactly once whatever was
stopped or killed; every listed shard is checked against its checksum when
the sweep is resumed, and a damaged point is played again.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from politburo.experiments.errors import StoreBusy
from politburo.experiments.lock import LOCK, StoreLock
from politburo.experiments.manifest import EnsembleSpec
from politburo.experiments.sensitivity import Range
from politburo.experiments.store import _write_atomic as write_atomic
from politburo.scenario.errors import InputError, Problem

__all__ = [
    "DESIGN",
    "INDICES",
    "MANIFEST",
    "POINT_SCHEMA",
    "PointShard",
    "SweepSpec",
    "SweepStore",
    "claim_sweep",
    "read_table",
    "sweep_runs",
]

MANIFEST = "sweep.json"
DESIGN = "design.parquet"
INDICES = "indices.parquet"

#: A point's runs: one row per run.
POINT_SCHEMA = pa.schema(
    [
        ("point", pa.int64()),
        ("run", pa.int64()),
        ("winner", pa.string()),
        ("winner_month", pa.int64()),
        ("fidelity", pa.float64()),
    ]
)

_TEMPORARY = re.compile(
    r"^\.(point-\d{6,}\.parquet|sweep\.json|design\.parquet|indices\.parquet)\."
)


def _point_name(point: int) -> str:
    return f"point-{point:06d}.parquet"


@dataclass(frozen=True, slots=True)
class SweepSpec:
    """What makes a sweep's runs; two sweeps may share a folder only if their specs agree.

    Attributes:
        base: The base configuration's ensemble spec (scenario, parameters,
            overrides, root seed, version; ``runs`` is the runs per point).
        ranges: The parameters varied, with their bounds.
        method: ``sobol`` or ``morris``.
        samples: SALib's base sample size (Sobol) or trajectories (Morris).
        record: The record the runs are scored against.
    """

    base: EnsembleSpec
    ranges: tuple[Range, ...]
    method: str
    samples: int
    record: str

    def to_dict(self) -> dict[str, Any]:
        """The spec as JSON-ready values."""
        return {
            "base": self.base.to_dict(),
            "ranges": [asdict(r) for r in self.ranges],
            "method": self.method,
            "samples": self.samples,
            "record": self.record,
        }

    @classmethod
    def of(cls, data: Mapping[str, Any], name: str) -> SweepSpec:
        """The spec a manifest holds.

        Raises:
            InputError: ``data`` is not a sweep's spec.
        """
        try:
            base = dict(data["base"])
            base["overrides"], base["levers"] = tuple(base["overrides"]), tuple(base["levers"])
            return cls(
                EnsembleSpec(**base),
                tuple(
                    Range(str(r["name"]), float(r["low"]), float(r["high"])) for r in data["ranges"]
                ),
                str(data["method"]),
                int(data["samples"]),
                str(data["record"]),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise InputError.one(name, f"not a sweep's manifest: {error}") from None

    def differences(self, other: SweepSpec) -> list[str]:
        """How ``other`` differs from this spec (the folder's), each in a phrase."""
        found = [d.describe() for d in self.base.differences(other.base)]
        if self.base.runs != other.base.runs:
            found.append(f"its points have {self.base.runs} runs each, not {other.base.runs}")
        for field in ("ranges", "method", "samples", "record"):
            mine, theirs = getattr(self, field), getattr(other, field)
            if mine != theirs:
                found.append(f"its {field} is {_shown(mine)}, not {_shown(theirs)}")
        return found


def _shown(value: Any) -> str:
    if isinstance(value, tuple):
        return ", ".join(f"{r.name}={r.low:g}:{r.high:g}" for r in value)
    return repr(value)


@dataclass(frozen=True, slots=True)
class PointShard:
    """A point's shard as written: rows, size and SHA-256."""

    rows: int
    size: int
    sha256: str


class SweepStore:
    """A sweep folder claimed by this job (:func:`claim_sweep`): its listed shards checked.

    Attributes:
        folder: The sweep's folder.
        spec: What makes its runs.
        points: The points done, with their shards.
        damaged: The points whose shards were found damaged (to play again).
    """

    def __init__(
        self,
        folder: Path,
        job: str,
        spec: SweepSpec,
        points: dict[int, PointShard],
        damaged: tuple[int, ...],
    ) -> None:
        self.folder = folder
        self.spec = spec
        self.points = points
        self.damaged = damaged
        self._job = job

    def write(self, name: str, table: pa.Table) -> PointShard:
        """Write a table of the folder atomically (``name`` relative to it); what was written."""
        sink = pa.BufferOutputStream()
        pq.write_table(table, sink)
        content = sink.getvalue()
        write_atomic(self.folder / name, memoryview(content), self._job)
        return PointShard(table.num_rows, content.size, hashlib.sha256(content).hexdigest())

    def record(self, point: int, runs: pa.Table) -> None:
        """Write a point's runs and list it in the manifest, which makes them count."""
        if point in self.points:
            raise ValueError(f"point {point} is listed already")
        self.points[point] = self.write(f"runs/{_point_name(point)}", runs)
        self._write_manifest()

    def _write_manifest(self) -> None:
        data = self.spec.to_dict() | {
            "points": {str(p): asdict(s) for p, s in sorted(self.points.items())}
        }
        text = json.dumps(data, indent=1, sort_keys=True) + "\n"
        write_atomic(self.folder / MANIFEST, text.encode("utf-8"), self._job)


@contextmanager
def claim_sweep(folder: Path, spec: SweepSpec) -> Iterator[SweepStore]:
    """Take ``folder`` for this sweep: lock it, check it holds this sweep, check its shards.

    The lock is held until the ``with`` block ends.

    Raises:
        StoreBusy: Another job holds the folder's lock.
        InputError: The folder holds another sweep (each difference named),
            or other files and no sweep, or cannot be written.
    """
    ours = not folder.is_dir() or (folder / MANIFEST).is_file()
    if not ours and any(p.name not in (LOCK, "runs") for p in folder.iterdir()):
        raise InputError.one(str(folder), "holds other files and no sweep: name a new folder")
    (folder / "runs").mkdir(parents=True, exist_ok=True)
    lock = StoreLock(folder)
    holder = lock.acquire()
    if holder is not None:
        raise StoreBusy(folder, holder)
    try:
        points, damaged = _checked(folder, spec)
        _tidy(folder)
        store = SweepStore(folder, lock.holder.job, spec, points, damaged)
        store._write_manifest()
        yield store
    finally:
        lock.release()


def _checked(folder: Path, spec: SweepSpec) -> tuple[dict[int, PointShard], tuple[int, ...]]:
    """The points the folder's manifest lists whose shards are whole, and the damaged ones."""
    path = folder / MANIFEST
    if not path.is_file():
        return {}, ()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        found = SweepSpec.of(data, str(path))
        listed = {int(p): PointShard(**s) for p, s in data.get("points", {}).items()}
    except (OSError, ValueError, TypeError) as error:
        raise InputError.one(str(path), f"cannot be read as a sweep: {error}") from None
    differences = found.differences(spec)
    if differences:
        raise InputError(
            Problem(str(path), None, "", f"this folder holds a different sweep: {d}")
            for d in differences
        )
    damaged = tuple(
        p for p, shard in listed.items() if not _whole(folder / "runs" / _point_name(p), shard)
    )
    for point in damaged:
        (folder / "runs" / _point_name(point)).unlink(missing_ok=True)
        del listed[point]
    return listed, damaged


def _whole(path: Path, shard: PointShard) -> bool:
    """Whether a listed shard is as written (size and checksum)."""
    try:
        content = path.read_bytes()
    except OSError:
        return False
    return len(content) == shard.size and hashlib.sha256(content).hexdigest() == shard.sha256


def _tidy(folder: Path) -> None:
    """Remove the temporary files stopped jobs left (only the store's own, by name)."""
    for where in (folder, folder / "runs"):
        for path in where.iterdir():
            if _TEMPORARY.match(path.name) and path.name.endswith(".tmp") and path.is_file():
                path.unlink(missing_ok=True)


def read_table(folder: Path, name: str) -> pa.Table:
    """One of the folder's tables (``design.parquet``, ``indices.parquet``).

    Raises:
        InputError: The folder holds no such table (not a sweep, or not finished).
    """
    path = folder / name
    if not path.is_file():
        raise InputError.one(str(folder), f"holds no {name}: not a finished sweep")
    return pq.read_table(path)


def sweep_runs(folder: Path) -> pa.Table:
    """The runs of every point listed in the manifest, ordered by point and run.

    Raises:
        InputError: The folder holds no sweep.
    """
    path = folder / MANIFEST
    if not path.is_file():
        raise InputError.one(str(folder), "holds no sweep (no sweep.json)")
    points = sorted(int(p) for p in json.loads(path.read_text(encoding="utf-8"))["points"])
    tables = [pq.read_table(folder / "runs" / _point_name(p)) for p in points]
    return pa.concat_tables(tables) if tables else POINT_SCHEMA.empty_table()
