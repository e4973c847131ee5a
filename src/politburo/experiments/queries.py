"""Reading a stored ensemble: SQL over its shards (DuckDB), and the questions asked of it.

:func:`query` runs one read-only SELECT over the views ``runs``,
``events``, ``series``, ``alliances`` and ``camps`` (one per table of the
store, see :mod:`politburo.experiments.store`), which read the shards the
manifest lists and nothing else. The named queries below are the ones the experiments, the
commands and the pictures ask; each returns an Arrow table, so that what
draws or prints a result never reads a folder itself.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa

from politburo.analysis.facts import SUBJECT_KINDS
from politburo.analysis.record import RecordEvent, load_record
from politburo.experiments.manifest import MANIFEST, TABLES, EnsembleSpec
from politburo.experiments.store import read_shards
from politburo.scenario.errors import InputError
from politburo.scenario.loading import load_scenario
from politburo.scenario.schema import Scenario

if TYPE_CHECKING:
    import duckdb

__all__ = [
    "ALLIANCE_ENDERS",
    "EnsembleContext",
    "EnsembleReader",
    "KeyEvent",
    "Source",
    "alliance_events",
    "first_key_events",
    "key_event_months",
    "key_event_sql",
    "key_events",
    "open_ensemble",
    "outcome_counts",
    "power_bands",
    "query",
    "read_only_connection",
    "run_winners",
    "runs_table",
    "sql_text",
    "winner_counts",
]

#: Event kinds that end every alliance of the actors they befall without an
#: ``alliance_broken`` event (the engine clears them on expulsion, recantation
#: and arrest in a coup).
ALLIANCE_ENDERS = frozenset({"expelled", "recanted", "coup"})

#: The views a query reads, as its errors name them.
_VIEWS = ", ".join(TABLES[:-1]) + " and " + TABLES[-1]

#: A key event as the scenario names it: kind, actor, subject.
KeyEvent = tuple[str, str, str]


def key_events(scenario: Scenario) -> list[KeyEvent]:
    """The scenario's key events as (kind, actor, subject)."""
    return [(k.kind, k.actor, k.subject) for k in scenario.key_events]


def query(out_dir: str | Path | EnsembleReader, sql: str) -> pa.Table:
    """Run one SELECT over an ensemble's shards with DuckDB, reading nothing else, writing nothing.

    The views (one per table: ``runs``, ``events``, ``series``,
    ``alliances``, ``camps``) read the shards the manifest lists. The query
    is read-only, in two ways at once: only a single ``SELECT`` statement is
    run (``COPY``, ``ATTACH``, ``INSTALL``, ``CREATE``, ``SET`` and every
    other kind are refused before anything is run), and DuckDB itself is
    locked down (see :func:`read_only_connection`): no file but the listed
    shards can be opened, for reading or writing, and no extension can be
    installed or loaded.

    Args:
        out_dir: The ensemble's folder, or a reader open on it (to ask
            several questions of one folder on one connection).
        sql: The query, e.g. ``SELECT winner, count(*) FROM runs GROUP BY 1``.

    Returns:
        The result as an Arrow table.

    Raises:
        NoEnsemble: The folder holds no ensemble.
        DamagedShards: A listed shard is missing or of the wrong size.
        InputError: The SQL is not one SELECT, fails, or reaches outside the
            ensemble (the problem's file is ``query``).
    """
    if isinstance(out_dir, EnsembleReader):
        return out_dir.query(sql)
    with EnsembleReader(Path(out_dir)) as reader:
        return reader.query(sql)


class EnsembleReader:
    """One read-only DuckDB connection on an ensemble's shards, for several queries.

    Opening a connection costs tens of milliseconds; a caller that asks many
    questions of one folder (the outcomes of an experiment's configuration)
    opens one reader and passes it to :func:`query` and the named queries.
    """

    def __init__(self, folder: Path) -> None:
        self._connection = read_only_connection(read_shards(folder))

    def query(self, sql: str) -> pa.Table:
        """Run one SELECT (see :func:`query`).

        Raises:
            InputError: The SQL is not one SELECT, fails, or reaches outside the ensemble.
        """
        import duckdb

        try:
            _check_one_select(self._connection, sql)
            result = self._connection.sql(sql).arrow()
        except duckdb.Error as error:
            raise InputError.one("query", _duckdb_message(error)) from None
        if isinstance(result, pa.RecordBatchReader):  # duckdb 2 returns a reader
            return result.read_all()
        assert isinstance(result, pa.Table)
        return result

    def close(self) -> None:
        """Close the connection."""
        self._connection.close()

    def __enter__(self) -> EnsembleReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


#: A folder, or a reader open on one: what the named queries read.
Source = Path | EnsembleReader


def read_only_connection(files: Mapping[str, Sequence[Path]]) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB whose views read ``files`` (by table), reaching nothing else.

    The order of the settings matters: the views are created first (they
    read their files when queried, not when created); then ``allowed_paths``
    lists exactly the shard files (a list of directories would still let
    ``COPY ... TO`` write into the store); then external access is turned
    off (alone it would break the views too); then the configuration is
    locked, so that no statement can turn any of it back. Extensions are
    neither installed nor loaded on demand, and DuckDB draws no progress bar.
    """
    import duckdb

    connection = duckdb.connect(":memory:", config=dict(_SETTINGS))
    try:
        allowed = []
        for table, paths in files.items():
            absolute = [str(path.resolve()) for path in paths]
            allowed += absolute
            if absolute:
                listed = ", ".join(sql_text(f) for f in absolute)
                connection.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet([{listed}])")
        connection.execute(f"SET allowed_paths = [{', '.join(sql_text(f) for f in allowed)}]")
        connection.execute("SET enable_external_access = false")
        # DuckDB draws its bar on standard output, even into a pipe or a file, where it
        # would corrupt a query's --json once the query takes two seconds.
        connection.execute("SET enable_progress_bar = false")
        connection.execute("SET lock_configuration = true")
    except BaseException:
        connection.close()
        raise
    return connection


#: DuckDB settings at connection: no extension installed or loaded behind the query's back.
_SETTINGS: dict[str, str | bool | int | float | list[str]] = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
}


def _check_one_select(connection: duckdb.DuckDBPyConnection, sql: str) -> None:
    """``sql`` must be exactly one SELECT statement (read-only), or it is refused unrun.

    Raises:
        InputError: It is not.
        duckdb.Error: It does not parse.
    """
    import duckdb

    statements = connection.extract_statements(sql)
    if len(statements) != 1:
        raise InputError.one("query", f"give one SELECT statement, not {len(statements)}")
    (statement,) = statements
    if statement.type != duckdb.StatementType.SELECT:
        words = statement.query.split()
        kind = words[0].upper() if words else str(statement.type.name)
        raise InputError.one(
            "query",
            f"{kind} is refused: query only reads the ensemble (one SELECT over "
            f"{_VIEWS}); nothing is written, attached or installed",
        )


_REFUSED_FILE = re.compile(r'Cannot access (?:file|directory) "([^"]*)"')


def _duckdb_message(error: Exception) -> str:
    """DuckDB's message on one line, without the caret drawing under the query.

    A read or write DuckDB refused (a file outside the ensemble) is said in
    the program's words.
    """
    import duckdb

    if isinstance(error, duckdb.PermissionException):
        found = _REFUSED_FILE.search(str(error))
        what = f"cannot open {found[1]}" if found else "refused"
        return f"{what}: query reads only the ensemble's shards ({_VIEWS})"
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


def runs_table(folder: Source, runs: int | None = None) -> pa.Table:
    """The runs table in run order: every run, or with ``runs`` runs ``0`` to ``runs - 1``."""
    where = "" if runs is None else f" WHERE run < {int(runs)}"
    return query(folder, f"SELECT * FROM runs{where} ORDER BY run")


def winner_counts(folder: Source, runs: int | None = None) -> pa.Table:
    """``winner`` (null for none) and ``runs``, the most frequent first.

    With ``runs``, only runs ``0`` to ``runs - 1`` count (a folder may hold more).
    """
    where = "" if runs is None else f" WHERE run < {int(runs)}"
    return query(
        folder,
        f"SELECT winner, count(*) AS runs FROM runs{where} GROUP BY winner ORDER BY runs DESC",
    )


def outcome_counts(folder: Source) -> pa.Table:
    """``w`` (a contender's id or ``none``) and ``n``, the runs that ended so."""
    return query(folder, "SELECT coalesce(winner, 'none') AS w, count(*) AS n FROM runs GROUP BY 1")


def run_winners(folder: Source, runs: int) -> pa.Table:
    """``run`` and ``w`` (the winner, or ``none``) of runs ``0`` to ``runs - 1``, in order."""
    return query(
        folder,
        f"SELECT run, coalesce(winner, 'none') AS w FROM runs WHERE run < {runs} ORDER BY run",
    )


def key_event_months(folder: Source, runs: int, index: int, key: KeyEvent) -> pa.Table:
    """``run`` and ``m``, the first month of key event ``key`` (null where it never happens)."""
    return query(
        folder,
        f"SELECT r.run, k.step AS m FROM runs r LEFT JOIN ({key_event_sql(index, *key)}) k "
        f"ON k.run = r.run WHERE r.run < {runs} ORDER BY r.run",
    )


def first_key_events(folder: Source, keys: Sequence[KeyEvent]) -> pa.Table:
    """Where each key event first happens: ``key`` (an index into ``keys``), ``run``, ``step``."""
    if not keys:
        return pa.table({name: pa.array([], pa.int64()) for name in ("key", "run", "step")})
    return query(folder, " UNION ALL ".join(key_event_sql(i, *key) for i, key in enumerate(keys)))


def power_bands(folder: Source) -> pa.Table:
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


def alliance_events(folder: Source) -> pa.Table:
    """The events that make or end alliances, in the order they happened.

    Columns ``run``, ``step``, ``kind``, ``actor``, ``target``, ``others``;
    the rows are in run order, then in the order of each run's event log
    (``seq``), which keeps the order of the events within a month.
    """
    kinds = ", ".join(sql_text(k) for k in ("alliance_formed", "alliance_broken", *ALLIANCE_ENDERS))
    return query(
        folder,
        f"SELECT run, step, kind, actor, target, others FROM events WHERE kind IN ({kinds}) "
        "ORDER BY run, seq",
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
