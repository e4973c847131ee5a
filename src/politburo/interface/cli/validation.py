"""The commands that hold the model against the record: ``validate`` and ``calibrate``."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from politburo.interface.cli.backends import ClusterOption, SchedulerOption, WorkersOption, opened
from politburo.interface.cli.case_validation import (
    LeaveOneOutOption,
    ParamsDirOption,
    check_options,
    validate_cases,
)
from politburo.interface.cli.errors import reports_input_errors
from politburo.interface.cli.options import (
    CasesOption,
    JsonOption,
    LeverOption,
    ParamsOption,
    RecordOption,
    check_month,
    configuration_of,
    record_of,
)
from politburo.interface.cli.output import PROGRAM, err, write_json
from politburo.interface.cli.progress import counting_runs
from politburo.interface.cli.render import validation as render
from politburo.interface.outputs import check_output, write_output
from politburo.scenario.loading import params_provenance
from politburo.scenario.schema import Scenario

if TYPE_CHECKING:
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


OptionalScenarioArgument = Annotated[
    str | None,
    typer.Argument(help="A bundled scenario id or a YAML file (or give --cases)."),
]


@reports_input_errors
def validate(
    scenario: OptionalScenarioArgument = None,
    cases: CasesOption = None,
    leave_one_out: LeaveOneOutOption = False,
    params_dir: ParamsDirOption = None,
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
    """Score an ensemble of runs against the record, beside naive baselines (or several cases)."""
    from politburo.analysis.record import load_record
    from politburo.experiments.validation import validate as score
    from politburo.interface.report import VALIDATION_NULLS, validation_dict

    single = {"--record": record, "--from": since, "--lever": lever, "--report": report}
    single |= {"--oot-params": oot_params, "--oot-from": oot_from}
    check_options(scenario, cases, leave_one_out, params_dir, params, single)
    if cases is not None:
        backend = (workers, cluster, scheduler)
        validate_cases(cases, leave_one_out, params_dir, params, runs, seed, json_out, backend)
        return
    assert scenario is not None  # check_options: SCENARIO or --cases
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


def command_text(command: str, argument: str | None, options: Sequence[tuple[str, object]]) -> str:
    """The command as a user would type it again: the argument and each option given, in order.

    Numbers with a fraction are written as briefly as they read (``0.95``, ``600``).
    """
    words = [PROGRAM, command, *([] if argument is None else [argument])]
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
