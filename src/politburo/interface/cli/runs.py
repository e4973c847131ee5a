"""The ``run`` command: play one run and tell it, or print it as JSON."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import numpy as np
import typer
from rich.markup import escape

from politburo.experiments.configuration import Configuration
from politburo.interface.cli.errors import reports_input_errors
from politburo.interface.cli.options import (
    JsonOption,
    LeverOption,
    ParamsOption,
    ScenarioArgument,
    SeedOption,
    SetOption,
    configuration_of,
)
from politburo.interface.cli.output import err, write_json_text
from politburo.interface.cli.progress import counting_runs
from politburo.interface.cli.render import runs as render
from politburo.interface.outputs import check_output, write_output
from politburo.model.result import RunResult
from politburo.scenario.schema import Scenario

if TYPE_CHECKING:
    from politburo.analysis.scoring import Key

EventsOption = Annotated[
    Path | None,
    typer.Option(
        "--events",
        help="Write the event log to this Parquet file (a new or regular file in a folder "
        "that exists).",
    ),
]
MarksOption = Annotated[
    str | None,
    typer.Option(help="Mark each event against this record (a CSV or a bundled id)."),
]
TypicalOption = Annotated[
    bool,
    typer.Option(
        "--typical",
        help="Replay the run closest to the most common course of an ensemble "
        "(played into --store first if need be; --seed is its root seed).",
    ),
]
TypicalRunsOption = Annotated[
    int, typer.Option(min=1, help="With --typical: how many runs the ensemble holds.")
]
TypicalStoreOption = Annotated[
    Path, typer.Option(help="With --typical: the folder of stored ensembles.")
]


@reports_input_errors
def run(
    scenario: ScenarioArgument,
    seed: SeedOption = 0,
    set_: SetOption = None,
    lever: LeverOption = None,
    params: ParamsOption = None,
    json_out: JsonOption = False,
    events: EventsOption = None,
    record: MarksOption = None,
    typical: TypicalOption = False,
    typical_runs: TypicalRunsOption = 200,
    store: TypicalStoreOption = Path("results"),
) -> None:
    """Play one run and tell it month by month, with the winner and the reasons."""
    if events is not None:
        check_output(events, "--events")
    configuration = configuration_of(scenario, params, lever, set_)
    changed, _ = configuration.changed()
    chosen: int | np.random.SeedSequence = seed
    if typical:
        chosen = _typical_seed(configuration, typical_runs, seed, store)
    result = configuration.play(chosen)
    if events is not None:
        _write_events(result, events)
    if json_out:
        write_json_text(result.to_json())
        return
    marks, missing = _marked(result, changed, record)
    render.narrative(result, changed, marks, missing)


def _write_events(result: RunResult, path: Path) -> None:
    """Write the run's event log to ``path`` as Parquet (see :mod:`politburo.interface.outputs`)."""
    import pyarrow.parquet as pq

    from politburo.analysis.tables import events_table

    write_output(
        path, "--events", lambda temporary: pq.write_table(events_table(result), temporary)
    )
    err.print(f"event log written to {escape(str(path))}")


def _typical_seed(
    configuration: Configuration, runs: int, seed: int, store: Path
) -> np.random.SeedSequence:
    """The seed of the typical run of the stored ensemble (played first if need be)."""
    from politburo.experiments.chunks import run_seed
    from politburo.experiments.outcomes import Plan, stored_ensemble
    from politburo.experiments.typical import typical_run

    plan = Plan(runs, seed, store)
    with counting_runs("ensemble for --typical") as bar:
        folder = stored_ensemble(configuration, plan, on_progress=bar.report)
    index, course = typical_run(folder, configuration.scenario, plan.runs)
    err.print(f"the typical run is run {index} of {folder}: the most common course is {course}")
    return run_seed(plan.seed, index)


def _marked(
    result: RunResult, scenario: Scenario, record: str | None
) -> tuple[dict[int, str], list[tuple[Key, int]]]:
    """The run's events marked against ``record``, and the recorded events it lacks."""
    if record is None:
        return {}, []
    from politburo.analysis.record import load_record
    from politburo.experiments.validation import mark_run

    return mark_run(result, scenario, load_record(record))
