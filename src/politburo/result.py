"""What a run produces: its event log, monthly series and winner, as plain data."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from politburo.events import Event
from politburo.state import State
from politburo.world import FloatArray, World

#: The monthly series every run records, one value per contender per month.
SERIES_NAMES = ("reputation", "top_seats", "electing_seats", "secretaries")


@dataclass(slots=True)
class Series:
    """Monthly series, filled month by month during a run."""

    rows: dict[str, list[FloatArray]] = field(default_factory=dict)

    @classmethod
    def empty(cls, world: World) -> Series:
        """A series with no months yet."""
        return cls({name: [] for name in SERIES_NAMES})

    def record(self, world: World, state: State) -> None:
        """Append this month's values for each contender."""
        c = world.contenders
        self.rows["reputation"].append(state.reputation[c])
        for name, body in (("top_seats", world.top), ("electing_seats", world.electing)):
            counts = state.follower_counts(body)
            self.rows[name].append(counts[c] / max(state.seats[body].size, 1))
        secretaries = np.bincount(state.secretary + 1, minlength=world.n_actors + 1)[1:]
        self.rows["secretaries"].append(secretaries[c] / max(state.secretary.size, 1))


@dataclass(frozen=True, slots=True)
class RunResult:
    """One run: inputs that fix it, the event log, monthly series and the winner."""

    scenario_id: str
    seed: int
    interventions: tuple[str, ...]
    months: tuple[str, ...]
    contenders: tuple[str, ...]
    events: tuple[Event, ...]
    series: dict[str, FloatArray]
    winner: str | None
    winner_month: str | None

    @classmethod
    def build(
        cls,
        world: World,
        seed: int,
        interventions: tuple[str, ...],
        events: Sequence[Event],
        series: Series,
        winner: int,
        winner_step: int,
    ) -> RunResult:
        """Freeze a finished run."""
        return cls(
            scenario_id=world.scenario.id,
            seed=seed,
            interventions=interventions,
            months=world.month_labels,
            contenders=tuple(world.actor_ids[int(c)] for c in world.contenders),
            events=tuple(events),
            series={k: np.array(v, dtype=np.float64) for k, v in series.rows.items()},
            winner=world.actor_ids[winner] if winner >= 0 else None,
            winner_month=world.month_labels[winner_step] if winner >= 0 else None,
        )

    def to_dict(self) -> dict[str, Any]:
        """The run as JSON-ready values (series as month-by-contender lists)."""
        return {
            "scenario": self.scenario_id,
            "seed": self.seed,
            "interventions": list(self.interventions),
            "winner": self.winner,
            "winner_month": self.winner_month,
            "months": list(self.months),
            "contenders": list(self.contenders),
            "events": [e.to_dict() for e in self.events],
            "series": {k: np.round(v, 6).tolist() for k, v in self.series.items()},
        }

    def to_json(self) -> str:
        """The run as canonical JSON text: equal runs give equal bytes."""
        return json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))
