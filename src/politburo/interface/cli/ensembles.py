"""The ensemble commands: play one into a folder, query it with SQL, draw it."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from politburo.experiments.location import Shards
from politburo.interface.cli.backends import ClusterOption, SchedulerOption, WorkersOption, opened
from politburo.interface.cli.errors import reports_input_errors
from politburo.interface.cli.options import (
    JsonOption,
    LeverOption,
    ParamsOption,
    ScenarioArgument,
    SetOption,
    configuration_of,
)
from politburo.interface.cli.output import err, write_json
from politburo.interface.cli.progress import counting_runs
from politburo.interface.cli.render import ensembles as render
from politburo.scenario.errors import InputError

if TYPE_CHECKING:
    import pyarrow as pa

    from politburo.experiments.queries import EnsembleContext

RunsOption = Annotated[int, typer.Option(min=1, help="How many seeded runs the ensemble holds.")]
OutOption = Annotated[
    str,
    typer.Option(
        "--out",
        help="The folder of Parquet shards and the manifest: a path, or a file:// URL "
        "the workers write the shards through.",
    ),
]
ShardsOption = Annotated[
    Shards,
    typer.Option(
        "--shards",
        help="Who writes the shards: the workers, straight into the --out folder (which "
        "they must reach), or the client, from what the workers send back (no shared "
        "file system needed).",
    ),
]
SeedOption = Annotated[
    int, typer.Option(min=0, help="Root seed; run i plays from its i-th spawned child.")
]
FolderArgument = Annotated[
    Path, typer.Argument(help="An ensemble folder (politburo ensemble --out).")
]
SqlArgument = Annotated[
    str,
    typer.Argument(
        help='SQL over the views runs, events, series, alliances and camps, e.g. "SELECT ...".'
    ),
]
KindOption = Annotated[
    str,
    typer.Option(
        help="What to draw: power, timing, network or outcomes (an ensemble), "
        "sensitivity (a sweep's folder)."
    ),
]
PictureOption = Annotated[
    Path | None,
    typer.Option(
        "--out",
        help="Where to write it (.png and .svg are added; its folder must exist; "
        "default FOLDER/plots/KIND).",
    ),
]


@reports_input_errors
def ensemble(
    scenario: ScenarioArgument,
    runs: RunsOption,
    out_dir: OutOption,
    seed: SeedOption = 0,
    set_: SetOption = None,
    lever: LeverOption = None,
    params: ParamsOption = None,
    workers: WorkersOption = None,
    cluster: ClusterOption = None,
    scheduler: SchedulerOption = None,
    shards: ShardsOption = "workers",
    json_out: JsonOption = False,
) -> None:
    """Play many seeded runs on every core into Parquet shards; run again to resume or extend.

    One job at a time plays into a folder (a second is refused, naming the
    first); a rerun checks every shard against its checksum and plays again
    the runs of any found damaged. Ctrl-C or SIGTERM keeps the finished runs.
    --cluster or --scheduler plays them on Dask workers, with the same result;
    --shards client has the workers send their shards back for this process to
    write, when they cannot reach the folder.
    """
    from politburo.experiments.queries import winner_counts
    from politburo.experiments.runner import run_ensemble

    configuration = configuration_of(scenario, params, lever, set_)
    with (
        opened(workers, cluster, scheduler) as pool,
        counting_runs("ensemble") as bar,
    ):
        result = run_ensemble(
            configuration,
            runs=runs,
            out_dir=out_dir,
            root_seed=seed,
            workers=pool.workers,
            on_progress=bar.report,
            pool=pool.executor,
            shards=shards,
        )
    render.damaged(result)
    counts = winner_counts(result.out_dir, runs).to_pylist()
    if json_out:
        write_json(render.ensemble_dict(result, counts), indent=2)
        return
    render.ensemble(result, counts)


@reports_input_errors
def query(folder: FolderArgument, sql: SqlArgument, json_out: JsonOption = False) -> None:
    """Run one SELECT over an ensemble's shards (DuckDB): runs, events, series, alliances, camps.

    alliances holds each spell of alliance (run, members, first_month,
    last_month, null when it held to the end, first_step, last_step); camps
    each spell of a named man in a contender's camp (run, camp, member and
    the same months).

    Read-only: only a single SELECT runs, and it can open no file but the
    ensemble's shards. COPY, ATTACH, INSTALL, LOAD, CREATE, SET and every
    other statement are refused, as is reading any other file (read_csv,
    read_text and the like).
    """
    from politburo.experiments.queries import query as run_sql

    table = run_sql(folder, sql)
    if json_out:
        write_json(table.to_pylist(), default=str, reasons=None)
        return
    render.table(table)


@reports_input_errors
def plot(
    folder: FolderArgument,
    kind: KindOption,
    out_stem: PictureOption = None,
    json_out: JsonOption = False,
) -> None:
    """Draw an ensemble (power over time, key events' timing, alliances, outcomes) or a sweep."""
    from politburo.experiments.queries import open_ensemble
    from politburo.experiments.sweep_store import INDICES, read_table
    from politburo.interface.plots import CHARTS, sensitivity_chart

    kinds = [*CHARTS, "sensitivity"]
    if kind not in kinds:
        raise InputError.one("--kind", f"must be one of {', '.join(kinds)}, not {kind!r}")
    if kind == "sensitivity":
        draw = partial(sensitivity_chart, read_table(folder, INDICES))
    else:
        context = open_ensemble(folder)
        draw = partial(CHARTS[kind], context, _pictured(kind, folder, context))
    if out_stem is None:  # the default place, inside the folder, is made if need be
        (folder / "plots").mkdir(exist_ok=True)
    paths = draw(out_stem or folder / "plots" / kind)
    err.print("written: " + ", ".join(escape(str(p)) for p in paths))
    if json_out:
        write_json([str(p) for p in paths])


def _pictured(kind: str, folder: Path, context: EnsembleContext) -> pa.Table:
    """The table a kind of picture is drawn from: the store's named query for it."""
    from politburo.experiments import queries

    if kind == "power":
        return queries.power_bands(folder)
    if kind == "timing":
        return queries.first_key_events(folder, queries.key_events(context.scenario))
    if kind == "network":
        return queries.alliance_events(folder)
    return queries.outcome_counts(folder)
