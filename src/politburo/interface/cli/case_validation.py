"""``validate --cases``: several bundled cases scored, each under its parameters, in one table.

With ``--leave-one-out`` each case is scored with the parameter file fitted
without it (:func:`~politburo.scenario.loading.leave_out_params` names it);
otherwise every case is scored with ``--params`` (or the defaults).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from politburo.interface.cli.backends import opened
from politburo.interface.cli.options import case_names
from politburo.interface.cli.output import PROGRAM, write_json
from politburo.interface.cli.progress import counting_runs
from politburo.interface.cli.render import validation as render
from politburo.scenario.errors import InputError, Problem
from politburo.scenario.loading import leave_out_params, load_params
from politburo.scenario.params import Params

if TYPE_CHECKING:
    from politburo.experiments.cases import Case

LeaveOneOutOption = Annotated[
    bool,
    typer.Option(
        "--leave-one-out",
        help="With --cases: score each case with the parameters fitted without it "
        "(params/leave-out-CASE.yaml, made by calibrate --leave-out CASE).",
    ),
]
ParamsDirOption = Annotated[
    Path | None,
    typer.Option(
        "--params-dir",
        help="With --leave-one-out: the folder of the leave-out-CASE.yaml files "
        "(default: the shipped ones).",
    ),
]


def validate_cases(
    cases: str,
    leave_one_out: bool,
    params_dir: Path | None,
    params: Path | None,
    runs: int,
    seed: int,
    json_out: bool,
    backend: tuple[int | None, str | None, str | None],
) -> None:
    """Score the ``--cases`` each under its parameters, and print the table (or JSON).

    Raises:
        InputError: A case is not bundled, or a leave-out file is missing or bad.
    """
    from politburo.experiments.case_validation import validate_cases as score
    from politburo.experiments.cases import bundled

    chosen = bundled(case_names(cases))
    if leave_one_out:
        plan = _leave_out_plan(chosen, params_dir)
    else:
        source = "defaults" if params is None else str(params)
        plan = [(case, load_params(params), source) for case in chosen]
    with opened(*backend, local=1) as pool, counting_runs("validating") as bar:
        results = score(plan, runs=runs, seed=seed, on_progress=bar.report, backend=pool)
    if json_out:
        data = render.cases_dict(results, leave_one_out, runs, seed)
        write_json(data, indent=2, reasons=render.CASES_NULLS)
        return
    render.cases(results, leave_one_out)


def _leave_out_plan(cases: list[Case], folder: Path | None) -> list[tuple[Case, Params, str]]:
    """Each case with the parameters fitted without it, read from its leave-out file.

    Raises:
        InputError: One problem per missing file, naming the file and the
            command that makes it; or a file's own problems.
    """
    files = {case.name: leave_out_params(case.name, folder) for case in cases}
    missing = [
        Problem(
            str(path),
            None,
            "",
            f"no parameters fitted without {name}: make them with "
            f"`{PROGRAM} calibrate --leave-out {name} --out {path}`",
        )
        for name, path in files.items()
        if not path.exists()
    ]
    if missing:
        raise InputError(missing)
    return [(case, load_params(files[case.name]), str(files[case.name])) for case in cases]


def check_options(
    scenario: str | None,
    cases: str | None,
    leave_one_out: bool,
    params_dir: Path | None,
    params: Path | None,
    single: Mapping[str, object],
) -> None:
    """The options of ``validate`` agree: one SCENARIO or ``--cases``, and no option out of place.

    ``single`` holds the options that only a validation of one scenario
    takes (``--record``, ``--from``, ``--report`` ...) by name.

    Raises:
        InputError: What does not go together, naming the options.
    """
    if (scenario is None) == (cases is None):
        found = "; got both" if scenario is not None else ""
        raise InputError.one("validate", "give one of SCENARIO or --cases" + found)
    if cases is None:
        if leave_one_out or params_dir is not None:
            flag = "--leave-one-out" if leave_one_out else "--params-dir"
            raise InputError.one(flag, "is for --cases (several cases), not for one SCENARIO")
        return
    for option, value in single.items():
        if value:
            raise InputError.one(option, "is for one SCENARIO, not with --cases")
    if leave_one_out and params is not None:
        raise InputError.one("--params", "not with --leave-one-out, which reads each case's own")
    if params_dir is not None and not leave_one_out:
        raise InputError.one("--params-dir", "is for --leave-one-out")
