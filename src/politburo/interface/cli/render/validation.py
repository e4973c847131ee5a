"""The model against the record in the terminal: a validation's tables, a calibration's scores."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.table import Table

from politburo.interface.cli.output import out
from politburo.scenario.schema import Scenario

if TYPE_CHECKING:
    from politburo.analysis.scoring import Summary
    from politburo.experiments.calibration import Calibration
    from politburo.experiments.case_validation import CaseValidation
    from politburo.experiments.validation import Validation


def validation(result: Validation, scenario: Scenario) -> None:
    """Who wins, the record's events, the other figures and the fidelity scores, as tables."""
    from politburo.interface.report import validation_dict

    data = validation_dict(result, scenario)
    model = data["model"]
    out.print(_winners(model))
    out.print(_events(model))
    out.print(_episodes(data["episodes"]))
    if data["unscored"]:
        out.print(_unscored(data["unscored"]))
    _figures(model)
    scores = Table("", "fidelity", "W", "E", "O", "N", "V", title="Fidelity (docs/validation.md)")
    for name, s in [("model", model), *data["baselines"].items()]:
        f = s["fidelity"]
        c = f["components"]
        scores.add_row(
            name, f"{f['score']:.3f}", *(f"{c[k]:.2f}" if k in c else "–" for k in "WEONV")
        )
    out.print(scores)


def _winners(model: dict[str, Any]) -> Table:
    table = Table("outcome", "share of runs", "95% interval", title="Who wins")
    for name, w in model["winners"].items():
        mark = " ← the record's" if name == model["record_winner"] else ""
        table.add_row(f"{name}{mark}", f"{w['share']:.0%}", f"{w['low']:.0%}–{w['high']:.0%}")
    return table


def _unscored(rows: list[dict[str, Any]]) -> Table:
    table = Table("kind", "rows", "why", title="Record rows not scored")
    for row in rows:
        table.add_row(row["kind"], str(row["rows"]), row["reason"])
    return table


def _events(model: dict[str, Any]) -> Table:
    table = Table(
        "record event", "record", "share", "median month", "error (months)", title="Record events"
    )
    for e in model["events"]:
        name = f"{e['kind']} {e['actor']}" + (f" ({e['subject']})" if e["subject"] else "")
        error = e["median_error_months"]
        table.add_row(
            f"[bold]{name}[/]" if e["key_event"] else name,
            e["record_month"],
            f"{e['share']:.0%}",
            e["median_month"],
            "–" if error is None else f"{error:+.0f}",
        )
    return table


def _episodes(episodes: dict[str, Any]) -> Table:
    every = episodes["every_episode"]
    table = Table(
        "alliance",
        "record",
        "formed",
        "held",
        "broke",
        "whole",
        title=f"Episodes: the record's alliances (all of them in {_share(every['share'])} of runs)",
    )
    for group in episodes["groups"]:
        for e in group["episodes"]:
            table.add_row(
                "–".join(e["pair"]),
                e["span"],
                *(_share(e[k]) for k in ("formed", "held", "broke", "whole")),
            )
    return table


def _share(x: float | None) -> str:
    return "–" if x is None else f"{x:.0%}"


def _figures(model: dict[str, Any]) -> None:
    """Invented sanctions, the order of losing seats, and the congress votes, in sentences."""
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


def calibration_dict(
    result: Calibration, out_file: Path, left_out: str | None = None
) -> dict[str, Any]:
    """A calibration as JSON-ready values: what was fitted to which cases, and the scores."""
    return {
        "fitted": list(result.fitted),
        "left_out": left_out,
        "targets": result.targets,
        "trials": result.trials,
        "fit_seeds": {"before": result.fit_score_before, "after": result.fit_score_after},
        "other_seeds": {"before": result.test_score_before, "after": result.test_score_after},
        "start_feasible": result.start_feasible,
        "cases": [
            {
                "case": c.case,
                "scenario": c.scenario,
                "record": c.record,
                "targets": c.targets,
                "fit_seeds": {"before": c.fit_score_before, "after": c.fit_score_after},
                "other_seeds": {"before": c.test_score_before, "after": c.test_score_after},
            }
            for c in result.cases
        ],
        "until": result.until,
        "out": str(out_file),
    }


def calibration(result: Calibration) -> None:
    """What was fitted against how many targets, and the fidelity before and after, per case."""
    several = len(result.cases) > 1
    out.print(
        f"{len(result.fitted)} parameters fitted against {result.targets} targets "
        f"of {len(result.cases)} case{'s' if several else ''} in {result.trials} trials."
    )
    out.print(
        f"Fidelity{' (mean over cases)' if several else ''} on the fit seeds "
        f"{result.fit_score_before:.3f} → {result.fit_score_after:.3f}; "
        f"on other seeds {result.test_score_before:.3f} → {result.test_score_after:.3f}."
    )
    if not result.start_feasible:
        bounds = f"no outcome in more than {result.max_outcome_share:.0%} of a case's fit runs"
        if result.min_episode_share > 0:
            bounds += f", every episode whole in at least {result.min_episode_share:.0%}"
        out.print(
            f"The starting parameters were infeasible ({bounds}): "
            + (
                "the fit had to leave them."
                if result.best
                else "no trial met the constraints, so the fit kept them."
            )
        )
    if several:
        table = Table("case", "record", "targets", "fit seeds", "other seeds", title="Per case")
        for c in result.cases:
            table.add_row(
                c.case,
                c.record,
                str(c.targets),
                f"{c.fit_score_before:.3f} → {c.fit_score_after:.3f}",
                f"{c.test_score_before:.3f} → {c.test_score_after:.3f}",
            )
        out.print(table)


#: Why a figure of ``validate --cases --json`` can be null.
CASES_NULLS = {
    "fidelity_low": "no interval: one prediction, or too few runs to draw one",
    "fidelity_high": "no interval: one prediction, or too few runs to draw one",
    "fidelity": "no runs to score",
}


def cases_dict(
    results: Sequence[CaseValidation], leave_one_out: bool, runs: int, seed: int
) -> dict[str, Any]:
    """Several cases' validations as JSON-ready values: per case, the model beside each baseline."""
    from politburo.experiments.case_validation import most_common

    def fidelity(summary: Summary) -> dict[str, Any]:
        outcomes, share = most_common(summary)
        return {
            "fidelity": summary.fidelity,
            "fidelity_low": summary.fidelity_interval[0],
            "fidelity_high": summary.fidelity_interval[1],
            "most_common": list(outcomes),
            "most_common_share": share,
        }

    return {
        "leave_one_out": leave_one_out,
        "runs": runs,
        "seed": seed,
        "cases": [
            {
                "case": r.case,
                "scenario": r.validation.scenario,
                "record": r.validation.record,
                "params": r.params,
                "record_winner": r.record_winner,
                "model": fidelity(r.validation.model),
                "baselines": {n: fidelity(s) for n, s in r.validation.baselines.items()},
                "model_above_every_baseline": r.above_every_baseline,
                "record_winner_most_common": r.winner_most_common,
            }
            for r in results
        ],
    }


def cases(results: Sequence[CaseValidation], leave_one_out: bool) -> None:
    """Per case: the model's fidelity beside each baseline's, then its most common outcome."""
    from politburo.experiments.case_validation import most_common
    from politburo.experiments.validation import BASELINES

    fitted = ", each with the parameters fitted without it" if leave_one_out else ""
    scores = Table(title=f"Fidelity F per case{fitted}")
    scores.add_column("case", no_wrap=True)
    for heading in ("model", *(name.replace("_", " ") for name, _ in BASELINES), "model above all"):
        scores.add_column(heading)
    winners = Table(
        "case", "model's most common outcome", "record's winner", "the same", title="Who wins"
    )
    for r in results:
        baselines = r.validation.baselines
        scores.add_row(
            r.case,
            f"{r.validation.model.fidelity:.3f}",
            *(f"{baselines[name].fidelity:.3f}" for name, _ in BASELINES),
            "yes" if r.above_every_baseline else "no",
        )
        outcomes, share = most_common(r.validation.model)
        same = "yes" if r.winner_most_common else "no"
        winners.add_row(r.case, f"{' = '.join(outcomes)} ({share:.0%})", r.record_winner, same)
    out.print(scores)
    out.print(winners)
    for r in results:
        out.print(f"{r.case}: parameters {r.params}")
