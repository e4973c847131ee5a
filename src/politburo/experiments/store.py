"""The ensemble store: a folder of Parquet shards per ensemble, its manifest and its lock.

An ensemble folder holds a ``manifest.json`` (see
:mod:`politburo.experiments.manifest`), a ``.lock`` file (see
:mod:`politburo.experiments.lock`) and three folders of Parquet shards:

- ``runs/``: one row per run: ``run`` (its index), ``seed``, ``winner``,
  ``winner_month`` and, for each contender, ``<id>_fate`` and
  ``<id>_fate_month`` (see :data:`politburo.experiments.fates.FATES`);
- ``events/``: the event log, :data:`politburo.analysis.tables.EVENT_SCHEMA`
  with ``run`` and ``seq`` (the event's place in its run's log, from 0) in
  front, so that the order of a month's events is kept;
- ``series/``: the monthly series in long form: ``run``, ``month``,
  ``contender``, ``series`` (one of :data:`politburo.model.result.SERIES_NAMES`)
  and ``value``;
- ``alliances/``: each spell of alliance between two contenders, ``run`` in
  front of :data:`politburo.analysis.tables.ALLIANCE_SCHEMA` (``members``,
  ``first_month``, ``last_month``, null when it held to the end, and the
  same as steps);
- ``camps/``: each spell a named man who is no contender spent in a
  contender's camp, ``run`` in front of
  :data:`politburo.analysis.tables.CAMP_SCHEMA` (``camp``, ``member`` and
  the months as for alliances).

How the store keeps runs exactly once and never loses or damages them:

- **One job at a time.** A job takes the folder's lock before it reads or
  writes anything and holds it to its end (:func:`claim`); a second job is
  refused, naming the first (:class:`~politburo.experiments.errors.StoreBusy`).
- **A shard counts once it is listed.** Workers write each shard under a
  temporary name unique to the write, then rename it, and send back its row
  count, size and SHA-256 (:func:`write_chunk`); only the job's client lists
  it in the manifest (:meth:`Store.record`). Readers read only listed shards.
- **Checked on every claim.** Each listed shard is checked against its size
  and checksum; a missing, truncated or altered shard is reported, its
  chunk's shards are removed and its runs are played again.
- **Only the store's own files are deleted**: listed shards found damaged,
  temporary files with the store's names, and unlisted shards whose Parquet
  footer says the store wrote them (a stopped job's). A folder that holds
  other files and no manifest is not a store and is refused; nothing else is
  ever touched.

A store of many ensembles (what-ifs and attribution) keeps each
configuration's ensemble in a folder named by the configuration's key and
the root seed: ``STORE/<scenario>/params-<hash>/seed<N>/<levers>-<hash>``.

The errors (:mod:`politburo.experiments.errors`) speak of folders and
ensembles, never of command-line options: the command line words them for
its users.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import json
import os
import re
import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import TracebackType
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from politburo.analysis.tables import ALLIANCE_SCHEMA, CAMP_SCHEMA, EVENT_SCHEMA
from politburo.experiments.configuration import Configuration
from politburo.experiments.errors import (
    DamagedShards,
    DifferentEnsemble,
    NoEnsemble,
    NotAStore,
    OlderStore,
    StoreBusy,
    UnknownShards,
)
from politburo.experiments.lock import LOCK, StoreLock
from politburo.experiments.manifest import (
    MANIFEST,
    TABLES,
    Chunk,
    EnsembleSpec,
    Manifest,
    Shard,
    shard_name,
)
from politburo.scenario.errors import InputError

__all__ = [
    "SERIES_SCHEMA",
    "SPELL_SCHEMAS",
    "TABLES",
    "Damaged",
    "EncodedChunk",
    "Store",
    "claim",
    "configuration_folder",
    "encode_chunk",
    "ensemble_events_schema",
    "read_shards",
    "runs_schema",
    "write_chunk",
    "write_encoded",
]

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

_SHARD = re.compile(r"^part-(\d{6,})-(\d{6,})\.parquet$")
#: What the store's temporary files are called: ``.NAME.TOKEN.tmp`` (earlier, ``.NAME.tmp``).
_TEMPORARY = re.compile(
    r"^\.(?:part-\d{6,}-\d{6,}\.parquet|manifest\.json)(?:\.[0-9a-f]{20})?\.tmp$"
)
#: The key of a shard's Parquet footer that says the store wrote it, and what it holds.
_MARK = b"politburo.shard"


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
    """The events table's schema: ``run`` and ``seq``, then ``EVENT_SCHEMA`` of the event log."""
    return pa.schema([pa.field("run", pa.int64()), pa.field("seq", pa.int32()), *EVENT_SCHEMA])


#: The spell tables (alliances and camps): ``run``, then the spells of each run.
SPELL_SCHEMAS = {
    name: pa.schema([pa.field("run", pa.int64()), *schema])
    for name, schema in (("alliances", ALLIANCE_SCHEMA), ("camps", CAMP_SCHEMA))
}


def configuration_folder(store: Path, configuration: Configuration, seed: int) -> Path:
    """The folder of ``configuration``'s ensemble from root ``seed`` in a store of ensembles."""
    key = configuration.key()
    return store / key.scenario / key.params / f"seed{seed}" / key.changes


# --------------------------------------------------------------------------- writing (workers)


@dataclass(frozen=True, slots=True)
class EncodedChunk:
    """A chunk's shards as Parquet bytes, by table, before they are written anywhere.

    A worker that sends its chunk back to the client (no shared file system)
    sends this; the client writes it with :func:`write_encoded`.
    """

    first: int
    last: int
    shards: dict[str, bytes]
    rows: dict[str, int]


def encode_chunk(first: int, last: int, tables: Mapping[str, pa.Table]) -> EncodedChunk:
    """The tables of runs ``first`` to ``last`` as Parquet, each footer marking its shard."""
    shards = {}
    for table in TABLES:
        mark = json.dumps({"table": table, "first": first, "last": last})
        data = tables[table].replace_schema_metadata({_MARK: mark.encode()})
        sink = pa.BufferOutputStream()
        pq.write_table(data, sink)
        shards[table] = sink.getvalue().to_pybytes()
    return EncodedChunk(first, last, shards, {table: tables[table].num_rows for table in TABLES})


def write_encoded(folder: Path | str, encoded: EncodedChunk, job: str) -> Chunk:
    """Write an encoded chunk's shards into the store and say what was written.

    Each shard goes to a temporary file named for this write (``job`` and a
    random token, so that no two writes share one), then is renamed into
    place, the runs shard last. The caller lists the returned chunk in the
    manifest, which is what makes the shards count.

    Args:
        folder: The store's folder, or its URL (``file://...``, written
            through fsspec: a worker on another machine reaches the store
            by the URL).
        encoded: The shards.
        job: The job's id, which the temporary files carry.

    Raises:
        OSError: A shard cannot be written (a full disk, say); the shards
            already renamed into place are not listed and count for nothing.
    """
    name = shard_name(encoded.first, encoded.last)
    write = _local_writer(folder) if isinstance(folder, Path) else _url_writer(folder)
    shards: dict[str, Shard] = {}
    for table in sorted(TABLES, key=lambda t: t == "runs"):  # the runs shard last
        content = encoded.shards[table]
        write(f"{table}/{name}", content, job)
        shards[table] = Shard(
            encoded.rows[table], len(content), hashlib.sha256(content).hexdigest()
        )
    return Chunk(encoded.first, encoded.last, shards)


def write_chunk(
    folder: Path | str, first: int, last: int, tables: Mapping[str, pa.Table], job: str
) -> Chunk:
    """Write the shards of runs ``first`` to ``last`` into the store and say what was written.

    See :func:`write_encoded`.
    """
    return write_encoded(folder, encode_chunk(first, last, tables), job)


def _write_atomic(path: Path, content: bytes | memoryview, job: str) -> None:
    """Write ``path`` whole or not at all: a temporary file unique to this write, then a rename."""
    temporary = path.with_name(f".{path.name}.{job}{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        with os.fdopen(fd, "wb") as file:
            file.write(content)
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        error.filename = str(path)  # the file meant, not its temporary name
        raise
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


#: Writes a file of the store, named by its path within the store, whole or not at all.
_Writer = Callable[[str, bytes, str], None]


def _local_writer(folder: Path) -> _Writer:
    """How to write a file of the store in ``folder`` on this machine."""

    def write(name: str, content: bytes, job: str) -> None:
        _write_atomic(folder / name, content, job)

    return write


def _url_writer(url: str) -> _Writer:
    """How to write a file of the store at ``url`` (fsspec): a temporary name, then a move."""
    fsspec: Any = importlib.import_module("fsspec")  # untyped, and in the distributed extra
    fs, root = fsspec.core.url_to_fs(url)

    def write(name: str, content: bytes, job: str) -> None:
        target = f"{url.rstrip('/')}/{name}"
        path = f"{root.rstrip('/')}/{name}"
        head, _, base = path.rpartition("/")
        temporary = f"{head}/.{base}.{job}{secrets.token_hex(4)}.tmp"
        try:
            with fs.open(temporary, "wb") as file:
                file.write(content)
            fs.mv(temporary, path)
        except OSError as error:
            _remove(fs, temporary)
            error.filename = target
            raise
        except BaseException:
            _remove(fs, temporary)
            raise

    return write


def _remove(fs: Any, path: str) -> None:
    """Remove ``path`` from an fsspec file system if it is there."""
    with contextlib.suppress(OSError):
        fs.rm(path)


# --------------------------------------------------------------------------- claiming (the client)


@dataclass(frozen=True, slots=True)
class Damaged:
    """A listed shard found missing, truncated or altered; its chunk's runs are played again.

    Attributes:
        path: The shard.
        reason: What is wrong with it, in a phrase.
        runs: How many runs its chunk held.
    """

    path: Path
    reason: str
    runs: int

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}; its {self.runs} runs are played again"


class Store:
    """An ensemble folder claimed by this job: its lock held, its shards checked.

    Attributes:
        folder: The ensemble's folder.
        manifest: The manifest as last written.
        damaged: The shards found damaged when it was claimed (now removed).
        job: This job's id, which its temporary files carry.
    """

    def __init__(
        self, folder: Path, lock: StoreLock, manifest: Manifest, damaged: Sequence[Damaged]
    ) -> None:
        self.folder = folder
        self.manifest = manifest
        self.damaged = tuple(damaged)
        self.job = lock.holder.job
        self._lock = lock

    @property
    def done(self) -> frozenset[int]:
        """The indices of the runs the folder holds."""
        return self.manifest.runs_held

    def record(self, chunk: Chunk) -> None:
        """List a chunk written by a worker in the manifest, which makes its runs count.

        Raises:
            OSError: The manifest cannot be written (the chunk's runs will be
                played again next time).
        """
        manifest = self.manifest.with_chunk(chunk)
        _write_manifest(self.folder, manifest, self.job)
        self.manifest = manifest  # only once the file says so

    def close(self) -> None:
        """Release the lock."""
        self._lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def claim(folder: Path, spec: EnsembleSpec) -> Store:
    """Take ``folder`` for this job: lock it, check it holds this ensemble, check its shards.

    The folder is created if need be. The manifest is written with ``runs``
    the most ever asked into the folder. Use the result as a context manager
    (or call ``close``) to release the lock.

    Raises:
        NotAStore: The folder holds other files and no manifest.
        UnknownShards: The folder holds shards but no manifest.
        StoreBusy: Another job holds the folder's lock.
        DifferentEnsemble: The folder holds another ensemble.
        OlderStore: The folder's manifest lists no shards (an earlier format).
        InputError: The folder is a file, or cannot be written, or its
            manifest cannot be read.
    """
    if folder.exists() and not folder.is_dir():
        raise InputError.one(str(folder), "is a file, not a folder")
    _check_is_store(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        lock = StoreLock(folder)
        holder = lock.acquire()
    except OSError as error:
        raise _unwritable(folder, error) from None
    if holder is not None:
        raise StoreBusy(folder, holder)
    try:
        manifest, damaged = _checked(folder, spec)
        _tidy(folder, manifest)
        for table in TABLES:
            (folder / table).mkdir(exist_ok=True)
        _write_manifest(folder, manifest, lock.holder.job)
    except OSError as error:
        lock.release()
        raise _unwritable(folder, error) from None
    except BaseException:
        lock.release()
        raise
    return Store(folder, lock, manifest, damaged)


def _unwritable(folder: Path, error: OSError) -> InputError:
    return InputError.one(str(folder), f"cannot be written: {error.strerror or error}")


def _check_is_store(folder: Path) -> None:
    """A folder without a manifest must be new, empty, or hold only a lock.

    Raises:
        UnknownShards: It holds runs shards but no manifest.
        NotAStore: It holds anything else.
    """
    if not folder.is_dir() or (folder / MANIFEST).is_file():
        return
    if _named_shards(folder / "runs"):
        raise UnknownShards(folder)
    others = sorted(p.name for p in folder.iterdir() if p.name != LOCK)
    if others:
        raise NotAStore(folder, others)


def _checked(folder: Path, spec: EnsembleSpec) -> tuple[Manifest, list[Damaged]]:
    """The folder's manifest for ``spec``, its damaged shards removed; the damaged shards.

    Raises:
        DifferentEnsemble: The manifest's ensemble differs from ``spec``.
        NotAStore: The folder changed into something else before the lock was taken.
        InputError: The manifest cannot be read.
    """
    path = folder / MANIFEST
    if not path.is_file():
        _check_is_store(folder)
        return Manifest(spec), []
    found = Manifest.read(path)
    differences = found.spec.differences(spec)
    if differences:
        raise DifferentEnsemble(path, differences)
    merged = replace(
        found.spec,
        runs=max(found.spec.runs, spec.runs),
        values_hash=found.spec.values_hash or spec.values_hash,
    )
    found = replace(found, spec=merged)
    if not found.listed:
        raise OlderStore(folder)
    damaged = []
    for chunk in found.chunks:
        for table in TABLES:
            shard = chunk.shards.get(table)
            reason = (
                _shard_problem(folder / table / chunk.name, shard, full=True)
                if shard
                else "not listed (written before the store kept this table)"
            )
            if reason:
                damaged.append(Damaged(folder / table / chunk.name, reason, len(chunk.runs)))
    bad = {d.path.name for d in damaged}
    for table in TABLES:
        for name in bad:
            (folder / table / name).unlink(missing_ok=True)
    return found.without(bad), damaged


def _shard_problem(path: Path, shard: Shard, *, full: bool) -> str:
    """What is wrong with a listed shard ('' if nothing); ``full`` reads it for its checksum."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return "missing"
    if size != shard.size:
        if size < shard.size:
            return f"truncated ({size} of the {shard.size} bytes written)"
        return f"{size} bytes, not the {shard.size} written"
    if full and _sha256(path) != shard.sha256:
        return "its content differs from what was written (SHA-256 checksum)"
    return ""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while block := file.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _tidy(folder: Path, manifest: Manifest) -> None:
    """Remove what stopped jobs left: the store's temporary files and its unlisted shards.

    Only the store's own files go: temporary files by their names, unlisted
    shards by the mark in their footer. This job holds the lock, so no other
    job is writing them.
    """
    listed = {chunk.name for chunk in manifest.chunks}
    for where in (folder, *(folder / table for table in TABLES)):
        if not where.is_dir():
            continue
        for path in where.iterdir():
            if _TEMPORARY.match(path.name) and path.is_file():
                path.unlink(missing_ok=True)
    for table in TABLES:
        for path in _named_shards(folder / table):
            if path.name not in listed and _marked(path, table):
                path.unlink(missing_ok=True)


def _marked(path: Path, table: str) -> bool:
    """Whether the shard's footer says the store wrote it, for this table and these runs."""
    try:
        found = (pq.read_schema(path).metadata or {}).get(_MARK)
        mark = json.loads(found) if found else {}
    except (OSError, ValueError, pa.ArrowException):
        return False
    return (
        isinstance(mark, dict)
        and shard_name(int(mark.get("first", -1)), int(mark.get("last", -1))) == path.name
        and mark.get("table") == table
    )


def _write_manifest(folder: Path, manifest: Manifest, job: str) -> None:
    _write_atomic(folder / MANIFEST, manifest.to_json().encode("utf-8"), job)


def _named_shards(folder: Path) -> list[Path]:
    """The files named as shards in a table's folder, in the order of their runs."""
    if not folder.is_dir():
        return []
    found = [(m, p) for p in folder.iterdir() if (m := _SHARD.match(p.name)) and p.is_file()]
    return [p for m, p in sorted(found, key=lambda item: int(item[0][1]))]


# --------------------------------------------------------------------------- reading


def read_shards(folder: Path) -> dict[str, list[Path]]:
    """The shards a reader of the ensemble reads, by table: those the manifest lists.

    A folder whose manifest lists no shards (one written before shards were
    listed, or none at all) is read as it was then: each chunk whose runs
    shard exists. Each listed shard's size is checked (cheaply; the checksum
    is checked when the ensemble is next played).

    A table that some chunk does not list (one added to the store after
    the folder was made) is left out until the ensemble is next played.

    Raises:
        NoEnsemble: The folder holds no runs.
        DamagedShards: A listed shard is missing or its size is wrong.
        InputError: The manifest cannot be read.
    """
    path = folder / MANIFEST
    manifest = Manifest.read(path) if path.is_file() else None
    if manifest is None or not manifest.listed:
        names = [p.name for p in _named_shards(folder / "runs")]
        files = {t: [folder / t / n for n in names if (folder / t / n).is_file()] for t in TABLES}
        files["runs"] = [folder / "runs" / n for n in names]
    else:
        kept = [t for t in TABLES if all(t in c.shards for c in manifest.chunks)]
        damaged = []
        for chunk in manifest.chunks:
            for table in kept:
                shard = folder / table / chunk.name
                reason = _shard_problem(shard, chunk.shards[table], full=False)
                if reason:
                    damaged.append((shard, reason))
        if damaged:
            raise DamagedShards(folder, damaged)
        files = {t: [folder / t / c.name for c in manifest.chunks] for t in kept}
    if not files.get("runs"):
        raise NoEnsemble(folder)
    return files
