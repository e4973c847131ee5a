"""The commands that hold the model against the record: ``validate`` and ``calibrate``."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from politburo.interface.cli.backends import ClusterOption, SchedulerOption, WorkersOption, opened
from politburo.interface.cli.errors import reports_input_errors
from politburo.interface.cli.options import (
    JsonOption,
    LeverOption,
    ParamsOption,
    RecordOption,
    ScenarioArgument,
    check_month,
    configuration_of,
    record_of,
)
from politburo.interface.cli.output import PROGRAM, err, write_json
from politburo.interface.cli.progress import counting_runs, counting_trials
from politburo.interface.cli.render import validation as render
from politburo.interface.outputs import check_output, write_output
from politburo.scenario.errors import InputError
from politburo.scenario.loading import load_params, load_scenario, params_provenance
from politburo.scenario.params import Params
from politburo.scenario.schema import Scenario

if TYPE_CHECKING:
    from politburo.experiments.calibration import Calibration
    from politburo.experiments.validation import Validation

RunsOption = Annotated[int, typer.Option(min=1, help="Number of seeded runs.")]
RootSeedOption = Annotated[
    int, typer.Option(min=0, help="Root seed; each run's seed is spawned from it.")
]
SinceOption = Annotated[
    str | None,
    typer.Option("--from", help="Score only record events from this month (YYYY-MM)."),
]
ReportOption = Annotated[Path | None, typer.Option(help="Write the Markdown report to this file.")]
OutOfTimeParamsOption = Annotated[
    Path | None,
    typer.Option(help="For the report: parameters fitted only to the early record."),
]
OutOfTimeFromOption = Annotated[
    str | None,
    typer.Option(help="For the report: the month the out-of-time test scores from."),
]


@reports_input_errors
def validate(
    scenario: ScenarioArgument,
    record: RecordOption = None,
    runs: RunsOption = 1000,
    seed: RootSeedOption = 0,
    since: SinceOption = None,
    lever: LeverOption = None,
    params: ParamsOption = None,
    json_out: JsonOption = False,
    report: ReportOption = None,
    oot_params: OutOfTimeParamsOption = None,
    oot_from: OutOfTimeFromOption = None,
    workers: WorkersOption = None,
    cluster: ClusterOption = None,
    scheduler: SchedulerOption = None,
) -> None:
    """Score an ensemble of runs against the record, beside naive baselines."""
    from politburo.analysis.record import load_record
    from politburo.experiments.validation import validate as score
    from politburo.interface.report import VALIDATION_NULLS, validation_dict

    if report is not None:
        check_output(report, "--report")
    configuration = configuration_of(scenario, params, lever)
    chosen = configuration.scenario
    record_id = record_of(chosen, record, scenario)
    check_month("--from", since, chosen)
    check_month("--oot-from", oot_from, chosen)
    history = load_record(record_id)
    with opened(workers, cluster, scheduler, local=1) as pool:
        scoring = partial(score, record=history, runs=runs, seed=seed, record_name=record_id)
        with counting_runs("validating") as bar:
            result = scoring(configuration, since=since, on_progress=bar.report, backend=pool)
        if report is not None:
            options = _report_options(runs, since, params, lever, report)
            later = None
            if oot_params is not None and oot_from is not None:
                options += [("--oot-params", oot_params), ("--oot-from", oot_from)]
                out_of_time = configuration_of(scenario, oot_params)
                scored = scoring(out_of_time, since=oot_from, backend=pool)
                later = (scored, params_provenance(oot_params))
            command = command_text("validate", scenario, options)
            _write_report(report, result, chosen, command, params, later)
    if json_out:
        write_json(validation_dict(result, chosen), indent=2, reasons=VALIDATION_NULLS)
        return
    render.validation(result, chosen)


def _report_options(
    runs: int, since: str | None, params: Path | None, lever: list[str] | None, report: Path
) -> list[tuple[str, object]]:
    """The options of ``validate`` that made a report, as its header repeats them."""
    options: list[tuple[str, object]] = [("--runs", runs), ("--from", since), ("--params", params)]
    options += [("--lever", name) for name in lever or []]
    return [*options, ("--report", report)]


def command_text(command: str, argument: str, options: Sequence[tuple[str, object]]) -> str:
    """The command as a user would type it again: each option given (not None), in order.

    Numbers with a fraction are written as briefly as they read (``0.95``, ``600``).
    """
    words = [PROGRAM, command, argument]
    for option, value in options:
        if value is not None:
            words += [option, f"{value:g}" if isinstance(value, float) else str(value)]
    return " ".join(words)


def _write_report(
    path: Path,
    result: Validation,
    scenario: Scenario,
    command: str,
    params: Path | None,
    later: tuple[Validation, list[str]] | None,
) -> None:
    """Write the Markdown report of a validation (and of its out-of-time test, if any)."""
    from politburo.interface.report import markdown

    text = markdown(result, scenario, command, params_provenance(params), later)
    write_output(path, "--report", lambda temporary: temporary.write_text(text, encoding="utf-8"))
    err.print(f"report written to {escape(str(path))}")


TrialsOption = Annotated[int, typer.Option(min=1, help="Most parameter sets to try.")]
BudgetOption = Annotated[float | None, typer.Option(min=1, help="Stop after this many seconds.")]
TrialRunsOption = Annotated[int, typer.Option(min=1, help="Seeded runs scoring each trial.")]
TestRunsOption = Annotated[
    int, typer.Option(min=1, help="Runs on other seeds scoring before and after.")
]
SamplerSeedOption = Annotated[
    int, typer.Option(min=0, max=2**32 - 1, help="Root seed of the sampler and the runs.")
]
UntilOption = Annotated[
    str | None,
    typer.Option(help="Fit to record events up to this month only, without the winner."),
]
FitOption = Annotated[
    str | None,
    typer.Option(help="Comma-separated parameters to fit (default: all global ones)."),
]
KeepOption = Annotated[
    int,
    typer.Option(
        min=1, help="Also write the best K fits to OUT's .fits.yaml (for explain --param-sets)."
    ),
]
MaxShareOption = Annotated[
    float,
    typer.Option(
        min=0.0, max=1.0, help="Infeasible: any one outcome in more than this share of runs."
    ),
]
FittedOutOption = Annotated[
    Path, typer.Option("--out", help="Where to write the fitted parameter file.")
]


@reports_input_errors
def calibrate(
    scenario: ScenarioArgument,
    record: RecordOption = None,
    trials: TrialsOption = 200,
    budget: BudgetOption = None,
    runs: TrialRunsOption = 50,
    test_runs: TestRunsOption = 200,
    seed: SamplerSeedOption = 0,
    until: UntilOption = None,
    fit: FitOption = None,
    keep: KeepOption = 10,
    max_share: MaxShareOption = 0.95,
    params: ParamsOption = None,
    out_file: FittedOutOption = Path("fitted-params.yaml"),
    json_out: JsonOption = False,
    workers: WorkersOption = None,
    cluster: ClusterOption = None,
    scheduler: SchedulerOption = None,
) -> None:
    """Fit the global parameters to the record (Optuna TPE) and write them out."""
    from politburo.experiments.calibration import calibrate as fit_parameters
    from politburo.experiments.cases import Case

    check_output(out_file, "--out")
    check_output(out_file.with_suffix(".fits.yaml"), "--out")
    chosen = load_scenario(scenario)
    record_id = record_of(chosen, record, scenario)
    check_month("--until", until, chosen)
    names = _parameter_names(fit)
    case = Case.of(chosen, record_id)
    with opened(workers, cluster, scheduler, local=1) as pool, counting_trials(trials) as on_trial:
        result = fit_parameters(
            [case],
            load_params(params),
            trials=trials,
            runs=runs,
            budget_seconds=budget,
            seed=seed,
            test_runs=test_runs,
            until=until,
            names=names,
            max_outcome_share=max_share,
            keep=keep,
            on_trial=on_trial,
            backend=pool,
        )
    options: list[tuple[str, object]] = [("--trials", trials), ("--runs", runs)]
    options += [("--budget", budget), ("--test-runs", test_runs), ("--seed", seed)]
    options += [("--until", until), ("--fit", fit)]
    options += [("--max-share", max_share), ("--keep", keep), ("--params", params)]
    command = command_text("calibrate", scenario, [*options, ("--out", out_file)])
    _write_fits(out_file, result, command, keep)
    if json_out:
        write_json(render.calibration_dict(result, out_file), indent=2)
        return
    render.calibration(result)


def _parameter_names(fit: str | None) -> list[str] | None:
    """The parameters ``--fit`` names (all global ones when None).

    Raises:
        InputError: A name is not a global parameter.
    """
    names = [n.strip() for n in fit.split(",")] if fit else None
    for name in names or []:
        if name not in Params.model_fields:
            raise InputError.one("--fit", f"unknown parameter {name!r}", field=name)
    return names


def _write_fits(out_file: Path, result: Calibration, command: str, keep: int) -> None:
    """Write the fitted parameters to ``out_file`` and the ``keep`` best fits beside it."""
    from politburo.experiments.calibration import fits_yaml, params_yaml

    fits_file = out_file.with_suffix(".fits.yaml")
    fitted, best = params_yaml(result, command), fits_yaml(result, command)
    write_output(out_file, "--out", lambda temporary: temporary.write_text(fitted, "utf-8"))
    write_output(fits_file, "--out", lambda temporary: temporary.write_text(best, "utf-8"))
    err.print(
        f"fitted parameters written to {escape(str(out_file))}, "
        f"the {keep} best fits to {escape(str(fits_file))}"
    )
