"""How well one contender did, on a stated ladder of outcomes: a game, the record, an ensemble.

The ladder, best first: he wins; he is still in the top body at the end; in
the electing body; in the party; expelled; exiled, deported or arrested. A
contender's rung is read off the events that befall him, walked in order
from his seats at the start (a readmission gives back his party card, not
his seats; a demotion to candidate member of the top body leaves it, as
an ensemble's fates count it). The same walk serves a played game, every
run of a stored ensemble and the record, so the three are compared on one
scale.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from politburo.analysis.facts import Names, record_facts
from politburo.analysis.record import RecordEvent, load_record, record_winner
from politburo.experiments.game import Position
from politburo.experiments.outcomes import Plan, stored_ensemble
from politburo.experiments.queries import query, sql_text
from politburo.experiments.runner import Progress
from politburo.experiments.whatif import wilson
from politburo.model.result import RunResult
from politburo.model.state import initial_state
from politburo.model.world import World

__all__ = [
    "LADDER",
    "Comparison",
    "compare",
    "ensemble_rungs",
    "judge",
    "record_rung",
    "run_rung",
    "rung",
]

#: The rungs, best first; a rung is an index into this tuple.
LADDER = (
    "wins",
    "still in the top body at the end",
    "in the electing body at the end",
    "in the party at the end",
    "expelled",
    "exiled, deported or arrested",
)

#: Something that befell someone: its kind, its actor, and those it befell besides.
Happening = tuple[str, str | None, Sequence[str]]


def rung(
    happenings: Iterable[Happening], actor: str, *, won: bool, in_top: bool, in_electing: bool
) -> int:
    """``actor``'s rung after ``happenings`` (in order), from his seats at the start."""
    if won:
        return 0
    in_party, ruined = True, False
    for kind, who, others in happenings:
        if kind == "coup" and actor in others:
            ruined = True
        if who != actor:
            continue
        if kind in ("exiled", "deported"):
            ruined = True
        elif kind == "expelled":
            in_party = in_top = in_electing = False
        elif kind == "readmitted":
            in_party = True
        elif kind in ("top_removed", "top_demoted"):  # a candidate member has no vote there
            in_top = False
        elif kind == "top_elected":
            in_top = True
        elif kind == "electing_removed":
            in_electing = False
    if ruined:
        return 5
    if not in_party:
        return 4
    return 1 if in_top else 2 if in_electing else 3


def _seats_at_start(world: World, actor: str) -> dict[str, bool]:
    state = initial_state(world)
    index = world.actor_ids.index(actor)
    return {
        "in_top": state.in_body(world.top, index),
        "in_electing": state.in_body(world.electing, index),
    }


def run_rung(result: RunResult, world: World, actor: str) -> int:
    """``actor``'s rung at the end of a run of ``world``."""
    happenings = ((e.kind.value, e.actor, e.others) for e in result.events)
    return rung(happenings, actor, won=result.winner == actor, **_seats_at_start(world, actor))


def record_rung(record: Sequence[RecordEvent], world: World, actor: str) -> int:
    """``actor``'s rung by what the record states, read against the scenario's start."""
    scenario = world.scenario
    contenders = [a.id for a in scenario.actors if a.contender]
    winner = record_winner(record, contenders, resolve=Names(scenario).actor)
    facts = ((f.kind, f.actor, ()) for f in record_facts(record, scenario))
    won = winner is not None and winner[0] == actor
    return rung(facts, actor, won=won, **_seats_at_start(world, actor))


def ensemble_rungs(folder: Path, world: World, actor: str) -> list[int]:
    """``actor``'s rung in each run of a stored ensemble of ``world``, in run order."""
    quoted = sql_text(actor)
    rows = query(
        folder,
        "SELECT run, step, kind, actor, others FROM events "
        f"WHERE actor = {quoted} OR list_contains(others, {quoted})",
    ).to_pylist()
    winners = query(folder, "SELECT run, winner FROM runs ORDER BY run").to_pylist()
    by_run: dict[int, list[Happening]] = {row["run"]: [] for row in winners}
    for row in sorted(rows, key=lambda r: (r["run"], r["step"])):  # stable within a month
        by_run[row["run"]].append((row["kind"], row["actor"], row["others"] or ()))
    seats = _seats_at_start(world, actor)
    return [rung(by_run[row["run"]], actor, won=row["winner"] == actor, **seats) for row in winners]


@dataclass(frozen=True, slots=True)
class Comparison:
    """A player's result beside the record and the model's own play of the same actor.

    Attributes:
        actor: The contender played.
        player: The player's rung.
        record: The rung the record gives him, if the scenario names a record.
        counts: How many runs of the model's ensemble ended on each rung.
        as_well: The share of those runs in which the model's own actor did
            at least as well as the player, with its Wilson 95% interval.
    """

    actor: str
    player: int
    record: int | None
    counts: tuple[int, ...]
    as_well: tuple[float, float, float]


def compare(actor: str, player: int, record: int | None, model: Sequence[int]) -> Comparison:
    """The player's rung against the record's and the model's runs (``model``: one rung each)."""
    counts = tuple(sum(1 for r in model if r == k) for k in range(len(LADDER)))
    as_well = sum(1 for r in model if r <= player)
    return Comparison(actor, player, record, counts, wilson(as_well, len(model)))


def judge(position: Position, plan: Plan, on_progress: Progress | None = None) -> Comparison:
    """A finished game against the record and an ensemble of the model playing the same side.

    The ensemble is the game's configuration stored in the plan's store
    (played first if need be, like ``politburo ensemble``).
    """
    game = position.game
    world = game.configuration.world()
    record = world.scenario.record
    folder = stored_ensemble(game.configuration, plan, on_progress=on_progress)
    return compare(
        game.actor,
        run_rung(position.result, world, game.actor),
        record_rung(load_record(record), world, game.actor) if record else None,
        ensemble_rungs(folder, world, game.actor)[: plan.runs],
    )
