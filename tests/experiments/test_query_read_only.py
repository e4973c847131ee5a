"""``politburo query`` reads the ensemble's shards and nothing else, and writes nothing.

Finding 3 of issue 13: ``query`` ran any SQL: ``COPY ... TO`` wrote files
anywhere (into the store too, which then held 450 rows for 400 runs),
``ATTACH`` made databases, ``read_text('/etc/shadow')`` read any file and
``INSTALL httpfs`` reached for the network.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from politburo.experiments.configuration import Configuration
from politburo.experiments.queries import query, read_only_connection
from politburo.experiments.runner import run_ensemble
from politburo.experiments.store import read_shards
from politburo.interface.cli.app import app
from politburo.scenario.errors import InputError

runner = CliRunner()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    made = tmp_path_factory.mktemp("ensemble")
    run_ensemble(Configuration.of("ussr-1924"), runs=3, out_dir=made, workers=1)
    return made


def fingerprint(root: Path) -> dict[str, str]:
    """Every file under ``root`` and its content's hash."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def refused(folder: Path, sql: str) -> str:
    """The one line ``politburo query`` prints refusing ``sql`` (exit 2, nothing on stdout)."""
    result = runner.invoke(app, ["query", str(folder), sql])
    assert result.exit_code == 2, result.output
    assert result.stdout == "" and "Traceback" not in result.output
    assert result.stderr.count("\n") == 1
    return result.stderr


@pytest.mark.parametrize(
    ("sql", "words"),
    [
        ("COPY (SELECT 1 AS x) TO '{outside}/copied.csv'", "COPY is refused"),
        ("COPY runs TO '{store}/runs/part-000100-000149.parquet' (FORMAT parquet)", "COPY"),
        (
            "COPY (SELECT 1 AS x) TO '{store}/runs/part-000000-000002.parquet' "
            "(FORMAT parquet, USE_TMP_FILE false)",
            "COPY",
        ),
        ("ATTACH '{outside}/made.db' AS made", "ATTACH is refused"),
        ("INSTALL httpfs", "INSTALL is refused"),
        ("LOAD httpfs", "LOAD is refused"),
        ("CREATE TABLE t AS SELECT 1", "CREATE is refused"),
        ("SET enable_external_access = true", "SET is refused"),
        ("EXPORT DATABASE '{outside}/exported'", "EXPORT is refused"),
        ("SELECT 1; COPY (SELECT 1) TO '{outside}/second.csv'", "one SELECT statement, not 2"),
        ("SELECT * FROM read_text('/etc/shadow')", "cannot open /etc/shadow"),
        ("SELECT * FROM read_csv('/etc/passwd')", "cannot open /etc/passwd"),
        ("SELECT * FROM read_blob('{store}/manifest.json')", "manifest.json"),
        ("SELECT count(*) FROM read_parquet('{store}/runs/*.parquet')", "cannot open"),
        ("SELECT * FROM glob('/etc/*')", "cannot open"),
        ("SELECT * FROM read_json('https://example.com/x.json')", "cannot open https://"),
    ],
)
def test_query_refuses_writes_and_reads_outside_the_ensemble_with_one_line(
    folder: Path, tmp_path: Path, sql: str, words: str
) -> None:
    before = fingerprint(folder)
    line = refused(folder, sql.format(outside=tmp_path, store=folder))
    assert words in line
    assert list(tmp_path.iterdir()) == []  # nothing made outside
    assert fingerprint(folder) == before  # nothing changed in the store


def test_query_reads_the_views_while_the_lockdown_holds(folder: Path) -> None:
    [row] = query(
        folder,
        "SELECT (SELECT count(*) FROM runs) AS runs, (SELECT count(DISTINCT run) FROM events) "
        "AS events, (SELECT count(DISTINCT run) FROM series) AS series",
    ).to_pylist()
    assert row == {"runs": 3, "events": 3, "series": 3}
    settings = query(
        folder,
        "SELECT name, value FROM duckdb_settings() WHERE name IN ('enable_external_access', "
        "'lock_configuration', 'autoinstall_known_extensions', 'autoload_known_extensions')",
    ).to_pylist()
    assert {s["name"]: s["value"] for s in settings} == {
        "enable_external_access": "false",
        "lock_configuration": "true",
        "autoinstall_known_extensions": "false",
        "autoload_known_extensions": "false",
    }


def test_the_connection_cannot_be_unlocked_and_reads_only_the_listed_shards(folder: Path) -> None:
    """The order of the settings: views first, then allowed_paths, then no access, then lock."""
    connection = read_only_connection(read_shards(folder))
    try:
        assert connection.execute("SELECT count(*) FROM runs").fetchone() == (3,)
        for statement in (
            "SET enable_external_access = true",
            "SET lock_configuration = false",
            "SET allowed_directories = ['/']",
        ):
            with pytest.raises(Exception, match="locked"):
                connection.execute(statement)
        with pytest.raises(Exception, match="disabled by configuration"):
            connection.execute(f"SELECT * FROM read_blob('{folder}/manifest.json')")
    finally:
        connection.close()


def test_query_help_says_it_is_read_only() -> None:
    result = runner.invoke(app, ["query", "--help"])
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "Read-only" in text and "COPY, ATTACH, INSTALL" in text


def test_the_library_query_refuses_as_the_command_does(folder: Path) -> None:
    with pytest.raises(InputError, match="COPY is refused"):
        query(folder, "COPY runs TO '/tmp/x.csv'")
