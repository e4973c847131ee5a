"""Faults on a real Dask cluster: a worker killed mid-sweep, a client killed mid-ensemble.

Each ends with every run present exactly once (a query counts them) and the
same tables as an undisturbed local job. The cluster (a scheduler and two
workers, processes of their own on 127.0.0.1) is this module's own, since a
test kills one of its workers.
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
RANGES = [parse_range("attack_cost=0.05:0.3"), parse_range("stalin.patience=0.2:0.9")]


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


def test_a_client_killed_mid_ensemble_resumes_without_redoing_or_repeating_runs(
    tmp_path: Path, cluster: Cluster
) -> None:
    folder = tmp_path / "dask"
    command = [sys.executable, "-m", "politburo", "ensemble", "ussr-1924", "--runs", "120"]
    command += ["--out", str(folder), "--scheduler", cluster.address]
    with (tmp_path / "client.log").open("wb") as log:
        client = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 300
    while _listed(folder) == 0 and client.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert client.poll() is None, (tmp_path / "client.log").read_text()  # still under way
    os.kill(client.pid, signal.SIGKILL)
    client.wait()
    kept = _listed(folder)
    assert kept > 0, (tmp_path / "client.log").read_text()
    resumed = CliRunner().invoke(
        app,
        ["ensemble", "ussr-1924", "--runs", "120", "--out", str(folder),
         "--scheduler", cluster.address, "--json"],
    )  # fmt: skip
    assert resumed.exit_code == 0, resumed.output
    added = json.loads(resumed.stdout)["added"]
    assert 0 < added < 120, (added, kept)  # finished chunks were not played again
    counted = query(folder, "SELECT count(*) AS n, count(DISTINCT run) AS d FROM runs")
    assert counted.to_pylist() == [{"n": 120, "d": 120}]
    run_ensemble(Configuration.of("ussr-1924"), runs=120, out_dir=tmp_path / "local", workers=2)
    order = "SELECT * FROM runs ORDER BY run"
    assert query(folder, order).to_pylist() == query(tmp_path / "local", order).to_pylist()
