"""Ensembles: seeded runs in Parquet shards that resume, extend, refuse and answer SQL.

The runs are few (6 to 12 of the bundled scenario) so the suite stays quick;
the seeds depend only on the root seed and the run's index, so one worker
and two, one call and an interrupted one resumed, give the same tables.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from politburo.experiments.chunks import run_chunk, run_seed
from politburo.experiments.configuration import Configuration
from politburo.experiments.errors import DifferentEnsemble, EnsembleInterrupted
from politburo.experiments.fates import FATES
from politburo.experiments.location import Shards
from politburo.experiments.manifest import MANIFEST, TABLES, EnsembleSpec, Manifest
from politburo.experiments.queries import query
from politburo.experiments.runner import run_ensemble
from politburo.experiments.store import write_chunk
from politburo.interface.cli.app import app
from politburo.model.result import SERIES_NAMES
from politburo.scenario.errors import InputError
from politburo.scenario.params import Params
from politburo.scenario.schema import Scenario

RUNS = 12
SANCTION_KINDS = {
    "died": ("leader_died", "died"),
    "arrested": ("coup",),
    "deported": ("deported",),
    "exiled": ("exiled",),
    "expelled": ("expelled",),
    "recanted": ("recanted",),
    "removed_from_electing": ("electing_removed",),
    "removed_from_top": ("top_removed", "top_demoted"),  # demotion to candidate loses the seat
    "removed_from_office": ("office_removed",),
}

runner = CliRunner()


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory, scenario: Scenario, params: Params) -> Path:
    """An ensemble of RUNS runs played in one call by one worker."""
    folder = tmp_path_factory.mktemp("reference")
    run_ensemble(Configuration(scenario, params), runs=RUNS, out_dir=folder, workers=1, chunk=5)
    return folder


def table(folder: Path, name: str) -> pa.Table:
    """A whole table of an ensemble, sorted so that tables can be compared."""
    keys = {"series": ["run", "series", "month", "contender"]}
    data = pq.read_table(folder / name)
    # the other tables keep their order within a run: sort stably by run only
    return data.take(pc.sort_indices(data, [(k, "ascending") for k in keys.get(name, ["run"])]))


def shard_names(folder: Path) -> dict[str, list[str]]:
    return {t: sorted(p.name for p in (folder / t).iterdir()) for t in TABLES}


def test_seeds_depend_only_on_the_root_and_the_index() -> None:
    for n in (5, 50):
        for i in (0, 4):
            spawned = np.random.SeedSequence(7).spawn(n)[i]
            assert (run_seed(7, i).generate_state(4) == spawned.generate_state(4)).all()


def test_a_fresh_ensemble_holds_each_run_once_with_its_manifest(
    tmp_path: Path, scenario: Scenario, params: Params
) -> None:
    calls: list[tuple[int, int]] = []
    result = run_ensemble(
        Configuration(scenario, params),
        runs=8,
        out_dir=tmp_path,
        root_seed=3,
        workers=1,
        chunk=3,
        on_progress=lambda done, total: calls.append((done, total)),
    )
    assert (result.done, result.added) == (8, 8)
    assert calls == [(0, 8), (3, 8), (6, 8), (8, 8)]
    assert shard_names(tmp_path)["runs"] == [
        "part-000000-000002.parquet",
        "part-000003-000005.parquet",
        "part-000006-000007.parquet",
    ]
    manifest = json.loads((tmp_path / MANIFEST).read_text())
    assert {k: v for k, v in manifest.items() if k not in ("chunks", "format")} == json.loads(
        result.spec.to_json()
    )
    assert [(c["first"], c["last"]) for c in manifest["chunks"]] == [(0, 2), (3, 5), (6, 7)]
    assert manifest["scenario"] == "ussr-1924-v1" and manifest["root_seed"] == 3
    assert manifest["runs"] == 8 and manifest["overrides"] == [] and manifest["levers"] == []
    assert manifest["version"] and len(manifest["scenario_hash"]) == 64

    runs = table(tmp_path, "runs").to_pylist()
    assert [r["run"] for r in runs] == list(range(8))
    children = np.random.SeedSequence(3).spawn(8)
    assert [r["seed"] for r in runs] == [int(c.generate_state(1)[0]) for c in children]
    events = table(tmp_path, "events").to_pylist()
    contenders = [a.id for a in scenario.actors if a.contender]
    for r in runs:
        assert (r["winner"] is None) == (r["winner_month"] is None)
        mine = [e for e in events if e["run"] == r["run"]]
        assert mine and all(e["seed"] == r["seed"] for e in mine)
        for c in contenders:
            fate, month = r[f"{c}_fate"], r[f"{c}_fate_month"]
            assert fate in FATES
            if fate == "won":
                assert (r["winner"], month) == (c, r["winner_month"])
            elif fate in ("in_top", "outside_top"):
                assert month is None
            else:  # the month of the first event of that kind that befell him
                kinds = SANCTION_KINDS[fate]
                befell = [
                    e["month"]
                    for e in mine
                    if e["kind"] in kinds
                    and (c in e["others"] if e["kind"] == "coup" else e["actor"] == c)
                ]
                assert befell and befell[0] == month
    series = pq.read_table(tmp_path / "series")
    months = scenario.calendar.months
    assert series.num_rows == 8 * months * len(contenders) * len(SERIES_NAMES)
    assert set(series.column("series").to_pylist()) == set(SERIES_NAMES)


def test_the_same_command_again_plays_nothing(
    tmp_path: Path, scenario: Scenario, params: Params
) -> None:
    run_ensemble(Configuration(scenario, params), runs=6, out_dir=tmp_path, workers=1, chunk=4)
    before = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*.parquet")}
    calls: list[tuple[int, int]] = []
    again = run_ensemble(
        Configuration(scenario, params),
        runs=6,
        out_dir=tmp_path,
        workers=1,
        chunk=4,
        on_progress=lambda done, total: calls.append((done, total)),
    )
    assert (again.done, again.added) == (6, 0)
    assert calls == [(6, 6)]
    assert {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*.parquet")} == before


def test_more_runs_extend_the_ensemble_without_duplicates(
    tmp_path: Path, scenario: Scenario, params: Params, reference: Path
) -> None:
    run_ensemble(Configuration(scenario, params), runs=5, out_dir=tmp_path, workers=1, chunk=5)
    more = run_ensemble(
        Configuration(scenario, params), runs=RUNS, out_dir=tmp_path, workers=1, chunk=5
    )
    assert (more.done, more.added) == (RUNS, RUNS - 5)
    assert json.loads((tmp_path / MANIFEST).read_text())["runs"] == RUNS
    assert table(tmp_path, "runs").column("run").to_pylist() == list(range(RUNS))
    for name in TABLES:  # the same runs as one call of RUNS runs
        assert table(tmp_path, name).equals(table(reference, name))
    fewer = run_ensemble(Configuration(scenario, params), runs=3, out_dir=tmp_path, workers=1)
    assert fewer.added == 0
    assert json.loads((tmp_path / MANIFEST).read_text())["runs"] == RUNS


def test_one_worker_and_two_give_identical_tables(
    tmp_path: Path, scenario: Scenario, params: Params, reference: Path
) -> None:
    result = run_ensemble(
        Configuration(scenario, params), runs=RUNS, out_dir=tmp_path, workers=2, chunk=5
    )
    assert result.added == RUNS
    for name in TABLES:
        assert table(tmp_path, name).equals(table(reference, name)), name


@pytest.mark.parametrize("shards", ["workers", "client"])
def test_shards_written_by_workers_through_a_file_url_or_by_the_client_give_the_same_tables(
    tmp_path: Path, scenario: Scenario, params: Params, reference: Path, shards: Shards
) -> None:
    configuration = Configuration(scenario, params)
    out = tmp_path.as_uri() if shards == "workers" else tmp_path
    result = run_ensemble(configuration, runs=RUNS, out_dir=out, workers=2, chunk=5, shards=shards)
    assert (result.out_dir, result.added) == (tmp_path, RUNS)
    for name in TABLES:
        assert table(tmp_path, name).equals(table(reference, name)), name
    other = "client" if shards == "workers" else "workers"
    again = run_ensemble(configuration, runs=RUNS, out_dir=out, workers=2, shards=other)
    assert (again.added, again.damaged) == (0, ())  # every checksum holds, whoever wrote it


@pytest.mark.parametrize(
    ("out", "problem"),
    [
        ("s3://bucket/ensemble", "not a s3:// URL"),
        ("file://elsewhere/ensemble", "absolute path"),
    ],
)
def test_a_store_named_by_a_url_must_be_a_file_url_of_this_machine(
    scenario: Scenario, params: Params, out: str, problem: str
) -> None:
    with pytest.raises(InputError, match=problem):
        run_ensemble(Configuration(scenario, params), runs=2, out_dir=out, workers=1)


def test_shards_are_written_by_workers_or_the_client_and_nothing_else(
    tmp_path: Path, scenario: Scenario, params: Params
) -> None:
    with pytest.raises(InputError, match="workers or client"):
        run_ensemble(
            Configuration(scenario, params),
            runs=2,
            out_dir=tmp_path,
            shards="nobody",  # type: ignore[arg-type]
        )
    result = runner.invoke(
        app, ["ensemble", "ussr-1924", "--runs", "2", "--out", str(tmp_path), "--shards", "nobody"]
    )
    assert result.exit_code == 2
    assert "--shards" in result.output
    assert not (tmp_path / MANIFEST).exists()


@pytest.mark.parametrize("workers", [1, 2])
def test_an_interruption_keeps_whole_chunks_and_the_same_command_resumes(
    tmp_path: Path, scenario: Scenario, params: Params, reference: Path, workers: int
) -> None:
    calls: list[int] = []

    def interrupt_after_the_first_chunk(done: int, total: int) -> None:
        calls.append(done)
        if len(calls) == 2:
            raise KeyboardInterrupt

    with pytest.raises(EnsembleInterrupted) as stopped:
        run_ensemble(
            Configuration(scenario, params),
            runs=RUNS,
            out_dir=tmp_path,
            workers=workers,
            chunk=1,  # the chunks under way when Ctrl-C comes finish; the rest never start
            on_progress=interrupt_after_the_first_chunk,
        )
    assert 0 < stopped.value.done < RUNS and stopped.value.total == RUNS
    assert str(stopped.value).startswith(f"interrupted: {stopped.value.done} of {RUNS} runs kept")
    assert not list(tmp_path.rglob("*.tmp"))
    names = shard_names(tmp_path)
    assert names["events"] == names["series"] == names["runs"]
    kept = table(tmp_path, "runs").column("run").to_pylist()
    listed = Manifest.read(tmp_path / MANIFEST).runs_held
    assert sorted(kept) == sorted(listed) and len(set(kept)) == len(kept)
    assert len(kept) == stopped.value.done

    # what a job killed in the middle of a write leaves: a temporary file, and shards
    # written by a worker but never listed in the manifest
    (tmp_path / "events" / ".part-000090-000091.parquet.0123456789abcdef0123.tmp").write_bytes(
        b"partial"
    )
    write_chunk(tmp_path, 10, 11, run_chunk(Configuration(scenario, params), 0, 10, 12), "dead")

    resumed = run_ensemble(
        Configuration(scenario, params), runs=RUNS, out_dir=tmp_path, workers=workers
    )
    assert (resumed.done, resumed.added) == (RUNS, RUNS - len(kept))
    assert not list(tmp_path.rglob("*.tmp"))
    assert table(tmp_path, "runs").column("run").to_pylist() == list(range(RUNS))
    for name in TABLES:
        assert table(tmp_path, name).equals(table(reference, name)), name


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (
            {"overrides": ("stalin.patience=0.2",)},
            "overrides",
            "without override, not with override stalin.patience=0.2",
        ),
        ({"root_seed": 1}, "root_seed", "root seed 0, not 1"),
        ({"params": {"attack_cost": 0.3}}, "params_hash", "other parameters"),
    ],
)
def test_a_different_ensemble_into_the_same_folder_is_refused(
    tmp_path: Path,
    scenario: Scenario,
    params: Params,
    change: dict[str, Any],
    field: str,
    words: str,
) -> None:
    run_ensemble(Configuration(scenario, params), runs=2, out_dir=tmp_path, workers=1)
    before = shard_names(tmp_path)
    manifest = (tmp_path / MANIFEST).read_text()
    change = dict(change)
    other = params.model_copy(update=change.pop("params", {}))
    configuration = Configuration(scenario, other, overrides=change.pop("overrides", ()))
    with pytest.raises(DifferentEnsemble) as refused:
        run_ensemble(configuration, runs=4, out_dir=tmp_path, workers=1, **change)
    [problem] = refused.value.problems
    assert problem.file == str(tmp_path / MANIFEST) and problem.field == field
    assert "different ensemble" in problem.message and words in problem.message
    assert "--" not in problem.message  # the library names no command-line option
    assert shard_names(tmp_path) == before and (tmp_path / MANIFEST).read_text() == manifest


def test_shards_without_a_manifest_are_refused(
    tmp_path: Path, scenario: Scenario, params: Params
) -> None:
    run_ensemble(Configuration(scenario, params), runs=1, out_dir=tmp_path, workers=1)
    (tmp_path / MANIFEST).unlink()
    with pytest.raises(InputError, match="no manifest"):
        run_ensemble(Configuration(scenario, params), runs=1, out_dir=tmp_path, workers=1)


def test_a_spec_reads_back_from_its_manifest(
    tmp_path: Path, scenario: Scenario, params: Params
) -> None:
    configuration = Configuration(scenario, params, overrides=("attack_cost=0.2",))
    spec = EnsembleSpec.of(configuration, runs=3, root_seed=2)
    (tmp_path / MANIFEST).write_text(spec.to_json())
    assert EnsembleSpec.read(tmp_path / MANIFEST) == spec
    (tmp_path / MANIFEST).write_text('{"runs": "many"}')
    with pytest.raises(InputError):
        EnsembleSpec.read(tmp_path / MANIFEST)


def test_query_counts_the_winners_of_the_runs(reference: Path) -> None:
    answer = query(reference, "SELECT winner, count(*) AS n FROM runs GROUP BY 1").to_pylist()
    counted = Counter(pq.read_table(reference / "runs").column("winner").to_pylist())
    assert {row["winner"]: row["n"] for row in answer} == dict(counted)
    [row] = query(
        reference,
        "SELECT (SELECT count(DISTINCT run) FROM events) AS e,"
        " (SELECT count(DISTINCT run) FROM series) AS s",
    ).to_pylist()
    assert row == {"e": RUNS, "s": RUNS}


def test_bad_sql_and_an_empty_folder_are_input_errors(tmp_path: Path, reference: Path) -> None:
    with pytest.raises(InputError, match="syntax error"):
        query(reference, "SELEC winner FROM runs")
    with pytest.raises(InputError, match="nope"):
        query(reference, "SELECT * FROM nope")
    with pytest.raises(InputError, match="no ensemble here"):
        query(tmp_path, "SELECT 1")


def test_the_commands_play_resume_refuse_and_query(tmp_path: Path) -> None:
    folder = str(tmp_path / "out")
    made = runner.invoke(
        app, ["ensemble", "ussr-1924", "--runs", "6", "--out", folder, "--workers", "1", "--json"]
    )
    assert made.exit_code == 0, made.output
    summary = json.loads(made.stdout)
    assert summary["runs"] == summary["added"] == 6
    assert sum(w["runs"] for w in summary["winners"]) == 6
    assert summary["manifest"]["scenario"] == "ussr-1924-v1"

    again = runner.invoke(app, ["ensemble", "ussr-1924", "--runs", "6", "--out", folder])
    assert again.exit_code == 0, again.output
    assert again.stdout.startswith("6 runs in ") and "(0 new)" in again.stdout

    refused = runner.invoke(
        app, ["ensemble", "ussr-1924", "--runs", "6", "--out", folder, "--seed", "3"]
    )
    assert refused.exit_code == 2
    assert "manifest.json" in refused.stderr and "root seed 0, not 3" in refused.stderr
    assert "Traceback" not in refused.output and refused.stdout == ""

    # The library's words become the options a user types, with what to do next.
    changed = runner.invoke(
        app, ["ensemble", "ussr-1924", "--runs", "6", "--out", folder, "--set", "attack_cost=0.2"]
    )
    assert changed.exit_code == 2
    assert "without --set, not with --set attack_cost=0.2" in changed.stderr
    assert "use another --out folder" in changed.stderr
    empty = runner.invoke(app, ["query", str(tmp_path / "empty"), "SELECT 1"])
    assert empty.exit_code == 2
    assert "no ensemble here" in empty.stderr and "politburo ensemble SCENARIO" in empty.stderr

    counted = runner.invoke(
        app, ["query", folder, "SELECT count(*) AS n, count(DISTINCT run) AS d FROM runs", "--json"]
    )
    assert counted.exit_code == 0, counted.output
    assert json.loads(counted.stdout) == [{"n": 6, "d": 6}]
    shown = runner.invoke(
        app, ["query", folder, "SELECT winner, count(*) AS n FROM runs GROUP BY 1"]
    )
    assert shown.exit_code == 0 and "winner" in shown.stdout

    bad = runner.invoke(app, ["query", folder, "SELECT nothing FROM runs"])
    assert bad.exit_code == 2
    assert bad.stderr.startswith("error: query:") and "nothing" in bad.stderr
    assert "Traceback" not in bad.output and bad.stdout == ""


@pytest.mark.parametrize(
    ("counts", "field"),
    [
        ({"runs": 0}, "runs"),
        ({"runs": 2, "root_seed": -1}, "root_seed"),
        ({"runs": 2, "workers": 0}, "workers"),
    ],
)
def test_counts_out_of_range_name_the_argument_not_a_flag(
    tmp_path: Path, scenario: Scenario, params: Params, counts: dict[str, int], field: str
) -> None:
    with pytest.raises(InputError) as refused:
        run_ensemble(Configuration(scenario, params), out_dir=tmp_path, **counts)
    [problem] = refused.value.problems
    assert problem.field == field and "--" not in str(problem)
    assert not (tmp_path / MANIFEST).exists()
