"""The model against the record in the terminal: a validation's tables, a calibration's scores."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.table import Table

from politburo.interface.cli.output import out
from politburo.scenario.schema import Scenario

if TYPE_CHECKING:
    from politburo.experiments.calibration import Calibration
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


def calibration_dict(result: Calibration, out_file: Path) -> dict[str, Any]:
    """A calibration as JSON-ready values: what was fitted, and the scores before and after."""
    return {
        "fitted": list(result.fitted),
        "targets": result.targets,
        "trials": result.trials,
        "fit_seeds": {"before": result.fit_score_before, "after": result.fit_score_after},
        "other_seeds": {"before": result.test_score_before, "after": result.test_score_after},
        "until": result.until,
        "out": str(out_file),
    }


def calibration(result: Calibration) -> None:
    """What was fitted against how many targets, and the fidelity before and after."""
    out.print(
        f"{len(result.fitted)} parameters fitted against {result.targets} targets "
        f"in {result.trials} trials."
    )
    out.print(
        f"Fidelity on the fit seeds {result.fit_score_before:.3f} → "
        f"{result.fit_score_after:.3f}; on other seeds {result.test_score_before:.3f} → "
        f"{result.test_score_after:.3f}."
    )
