"""Ensembles: many seeded runs of one scenario, stored as Parquet shards and queried with SQL.

An ensemble folder holds a ``manifest.json`` (what made the runs: the
scenario and its hash, the parameters' hash, the overrides and levers, the
package version and the root seed) and three folders of Parquet shards:

- ``runs/``: one row per run: ``run`` (its index), ``seed``, ``winner``,
  ``winner_month`` and, for each contender, ``<id>_fate`` and
  ``<id>_fate_month`` (see :data:`FATES`);
- ``events/``: the event log, :data:`politburo.analysis.tables.EVENT_SCHEMA` with a
  ``run`` column in front;
- ``series/``: the monthly series in long form: ``run``, ``month``,
  ``contender``, ``series`` (one of :data:`politburo.model.result.SERIES_NAMES`)
  and ``value``.

Run ``i`` is played from ``numpy.random.SeedSequence(root_seed).spawn(n)[i]``,
which depends only on the root seed and ``i`` (not on ``n``, the chunking or
the number of workers), so an ensemble can be extended, resumed after an
interruption, or played on any number of cores, and give the same tables.

Shards are named by the range of run indices they hold
(``part-000050-000099.parquet`` holds runs 50 to 99), so which runs are done
is known from the file names alone. Each shard is written atomically (a
temporary file, then a rename) and a chunk's ``runs`` shard is written last:
a chunk counts as done once its ``runs`` shard exists. An ``events`` or
``series`` shard without its ``runs`` shard is left over from an interrupted
write; it is removed when the ensemble is resumed and ignored by
:func:`query`.
"""

from __future__ import annotations

import json
import math
import os
import re
import signal
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, fields, replace
from importlib import metadata
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from politburo.analysis.facts import SUBJECT_KINDS
from politburo.analysis.tables import EVENT_SCHEMA, event_columns
from politburo.model.engine import run_world
from politburo.model.events import Kind
from politburo.model.result import SERIES_NAMES, RunResult
from politburo.model.state import initial_state
from politburo.model.types import FloatArray
from politburo.model.world import build_world
from politburo.scenario.errors import InputError, Problem
from politburo.scenario.levers import apply_levers
from politburo.scenario.loading import params_hash, scenario_hash
from politburo.scenario.overrides import apply_overrides
from politburo.scenario.params import Params
from politburo.scenario.schema import Scenario

__all__ = [
    "FATES",
    "MANIFEST",
    "SERIES_SCHEMA",
    "TABLES",
    "EnsembleInterrupted",
    "EnsembleResult",
    "EnsembleSpec",
    "completed_runs",
    "ensemble_events_schema",
    "fates",
    "play_chunk",
    "query",
    "run_chunk",
    "run_ensemble",
    "run_seed",
    "runs_schema",
    "worker_pool",
]

#: The manifest's file name inside an ensemble folder.
MANIFEST = "manifest.json"

#: The tables of an ensemble, each a folder of shards.
TABLES = ("runs", "events", "series")

#: What became of a contender by the end of a run: the gravest of the things
#: that happened to him, gravest first (``won`` overrides every other). The
#: month (``<id>_fate_month``) is the first month the fate befell him; the
#: two last fates, which are no events, have no month. Recanting ends a
#: contender's fight, so it ranks above losing the seats he may keep.
FATES: dict[str, str] = {
    "won": "won the struggle (the month of his victory)",
    "died": "died",
    "arrested": "arrested in a coup, his own that failed or a rival's that succeeded",
    "deported": "deported abroad",
    "exiled": "exiled at home",
    "expelled": "expelled from the party",
    "recanted": "recanted: submitted to the majority and left the fight",
    "removed_from_electing": "removed from the electing body",
    "removed_from_top": "removed from the top body",
    "removed_from_office": "removed from an office",
    "in_top": "none of the above, and he holds a seat in the top body at the end",
    "outside_top": "none of the above, and he holds no seat in the top body at the end",
}

#: The event kinds that set a fate, and the fate each sets.
_FATE_OF_KIND = {
    Kind.LEADER_DIED: "died",
    Kind.COUP: "arrested",
    Kind.DEPORTED: "deported",
    Kind.EXILED: "exiled",
    Kind.EXPELLED: "expelled",
    Kind.RECANTED: "recanted",
    Kind.ELECTING_REMOVED: "removed_from_electing",
    Kind.TOP_REMOVED: "removed_from_top",
    Kind.OFFICE_REMOVED: "removed_from_office",
}
_GRAVITY = {fate: rank for rank, fate in enumerate(FATES)}

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

Progress = Callable[[int, int], None]


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


# --------------------------------------------------------------------------- the manifest


def _version() -> str:
    try:
        return metadata.version(__name__.split(".")[0])  # this package's own name
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare source tree
        return "unknown"


@dataclass(frozen=True, slots=True)
class EnsembleSpec:
    """What makes an ensemble's runs: written to its folder as ``manifest.json``.

    Two specs that differ in anything but ``runs`` make different runs, so
    they may not share a folder; with everything else equal, more ``runs``
    extends an ensemble.

    Attributes:
        scenario: The scenario's id.
        scenario_hash: The scenario's content hash (before the overrides).
        params_hash: The parameters' content hash (before the overrides).
        overrides: The ``--set`` overrides, in the order given.
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
    def of(
        cls,
        scenario: Scenario,
        params: Params,
        *,
        runs: int,
        root_seed: int = 0,
        overrides: Sequence[str] = (),
        levers: Sequence[str] = (),
    ) -> EnsembleSpec:
        """The spec of ``runs`` runs of ``scenario`` under ``params`` and ``overrides``."""
        return cls(
            scenario=scenario.id,
            scenario_hash=scenario_hash(scenario),
            params_hash=params_hash(params),
            overrides=tuple(overrides),
            levers=tuple(levers),
            root_seed=root_seed,
            runs=runs,
            version=_version(),
        )

    def to_json(self) -> str:
        """The manifest's text: pretty JSON with sorted keys."""
        return json.dumps(asdict(self), indent=2, sort_keys=True) + "\n"

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

    def differences(self, other: EnsembleSpec) -> list[Problem]:
        """How ``other`` differs from this spec (the folder's), ``runs`` aside, as problems."""
        problems = []
        for item in fields(self):
            mine, theirs = getattr(self, item.name), getattr(other, item.name)
            if item.name == "runs" or mine == theirs:
                continue
            problems.append(Problem("", None, item.name, _difference(item.name, mine, theirs)))
        return problems


def _difference(name: str, folder: Any, asked: Any) -> str:
    def made(values: tuple[str, ...], option: str) -> str:
        if not values:
            return f"without {option}"
        return "with " + ", ".join(f"{option} {v}" for v in values)

    if name in ("overrides", "levers"):
        option = "--set" if name == "overrides" else "lever"
        what = f"its runs were made {made(folder, option)}, not {made(asked, option)}"
    elif name in ("scenario_hash", "params_hash"):
        which = (
            "from a scenario whose content differs from this one"
            if name == "scenario_hash"
            else "with other parameters"
        )
        what = f"its runs were made {which} (hash {folder[:12]}, now {asked[:12]})"
    elif name == "root_seed":
        what = f"its runs were made from root seed {folder}, not {asked}"
    elif name == "version":
        what = f"its runs were made by politburo {folder}, this is {asked}"
    elif name == "scenario":
        what = f"its runs are of scenario {folder!r}, not {asked!r}"
    else:
        what = f"its runs have {name} {folder!r}, not {asked!r}"
    return (
        f"this folder holds a different ensemble: {what}; "
        "use another --out folder, or repeat the command that made it"
    )


# --------------------------------------------------------------------------- running


@dataclass(frozen=True, slots=True)
class EnsembleResult:
    """What :func:`run_ensemble` did.

    Attributes:
        out_dir: The ensemble's folder.
        spec: The spec, as written to the manifest.
        done: How many of the runs asked for are in the folder now.
        added: How many of them this call played.
    """

    out_dir: Path
    spec: EnsembleSpec
    done: int
    added: int


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


def run_seed(root_seed: int, index: int) -> np.random.SeedSequence:
    """Run ``index``'s seed: ``SeedSequence(root_seed).spawn(n)[index]`` for any ``n > index``."""
    return np.random.SeedSequence(root_seed, spawn_key=(index,))


def fates(result: RunResult, in_top_at_start: frozenset[str]) -> dict[str, tuple[str, str | None]]:
    """Each contender's fate (one of :data:`FATES`) and the month it befell him.

    Args:
        result: The run.
        in_top_at_start: The contenders holding a seat in the top body at the start.

    Returns:
        The fate and its month (``YYYY-MM``, or None for ``in_top`` and
        ``outside_top``) of each contender.
    """
    gravest: dict[str, tuple[int, str]] = {}
    in_top = set(in_top_at_start)
    for e in result.events:
        fate = _FATE_OF_KIND.get(e.kind)
        if fate is None:
            if e.kind is Kind.ELECTED_TOP and e.actor is not None:
                in_top.add(e.actor)
            continue
        befell = e.others if e.kind is Kind.COUP else (e.actor,) if e.actor else ()
        for who in befell:
            if e.kind in (Kind.COUP, Kind.TOP_REMOVED, Kind.LEADER_DIED):
                in_top.discard(who)
            rank = _GRAVITY[fate]
            if who not in gravest or rank < gravest[who][0]:
                gravest[who] = (rank, e.month)
    names = list(FATES)
    out: dict[str, tuple[str, str | None]] = {}
    for contender in result.contenders:
        if contender == result.winner:
            out[contender] = ("won", result.winner_month)
        elif contender in gravest:
            rank, month = gravest[contender]
            out[contender] = (names[rank], month)
        else:
            out[contender] = ("in_top" if contender in in_top else "outside_top", None)
    return out


def run_chunk(
    scenario: Scenario,
    params: Params,
    overrides: tuple[str, ...],
    root_seed: int,
    start: int,
    stop: int,
) -> tuple[pa.Table, pa.Table, pa.Table]:
    """Play runs ``start`` to ``stop - 1`` (one task of a worker).

    The world is built once, with the overrides applied; run ``i`` is played
    from :func:`run_seed` ``(root_seed, i)``.

    Returns:
        The runs, events and series tables of the chunk.
    """
    changed, changed_params = apply_overrides(scenario, params, list(overrides))
    world = build_world(changed, changed_params)
    top = initial_state(world).seats[world.top].actor
    in_top = frozenset(world.actor_ids[int(a)] for a in top if a >= 0)
    contenders = [world.actor_ids[int(c)] for c in world.contenders]
    rows: dict[str, list[Any]] = {name: [] for name in runs_schema(contenders).names}
    schema = ensemble_events_schema()
    events: dict[str, list[Any]] = {name: [] for name in schema.names}
    values: list[FloatArray] = []
    for index in range(start, stop):
        result = run_world(world, run_seed(root_seed, index), overrides)
        rows["run"].append(index)
        rows["seed"].append(result.seed)
        rows["winner"].append(result.winner)
        rows["winner_month"].append(result.winner_month)
        for contender, (fate, month) in fates(result, in_top).items():
            rows[f"{contender}_fate"].append(fate)
            rows[f"{contender}_fate_month"].append(month)
        columns = event_columns(result)
        events["run"].extend([index] * len(result.events))
        for name, column in columns.items():
            events[name].extend(column)
        values.append(np.concatenate([result.series[name].ravel() for name in SERIES_NAMES]))
    return (
        pa.table(rows, schema=runs_schema(contenders)),
        pa.table(events, schema=schema),
        _series_table(world.month_labels, contenders, range(start, stop), values),
    )


def _series_table(
    months: Sequence[str], contenders: Sequence[str], runs: range, values: list[FloatArray]
) -> pa.Table:
    """The chunk's monthly series in long form: run, month, contender, series, value.

    Every run has the same months, contenders and series, so their columns
    are built once and repeated.
    """
    if not runs:
        return SERIES_SCHEMA.empty_table()
    size = len(months) * len(contenders)
    one_run = {
        "month": pa.array(
            np.repeat(np.array(months, dtype=object), len(contenders)).tolist() * len(SERIES_NAMES),
            pa.string(),
        ),
        "contender": pa.array(list(contenders) * len(months) * len(SERIES_NAMES), pa.string()),
        "series": pa.array([name for name in SERIES_NAMES for _ in range(size)], pa.string()),
    }
    per_run = size * len(SERIES_NAMES)
    return pa.table(
        {
            "run": pa.array(np.repeat(np.array(runs, dtype=np.int64), per_run)),
            **{name: pa.concat_arrays([column] * len(runs)) for name, column in one_run.items()},
            "value": pa.array(np.concatenate(values) if values else np.zeros(0), pa.float64()),
        },
        schema=SERIES_SCHEMA,
    )


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the parent, which stops them cleanly."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def run_ensemble(
    scenario: Scenario,
    params: Params,
    *,
    runs: int,
    out_dir: str | Path,
    root_seed: int = 0,
    overrides: Sequence[str] = (),
    levers: Sequence[str] = (),
    workers: int | None = None,
    chunk: int = 50,
    on_progress: Progress | None = None,
    pool: ProcessPoolExecutor | None = None,
) -> EnsembleResult:
    """Play runs ``0`` to ``runs - 1`` of ``scenario`` into ``out_dir``, skipping those done.

    The first call writes the manifest; a later call with the same spec
    resumes (or, with more ``runs``, extends) the ensemble and never plays a
    run twice.

    Args:
        scenario: The scenario, before the overrides.
        params: The global parameters, before the overrides.
        runs: How many runs the ensemble should hold.
        out_dir: The ensemble's folder, created if need be.
        root_seed: The root of the runs' seed sequence (0 or more).
        overrides: ``--set`` overrides, applied to every run after the levers.
        levers: The scenario's levers to pull in every run.
        workers: How many processes play the runs (default: every core);
            with one, the runs are played in this process.
        chunk: The most runs in one task and shard; smaller chunks are used
            when there are too few runs to keep every worker busy.
        on_progress: Called with (runs done, runs asked for) once before the
            first new run, then after each chunk is written.
        pool: A pool from :func:`worker_pool` to play the chunks on, shared
            by several ensembles so that workers start once; by default a
            pool of ``workers`` processes is started for this ensemble.

    Returns:
        What was done.

    Raises:
        InputError: The overrides are bad, the folder holds a different
            ensemble (each difference named), or it cannot be used.
        EnsembleInterrupted: Ctrl-C stopped it; finished chunks are kept.
    """
    if runs < 1:
        raise InputError.one("--runs", f"must be at least 1, not {runs}", field="--runs")
    if root_seed < 0:
        raise InputError.one("--seed", f"must be 0 or more, not {root_seed}", field="--seed")
    if workers is not None and workers < 1:
        raise InputError.one("--workers", f"must be at least 1, not {workers}", field="--workers")
    if chunk < 1:
        raise ValueError(f"chunk must be at least 1, not {chunk}")
    overrides = tuple(overrides)
    levered, levered_params = apply_levers(scenario, params, list(levers))
    # Bad overrides fail here, not in a worker.
    apply_overrides(levered, levered_params, list(overrides))
    folder = Path(out_dir)
    spec = _claim(
        folder,
        EnsembleSpec.of(
            scenario, params, runs=runs, root_seed=root_seed, overrides=overrides, levers=levers
        ),
    )
    present = completed_runs(folder)
    missing = [i for i in range(runs) if i not in present]
    done = runs - len(missing)
    pool_size = max(1, min(workers or os.cpu_count() or 1, len(missing)))
    # Enough tasks to keep every worker busy to the end; one worker takes whole chunks.
    size = chunk if pool_size == 1 else min(chunk, math.ceil(len(missing) / (pool_size * 4)))
    tasks = list(_chunks(missing, size))
    if on_progress is not None:
        on_progress(done, runs)
    args = (folder, levered, levered_params, overrides, root_seed)

    def finished(start: int, stop: int) -> None:
        nonlocal done
        done += stop - start
        if on_progress is not None:
            on_progress(done, runs)

    if pool_size == 1 or not tasks:
        try:
            for start, stop in tasks:
                play_chunk(*args, start, stop)
                finished(start, stop)
        except KeyboardInterrupt:
            raise EnsembleInterrupted(_count_kept(folder, runs), runs, folder) from None
    else:
        _run_pool(args, tasks, finished, runs, folder, pool or worker_pool(pool_size), own=not pool)
    return EnsembleResult(out_dir=folder, spec=spec, done=done, added=len(missing))


def play_chunk(
    folder: Path,
    scenario: Scenario,
    params: Params,
    overrides: tuple[str, ...],
    root_seed: int,
    start: int,
    stop: int,
) -> None:
    """Play runs ``start`` to ``stop - 1`` and write their shards into ``folder`` (a worker's task).

    Workers write their own shards, each atomically and the runs shard last,
    so the parent only counts: the cores play runs instead of waiting on it.
    """
    _write_chunk(
        folder, start, stop, run_chunk(scenario, params, overrides, root_seed, start, stop)
    )


def worker_pool(workers: int | None = None) -> ProcessPoolExecutor:
    """A pool of worker processes for ensembles (default: one per core).

    Workers are spawned, not forked, and leave Ctrl-C to the parent.
    """
    return ProcessPoolExecutor(
        max_workers=workers or os.cpu_count() or 1,
        mp_context=get_context("spawn"),
        initializer=_ignore_interrupts,
    )


def _run_pool(
    args: tuple[Path, Scenario, Params, tuple[str, ...], int],
    tasks: list[tuple[int, int]],
    finished: Callable[[int, int], None],
    runs: int,
    folder: Path,
    pool: ProcessPoolExecutor,
    own: bool,
) -> None:
    """Play the chunks on ``pool``, each writing its shards as it completes.

    A pool the ensemble started (``own``) is shut down at the end.
    """
    futures: dict[Future[None], tuple[int, int]] = {
        pool.submit(play_chunk, *args, start, stop): (start, stop) for start, stop in tasks
    }
    try:
        for future in as_completed(futures):
            future.result()
            finished(*futures[future])
    except KeyboardInterrupt:
        _drain(pool, futures)  # the chunks under way finish and write themselves
        raise EnsembleInterrupted(_count_kept(folder, runs), runs, folder) from None
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    if own:
        pool.shutdown(wait=True)


def _drain(pool: ProcessPoolExecutor, futures: Iterable[Future[Any]]) -> None:
    """Cancel the chunks not started and let the workers finish the ones under way.

    A chunk takes a second or so, and the workers ignore Ctrl-C. Killing a
    worker instead could catch it half-way through sending a result, which
    leaves the pool waiting forever for the rest of the message. A second
    Ctrl-C during the wait stops the workers at once, at that risk.
    """
    for future in futures:
        future.cancel()
    try:
        pool.shutdown(wait=True, cancel_futures=True)
    except KeyboardInterrupt:
        for process in list((pool._processes or {}).values()):
            process.terminate()
        pool.shutdown(wait=False, cancel_futures=True)


def _count_kept(folder: Path, runs: int) -> int:
    return sum(1 for i in completed_runs(folder) if i < runs)


def _claim(folder: Path, spec: EnsembleSpec) -> EnsembleSpec:
    """Check that ``folder`` is free or holds this ensemble, tidy it and write the manifest."""
    manifest = folder / MANIFEST
    if folder.exists() and not folder.is_dir():
        raise InputError.one(str(folder), "is a file, not a folder")
    if manifest.is_file():
        found = EnsembleSpec.read(manifest)
        problems = found.differences(spec)
        if problems:
            raise InputError([replace(p, file=str(manifest)) for p in problems])
        spec = replace(spec, runs=max(found.runs, spec.runs))
    elif _shards(folder / "runs"):
        raise InputError.one(
            str(manifest),
            "this folder holds ensemble shards but no manifest, so what made them is unknown; "
            "use another --out folder",
        )
    try:
        for table in TABLES:
            (folder / table).mkdir(parents=True, exist_ok=True)
        _tidy(folder)
        _write_atomic(manifest, spec.to_json().encode("utf-8"))
    except OSError as error:
        raise InputError.one(str(folder), f"cannot be written: {error.strerror or error}") from None
    return spec


def _tidy(folder: Path) -> None:
    """Remove what an interrupted write left: temporary files, shards of unfinished chunks."""
    done = {path.name for path in _shards(folder / "runs")}
    for table in TABLES:
        for path in (folder / table).glob(".*.tmp"):
            path.unlink(missing_ok=True)
        if table != "runs":
            for path in _shards(folder / table):
                if path.name not in done:
                    path.unlink(missing_ok=True)


def _shards(folder: Path) -> list[Path]:
    """The shards in a table's folder, in the order of their runs."""
    if not folder.is_dir():
        return []
    found = [(m, p) for p in folder.iterdir() if (m := _SHARD.match(p.name)) and p.is_file()]
    return [p for m, p in sorted(found, key=lambda item: int(item[0][1]))]


def _shard_name(start: int, stop: int) -> str:
    return f"part-{start:06d}-{stop - 1:06d}.parquet"


def completed_runs(out_dir: str | Path) -> set[int]:
    """The indices of the runs done in an ensemble folder, read from its runs shards' names."""
    done: set[int] = set()
    for path in _shards(Path(out_dir) / "runs"):
        match = _SHARD.match(path.name)
        assert match is not None
        done.update(range(int(match[1]), int(match[2]) + 1))
    return done


def _chunks(indices: Sequence[int], size: int) -> Iterator[tuple[int, int]]:
    """Ranges ``(start, stop)`` of consecutive indices, each at most ``size`` long."""
    position = 0
    while position < len(indices):
        start = indices[position]
        stop = start + 1
        position += 1
        while position < len(indices) and indices[position] == stop and stop - start < size:
            stop += 1
            position += 1
        yield start, stop


def _write_chunk(
    folder: Path, start: int, stop: int, tables: tuple[pa.Table, pa.Table, pa.Table]
) -> None:
    """Write a chunk's three shards, the runs shard last: it marks the chunk done."""
    runs, events, series = tables
    name = _shard_name(start, stop)
    _write_table(events, folder / "events" / name)
    _write_table(series, folder / "series" / name)
    _write_table(runs, folder / "runs" / name)


def _write_table(table: pa.Table, path: Path) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        pq.write_table(table, temporary)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _write_atomic(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


# --------------------------------------------------------------------------- querying


def query(out_dir: str | Path, sql: str) -> pa.Table:
    """Run SQL over an ensemble's shards with DuckDB (in memory; nothing is written).

    The views ``runs``, ``events`` and ``series`` read the folder's shards;
    shards of a chunk whose runs shard is missing (an interrupted write) are
    left out.

    Args:
        out_dir: The ensemble's folder.
        sql: The query, e.g. ``SELECT winner, count(*) FROM runs GROUP BY 1``.

    Returns:
        The result as an Arrow table.

    Raises:
        InputError: The folder holds no ensemble, or the SQL fails.
    """
    import duckdb

    folder = Path(out_dir)
    done = _shards(folder / "runs")
    if not done:
        raise InputError.one(
            str(folder),
            "no ensemble here (no runs/*.parquet); make one with "
            "`politburo ensemble SCENARIO --runs N --out DIR`",
        )
    names = {path.name for path in done}
    connection = duckdb.connect(":memory:")
    try:
        for table in TABLES:
            files = [str(p) for p in _shards(folder / table) if p.name in names]
            if files:
                listed = ", ".join(_quoted(f) for f in files)
                connection.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet([{listed}])")
        try:
            relation = connection.sql(sql)
            if relation is None:
                raise InputError.one("query", "the statement returns no rows; write a SELECT")
            result = relation.arrow()
        except duckdb.Error as error:
            raise InputError.one("query", _duckdb_message(error)) from None
        if isinstance(result, pa.RecordBatchReader):  # duckdb 2 returns a reader
            return result.read_all()
        assert isinstance(result, pa.Table)
        return result
    finally:
        connection.close()


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _duckdb_message(error: Exception) -> str:
    """DuckDB's message on one line, without the caret drawing under the query."""
    lines = [line.strip() for line in str(error).splitlines()]
    kept = [line for line in lines if line and not line.startswith("LINE ") and set(line) != {"^"}]
    return " ".join(kept) or type(error).__name__


def sql_text(text: str) -> str:
    """``text`` as an SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def key_event_sql(index: int, kind: str, actor: str, subject: str) -> str:
    """SQL for the first month (step) of one key event in each run where it happens.

    It applies the rules of ``facts`` to the stored events table: an alliance
    is a pair whoever is named first, a coup's sanction falls on those in
    ``others``, and a subject counts where the kind has one.
    """
    if kind in ("alliance_formed", "alliance_broken"):
        a, s = sql_text(actor), sql_text(subject)
        where = f"((actor = {a} AND target = {s}) OR (actor = {s} AND target = {a}))"
    elif kind == "coup":
        where = f"list_contains(others, {sql_text(actor)})"
    else:
        where = f"actor = {sql_text(actor)}"
        if kind in SUBJECT_KINDS:  # as a fact's subject: the office, else the doctrine
            about = "coalesce(nullif(office, ''), nullif(doctrine, ''), '')"
            where += f" AND {about} = {sql_text(subject)}"
    return (
        f"SELECT {index} AS key, run, min(step) AS step FROM events "
        f"WHERE kind = {sql_text(kind)} AND {where} GROUP BY run"
    )
