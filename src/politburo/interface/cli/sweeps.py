"""The ``sweep`` command: runs at every point of a Sobol or Morris design, and the indices."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from politburo.interface.cli.backends import ClusterOption, SchedulerOption, WorkersOption, opened
from politburo.interface.cli.errors import reports_input_errors
from politburo.interface.cli.options import (
    JsonOption,
    LeverOption,
    ParamsOption,
    RecordOption,
    ScenarioArgument,
    SetOption,
    configuration_of,
    record_of,
)
from politburo.interface.cli.output import write_json
from politburo.interface.cli.progress import counting_runs
from politburo.interface.cli.render import sweeps as render
from politburo.scenario.errors import InputError

RangeOption = Annotated[
    list[str],
    typer.Option(
        "--param",
        help="A parameter to vary, NAME=LOW:HIGH: a global parameter (attack_cost=0.05:0.3) "
        "or an actor's trait (ACTOR.patience=0.2:0.9); repeatable.",
    ),
]
SamplesOption = Annotated[
    int,
    typer.Option(
        min=1,
        help="SALib's base sample N: N x (k + 2) points for Sobol (N a power of 2), "
        "N trajectories of k + 1 points for Morris.",
    ),
]
RunsPerSampleOption = Annotated[
    int, typer.Option("--runs-per-sample", min=1, help="Seeded runs at each point (same seeds).")
]
MethodOption = Annotated[
    str, typer.Option(help="sobol (first-order and total indices) or morris (screening).")
]
SweepOutOption = Annotated[
    Path, typer.Option("--out", help="The sweep's folder: manifest, design, runs, indices.")
]
SweepSeedOption = Annotated[
    int, typer.Option(min=0, help="Root seed of the design, the runs and the intervals.")
]


@reports_input_errors
def sweep(
    scenario: ScenarioArgument,
    param: RangeOption,
    samples: SamplesOption = 1024,
    runs_per_sample: RunsPerSampleOption = 200,
    method: MethodOption = "sobol",
    out_dir: SweepOutOption = Path("results/sweep"),
    seed: SweepSeedOption = 0,
    set_: SetOption = None,
    lever: LeverOption = None,
    params: ParamsOption = None,
    record: RecordOption = None,
    workers: WorkersOption = None,
    cluster: ClusterOption = None,
    scheduler: SchedulerOption = None,
    json_out: JsonOption = False,
) -> None:
    """Vary parameters over a SALib design; report each output's Sobol (or Morris) indices.

    The outputs are each contender's chance to win, the month of the win and
    the fidelity score against the record. Run again to resume: finished
    points are kept, checked and not played again.
    """
    from politburo.analysis.record import load_record
    from politburo.experiments.sensitivity import METHODS
    from politburo.experiments.sweep import parse_range
    from politburo.experiments.sweep import sweep as play

    configuration = configuration_of(scenario, params, lever, set_)
    if method not in METHODS:
        raise InputError.one("--method", f"must be one of {', '.join(METHODS)}, not {method!r}")
    try:
        ranges = [parse_range(text) for text in param]
    except InputError as error:
        raise InputError.one("--param", error.problems[0].message) from None
    record_id = record_of(configuration.scenario, record, scenario)
    history = load_record(record_id)
    with opened(workers, cluster, scheduler) as pool, counting_runs("sweep") as bar:
        result = play(
            configuration,
            ranges,
            record=history,
            record_name=record_id,
            out_dir=out_dir,
            method="morris" if method == "morris" else "sobol",
            samples=samples,
            runs_per_sample=runs_per_sample,
            seed=seed,
            backend=pool,
            on_progress=bar.report,
        )
    if json_out:
        write_json(result.to_dict(), indent=2)
        return
    render.sweep(result)
