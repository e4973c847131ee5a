"""The ``calibrate`` command: fit the global parameters to one case or several, and write them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from politburo.interface.cli.backends import ClusterOption, SchedulerOption, WorkersOption, opened
from politburo.interface.cli.errors import reports_input_errors
from politburo.interface.cli.options import (
    CasesOption,
    JsonOption,
    ParamsOption,
    RecordOption,
    case_names,
    check_month,
    record_of,
)
from politburo.interface.cli.output import err, write_json
from politburo.interface.cli.progress import counting_trials
from politburo.interface.cli.render import validation as render
from politburo.interface.cli.validation import command_text
from politburo.interface.outputs import check_output, write_output
from politburo.scenario.errors import InputError
from politburo.scenario.loading import load_params, load_scenario
from politburo.scenario.params import Params

if TYPE_CHECKING:
    from politburo.experiments.calibration import Calibration
    from politburo.experiments.cases import Case

OneScenarioArgument = Annotated[
    str | None,
    typer.Argument(
        help="A bundled scenario id or a YAML file, for a fit to one case "
        "(or give --cases or --leave-out)."
    ),
]
LeaveOutOption = Annotated[
    str | None,
    typer.Option(
        "--leave-out",
        metavar="CASE",
        help="Fit to every bundled case but CASE (for validate --cases all --leave-one-out).",
    ),
]
TrialsOption = Annotated[int, typer.Option(min=1, help="Most parameter sets to try.")]
BudgetOption = Annotated[float | None, typer.Option(min=1, help="Stop after this many seconds.")]
TrialRunsOption = Annotated[
    int, typer.Option(min=1, help="Seeded runs of each case scoring each trial.")
]
TestRunsOption = Annotated[
    int, typer.Option(min=1, help="Runs of each case on other seeds scoring before and after.")
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
        min=0.0,
        max=1.0,
        help="Infeasible: any one outcome in more than this share of any case's runs.",
    ),
]
MinEpisodeOption = Annotated[
    float,
    typer.Option(
        "--min-episode-share",
        min=0.0,
        max=1.0,
        help="Infeasible: any episode of a case's record told whole in fewer of its runs.",
    ),
]
FittedOutOption = Annotated[
    Path, typer.Option("--out", help="Where to write the fitted parameter file.")
]


@reports_input_errors
def calibrate(
    scenario: OneScenarioArgument = None,
    cases: CasesOption = None,
    leave_out: LeaveOutOption = None,
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
    min_episode: MinEpisodeOption = 0.0,
    params: ParamsOption = None,
    out_file: FittedOutOption = Path("fitted-params.yaml"),
    json_out: JsonOption = False,
    workers: WorkersOption = None,
    cluster: ClusterOption = None,
    scheduler: SchedulerOption = None,
) -> None:
    """Fit the global parameters to one case's record, or to several cases' (Optuna TPE)."""
    from politburo.experiments.calibration import calibrate as fit_parameters

    check_output(out_file, "--out")
    check_output(out_file.with_suffix(".fits.yaml"), "--out")
    chosen, left_out = _cases_of(scenario, cases, leave_out, record, until)
    names = _parameter_names(fit)
    with opened(workers, cluster, scheduler, local=1) as pool, counting_trials(trials) as on_trial:
        result = fit_parameters(
            chosen,
            load_params(params),
            trials=trials,
            runs=runs,
            budget_seconds=budget,
            seed=seed,
            test_runs=test_runs,
            until=until,
            names=names,
            max_outcome_share=max_share,
            min_episode_share=min_episode,
            keep=keep,
            on_trial=on_trial,
            backend=pool,
        )
    options: list[tuple[str, object]] = [("--cases", cases), ("--leave-out", leave_out)]
    options += [("--record", record), ("--trials", trials), ("--runs", runs)]
    options += [("--budget", budget), ("--test-runs", test_runs), ("--seed", seed)]
    options += [("--until", until), ("--fit", fit)]
    options += [("--max-share", max_share), ("--min-episode-share", min_episode or None)]
    options += [("--keep", keep), ("--params", params)]
    command = command_text("calibrate", scenario, [*options, ("--out", out_file)])
    _write_fits(out_file, result, command, keep, left_out)
    if json_out:
        write_json(render.calibration_dict(result, out_file, left_out), indent=2)
        return
    render.calibration(result)


def _cases_of(
    scenario: str | None,
    cases: str | None,
    leave_out: str | None,
    record: str | None,
    until: str | None,
) -> tuple[list[Case], str | None]:
    """The cases a fit is to (SCENARIO's alone, ``--cases``, or all but one), and the one left out.

    Raises:
        InputError: Not exactly one of the three is given; ``--record`` or
            ``--until`` with several cases; a case or record cannot be loaded.
    """
    from politburo.experiments.cases import Case, bundled, case_named

    named = [("SCENARIO", scenario), ("--cases", cases), ("--leave-out", leave_out)]
    given = [option for option, value in named if value is not None]
    if len(given) != 1:
        found = f"; got {' and '.join(given)}" if given else ""
        raise InputError.one(
            "calibrate", "give one of SCENARIO (a fit to one case), --cases or --leave-out" + found
        )
    if scenario is not None:
        chosen = load_scenario(scenario)
        check_month("--until", until, chosen)
        return [Case.of(chosen, record_of(chosen, record, scenario))], None
    for option, value in (("--record", record), ("--until", until)):
        if value is not None:
            raise InputError.one(option, f"is for a fit to one case, not with {given[0]}")
    left_out = None if leave_out is None else case_named(leave_out)
    return bundled(case_names(cases), leave_out=left_out), left_out


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


def _write_fits(
    out_file: Path, result: Calibration, command: str, keep: int, left_out: str | None
) -> None:
    """Write the fitted parameters to ``out_file`` and the ``keep`` best fits beside it."""
    from politburo.experiments.calibration import fits_yaml, params_yaml

    fits_file = out_file.with_suffix(".fits.yaml")
    fitted, best = params_yaml(result, command, left_out), fits_yaml(result, command)
    write_output(out_file, "--out", lambda temporary: temporary.write_text(fitted, "utf-8"))
    write_output(fits_file, "--out", lambda temporary: temporary.write_text(best, "utf-8"))
    err.print(
        f"fitted parameters written to {escape(str(out_file))}, "
        f"the {keep} best fits to {escape(str(fits_file))}"
    )
