"""The store keeps every run exactly once, checks what it holds, and touches only its own files.

Each test names the finding of issue 13 it reproduces: on the code before
the store had a lock, a listed manifest and checksums, each of them failed.
The runs are few (a handful of the bundled scenario) so the suite stays quick.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from dataclasses import asdict
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from politburo.experiments import lock as store_lock
from politburo.experiments import store
from politburo.experiments.chunks import run_chunk, run_seed
from politburo.experiments.configuration import Configuration
from politburo.experiments.errors import NotAStore, OlderStore, StoreBusy
from politburo.experiments.lock import LOCK, Holder, StoreLock
from politburo.experiments.manifest import MANIFEST, TABLES, Manifest
from politburo.experiments.queries import query
from politburo.experiments.runner import run_ensemble
from politburo.interface.cli.app import app
from politburo.model.engine import run_world
from politburo.scenario.errors import InputError
from politburo.scenario.loading import load_params, load_scenario
from politburo.scenario.params import Params
from politburo.scenario.schema import Scenario

RUNS = 6
runner = CliRunner()


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load_scenario("ussr-1924")


@pytest.fixture(scope="module")
def params() -> Params:
    return load_params()


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory, scenario: Scenario, params: Params) -> Path:
    folder = tmp_path_factory.mktemp("reference")
    run_ensemble(Configuration(scenario, params), runs=RUNS, out_dir=folder, workers=1, chunk=2)
    return folder


def rows(folder: Path, name: str) -> pa.Table:
    """A table as the store's readers see it (the listed shards), sorted for comparison."""
    return query(folder, f"SELECT * FROM {name} ORDER BY ALL")


def same_tables(folder: Path, reference: Path) -> None:
    for name in TABLES:
        assert rows(folder, name).equals(rows(reference, name)), name


def counted(folder: Path) -> tuple[int, int]:
    [row] = query(folder, "SELECT count(*) AS n, count(DISTINCT run) AS d FROM runs").to_pylist()
    return row["n"], row["d"]


# --------------------------------------------------------------------------- the manifest


def test_the_manifest_lists_each_shard_with_its_rows_size_and_checksum(
    tmp_path: Path, scenario: Scenario, params: Params
) -> None:
    run_ensemble(Configuration(scenario, params), runs=4, out_dir=tmp_path, workers=1, chunk=3)
    manifest = json.loads((tmp_path / MANIFEST).read_text())
    assert manifest["format"] == 3
    assert [(c["first"], c["last"]) for c in manifest["chunks"]] == [(0, 2), (3, 3)]
    for chunk in manifest["chunks"]:
        name = f"part-{chunk['first']:06d}-{chunk['last']:06d}.parquet"
        for table in TABLES:
            listed = chunk["shards"][table]
            path = tmp_path / table / name
            assert listed["size"] == path.stat().st_size
            assert listed["rows"] == pq.read_metadata(path).num_rows
            assert len(listed["sha256"]) == 64
        assert chunk["shards"]["runs"]["rows"] == chunk["last"] - chunk["first"] + 1


def test_the_events_table_keeps_the_order_of_each_runs_log(
    reference: Path, scenario: Scenario, params: Params
) -> None:
    """Finding 8: the events table had no sequence column, so a month's order was lost."""
    world = Configuration(scenario, params).world()
    for run in (0, 3):
        log = run_world(world, run_seed(0, run)).events
        stored = query(
            reference, f"SELECT seq, kind, actor, month FROM events WHERE run = {run} ORDER BY seq"
        ).to_pylist()
        assert [r["seq"] for r in stored] == list(range(len(log)))
        assert [(r["kind"], r["actor"], r["month"]) for r in stored] == [
            (e.kind.value, e.actor, e.month) for e in log
        ]


def test_the_alliances_and_camps_tables_hold_every_spell_of_each_run(
    reference: Path, scenario: Scenario, params: Params
) -> None:
    world = Configuration(scenario, params).world()
    for run in range(RUNS):
        result = run_world(world, run_seed(0, run))
        alliances = query(
            reference,
            "SELECT members, first_month, last_month, first_step, last_step FROM alliances "
            f"WHERE run = {run} ORDER BY members, first_step",
        ).to_pylist()
        assert [
            (*r["members"], r["first_step"], r["last_step"], r["first_month"], r["last_month"])
            for r in alliances
        ] == [
            (a, b, first, last, result.months[first], last and result.months[last])
            for a, b, first, last in result.alliances
        ]
        camps = query(
            reference,
            "SELECT member, camp, first_step, last_step FROM camps "
            f"WHERE run = {run} ORDER BY member, first_step",
        ).to_pylist()
        assert [tuple(r.values()) for r in camps] == list(result.camps)
    [held] = query(
        reference,
        "SELECT count(*) AS n FROM alliances a JOIN camps c USING (run) "
        "WHERE c.last_month IS NULL AND list_contains(a.members, c.camp)",
    ).to_pylist()
    assert held["n"] > 0  # a researcher's join: alliances of the leaders of lasting camps


def test_a_chunk_listed_before_the_spell_tables_existed_is_played_again(
    tmp_path: Path, scenario: Scenario, params: Params, reference: Path
) -> None:
    configuration = Configuration(scenario, params)
    run_ensemble(configuration, runs=RUNS, out_dir=tmp_path, workers=1, chunk=2)
    data = json.loads((tmp_path / MANIFEST).read_text())
    for chunk in data["chunks"][:2]:  # as a manifest of format 2 listed them
        for table in ("alliances", "camps"):
            del chunk["shards"][table]
            (tmp_path / table / f"part-{chunk['first']:06d}-{chunk['last']:06d}.parquet").unlink()
    (tmp_path / MANIFEST).write_text(json.dumps(data | {"format": 2}))
    assert counted(tmp_path) == (RUNS, RUNS)  # still read, without the tables it lacks
    with pytest.raises(InputError, match="alliances"):
        query(tmp_path, "SELECT count(*) FROM alliances")
    again = run_ensemble(configuration, runs=RUNS, out_dir=tmp_path, workers=1, chunk=2)
    assert (again.added, len(again.damaged)) == (4, 4)
    assert all("not listed" in d.reason for d in again.damaged)
    same_tables(tmp_path, reference)


# --------------------------------------------------------------------------- damaged shards


@pytest.mark.parametrize("damage", ["truncated", "other content", "one byte changed", "missing"])
def test_a_rerun_finds_a_damaged_shard_says_so_and_plays_its_runs_again(
    tmp_path: Path, scenario: Scenario, params: Params, reference: Path, damage: str
) -> None:
    """Finding 8: a truncated shard was not detected; a valid one with wrong content was used."""
    configuration = Configuration(scenario, params)
    run_ensemble(configuration, runs=RUNS, out_dir=tmp_path, workers=1, chunk=2)
    shard = tmp_path / "events" / "part-000002-000003.parquet"
    if damage == "truncated":
        shard.write_bytes(shard.read_bytes()[:-100])
    elif damage == "other content":  # a valid Parquet file of the same table, other rows
        pq.write_table(pq.read_table(tmp_path / "events" / "part-000000-000001.parquet"), shard)
    elif damage == "one byte changed":  # the same size: only the checksum can tell
        content = bytearray(shard.read_bytes())
        content[len(content) // 2] ^= 0xFF
        shard.write_bytes(bytes(content))
    else:
        shard.unlink()
    again = run_ensemble(configuration, runs=RUNS, out_dir=tmp_path, workers=1, chunk=2)
    [found] = again.damaged
    assert found.path == shard and found.runs == 2
    words = {
        "truncated": "truncated",
        "other content": "",
        "one byte changed": "SHA-256",
        "missing": "missing",
    }[damage]
    assert words in found.reason
    assert (again.added, again.done) == (2, RUNS)
    assert counted(tmp_path) == (RUNS, RUNS)
    same_tables(tmp_path, reference)


def test_a_damaged_shard_is_refused_by_query_with_one_line_naming_it(
    tmp_path: Path, scenario: Scenario, params: Params
) -> None:
    run_ensemble(Configuration(scenario, params), runs=2, out_dir=tmp_path, workers=1)
    shard = tmp_path / "series" / "part-000000-000001.parquet"
    shard.write_bytes(shard.read_bytes()[:10])
    result = runner.invoke(app, ["query", str(tmp_path), "SELECT count(*) FROM runs"])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert str(shard) in result.stderr and "truncated" in result.stderr
    assert "run the command that made the ensemble again" in result.stderr


# --------------------------------------------------------------------------- whose files


def test_a_folder_that_is_not_a_store_is_refused_and_left_as_it_was(
    tmp_path: Path, scenario: Scenario, params: Params
) -> None:
    """Finding 8: --out at an unrelated folder was taken over and files in it deleted."""
    (tmp_path / "thesis.tex").write_text("chapter one")
    (tmp_path / "events").mkdir()
    (tmp_path / "events" / ".part-000000-000001.parquet.tmp").write_text("mine")
    before = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))
    with pytest.raises(NotAStore) as refused:
        run_ensemble(Configuration(scenario, params), runs=2, out_dir=tmp_path, workers=1)
    assert "not an ensemble folder" in str(refused.value) and "thesis.tex" in str(refused.value)
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == before
    result = runner.invoke(app, ["ensemble", "ussr-1924", "--runs", "2", "--out", str(tmp_path)])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "not an ensemble folder" in result.stderr and "--out" in result.stderr
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == before


def test_only_the_stores_own_leftovers_are_deleted(
    tmp_path: Path, scenario: Scenario, params: Params, reference: Path
) -> None:
    configuration = Configuration(scenario, params)
    run_ensemble(configuration, runs=2, out_dir=tmp_path, workers=1)
    # A stopped job's leftovers: shards a worker wrote but the client never listed, and a
    # temporary file; and a user's file that merely looks like a shard.
    store.write_chunk(tmp_path, 2, 4, run_chunk(configuration, 0, 2, 5), "0123456789ab")
    temporary = tmp_path / "runs" / ".part-000002-000004.parquet.0123456789ab01234567.tmp"
    temporary.write_bytes(b"half")
    users = tmp_path / "events" / "part-000009-000009.parquet"
    pq.write_table(pa.table({"note": ["mine"]}), users)
    mine = users.read_bytes()

    assert counted(tmp_path) == (2, 2)  # unlisted shards are never read
    run_ensemble(configuration, runs=RUNS, out_dir=tmp_path, workers=1, chunk=2)
    assert not temporary.exists()
    assert users.read_bytes() == mine  # not the store's: kept, and not read
    listed = {c.name for c in Manifest.read(tmp_path / MANIFEST).chunks}
    for table in TABLES:
        names = {p.name for p in (tmp_path / table).glob("part-*.parquet")}
        assert names - listed == ({users.name} if table == "events" else set())
    same_tables(tmp_path, reference)


def test_a_folder_made_before_shards_were_listed_is_read_but_not_extended(
    tmp_path: Path, scenario: Scenario, params: Params
) -> None:
    configuration = Configuration(scenario, params)
    run_ensemble(configuration, runs=2, out_dir=tmp_path, workers=1)
    data = json.loads((tmp_path / MANIFEST).read_text())
    (tmp_path / MANIFEST).write_text(
        json.dumps({k: v for k, v in data.items() if k not in ("chunks", "format", "values_hash")})
    )
    assert counted(tmp_path) == (2, 2)
    with pytest.raises(OlderStore, match="earlier politburo"):
        run_ensemble(configuration, runs=4, out_dir=tmp_path, workers=1)


# --------------------------------------------------------------------------- what a folder holds


def test_overrides_are_compared_by_value_not_by_text(tmp_path: Path) -> None:
    """Finding 8: --set stalin.patience=0.80, the default, was refused on a folder made without."""
    folder = str(tmp_path / "out")
    base = ["ensemble", "ussr-1924", "--runs", "2", "--out", folder, "--workers", "1"]
    assert runner.invoke(app, base).exit_code == 0
    same = runner.invoke(app, [*base, "--set", "stalin.patience=0.80"])
    assert same.exit_code == 0, same.output
    assert "(0 new)" in same.stdout
    other = runner.invoke(app, [*base, "--set", "stalin.patience=0.5"])
    assert other.exit_code == 2
    assert "without --set, not with --set stalin.patience=0.5" in other.stderr


def test_fewer_runs_than_the_folder_holds_are_reported_as_asked(tmp_path: Path) -> None:
    """Finding 8: --runs 300 on a 400-run folder reported 400."""
    folder = str(tmp_path / "out")
    base = ["ensemble", "ussr-1924", "--out", folder, "--workers", "1"]
    assert runner.invoke(app, [*base, "--runs", "4"]).exit_code == 0
    fewer = runner.invoke(app, [*base, "--runs", "3"])
    assert fewer.exit_code == 0, fewer.output
    assert fewer.stdout.startswith(f"3 runs in {folder} (0 new; runs 0 to 2 of the 4 the folder")
    summary = json.loads(runner.invoke(app, [*base, "--runs", "3", "--json"]).stdout)
    assert (summary["runs"], summary["held"], summary["added"]) == (3, 4, 0)
    assert sum(w["runs"] for w in summary["winners"]) == 3


# --------------------------------------------------------------------------- the lock


def test_a_second_job_on_a_locked_folder_is_refused_naming_the_holder(
    tmp_path: Path, scenario: Scenario, params: Params
) -> None:
    tmp_path.mkdir(exist_ok=True)
    held = StoreLock(tmp_path)
    assert held.acquire() is None
    try:
        with pytest.raises(StoreBusy) as refused:
            run_ensemble(Configuration(scenario, params), runs=2, out_dir=tmp_path, workers=1)
        assert refused.value.holder.pid == os.getpid()
        assert f"pid {os.getpid()} on {socket.gethostname()}" in str(refused.value)
        result = runner.invoke(
            app, ["ensemble", "ussr-1924", "--runs", "2", "--out", str(tmp_path)]
        )
        assert result.exit_code == 2 and result.stderr.count("\n") == 1
        assert f"in use by another politburo job (pid {os.getpid()}" in result.stderr
        assert "wait for it to end" in result.stderr
    finally:
        held.release()
    assert run_ensemble(Configuration(scenario, params), runs=2, out_dir=tmp_path).done == 2


def test_a_lock_whose_holder_was_killed_is_taken_and_the_holder_named(tmp_path: Path) -> None:
    code = (
        "import sys, time; from pathlib import Path; "
        "from politburo.experiments.lock import StoreLock; "
        "lock = StoreLock(Path(sys.argv[1])); assert lock.acquire() is None; "
        "print('held', flush=True); time.sleep(60)"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        busy = StoreLock(tmp_path).acquire()
        assert busy is not None and busy.pid == holder.pid and busy.alive()
    finally:
        holder.kill()
        holder.wait()
    taken = StoreLock(tmp_path)
    assert taken.acquire() is None
    assert taken.previous is not None and taken.previous.pid == holder.pid
    assert not taken.previous.alive()
    taken.release()
    assert (tmp_path / LOCK).read_text() == ""


def test_without_flock_the_record_is_the_lock_and_a_dead_holder_is_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_lock, "_flock", lambda fd: None)
    here = socket.gethostname()
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    records = {
        "dead here": (Holder(int(dead.stdout), here, "then", "j1"), True),
        "alive here": (Holder(os.getppid(), here, "now", "j2"), False),
        "another host": (Holder(1, "elsewhere.example", "now", "j3"), False),
    }
    for name, (record, taken) in records.items():
        (tmp_path / LOCK).write_text(json.dumps(asdict(record)))
        lock = StoreLock(tmp_path)
        assert (lock.acquire() is None) == taken, name
        lock.release()


def test_two_writes_of_one_shard_never_share_a_temporary_file(
    tmp_path: Path, scenario: Scenario, params: Params, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Finding 1: two jobs started at once used the same temporary name and collided."""
    tables = run_chunk(Configuration(scenario, params), 0, 0, 1)
    for table in TABLES:
        (tmp_path / table).mkdir()
    used: list[str] = []
    real = os.replace
    gate = threading.Barrier(2)

    def replace(source: Path, target: Path) -> None:
        used.append(Path(source).name)
        gate.wait(timeout=10)  # both writes hold their temporary file at once
        real(source, target)

    monkeypatch.setattr(store.os, "replace", replace)
    threads = [
        threading.Thread(target=store.write_chunk, args=(tmp_path, 0, 0, tables, job))
        for job in ("aaaaaaaaaaaa", "bbbbbbbbbbbb")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(used) == 2 * len(TABLES) == len(set(used))
    assert pq.read_table(tmp_path / "runs" / "part-000000-000000.parquet").num_rows == 1
