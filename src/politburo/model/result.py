"""What a run produces: its event log, monthly series and winner, as plain data."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from politburo.model.compiled import compiled
from politburo.model.events import Event
from politburo.model.spells import pair_spells, spells
from politburo.model.state import State
from politburo.model.types import BoolArray, FloatArray, IntArray
from politburo.model.world import World

#: A spell of alliance: the two contenders (in order), its first and last month
#: (None: to the end).
AllianceSpell = tuple[str, str, int, int | None]

#: A spell in a camp: the member, the camp's leader, the first and last month (None: to the end).
CampSpell = tuple[str, str, int, int | None]

#: The monthly series every run records, one value per contender per month.
SERIES_NAMES = ("reputation", "top_seats", "electing_seats", "secretaries")


@dataclass(slots=True)
class Series:
    """Monthly series, filled month by month during a run: one row per series and month."""

    months: list[FloatArray] = field(default_factory=list)
    allied: list[BoolArray] = field(default_factory=list)
    camps: list[IntArray] = field(default_factory=list)

    def record(self, world: World, state: State) -> None:
        """Append this month's values for each contender, its alliances and its camps."""
        contenders = world.contenders
        self.allied.append(state.allied[contenders][:, contenders])  # fancy indexing copies
        self.camps.append(np.where(state.alive, state.patron, -1))
        top, electing = state.seats[world.top], state.seats[world.electing]
        self.months.append(
            _month_values(
                world.contenders,
                state.reputation,
                state.patron,
                top.actor,
                top.patron,
                electing.actor,
                electing.patron,
                state.secretary,
            )
        )

    def alliances(self, contenders: Sequence[str]) -> tuple[AllianceSpell, ...]:
        """Every spell of alliance between two contenders, pairs in order, then by month."""
        found = pair_spells(np.array(self.allied, dtype=np.bool_), contenders)
        return tuple(
            (a, b, first, last)
            for (a, b), spells_ in sorted((tuple(sorted(pair)), v) for pair, v in found.items())
            for first, last in spells_
        )

    def camp_spells(self, world: World) -> tuple[CampSpell, ...]:
        """Every spell each named man who is no contender spent in a contender's camp."""
        camps = np.array(self.camps, dtype=np.int64)
        out: list[CampSpell] = []
        for member in np.flatnonzero(~world.is_contender).tolist():
            for leader in np.unique(camps[:, member]).tolist():
                if leader < 0:
                    continue
                out.extend(
                    (world.actor_ids[member], world.actor_ids[leader], first, last)
                    for first, last in spells(camps[:, member] == leader)
                )
        return tuple(sorted(out, key=lambda row: (row[0], row[2])))

    def arrays(self) -> dict[str, FloatArray]:
        """Each series as a months-by-contenders array."""
        stacked = np.array(self.months, dtype=np.float64)
        return {name: stacked[:, k, :] for k, name in enumerate(SERIES_NAMES)}


@compiled
def _month_values(
    contenders: IntArray,
    reputation: FloatArray,
    patron: IntArray,
    top_actor: IntArray,
    top_patron: IntArray,
    electing_actor: IntArray,
    electing_patron: IntArray,
    secretary: IntArray,
) -> FloatArray:
    """Reputation and the shares of top seats, electing seats and secretaries that follow each."""
    n = patron.shape[0]
    counts = np.zeros((3, n))
    for row, (actors, patrons) in enumerate(
        ((top_actor, top_patron), (electing_actor, electing_patron))
    ):
        for i in range(actors.shape[0]):
            follows = patron[actors[i]] if actors[i] >= 0 else patrons[i]
            if follows >= 0:
                counts[row, follows] += 1.0
    for follows in secretary:
        if follows >= 0:
            counts[2, follows] += 1.0
    sizes = (
        max(top_actor.shape[0], 1),
        max(electing_actor.shape[0], 1),
        max(secretary.shape[0], 1),
    )
    out = np.empty((4, contenders.shape[0]))
    for j in range(contenders.shape[0]):
        c = contenders[j]
        out[0, j] = reputation[c]
        for row in range(3):
            out[row + 1, j] = counts[row, c] / sizes[row]
    return out


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
    alliances: tuple[AllianceSpell, ...] = ()
    camps: tuple[CampSpell, ...] = ()

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
            series=series.arrays(),
            alliances=series.alliances([world.actor_ids[int(c)] for c in world.contenders]),
            camps=series.camp_spells(world),
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
            "alliances": [
                {"pair": [a, b], "from": self.months[first], "to": self._month(last)}
                for a, b, first, last in self.alliances
            ],
            "camps": [
                {
                    "member": member,
                    "camp": leader,
                    "from": self.months[first],
                    "to": self._month(last),
                }
                for member, leader, first, last in self.camps
            ],
        }

    def _month(self, step: int | None) -> str | None:
        return None if step is None else self.months[step]

    def to_json(self) -> str:
        """The run as canonical JSON text: equal runs give equal bytes."""
        return json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))
