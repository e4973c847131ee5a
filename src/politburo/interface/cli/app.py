"""The command line: run, check and list scenarios.

Results go to standard output (``--json`` makes them machine-readable on
every command); progress and messages go to standard error. Bad input
prints a short error naming the file, line and field, and exits with 2.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from politburo.analysis.narrative import narrate, verdict
from politburo.scenario.errors import InputError
from politburo.scenario.levers import apply_levers
from politburo.scenario.loading import (
    bundled_scenarios,
    load_params,
    load_scenario,
    params_provenance,
)
from politburo.scenario.overrides import apply_overrides
from politburo.scenario.schema import Scenario

app = typer.Typer(
    help="Simulate, replay and explain succession struggles in one-party regimes.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False, soft_wrap=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)

F = TypeVar("F", bound=Callable[..., Any])

#: The program's name, as users type it.
PROGRAM = __name__.split(".")[0]

JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON on stdout.")]
SetOption = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        help="Change a trait or parameter for this run, e.g. stalin.patience=0.2 (repeatable).",
    ),
]
LeverOption = Annotated[
    list[str] | None,
    typer.Option(
        "--lever",
        help="Pull one of the scenario's levers (see 'politburo levers'); repeatable.",
    ),
]
ParamsOption = Annotated[
    Path | None, typer.Option("--params", help="A parameter file instead of the defaults.")
]


def reports_input_errors(command: F) -> F:
    """Turn bad input into a short message on stderr and exit code 2."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except InputError as error:
            for problem in error.problems:
                err.print(f"[bold red]error:[/] {escape(str(problem))}")
            raise typer.Exit(2) from None

    return wrapper  # type: ignore[return-value]


@app.command()
@reports_input_errors
def run(
    scenario: Annotated[str, typer.Argument(help="A bundled scenario id or a YAML file.")],
    seed: Annotated[int, typer.Option(help="Seed of the run's random generator.")] = 0,
    set_: SetOption = None,
    lever: LeverOption = None,
    params: ParamsOption = None,
    json_out: JsonOption = False,
    events: Annotated[
        Path | None, typer.Option("--events", help="Write the event log to this Parquet file.")
    ] = None,
    record: Annotated[
        str | None,
        typer.Option(help="Mark each event against this record (a CSV or a bundled id)."),
    ] = None,
    typical: Annotated[
        bool,
        typer.Option(
            "--typical",
            help="Replay the run closest to the most common course of an ensemble "
            "(played into --store first if need be; --seed is its root seed).",
        ),
    ] = False,
    typical_runs: Annotated[
        int, typer.Option(min=1, help="With --typical: how many runs the ensemble holds.")
    ] = 200,
    store: Annotated[
        Path, typer.Option(help="With --typical: the folder of stored ensembles.")
    ] = Path("results"),
) -> None:
    """Play one run and tell it month by month, with the winner and the reasons."""
    from politburo.model.engine import simulate

    base = load_scenario(scenario)
    chosen_params = load_params(params)
    overrides = list(set_ or [])
    levers = list(lever or [])
    levered, levered_params = apply_levers(base, chosen_params, levers)
    changed, _ = apply_overrides(levered, levered_params, overrides)
    run_seed: Any = seed
    if typical:
        run_seed = _typical_seed(base, chosen_params, levers, overrides, seed, typical_runs, store)
    result = simulate(
        base, seed=run_seed, interventions=overrides, params=chosen_params, levers=levers
    )
    if events is not None:
        from politburo.analysis.tables import write_events

        write_events(result, events)
        err.print(f"event log written to {events}")
    if json_out:
        sys.stdout.write(result.to_json() + "\n")
        return
    marks: dict[int, str] = {}
    missing: list[str] = []
    if record is not None:
        marks, missing = _marks(result, changed, record)
    _print_narrative(result, changed, marks)
    if missing:
        out.print("\n[bold]Recorded events that did not happen in this run[/]")
        for line in missing:
            out.print(f"  • {escape(line)}")


def _typical_seed(
    scenario: Scenario,
    params: Any,
    levers: list[str],
    overrides: list[str],
    seed: int,
    runs: int,
    store: Path,
) -> Any:
    """The seed of the typical run of the stored ensemble (played first if need be)."""
    from politburo.experiments.counterfactuals import stored_ensemble
    from politburo.experiments.ensembles import run_seed as seed_of
    from politburo.experiments.typical import typical_run

    with _experiment_progress("ensemble for --typical") as progress:
        task = progress.add_task("runs", total=runs)
        folder = stored_ensemble(
            scenario,
            params,
            levers=levers,
            overrides=overrides,
            runs=runs,
            seed=seed,
            store=store,
            on_progress=lambda done, total: progress.update(task, completed=done),
        )
    index, course = typical_run(folder, scenario)
    err.print(f"the typical run is run {index} of {folder}: the most common course is {course}")
    return seed_of(seed, index)


def _marks(result: Any, scenario: Scenario, record_id: str) -> tuple[dict[int, str], list[str]]:
    from politburo.analysis.facts import event_facts
    from politburo.analysis.narrative import describe_fact, month_title
    from politburo.analysis.record import load_record
    from politburo.analysis.scoring import mark_against
    from politburo.experiments.validation import target_for
    from politburo.scenario.schema import month_label

    target = target_for(scenario, load_record(record_id))
    marks, missing = mark_against(event_facts(result), target)
    start = scenario.calendar.start
    lines = [
        f"{describe_fact(kind, actor, subject, scenario)} "
        f"({month_title(month_label(start, month))} in the record)"
        for (kind, actor, subject), month in missing
    ]
    return marks, lines


def _print_narrative(result: Any, scenario: Scenario, marks: dict[int, str]) -> None:
    out.print(f"[bold]{escape(scenario.title)}[/] — seed {result.seed}")
    if result.interventions:
        out.print(f"interventions: {escape(', '.join(result.interventions))}")
    notes: dict[str, int] = {}
    for chapter in narrate(result, scenario, marks):
        out.print(f"\n[bold underline]{chapter.title}[/]")
        for line in chapter.lines:
            mark = ""
            if line.source:
                number = notes.setdefault(line.source, len(notes) + 1)
                mark = f" [dim]\\[{number}][/]"
            history = f" [bold cyan]— {escape(line.mark)}[/]" if line.mark else ""
            out.print(f"  • {escape(line.text)} [dim]({escape(line.mechanism)})[/]{mark}{history}")
            for why in line.why:
                out.print(f"      [italic]{escape(why)}[/]")
    out.print(f"\n[bold]{escape(verdict(result, scenario))}[/]")
    if notes:
        out.print("\n[bold]Sources[/]")
        for source, number in notes.items():
            out.print(f"  [{number}] {escape(source)}")


@app.command()
@reports_input_errors
def scenarios(json_out: JsonOption = False) -> None:
    """List the bundled scenarios."""
    listing = bundled_scenarios()
    if json_out:
        sys.stdout.write(json.dumps([{"id": i, "title": t} for i, t in listing]) + "\n")
        return
    table = Table("id", "title")
    for ident, title in listing:
        table.add_row(ident, title)
    out.print(table)


@app.command()
@reports_input_errors
def check(
    file: Annotated[str, typer.Argument(help="A scenario YAML file or a bundled id.")],
    json_out: JsonOption = False,
) -> None:
    """Validate a scenario file and play it once; errors name the file, line and field."""
    from politburo.experiments.checks import check_scenario

    scenario = load_scenario(file)
    check_scenario(scenario)
    if json_out:
        sys.stdout.write(json.dumps({"scenario": scenario.id, "ok": True}) + "\n")
        return
    out.print(f"{escape(file)}: {scenario.id} is valid and plays to its end.")


@app.command()
@reports_input_errors
def validate(
    scenario: Annotated[str, typer.Argument(help="A bundled scenario id or a YAML file.")],
    record: Annotated[
        str | None,
        typer.Option(help="A record CSV or bundled record id (default: the scenario's own)."),
    ] = None,
    runs: Annotated[int, typer.Option(min=1, help="Number of seeded runs.")] = 1000,
    seed: Annotated[int, typer.Option(help="Root seed; each run's seed is spawned from it.")] = 0,
    since: Annotated[
        str | None,
        typer.Option("--from", help="Score only record events from this month (YYYY-MM)."),
    ] = None,
    lever: LeverOption = None,
    params: ParamsOption = None,
    json_out: JsonOption = False,
    report: Annotated[
        Path | None, typer.Option(help="Write the Markdown report to this file.")
    ] = None,
    oot_params: Annotated[
        Path | None,
        typer.Option(help="For the report: parameters fitted only to the early record."),
    ] = None,
    oot_from: Annotated[
        str | None,
        typer.Option(help="For the report: the month the out-of-time test scores from."),
    ] = None,
) -> None:
    """Score an ensemble of runs against the record, beside naive baselines."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from politburo.analysis.record import load_record
    from politburo.experiments.validation import validate as run_validation
    from politburo.interface.report import markdown, validation_dict

    chosen = load_scenario(scenario)
    record_id = record or chosen.record
    if record_id is None:
        raise InputError.one(scenario, "the scenario names no record: give --record FILE.csv")
    if since is not None:
        _check_month("--from", since, chosen)
    if oot_from is not None:
        _check_month("--oot-from", oot_from, chosen)
    history = load_record(record_id)
    with Progress(
        TextColumn("validating"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} runs"),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task("runs", total=runs)
        levered, levered_params = apply_levers(chosen, load_params(params), list(lever or []))
        result = run_validation(
            levered,
            history,
            levered_params,
            runs=runs,
            seed=seed,
            since=since,
            record_name=record_id,
            on_run=lambda: progress.advance(task),
        )
    if report is not None:
        command = " ".join([PROGRAM, "validate", scenario, "--runs", str(runs)])
        command += f" --from {since}" if since else ""
        command += f" --params {params}" if params else ""
        command += "".join(f" --lever {name}" for name in lever or [])
        command += f" --report {report}"
        later = None
        if oot_params is not None and oot_from is not None:
            command += f" --oot-params {oot_params} --oot-from {oot_from}"
            later = (
                run_validation(
                    chosen,
                    history,
                    load_params(oot_params),
                    runs=runs,
                    seed=seed,
                    since=oot_from,
                    record_name=record_id,
                ),
                params_provenance(oot_params),
            )
        report.parent.mkdir(parents=True, exist_ok=True)
        text = markdown(result, chosen, command, params_provenance(params), later)
        report.write_text(text, encoding="utf-8")
        err.print(f"report written to {report}")
    if json_out:
        sys.stdout.write(json.dumps(validation_dict(result, chosen), indent=2) + "\n")
        return
    _print_validation(result, chosen)


def _check_month(option: str, value: str, scenario: Scenario) -> None:
    """A month option must be a month, inside the scenario's calendar."""
    from politburo.scenario.schema import Month, month_index

    try:
        Month.parse(value)
    except ValueError as error:
        raise InputError.one(option, str(error), field=option) from None
    calendar = scenario.calendar
    if not 0 <= month_index(calendar.start, value) < calendar.months:
        raise InputError.one(
            option,
            f"{value} lies outside the calendar {calendar.start} to {calendar.end}",
            field=option,
        )


def _print_validation(result: Any, scenario: Scenario) -> None:
    from politburo.interface.report import validation_dict

    data = validation_dict(result, scenario)
    model = data["model"]
    table = Table("outcome", "share of runs", "95% interval", title="Who wins")
    for name, w in model["winners"].items():
        mark = " ← the record's" if name == model["record_winner"] else ""
        table.add_row(f"{name}{mark}", f"{w['share']:.0%}", f"{w['low']:.0%}–{w['high']:.0%}")
    out.print(table)
    events = Table(
        "record event", "record", "share", "median month", "error (months)", title="Record events"
    )
    for e in model["events"]:
        name = f"{e['kind']} {e['actor']}" + (f" ({e['subject']})" if e["subject"] else "")
        error = e["median_error_months"]
        events.add_row(
            f"[bold]{name}[/]" if e["key_event"] else name,
            e["record_month"],
            f"{e['share']:.0%}",
            e["median_month"],
            "–" if error is None else f"{error:+.0f}",
        )
    out.print(events)
    false = model["false_events"]
    tau = model["seat_loss_order_tau_b"]
    out.print(
        f"Sanctions the record does not have: in {false['share_of_runs']:.0%} of runs "
        f"({false['per_run']:.2f} per run)."
    )
    out.print(
        f"Order of losing top-body seats, Kendall's tau-b: median {tau['median']:.2f} "
        f"(95% of runs {tau['low']:.2f} to {tau['high']:.2f})."
    )
    for vote in model["congress_votes"]:
        out.print(
            f"Congress of {vote['month']}: share for {vote['median_share_for']:.3f} "
            f"(record {vote['record_share_for']:.3f})."
        )
    scores = Table("", "fidelity", "W", "E", "O", "N", "V", title="Fidelity (docs/validation.md)")
    rows = [("model", model), *data["baselines"].items()]
    for name, s in rows:
        f = s["fidelity"]
        c = f["components"]
        scores.add_row(
            name, f"{f['score']:.3f}", *(f"{c[k]:.2f}" if k in c else "–" for k in "WEONV")
        )
    out.print(scores)


@app.command()
@reports_input_errors
def calibrate(
    scenario: Annotated[str, typer.Argument(help="A bundled scenario id or a YAML file.")],
    record: Annotated[
        str | None,
        typer.Option(help="A record CSV or bundled record id (default: the scenario's own)."),
    ] = None,
    trials: Annotated[int, typer.Option(min=1, help="Most parameter sets to try.")] = 200,
    budget: Annotated[
        float | None, typer.Option(min=1, help="Stop after this many seconds.")
    ] = None,
    runs: Annotated[int, typer.Option(min=1, help="Seeded runs scoring each trial.")] = 50,
    test_runs: Annotated[
        int, typer.Option(min=1, help="Runs on other seeds scoring before and after.")
    ] = 200,
    seed: Annotated[int, typer.Option(help="Root seed of the sampler and the runs.")] = 0,
    until: Annotated[
        str | None,
        typer.Option(help="Fit to record events up to this month only, without the winner."),
    ] = None,
    fit: Annotated[
        str | None,
        typer.Option(help="Comma-separated parameters to fit (default: all global ones)."),
    ] = None,
    keep: Annotated[
        int,
        typer.Option(
            min=1, help="Also write the best K fits to OUT's .fits.yaml (for explain --param-sets)."
        ),
    ] = 10,
    max_share: Annotated[
        float,
        typer.Option(
            min=0.0, max=1.0, help="Infeasible: any one outcome in more than this share of runs."
        ),
    ] = 0.95,
    params: ParamsOption = None,
    out_file: Annotated[
        Path, typer.Option("--out", help="Where to write the fitted parameter file.")
    ] = Path("fitted-params.yaml"),
    json_out: JsonOption = False,
) -> None:
    """Fit the global parameters to the record (Optuna TPE) and write them out."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from politburo.analysis.record import load_record
    from politburo.experiments.calibration import calibrate as run_calibration
    from politburo.experiments.calibration import fits_yaml, params_yaml
    from politburo.scenario.params import Params

    chosen = load_scenario(scenario)
    record_id = record or chosen.record
    if record_id is None:
        raise InputError.one(scenario, "the scenario names no record: give --record FILE.csv")
    if until is not None:
        _check_month("--until", until, chosen)
    names = [n.strip() for n in fit.split(",")] if fit else None
    for name in names or []:
        if name not in Params.model_fields:
            raise InputError.one("--fit", f"unknown parameter {name!r}", field=name)
    history = load_record(record_id)
    with Progress(
        TextColumn("calibrating"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} trials, best {task.fields[best]:.3f}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task("trials", total=trials, best=0.0)
        result = run_calibration(
            chosen,
            history,
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
            on_trial=lambda n, best: progress.update(task, completed=n + 1, best=best),
        )
    command = " ".join(
        [PROGRAM, "calibrate", scenario, "--trials", str(trials), "--runs", str(runs)]
        + (["--budget", f"{budget:g}"] if budget else [])
        + ["--test-runs", str(test_runs), "--seed", str(seed)]
        + (["--until", until] if until else [])
        + (["--fit", fit] if fit else [])
        + ["--max-share", f"{max_share:g}", "--keep", str(keep)]
        + (["--params", str(params)] if params else [])
        + ["--out", str(out_file)]
    )
    out_file.parent.mkdir(parents=True, exist_ok=True)
    out_file.write_text(params_yaml(result, command), encoding="utf-8")
    fits_file = out_file.with_suffix(".fits.yaml")
    fits_file.write_text(fits_yaml(result, command), encoding="utf-8")
    err.print(f"fitted parameters written to {out_file}, the {keep} best fits to {fits_file}")
    summary = {
        "fitted": list(result.fitted),
        "targets": result.targets,
        "trials": result.trials,
        "fit_seeds": {"before": result.fit_score_before, "after": result.fit_score_after},
        "other_seeds": {"before": result.test_score_before, "after": result.test_score_after},
        "until": result.until,
        "out": str(out_file),
    }
    if json_out:
        sys.stdout.write(json.dumps(summary, indent=2) + "\n")
        return
    out.print(
        f"{len(result.fitted)} parameters fitted against {result.targets} targets "
        f"in {result.trials} trials."
    )
    out.print(
        f"Fidelity on the fit seeds {result.fit_score_before:.3f} → "
        f"{result.fit_score_after:.3f}; on other seeds {result.test_score_before:.3f} → "
        f"{result.test_score_after:.3f}."
    )


@app.command()
@reports_input_errors
def levers(
    scenario: Annotated[str, typer.Argument(help="A bundled scenario id or a YAML file.")],
    json_out: JsonOption = False,
) -> None:
    """List a scenario's levers and what each changes."""
    chosen = load_scenario(scenario)
    rows: list[dict[str, Any]] = [
        {
            "id": lever.id,
            "name": lever.name,
            "description": lever.description,
            "set": list(lever.set),
            "remove_doctrines": list(lever.remove_doctrines),
            "add_events": [e.name for e in lever.add_events],
            "remove_events": list(lever.remove_events),
        }
        for lever in chosen.levers
    ]
    if json_out:
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return
    table = Table(title=f"Levers of {chosen.id}")
    table.add_column("lever")
    table.add_column("what it changes", overflow="fold")
    for row in rows:
        changes: list[str] = [*row["set"]]
        changes += [f"without doctrine {d}" for d in row["remove_doctrines"]]
        changes += [f"adds: {e}" for e in row["add_events"]]
        changes += [f"drops: {e}" for e in row["remove_events"]]
        table.add_row(
            f"[bold]{escape(row['id'])}[/]\n{escape(row['name'])}",
            escape(row["description"]) + "\n[dim]" + escape("; ".join(changes)) + "[/]",
        )
    out.print(table)


StoreOption = Annotated[
    Path,
    typer.Option(
        "--store",
        help="Folder of the ensembles (one per combination of levers); rerun to resume.",
    ),
]


def _experiment_progress(label: str) -> Any:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    return Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("runs"),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    )


def _with_progress(label: str, work: Callable[[Callable[[int, int], None]], Any]) -> Any:
    """Run an experiment with one progress bar; Ctrl-C keeps what is stored and exits 130."""
    from politburo.experiments.ensembles import EnsembleInterrupted

    with _experiment_progress(label) as progress:
        task = progress.add_task(label, total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        try:
            return work(advance)
        except EnsembleInterrupted as stopped:
            progress.stop()
            err.print(escape(str(stopped)))
            raise typer.Exit(130) from None


@app.command()
@reports_input_errors
def whatif(
    scenario: Annotated[str, typer.Argument(help="A bundled scenario id or a YAML file.")],
    lever: LeverOption = None,
    set_: SetOption = None,
    runs: Annotated[int, typer.Option(min=2, help="Runs on each side (the same seeds).")] = 4000,
    seed: Annotated[int, typer.Option(min=0, help="Root seed of both sides' runs.")] = 0,
    store: StoreOption = Path("results"),
    workers: Annotated[int | None, typer.Option(min=1, help="Processes to use.")] = None,
    params: ParamsOption = None,
    json_out: JsonOption = False,
) -> None:
    """Compare the outcomes with and without levers, run for run on the same seeds."""
    from dataclasses import asdict

    from politburo.scenario.levers import find_lever

    chosen = load_scenario(scenario)
    levers = tuple(lever or [])
    overrides = list(set_ or [])
    for name in levers:
        find_lever(chosen, name)
    if not levers and not overrides:
        raise InputError.one("--lever", "name at least one --lever or --set to compare")
    from politburo.experiments.counterfactuals import whatif as run_whatif

    result = _with_progress(
        "what-if",
        lambda advance: run_whatif(
            chosen,
            load_params(params),
            levers=levers,
            overrides=overrides,
            runs=runs,
            seed=seed,
            store=store,
            workers=workers,
            on_progress=advance,
        ),
    )
    if json_out:
        sys.stdout.write(json.dumps(asdict(result), indent=2) + "\n")
        return
    names = {a.id: a.name for a in chosen.actors}
    title = ", ".join([*levers, *overrides])
    table = Table(
        "outcome",
        "baseline",
        "what-if",
        "change (95% CI)",
        "McNemar p",
        title=f"What if: {title} ({runs} paired runs)",
    )
    for row in result.outcomes:
        label = "no winner" if row.outcome == "none" else f"{names.get(row.outcome)} wins"
        table.add_row(
            label,
            f"{row.base[0]:.0%} ({row.base[1]:.0%}–{row.base[2]:.0%})",
            f"{row.changed[0]:.0%} ({row.changed[1]:.0%}–{row.changed[2]:.0%})",
            f"{row.difference[0]:+.1%} ({row.difference[1]:+.1%} to {row.difference[2]:+.1%})",
            f"{row.mcnemar_p:.3g}",
        )
    out.print(table)
    events = Table("key event", "share: baseline → what-if", "median month: baseline → what-if")
    start = chosen.calendar.start
    from politburo.scenario.schema import month_label

    def when(step: float) -> str:
        return "–" if step != step else month_label(start, round(step))

    for e in result.events:
        events.add_row(
            f"{e.kind} {e.actor}" + (f" ({e.subject})" if e.subject else ""),
            f"{e.base_share:.0%} → {e.changed_share:.0%}",
            f"{when(e.base_median)} → {when(e.changed_median)}",
        )
    out.print(events)
    out.print(
        "[dim]McNemar's exact test on the runs whose outcome differs between the two sides; "
        "intervals: Wilson for shares, paired bootstrap over seeds for changes.[/]"
    )


@app.command()
@reports_input_errors
def explain(
    scenario: Annotated[str, typer.Argument(help="A bundled scenario id or a YAML file.")],
    lever: LeverOption = None,
    runs: Annotated[int, typer.Option(min=2, help="Runs per combination of levers.")] = 1000,
    seed: Annotated[
        int, typer.Option(min=0, help="Root seed, the same for every combination.")
    ] = 0,
    store: StoreOption = Path("results"),
    chart: Annotated[
        Path, typer.Option(help="Where to write the bar chart (.png and .svg are added).")
    ] = Path("results/explain"),
    workers: Annotated[int | None, typer.Option(min=1, help="Processes to use.")] = None,
    params: ParamsOption = None,
    param_sets: Annotated[
        int | None,
        typer.Option(
            min=1, help="Repeat over the K best fits of --fits, so intervals show their spread."
        ),
    ] = None,
    fits: Annotated[
        Path | None, typer.Option(help="A fits file from 'politburo calibrate' (.fits.yaml).")
    ] = None,
    json_out: JsonOption = False,
) -> None:
    """Attribute each outcome's probability to the levers: exact Shapley values over 2^k runs."""
    from politburo.experiments.counterfactuals import explain_paragraph
    from politburo.interface.api import DEFAULT_LEVERS
    from politburo.interface.plots import shapley_chart
    from politburo.scenario.levers import find_lever

    chosen = load_scenario(scenario)
    levers = tuple(
        lever or [name for name in DEFAULT_LEVERS if name in {x.id for x in chosen.levers}]
    )
    for name in levers:
        find_lever(chosen, name)
    if not levers:
        raise InputError.one("--lever", "this scenario has none of the default levers: name some")
    from politburo.experiments.counterfactuals import explain as run_explain
    from politburo.scenario.loading import load_fits

    chosen_params: Any = load_params(params)
    if param_sets is not None:
        if fits is None:
            raise InputError.one("--param-sets", "give the fits to repeat over with --fits FILE")
        available = load_fits(fits)
        if len(available) < param_sets:
            raise InputError.one(
                str(fits), f"holds {len(available)} fits, fewer than --param-sets {param_sets}"
            )
        chosen_params = available[:param_sets]
    attribution = _with_progress(
        "explain",
        lambda advance: run_explain(
            chosen,
            chosen_params,
            levers=levers,
            runs=runs,
            seed=seed,
            store=store,
            workers=workers,
            on_progress=advance,
        ),
    )
    names = {a.id: a.name for a in chosen.actors} | {x.id: x.id for x in chosen.levers}
    paths = shapley_chart(attribution, names, chart)
    err.print("chart written to " + ", ".join(str(p) for p in paths))
    if json_out:
        payload = {
            "levers": list(attribution.levers),
            "runs": attribution.runs,
            "seed": attribution.seed,
            "param_sets": attribution.param_sets,
            "outcomes": {
                o: {
                    "none_pulled": attribution.none_pulled[o],
                    "all_pulled": attribution.all_pulled[o],
                    "shapley": {
                        k: {"value": v[0], "low": v[1], "high": v[2]}
                        for k, v in attribution.values[o].items()
                    },
                    "interactions": {
                        f"{a}+{b}": x for (a, b), x in attribution.interactions[o].items()
                    },
                }
                for o in attribution.outcomes
            },
            "chart": [str(p) for p in paths],
        }
        sys.stdout.write(json.dumps(payload, indent=2) + "\n")
        return
    for outcome in attribution.outcomes:
        label = "No winner" if outcome == "none" else f"{names.get(outcome)} wins"
        table = Table(
            "lever",
            "Shapley value (95% CI)",
            title=f"{label}: {attribution.none_pulled[outcome]:.0%} with every cause, "
            f"{attribution.all_pulled[outcome]:.0%} with all levers pulled",
        )
        for name, (value, low, high) in attribution.values[outcome].items():
            table.add_row(name, f"{value:+.1%} ({low:+.1%} to {high:+.1%})")
        pairs = attribution.interactions[outcome]
        if pairs:
            strongest = max(pairs.items(), key=lambda kv: abs(kv[1]))
            table.caption = (
                f"strongest interaction: {strongest[0][0]} × {strongest[0][1]} {strongest[1]:+.1%}"
            )
        out.print(table)
    likeliest = max(attribution.outcomes, key=lambda o: attribution.none_pulled[o])
    out.print(explain_paragraph(attribution, likeliest, names))


@app.command()
def schema() -> None:
    """Print the JSON Schema of the scenario format."""
    sys.stdout.write(json.dumps(Scenario.model_json_schema(), indent=2) + "\n")


@app.command()
@reports_input_errors
def ensemble(
    scenario: Annotated[str, typer.Argument(help="A bundled scenario id or a YAML file.")],
    runs: Annotated[int, typer.Option(min=1, help="How many seeded runs the ensemble holds.")],
    out_dir: Annotated[
        Path, typer.Option("--out", help="The folder of Parquet shards and the manifest.")
    ],
    seed: Annotated[
        int, typer.Option(min=0, help="Root seed; run i plays from its i-th spawned child.")
    ] = 0,
    set_: SetOption = None,
    lever: LeverOption = None,
    params: ParamsOption = None,
    workers: Annotated[
        int | None, typer.Option(min=1, help="Processes to use (default: every core).")
    ] = None,
    json_out: JsonOption = False,
) -> None:
    """Play many seeded runs on every core into Parquet shards; run again to resume or extend."""
    from rich.progress import (
        BarColumn,
        Progress,
        ProgressColumn,
        Task,
        TextColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    from politburo.experiments.ensembles import EnsembleInterrupted, query, run_ensemble

    class RateColumn(ProgressColumn):
        """Runs per second."""

        def render(self, task: Task) -> Text:
            speed = task.speed
            return Text("– runs/s" if speed is None else f"{speed:.1f} runs/s")

    chosen = load_scenario(scenario)
    with Progress(
        TextColumn("ensemble"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} runs"),
        RateColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task("runs", total=runs)
        started = False

        def advance(done: int, total: int) -> None:
            nonlocal started
            if not started:  # runs already in the folder do not count towards the rate
                progress.reset(task, total=total, completed=done)
                started = True
            else:
                progress.update(task, completed=done)

        try:
            result = run_ensemble(
                chosen,
                load_params(params),
                runs=runs,
                out_dir=out_dir,
                root_seed=seed,
                overrides=list(set_ or []),
                levers=list(lever or []),
                workers=workers,
                on_progress=advance,
            )
        except EnsembleInterrupted as stopped:
            progress.stop()
            err.print(escape(str(stopped)))
            raise typer.Exit(130) from None
    counts = query(
        out_dir, "SELECT winner, count(*) AS runs FROM runs GROUP BY winner ORDER BY runs DESC"
    ).to_pylist()
    total = sum(int(row["runs"]) for row in counts)
    if json_out:
        summary = {
            "out": str(out_dir),
            "runs": total,
            "added": result.added,
            "winners": [{"winner": row["winner"], "runs": int(row["runs"])} for row in counts],
            "manifest": json.loads(result.spec.to_json()),
        }
        sys.stdout.write(json.dumps(summary, indent=2) + "\n")
        return
    shares = ", ".join(
        f"{row['winner'] or 'no winner'} {row['runs']} ({row['runs'] / total:.0%})"
        for row in counts
    )
    out.print(
        f"{total} runs in {escape(str(out_dir))} ({result.added} new): {escape(shares)}",
        soft_wrap=True,
    )


@app.command(name="query")
@reports_input_errors
def query_command(
    folder: Annotated[Path, typer.Argument(help="An ensemble folder (politburo ensemble --out).")],
    sql: Annotated[
        str,
        typer.Argument(help='SQL over the views runs, events and series, e.g. "SELECT ...".'),
    ],
    json_out: JsonOption = False,
) -> None:
    """Run SQL over an ensemble's shards (DuckDB): tables runs, events and series."""
    from politburo.experiments.ensembles import query

    table = query(folder, sql)
    if json_out:
        sys.stdout.write(json.dumps(table.to_pylist(), default=str) + "\n")
        return
    shown = Table(*table.column_names)
    for row in zip(*(column.to_pylist() for column in table.columns), strict=True):
        shown.add_row(*("" if v is None else escape(str(v)) for v in row))
    out.print(shown)


@app.command()
@reports_input_errors
def plot(
    folder: Annotated[Path, typer.Argument(help="An ensemble folder (politburo ensemble --out).")],
    kind: Annotated[str, typer.Option(help="What to draw: power, timing, network or outcomes.")],
    out_stem: Annotated[
        Path | None,
        typer.Option(
            "--out", help="Where to write it (.png and .svg are added; default FOLDER/plots/KIND)."
        ),
    ] = None,
    json_out: JsonOption = False,
) -> None:
    """Draw an ensemble: power over time, key events' timing, alliances or outcomes."""
    from politburo.interface.plots import CHARTS

    if kind not in CHARTS:
        raise InputError.one("--kind", f"must be one of {', '.join(CHARTS)}, not {kind!r}")
    paths = CHARTS[kind](folder, out_stem or folder / "plots" / kind)
    err.print("written: " + ", ".join(escape(str(p)) for p in paths))
    if json_out:
        sys.stdout.write(json.dumps([str(p) for p in paths]) + "\n")


def main() -> None:
    """Entry point for ``python -m politburo``."""
    app()
