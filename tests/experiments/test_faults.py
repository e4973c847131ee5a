"""Faults on a real Dask cluster: a worker killed mid-sweep, a client or the scheduler mid-ensemble.

Each ends with every run present exactly once (a query counts them) and the
same tables as an undisturbed local job. The cluster (a scheduler and two
workers, processes of their own on 127.0.0.1) is this module's own, since a
test kills one of its workers; the test that kills a scheduler starts two
clusters of its own, one to kill and a fresh one to resume on.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

pytest.importorskip("distributed")

from dask_cluster import Cluster, dask_cluster
from politburo.analysis.record import load_record
from politburo.experiments.backends import Backend
from politburo.experiments.configuration import Configuration
from politburo.experiments.queries import query
from politburo.experiments.runner import run_ensemble
from politburo.experiments.sweep import parse_range, sweep
from politburo.experiments.sweep_store import sweep_runs
from politburo.interface.cli.app import app

RECORD = "ussr-1922-1930"
RUNS = 120
RANGES = [parse_range("attack_cost=0.05:0.3"), parse_range("stalin.patience=0.2:0.9")]


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference: the ensemble of RUNS runs on two local processes, undisturbed."""
    folder = tmp_path_factory.mktemp("local") / "ensemble"
    run_ensemble(Configuration.of("ussr-1924"), runs=RUNS, out_dir=folder, workers=2)
    return folder


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    with dask_cluster(tmp_path_factory.mktemp("cluster")) as running:
        yield running


def play_sweep(folder: Path, backend: object, on_progress: object = None) -> None:
    sweep(
        Configuration.of("ussr-1924"),
        RANGES,
        record=load_record(RECORD),
        record_name=RECORD,
        out_dir=folder,
        samples=4,
        runs_per_sample=3,
        backend=backend,
        on_progress=on_progress,  # type: ignore[arg-type]
    )


def test_a_worker_killed_mid_sweep_leaves_every_run_exactly_once(
    tmp_path: Path, cluster: Cluster
) -> None:
    from distributed import Client

    killed = []

    def kill_once_a_point_is_stored(done: int, total: int) -> None:
        if done > 0 and not killed:
            cluster.kill_worker(0)
            killed.append(done)

    with Client(cluster.address, set_as_default=False) as client:
        play_sweep(tmp_path / "dask", client, kill_once_a_point_is_stored)
    assert killed and killed[0] < 16 * 3  # the worker died with points still to play
    play_sweep(tmp_path / "local", Backend(workers=1))
    runs = sweep_runs(tmp_path / "dask")
    with duckdb.connect() as connection:
        connection.register("runs", runs)
        counted = connection.execute(
            "SELECT count(*), count(DISTINCT (point, run)) FROM runs"
        ).fetchone()
    assert counted == (16 * 3, 16 * 3)
    assert runs == sweep_runs(tmp_path / "local")


def _listed(folder: Path) -> int:
    """How many chunks an ensemble's manifest lists (0 while there is none)."""
    try:
        return len(json.loads((folder / "manifest.json").read_text())["chunks"])
    except (OSError, ValueError, KeyError):
        return 0


def _start_ensemble(folder: Path, address: str, log: Path) -> subprocess.Popen[bytes]:
    """``politburo ensemble`` of RUNS runs on the cluster at ``address``, as its own process."""
    command = [sys.executable, "-m", "politburo", "ensemble", "ussr-1924", "--runs", str(RUNS)]
    command += ["--out", str(folder), "--scheduler", address]
    with log.open("wb") as sink:
        return subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT)


def _wait_for_a_chunk(folder: Path, client: subprocess.Popen[bytes]) -> None:
    """Wait until the job has listed its first chunk, while it runs."""
    deadline = time.monotonic() + 300
    while _listed(folder) == 0 and client.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)


def _resume_and_count(folder: Path, address: str, local: Path) -> int:
    """Rerun the command on ``address``; check each run is there once; how many it played."""
    resumed = CliRunner().invoke(
        app,
        ["ensemble", "ussr-1924", "--runs", str(RUNS), "--out", str(folder),
         "--scheduler", address, "--json"],
    )  # fmt: skip
    assert resumed.exit_code == 0, resumed.output
    counted = query(folder, "SELECT count(*) AS n, count(DISTINCT run) AS d FROM runs")
    assert counted.to_pylist() == [{"n": RUNS, "d": RUNS}]
    order = "SELECT * FROM runs ORDER BY run"
    assert query(folder, order).to_pylist() == query(local, order).to_pylist()
    added: int = json.loads(resumed.stdout)["added"]
    return added


def test_a_client_killed_mid_ensemble_resumes_without_redoing_or_repeating_runs(
    tmp_path: Path, cluster: Cluster, local: Path
) -> None:
    folder, log = tmp_path / "dask", tmp_path / "client.log"
    client = _start_ensemble(folder, cluster.address, log)
    _wait_for_a_chunk(folder, client)
    assert client.poll() is None, log.read_text()  # still under way
    os.kill(client.pid, signal.SIGKILL)
    client.wait()
    kept = _listed(folder)
    assert kept > 0, log.read_text()
    added = _resume_and_count(folder, cluster.address, local)
    assert 0 < added < RUNS, (added, kept)  # finished chunks were not played again


def test_a_scheduler_killed_mid_ensemble_stops_the_client_and_a_fresh_cluster_resumes(
    tmp_path: Path, local: Path
) -> None:
    folder, log = tmp_path / "ensemble", tmp_path / "client.log"
    (tmp_path / "first").mkdir()
    with dask_cluster(tmp_path / "first") as first:
        client = _start_ensemble(folder, first.address, log)
        _wait_for_a_chunk(folder, client)
        assert client.poll() is None, log.read_text()  # still under way
        first.kill_scheduler()
        try:
            client.wait(timeout=120)
        finally:
            if client.poll() is None:
                client.kill()
    said = log.read_text()
    assert client.returncode == 1, said
    assert "scheduler was lost" in said and "run the same command again" in said, said
    assert "Traceback" not in said.split("scheduler was lost")[-1], said
    kept = _listed(folder)
    assert kept > 0, said
    (tmp_path / "second").mkdir()
    with dask_cluster(tmp_path / "second") as second:
        added = _resume_and_count(folder, second.address, local)
    assert 0 < added < RUNS, (added, kept)  # finished chunks were not played again
