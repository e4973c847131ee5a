"""Same answers on every back end: local processes and a real Dask cluster give the same tables.

The cluster is a scheduler and two workers, each a process of its own on
127.0.0.1, started as a user would start them (``dask scheduler``, ``dask
worker``). The runs are few; what is checked is that the back end, the
number of workers and the chunking change nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

pytest.importorskip("distributed")

from distributed import Client

import politburo
from dask_cluster import Cluster, dask_cluster
from politburo.analysis.record import load_record
from politburo.experiments.backends import Backend, open_pool
from politburo.experiments.configuration import Configuration
from politburo.experiments.queries import query
from politburo.experiments.runner import run_ensemble
from politburo.experiments.sweep_store import sweep_runs
from politburo.experiments.validation import validate
from politburo.interface.cli.app import app

RUNS = 12
ORDER = {"runs": "run", "events": "run, seq", "series": "run, series, month, contender"}


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    with dask_cluster(tmp_path_factory.mktemp("cluster")) as running:
        yield running


@pytest.fixture(scope="module")
def client(cluster: Cluster) -> Iterator[Client]:
    with Client(cluster.address, set_as_default=False) as connected:
        yield connected


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference: the ensemble on two local processes, in chunks of 5."""
    folder = tmp_path_factory.mktemp("local") / "ensemble"
    run_ensemble(Configuration.of("ussr-1924"), runs=RUNS, out_dir=folder, workers=2, chunk=5)
    return folder


def tables(folder: Path) -> dict[str, list[dict[str, Any]]]:
    """Every table of an ensemble, in a fixed order."""
    return {
        table: query(folder, f"SELECT * FROM {table} ORDER BY {order}").to_pylist()
        for table, order in ORDER.items()
    }


def test_an_ensemble_on_a_dask_cluster_has_the_tables_of_local_processes(
    tmp_path: Path, local: Path, cluster: Cluster
) -> None:
    result = CliRunner().invoke(
        app,
        ["ensemble", "ussr-1924", "--runs", str(RUNS), "--out", str(tmp_path / "dask"),
         "--scheduler", cluster.address],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert tables(tmp_path / "dask") == tables(local)


def test_shards_sent_back_to_the_client_or_written_by_workers_at_a_url_give_the_same_tables(
    tmp_path: Path, local: Path, cluster: Cluster, client: Client
) -> None:
    result = CliRunner().invoke(
        app,
        ["ensemble", "ussr-1924", "--runs", str(RUNS), "--out", str(tmp_path / "sent-back"),
         "--scheduler", cluster.address, "--shards", "client"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert tables(tmp_path / "sent-back") == tables(local)
    url = (tmp_path / "by-url").as_uri()
    runs = politburo.ensemble("ussr-1924", runs=RUNS, out=url, executor=client, shards="workers")
    assert runs.to_pylist() == tables(local)["runs"]
    assert tables(tmp_path / "by-url") == tables(local)


def test_chunking_and_the_python_api_on_a_client_change_nothing(
    tmp_path: Path, local: Path, client: Client
) -> None:
    with open_pool(client) as pool:
        assert pool.workers == 2
        run_ensemble(
            Configuration.of("ussr-1924"),
            runs=RUNS,
            out_dir=tmp_path / "chunks-of-3",
            workers=pool.workers,
            pool=pool.executor,
            chunk=3,
        )
    assert tables(tmp_path / "chunks-of-3") == tables(local)
    runs = politburo.ensemble("ussr-1924", runs=RUNS, out=tmp_path / "api", executor=client)
    assert runs.to_pylist() == tables(local)["runs"]


def test_a_validation_on_a_dask_cluster_scores_as_in_this_process(client: Client) -> None:
    configuration = Configuration.of("ussr-1924")
    record = load_record("ussr-1922-1930")
    here = validate(configuration, record, runs=6, seed=3)
    there = validate(configuration, record, runs=6, seed=3, backend=client)
    assert repr(there) == repr(here)


def test_the_scenario_travels_with_the_task_not_its_file(
    tmp_path: Path, client: Client, minimal_scenario_dict: dict[str, Any]
) -> None:
    path = tmp_path / "tiny.yaml"
    with path.open("w") as file:
        YAML().dump(minimal_scenario_dict, file)
    configuration = Configuration.of(path)
    path.unlink()  # no worker could read it now
    run_ensemble(configuration, runs=6, out_dir=tmp_path / "here", workers=1)
    with open_pool(client) as pool:
        run_ensemble(
            configuration, runs=6, out_dir=tmp_path / "there", workers=2, pool=pool.executor
        )
    assert tables(tmp_path / "there") == tables(tmp_path / "here")


def test_a_local_cluster_gives_the_tables_of_local_processes(tmp_path: Path, local: Path) -> None:
    with open_pool(Backend.local_cluster(1)) as pool:
        assert pool.dashboard is None or pool.dashboard.startswith("http")
        run_ensemble(
            Configuration.of("ussr-1924"),
            runs=RUNS,
            out_dir=tmp_path / "local-cluster",
            workers=pool.workers,
            pool=pool.executor,
        )
    assert tables(tmp_path / "local-cluster") == tables(local)


def test_a_sweep_on_a_dask_cluster_prints_sobol_indices_and_has_the_local_runs(
    tmp_path: Path, cluster: Cluster
) -> None:
    options = ["--param", "attack_cost=0.05:0.3", "--param", "stalin.patience=0.2:0.9"]
    options += ["--samples", "2", "--runs-per-sample", "3"]
    runner = CliRunner()
    here = runner.invoke(app, ["sweep", "ussr-1924", *options, "--out", str(tmp_path / "here")])
    there = runner.invoke(
        app,
        ["sweep", "ussr-1924", *options, "--out", str(tmp_path / "there"),
         "--scheduler", cluster.address],
    )  # fmt: skip
    assert here.exit_code == 0 and there.exit_code == 0, there.output
    assert "Sobol indices" in there.stdout and "fidelity" in there.stdout
    assert sweep_runs(tmp_path / "there") == sweep_runs(tmp_path / "here")
    assert sweep_runs(tmp_path / "there").num_rows == 8 * 3
