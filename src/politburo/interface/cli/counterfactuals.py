"""The counterfactual commands: ``whatif`` (one change, paired runs) and ``explain`` (Shapley)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from politburo.experiments.configuration import Configuration
from politburo.interface.cli.backends import ClusterOption, SchedulerOption, WorkersOption, opened
from politburo.interface.cli.errors import reports_input_errors
from politburo.interface.cli.options import (
    JsonOption,
    LeverOption,
    ParamsOption,
    ScenarioArgument,
    SetOption,
    StoreOption,
    configuration_of,
)
from politburo.interface.cli.output import err, write_json
from politburo.interface.cli.progress import counting_runs
from politburo.interface.cli.render import counterfactuals as render
from politburo.interface.outputs import check_output
from politburo.scenario.errors import InputError
from politburo.scenario.loading import load_fits, load_params, load_scenario
from politburo.scenario.params import Params
from politburo.scenario.schema import Scenario

SidesRunsOption = Annotated[int, typer.Option(min=2, help="Runs on each side (the same seeds).")]
SidesSeedOption = Annotated[int, typer.Option(min=0, help="Root seed of both sides' runs.")]
CombinationRunsOption = Annotated[int, typer.Option(min=2, help="Runs per combination of levers.")]
CombinationSeedOption = Annotated[
    int, typer.Option(min=0, help="Root seed, the same for every combination.")
]
ChartOption = Annotated[
    Path,
    typer.Option(
        help="Where to write the bar chart (.png and .svg are added; its folder must exist)."
    ),
]
#: Where ``explain`` draws its chart unless told; its folder is made if need be.
DEFAULT_CHART = Path("results/explain")
ParamSetsOption = Annotated[
    int | None,
    typer.Option(
        min=1, help="Repeat over the K best fits of --fits, so intervals show their spread."
    ),
]
FitsOption = Annotated[
    Path | None, typer.Option(help="A fits file from 'politburo calibrate' (.fits.yaml).")
]


@reports_input_errors
def whatif(
    scenario: ScenarioArgument,
    lever: LeverOption = None,
    set_: SetOption = None,
    runs: SidesRunsOption = 4000,
    seed: SidesSeedOption = 0,
    store: StoreOption = Path("results"),
    workers: WorkersOption = None,
    cluster: ClusterOption = None,
    scheduler: SchedulerOption = None,
    params: ParamsOption = None,
    json_out: JsonOption = False,
) -> None:
    """Compare the outcomes with and without levers, run for run on the same seeds."""
    from politburo.experiments.outcomes import Plan
    from politburo.experiments.whatif import whatif as compare_sides

    configuration = configuration_of(scenario, params, lever, set_)
    if not configuration.levers and not configuration.overrides:
        raise InputError.one("--lever", "name at least one --lever or --set to compare")
    with opened(workers, cluster, scheduler) as pool, counting_runs("what-if") as bar:
        plan = Plan(runs, seed, store, backend=pool)
        result = compare_sides(configuration, plan, bar.report)
    if json_out:
        write_json(result.to_dict(), indent=2, reasons=render.WHATIF_NULLS)
        return
    render.whatif(result, configuration.scenario)


@reports_input_errors
def explain(
    scenario: ScenarioArgument,
    lever: LeverOption = None,
    runs: CombinationRunsOption = 1000,
    seed: CombinationSeedOption = 0,
    store: StoreOption = Path("results"),
    chart: ChartOption = DEFAULT_CHART,
    workers: WorkersOption = None,
    cluster: ClusterOption = None,
    scheduler: SchedulerOption = None,
    params: ParamsOption = None,
    param_sets: ParamSetsOption = None,
    fits: FitsOption = None,
    json_out: JsonOption = False,
) -> None:
    """Attribute each outcome's probability to the levers: exact Shapley values over 2^k runs."""
    from politburo.experiments.explain import explain as attribute
    from politburo.experiments.outcomes import Plan
    from politburo.interface.plots import shapley_chart

    _chart_folder(chart)
    chosen = load_scenario(scenario)
    levers = _levers(chosen, lever)
    bases = [Configuration(chosen, p) for p in _parameter_sets(params, param_sets, fits)]
    with opened(workers, cluster, scheduler) as pool, counting_runs("explain") as bar:
        attribution = attribute(bases, levers, Plan(runs, seed, store, backend=pool), bar.report)
    names = render.names(chosen)
    paths = shapley_chart(attribution, names, chart)
    err.print("chart written to " + ", ".join(str(p) for p in paths))
    if json_out:
        write_json(attribution.to_dict() | {"chart": [str(p) for p in paths]}, indent=2)
        return
    render.attribution(attribution, names)


def _chart_folder(chart: Path) -> None:
    """Check where the chart goes before any run is played; the default's folder is made."""
    from politburo.interface.plots import chart_paths

    if chart == DEFAULT_CHART:
        chart.parent.mkdir(parents=True, exist_ok=True)
    for path in chart_paths(chart, "--chart"):
        check_output(path, "--chart")


def _levers(scenario: Scenario, named: list[str] | None) -> tuple[str, ...]:
    """The levers ``--lever`` names, else those of the default levers the scenario has.

    Raises:
        InputError: None is named and the scenario has none of the default levers.
    """
    from politburo.experiments.explain import DEFAULT_LEVERS

    own = {lever.id for lever in scenario.levers}
    levers = tuple(named or [name for name in DEFAULT_LEVERS if name in own])
    if not levers:
        raise InputError.one("--lever", "this scenario has none of the default levers: name some")
    return levers


def _parameter_sets(params: Path | None, sets: int | None, fits: Path | None) -> list[Params]:
    """The parameter sets to attribute under: ``--params``, or the ``--param-sets`` best ``--fits``.

    Raises:
        InputError: ``--param-sets`` without ``--fits``, or more sets than the fits hold.
    """
    given = load_params(params)
    if sets is None:
        return [given]
    if fits is None:
        raise InputError.one("--param-sets", "give the fits to repeat over with --fits FILE")
    available = load_fits(fits)
    if len(available) < sets:
        raise InputError.one(
            str(fits), f"holds {len(available)} fits, fewer than --param-sets {sets}"
        )
    return available[:sets]
