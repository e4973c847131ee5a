"""The ensemble store: a folder of Parquet shards per ensemble, and a manifest of what made it.

An ensemble folder holds a ``manifest.json`` (see
:mod:`politburo.experiments.manifest`) and three folders of Parquet shards:

- ``runs/``: one row per run: ``run`` (its index), ``seed``, ``winner``,
  ``winner_month`` and, for each contender, ``<id>_fate`` and
  ``<id>_fate_month`` (see :data:`politburo.experiments.fates.FATES`);
- ``events/``: the event log, :data:`politburo.analysis.tables.EVENT_SCHEMA`
  with a ``run`` column in front;
- ``series/``: the monthly series in long form: ``run``, ``month``,
  ``contender``, ``series`` (one of :data:`politburo.model.result.SERIES_NAMES`)
  and ``value``.

Shards are named by the range of run indices they hold
(``part-000050-000099.parquet`` holds runs 50 to 99), so which runs are done
is known from the file names alone. Each shard is written atomically (a
temporary file, then a rename) and a chunk's ``runs`` shard is written last:
a chunk counts as done once its ``runs`` shard exists. An ``events`` or
``series`` shard without its ``runs`` shard is left over from an interrupted
write; it is removed when the ensemble is resumed and ignored when the
ensemble is read.

A store of many ensembles (what-ifs and attribution) keeps each
configuration's ensemble in a folder named by the configuration's key and
the root seed: ``STORE/<scenario>/params-<hash>/seed<N>/<levers>-<hash>``.

The errors (:mod:`politburo.experiments.errors`) speak of folders and
ensembles, never of command-line options: the command line words them for
its users.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from politburo.analysis.tables import EVENT_SCHEMA
from politburo.experiments.configuration import Configuration
from politburo.experiments.errors import DifferentEnsemble, UnknownShards
from politburo.experiments.manifest import MANIFEST, EnsembleSpec
from politburo.scenario.errors import InputError

__all__ = [
    "SERIES_SCHEMA",
    "TABLES",
    "claim",
    "completed_runs",
    "configuration_folder",
    "ensemble_events_schema",
    "runs_schema",
    "shards",
    "write_chunk",
]

#: The tables of an ensemble, each a folder of shards.
TABLES = ("runs", "events", "series")

#: The series table: one row per run, month, contender and series.
SERIES_SCHEMA = pa.schema(
    [
        ("run", pa.int64()),
        ("month", pa.string()),
        ("contender", pa.string()),
        ("series", pa.string()),
        ("value", pa.float64()),
    ]
)

_SHARD = re.compile(r"^part-(\d+)-(\d+)\.parquet$")


def runs_schema(contenders: Sequence[str]) -> pa.Schema:
    """The runs table's schema for a scenario's contenders."""
    columns = [
        ("run", pa.int64()),
        ("seed", pa.int64()),
        ("winner", pa.string()),
        ("winner_month", pa.string()),
    ]
    for contender in contenders:
        columns += [(f"{contender}_fate", pa.string()), (f"{contender}_fate_month", pa.string())]
    return pa.schema(columns)


def ensemble_events_schema() -> pa.Schema:
    """The events table's schema: ``EVENT_SCHEMA`` of the event log with ``run`` first."""
    return pa.schema([pa.field("run", pa.int64()), *EVENT_SCHEMA])


# --------------------------------------------------------------------------- folders


def configuration_folder(store: Path, configuration: Configuration, seed: int) -> Path:
    """The folder of ``configuration``'s ensemble from root ``seed`` in a store of ensembles."""
    key = configuration.key()
    return store / key.scenario / key.params / f"seed{seed}" / key.changes


def claim(folder: Path, spec: EnsembleSpec) -> EnsembleSpec:
    """Check that ``folder`` is free or holds this ensemble, tidy it and write the manifest.

    Returns:
        The spec as written: ``runs`` is the most ever asked into the folder.

    Raises:
        DifferentEnsemble: The folder holds another ensemble.
        UnknownShards: The folder holds shards but no manifest.
        InputError: The folder is a file, or cannot be written.
    """
    manifest = folder / MANIFEST
    if folder.exists() and not folder.is_dir():
        raise InputError.one(str(folder), "is a file, not a folder")
    if manifest.is_file():
        found = EnsembleSpec.read(manifest)
        differences = found.differences(spec)
        if differences:
            raise DifferentEnsemble(manifest, differences)
        spec = replace(spec, runs=max(found.runs, spec.runs))
    elif shards(folder / "runs"):
        raise UnknownShards(folder)
    try:
        for table in TABLES:
            (folder / table).mkdir(parents=True, exist_ok=True)
        _tidy(folder)
        text = spec.to_json().encode("utf-8")
        _write_atomic(manifest, lambda temporary: temporary.write_bytes(text))
    except OSError as error:
        raise InputError.one(str(folder), f"cannot be written: {error.strerror or error}") from None
    return spec


def _tidy(folder: Path) -> None:
    """Remove what an interrupted write left: temporary files, shards of unfinished chunks."""
    done = {path.name for path in shards(folder / "runs")}
    for table in TABLES:
        for path in (folder / table).glob(".*.tmp"):
            path.unlink(missing_ok=True)
        if table != "runs":
            for path in shards(folder / table):
                if path.name not in done:
                    path.unlink(missing_ok=True)


def shards(folder: Path) -> list[Path]:
    """The shards in a table's folder, in the order of their runs."""
    if not folder.is_dir():
        return []
    found = [(m, p) for p in folder.iterdir() if (m := _SHARD.match(p.name)) and p.is_file()]
    return [p for m, p in sorted(found, key=lambda item: int(item[0][1]))]


def completed_runs(out_dir: str | Path) -> set[int]:
    """The indices of the runs done in an ensemble folder, read from its runs shards' names."""
    done: set[int] = set()
    for path in shards(Path(out_dir) / "runs"):
        match = _SHARD.match(path.name)
        assert match is not None
        done.update(range(int(match[1]), int(match[2]) + 1))
    return done


def write_chunk(
    folder: Path, start: int, stop: int, tables: tuple[pa.Table, pa.Table, pa.Table]
) -> None:
    """Write the runs, events and series shards of runs ``start`` to ``stop - 1``.

    The runs shard is written last: it marks the chunk done.
    """
    runs, events, series = tables
    name = f"part-{start:06d}-{stop - 1:06d}.parquet"
    _write_table(events, folder / "events" / name)
    _write_table(series, folder / "series" / name)
    _write_table(runs, folder / "runs" / name)


def _write_table(table: pa.Table, path: Path) -> None:
    _write_atomic(path, lambda temporary: pq.write_table(table, temporary))


def _write_atomic(path: Path, write: Callable[[Path], object]) -> None:
    """Write ``path`` through a temporary file beside it, so it is whole or absent."""
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        write(temporary)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
