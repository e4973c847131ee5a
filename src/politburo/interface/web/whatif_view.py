"""A finished what-if as the page shows it: odds against the baseline, key events, Shapley."""

from __future__ import annotations

import math
from typing import Any

from politburo.analysis.narrative import describe_fact, month_title
from politburo.scenario.schema import Scenario, month_label

__all__ = ["outcome_chart", "shapley_chart", "timing_rows"]

_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"


def outcome_chart(whatif: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """Vega-Lite: each outcome's share of runs, baseline beside what-if, with 95% intervals."""
    rows = []
    for row in whatif["outcomes"]:
        for side, key in (("baseline", "base"), ("what-if", "changed")):
            share, low, high = row[key]
            rows.append(
                {
                    "outcome": names.get(row["outcome"], row["outcome"]),
                    "side": side,
                    "share": share,
                    "low": low,
                    "high": high,
                }
            )
    y = {"field": "outcome", "type": "nominal", "title": None}
    return {
        "$schema": _SCHEMA,
        "data": {"values": rows},
        "width": 420,
        "encoding": {
            "y": y,
            "yOffset": {"field": "side"},
            "color": {"field": "side", "title": None},
        },
        "layer": [
            {
                "mark": "bar",
                "encoding": {
                    "x": {
                        "field": "share",
                        "type": "quantitative",
                        "axis": {"format": "%"},
                        "title": "share of runs",
                    }
                },
            },
            {
                "mark": {"type": "rule", "color": "#222"},
                "encoding": {
                    "x": {"field": "low", "type": "quantitative"},
                    "x2": {"field": "high"},
                },
            },
        ],
    }


def shapley_chart(explain: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """Vega-Lite: each lever's Shapley share of each outcome's change, with 95% intervals."""
    rows = []
    for outcome, data in explain["outcomes"].items():
        values = data["shapley"]
        if all(
            abs(v["value"]) < 0.005 and abs(v["high"] - v["low"]) < 0.01 for v in values.values()
        ):
            continue  # an outcome no lever moves
        for lever, v in values.items():
            rows.append({"outcome": names.get(outcome, outcome), "lever": lever, **v})
    return {
        "$schema": _SCHEMA,
        "data": {"values": rows},
        "facet": {"row": {"field": "outcome", "type": "nominal", "title": None}},
        "spec": {
            "width": 420,
            "encoding": {"y": {"field": "lever", "type": "nominal", "title": None}},
            "layer": [
                {
                    "mark": "bar",
                    "encoding": {
                        "x": {
                            "field": "value",
                            "type": "quantitative",
                            "axis": {"format": "+%"},
                            "title": "Shapley share of the change in probability",
                        },
                        "color": {
                            "condition": {"test": "datum.value < 0", "value": "#b33"},
                            "value": "#36a",
                        },
                    },
                },
                {
                    "mark": {"type": "rule", "color": "#222"},
                    "encoding": {
                        "x": {"field": "low", "type": "quantitative"},
                        "x2": {"field": "high"},
                    },
                },
            ],
        },
    }


def _month(scenario: Scenario, value: float) -> str:
    if math.isnan(value):
        return "never"
    return month_title(month_label(scenario.calendar.start, round(value)))


def timing_rows(whatif: dict[str, Any], scenario: Scenario) -> list[dict[str, str]]:
    """Each key event: how often and (median) when, in the baseline and in the what-if."""
    return [
        {
            "event": describe_fact(e["kind"], e["actor"], e["subject"], scenario),
            "base": f"{e['base_share']:.0%} of runs, {_month(scenario, e['base_median'])}",
            "changed": f"{e['changed_share']:.0%} of runs, {_month(scenario, e['changed_median'])}",
        }
        for e in whatif["events"]
    ]
