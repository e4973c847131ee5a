"""Reading a stored ensemble: SQL over its shards (DuckDB), and the questions asked of it.

:func:`query` runs any SQL over the views ``runs``, ``events`` and
``series``. The named queries below are the ones the experiments, the
commands and the pictures ask; each returns an Arrow table, so that what
draws or prints a result never reads a folder itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from politburo.analysis.facts import SUBJECT_KINDS
from politburo.analysis.record import RecordEvent, load_record
from politburo.experiments.errors import NoEnsemble
from politburo.experiments.manifest import MANIFEST, EnsembleSpec
from politburo.experiments.store import TABLES, shards
from politburo.scenario.errors import InputError
from politburo.scenario.loading import load_scenario
from politburo.scenario.schema import Scenario

__all__ = [
    "ALLIANCE_ENDERS",
    "EnsembleContext",
    "KeyEvent",
    "alliance_events",
    "first_key_events",
    "key_event_months",
    "key_event_sql",
    "key_events",
    "open_ensemble",
    "outcome_counts",
    "power_bands",
    "query",
    "run_winners",
    "runs_table",
    "sql_text",
    "winner_counts",
]

#: Event kinds that end every alliance of the actors they befall without an
#: ``alliance_broken`` event (the engine clears them on expulsion, recantation
#: and arrest in a coup).
ALLIANCE_ENDERS = frozenset({"expelled", "recanted", "coup"})

#: A key event as the scenario names it: kind, actor, subject.
KeyEvent = tuple[str, str, str]


def key_events(scenario: Scenario) -> list[KeyEvent]:
    """The scenario's key events as (kind, actor, subject)."""
    return [(k.kind, k.actor, k.subject) for k in scenario.key_events]


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
        NoEnsemble: The folder holds no ensemble.
        InputError: The SQL fails (the problem's file is ``query``).
    """
    import duckdb

    folder = Path(out_dir)
    done = shards(folder / "runs")
    if not done:
        raise NoEnsemble(folder)
    names = {path.name for path in done}
    connection = duckdb.connect(":memory:")
    try:
        for table in TABLES:
            files = [str(p) for p in shards(folder / table) if p.name in names]
            if files:
                listed = ", ".join(sql_text(f) for f in files)
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


# --------------------------------------------------------------------------- named queries


def runs_table(folder: Path) -> pa.Table:
    """The whole runs table, in run order."""
    return query(folder, "SELECT * FROM runs ORDER BY run")


def winner_counts(folder: Path) -> pa.Table:
    """``winner`` (null for none) and ``runs``, the most frequent first."""
    return query(
        folder, "SELECT winner, count(*) AS runs FROM runs GROUP BY winner ORDER BY runs DESC"
    )


def outcome_counts(folder: Path) -> pa.Table:
    """``w`` (a contender's id or ``none``) and ``n``, the runs that ended so."""
    return query(folder, "SELECT coalesce(winner, 'none') AS w, count(*) AS n FROM runs GROUP BY 1")


def run_winners(folder: Path, runs: int) -> pa.Table:
    """``run`` and ``w`` (the winner, or ``none``) of runs ``0`` to ``runs - 1``, in order."""
    return query(
        folder,
        f"SELECT run, coalesce(winner, 'none') AS w FROM runs WHERE run < {runs} ORDER BY run",
    )


def key_event_months(folder: Path, runs: int, index: int, key: KeyEvent) -> pa.Table:
    """``run`` and ``m``, the first month of key event ``key`` (null where it never happens)."""
    return query(
        folder,
        f"SELECT r.run, k.step AS m FROM runs r LEFT JOIN ({key_event_sql(index, *key)}) k "
        f"ON k.run = r.run WHERE r.run < {runs} ORDER BY r.run",
    )


def first_key_events(folder: Path, keys: Sequence[KeyEvent]) -> pa.Table:
    """Where each key event first happens: ``key`` (an index into ``keys``), ``run``, ``step``."""
    if not keys:
        return pa.table({name: pa.array([], pa.int64()) for name in ("key", "run", "step")})
    return query(folder, " UNION ALL ".join(key_event_sql(i, *key) for i, key in enumerate(keys)))


def power_bands(folder: Path) -> pa.Table:
    """Each contender's share of the top and electing bodies' seats: 10th, 50th, 90th percentile.

    Columns ``series``, ``contender``, ``month``, ``low``, ``mid``, ``high``.
    """
    return query(
        folder,
        "SELECT series, contender, month, quantile_cont(value, 0.1) AS low, "
        "median(value) AS mid, quantile_cont(value, 0.9) AS high FROM series "
        "WHERE series IN ('top_seats', 'electing_seats') "
        "GROUP BY series, contender, month ORDER BY series, contender, month",
    )


def alliance_events(folder: Path) -> pa.Table:
    """The events that make or end alliances.

    Columns ``run``, ``step``, ``kind``, ``actor``, ``target``, ``others``.
    The rows come in the order they were written (no ``ORDER BY``), which
    keeps the order of the events within a month.
    """
    kinds = ", ".join(sql_text(k) for k in ("alliance_formed", "alliance_broken", *ALLIANCE_ENDERS))
    return query(
        folder,
        f"SELECT run, step, kind, actor, target, others FROM events WHERE kind IN ({kinds})",
    )


# --------------------------------------------------------------------------- what made it


@dataclass(frozen=True, slots=True)
class EnsembleContext:
    """What an ensemble's runs are of: its manifest, scenario and record, and how many runs.

    Attributes:
        spec: The ensemble's manifest.
        scenario: The scenario its runs are of.
        record: The scenario's record, if it names one.
        runs: How many runs the ensemble holds.
    """

    spec: EnsembleSpec
    scenario: Scenario
    record: tuple[RecordEvent, ...] | None
    runs: int


def open_ensemble(folder: str | Path) -> EnsembleContext:
    """Read an ensemble folder's manifest, scenario and record, and count its runs.

    Raises:
        NoEnsemble: The folder holds no ensemble.
        InputError: The ensemble holds no runs, or its manifest, scenario or
            record cannot be read.
    """
    folder = Path(folder)
    counted = query(folder, "SELECT count(*) AS n FROM runs").column("n").to_pylist()
    spec = EnsembleSpec.read(folder / MANIFEST)
    scenario = load_scenario(spec.scenario)
    record = load_record(scenario.record) if scenario.record else None
    runs = int(counted[0])
    if runs < 1:
        raise InputError.one(str(folder), "the ensemble holds no runs")
    return EnsembleContext(spec, scenario, record, runs)
