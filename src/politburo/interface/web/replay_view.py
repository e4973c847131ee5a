"""A run as the replay page shows it, month by month.

:func:`replay` plays (or recalls) the run a permalink names and marks it
against the scenario's record; :func:`month_view` is what the page shows at
one month: the narrative so far, the alliance network and the camps (read
off the run's spells), each contender's reputation and the record's events
beside the run's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from politburo.analysis.facts import first_months, run_facts
from politburo.analysis.narrative import Chapter, describe_fact, month_title, narrate, verdict
from politburo.analysis.record import load_record
from politburo.analysis.standing import alliances_at, camps_at
from politburo.experiments.chunks import run_seed
from politburo.experiments.configuration import Configuration
from politburo.experiments.validation import mark_run, target_for
from politburo.model.result import RunResult
from politburo.scenario.schema import Scenario, month_label

__all__ = ["Replay", "month_view", "power_chart", "replay"]


@dataclass(frozen=True, slots=True)
class Replay:
    """A run, its scenario as played, its narrative and its record.

    Attributes:
        scenario: The scenario with the levers and overrides applied.
        result: The run.
        chapters: The narrative, each chapter with its month's index.
        verdict: The outcome in a sentence.
        record: The record's events as (month index, words, the run's month or None).
        names: Each contender's name by id.
    """

    scenario: Scenario
    result: RunResult
    chapters: tuple[tuple[int, Chapter], ...]
    verdict: str
    record: tuple[tuple[int, str, int | None], ...]
    names: dict[str, str]

    @property
    def months(self) -> int:
        """How many months the run has."""
        return len(self.result.months)


def replay(configuration: Configuration, seed: int, run: int | None) -> Replay:
    """The run of ``configuration`` from ``seed`` (or run ``run`` of the ensemble from it)."""
    chosen = seed if run is None else run_seed(seed, run)
    result = configuration.play(chosen)
    scenario, _ = configuration.changed()
    marks: dict[int, str] = {}
    record: list[tuple[int, str, int | None]] = []
    if scenario.record:
        events = load_record(scenario.record)
        marks, _ = mark_run(result, scenario, events)
        found = first_months(run_facts(result))
        for key, month in sorted(target_for(scenario, events).events.items(), key=lambda k: k[1]):
            record.append((month, describe_fact(*key, scenario), found.get(key)))
    chapters = tuple(
        (result.months.index(chapter.month), chapter)
        for chapter in narrate(result, scenario, marks)
    )
    names = {a.id: a.name for a in scenario.actors}
    return Replay(scenario, result, chapters, verdict(result, scenario), tuple(record), names)


def month_view(r: Replay, step: int) -> dict[str, Any]:
    """What the page shows at month ``step``: narrative, network, camps, reputations, record."""
    result = r.result
    contenders = result.contenders
    reputation = result.series["reputation"][step]
    electing = result.series["electing_seats"][step]
    return {
        "step": step,
        "month": result.months[step],
        "title": month_title(result.months[step]),
        "chapters": [c for s, c in r.chapters if s <= step][::-1],
        "network": _network(r, step, electing),
        "camps": [
            (r.names[leader], [r.names[m] for m in members])
            for leader, members in camps_at(result, step).items()
        ],
        "reputation": [(r.names[c], float(reputation[i])) for i, c in enumerate(contenders)],
        "record": [_beside(r, month, words, found, step) for month, words, found in r.record],
        "over": step == r.months - 1,
    }


def _beside(r: Replay, month: int, words: str, found: int | None, step: int) -> dict[str, Any]:
    """A recorded event beside the run: when history had it, and the run, by month ``step``."""
    start = r.scenario.calendar.start
    if found is None or found > step:
        run = "not in this run" if found is None else "not yet in this run"
    elif found == month:
        run = "in this run the same month"
    else:
        gap = abs(found - month)
        side = "earlier" if found < month else "later"
        run = f"in this run {gap} month{'s' if gap > 1 else ''} {side}"
    return {
        "words": words,
        "when": month_title(month_label(start, month)),
        "past": month <= step,
        "run": run,
    }


def _network(r: Replay, step: int, electing: np.ndarray) -> dict[str, Any]:
    """The contenders on a circle, sized by their share of the electing body; alliances as lines."""
    contenders = r.result.contenders
    place = {}
    for i, c in enumerate(contenders):
        angle = 2 * math.pi * i / len(contenders) - math.pi / 2
        place[c] = (round(200 + 140 * math.cos(angle), 1), round(172 + 112 * math.sin(angle), 1))
    nodes = [
        {
            "name": r.names[c],
            "x": place[c][0],
            "y": place[c][1],
            "r": round(6 + 28 * math.sqrt(float(electing[i])), 1),  # inside the 400 x 340 box
            "share": float(electing[i]),
        }
        for i, c in enumerate(contenders)
    ]
    edges = [
        {"x1": place[a][0], "y1": place[a][1], "x2": place[b][0], "y2": place[b][1]}
        for a, b in alliances_at(r.result, step)
        if a in place and b in place
    ]
    return {"nodes": nodes, "edges": edges}


def power_chart(r: Replay) -> dict[str, Any]:
    """Vega-Lite: each faction's share of the top and electing bodies, month by month.

    A rule marks the month shown; the page moves it through the ``shown`` parameter.
    """
    rows = []
    for series, body in (("top_seats", "top body"), ("electing_seats", "electing body")):
        values = r.result.series[series]
        for step, month in enumerate(r.result.months):
            for i, c in enumerate(r.result.contenders):
                rows.append(
                    {
                        "month": month,
                        "label": month,
                        "body": body,
                        "who": r.names[c],
                        "share": float(values[step, i]),
                    }
                )
    x = {"field": "month", "type": "temporal", "timeUnit": "yearmonth", "title": None}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "data": {"values": rows},
        "params": [{"name": "shown", "value": r.result.months[0]}],
        "facet": {"row": {"field": "body", "type": "nominal", "title": None}},
        "spec": {
            "width": 520,
            "height": 130,
            "layer": [
                {
                    "mark": {"type": "line", "interpolate": "step-after"},
                    "encoding": {
                        "x": x,
                        "y": {
                            "field": "share",
                            "type": "quantitative",
                            "axis": {"format": "%"},
                            "title": "share of seats",
                        },
                        "color": {"field": "who", "type": "nominal", "title": None},
                    },
                },
                {
                    "transform": [{"filter": "datum.label == shown"}],
                    "mark": {"type": "rule", "color": "#333"},
                    "encoding": {"x": x},
                },
            ],
        },
    }
