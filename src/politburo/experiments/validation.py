"""Validation: an ensemble of runs scored against a record, beside naive baselines.

The baselines use no simulation, so that the model is judged against what
one could say without it: "the holder of the top office at the start
wins", "the actor with most supporters in the top body wins", "the most
reputed actor wins", and "each recorded event happens at a random meeting
of the body that decides it".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from politburo.analysis.episodes import EpisodeSummary, scenario_episodes, tally_episodes
from politburo.analysis.facts import Fact, Names, Unscored, event_facts, record_facts, unscored
from politburo.analysis.record import RecordEvent, record_winner
from politburo.analysis.scoring import (
    Key,
    Summary,
    Target,
    mark_against,
    outcome_names,
    score_run,
    summarise,
)
from politburo.experiments.backends import Backend, open_pool
from politburo.experiments.configuration import Configuration
from politburo.experiments.runner import Progress
from politburo.experiments.scored import Seeds, score_runs
from politburo.model.result import RunResult
from politburo.model.state import initial_state
from politburo.model.world import World
from politburo.scenario.schema import MotionKind, Scenario, month_index

#: The body whose right a record kind corresponds to, for the random-meeting baseline.
DECIDED_BY = {
    "office_removed": MotionKind.REMOVE_OFFICE,
    "top_removed": MotionKind.REMOVE_TOP,
    "electing_removed": MotionKind.REMOVE_ELECTING,
    "expelled": MotionKind.EXPEL,
    "exiled": MotionKind.EXILE,
    "deported": MotionKind.DEPORT,
    "readmitted": MotionKind.READMIT,
    "doctrine_adopted": MotionKind.ADOPT_DOCTRINE,
}

BASELINES = (
    ("top_office", "the holder of the top office at the start wins"),
    ("top_body_supporters", "the actor with most supporters in the top body at the start wins"),
    ("most_reputed", "the most reputed actor at the start wins"),
    ("random_meeting", "each event happens at a random meeting of its deciding body"),
)


@dataclass(frozen=True, slots=True)
class Validation:
    """The model's figures and the baselines', against one record."""

    scenario: str
    record: str
    runs: int
    seed: int
    since: str | None
    record_winner: tuple[str, str] | None
    model: Summary
    baselines: dict[str, Summary]
    episodes: EpisodeSummary
    unscored: tuple[Unscored, ...] = ()


def target_for(
    scenario: Scenario,
    record: Sequence[RecordEvent],
    since: str | None = None,
    until: str | None = None,
) -> Target:
    """The record's targets for ``scenario``: events inside the calendar.

    ``since`` scores only events from that month on (an out-of-time test);
    ``until`` only events up to that month, and no winner (a fit that may
    see only the early record).
    """
    contenders = [a.id for a in scenario.actors if a.contender]
    found = record_winner(record, contenders, resolve=Names(scenario).actor)
    start = scenario.calendar.start
    return Target.build(
        record_facts(record, scenario),
        found[0] if found else None,
        contenders,
        [(k.kind, k.actor, k.subject) for k in scenario.key_events],
        scenario.calendar.months,
        since=month_index(start, since) if since else 0,
        until=month_index(start, until) if until else None,
    )


def mark_run(
    result: RunResult, scenario: Scenario, record: Sequence[RecordEvent]
) -> tuple[dict[int, str], list[tuple[Key, int]]]:
    """Each event of a run marked against the record, and the recorded events the run lacks.

    The marks are keyed by the event's index in the run ("as in history",
    "N months early"); the missing events come with their recorded months.
    """
    return mark_against(event_facts(result), target_for(scenario, record))


def validate(
    configuration: Configuration,
    record: Sequence[RecordEvent],
    *,
    runs: int,
    seed: int = 0,
    since: str | None = None,
    record_name: str = "",
    on_progress: Progress | None = None,
    backend: Backend | Any | None = None,
) -> Validation:
    """Score ``runs`` seeded runs of ``configuration`` and the baselines against ``record``.

    The record is read against the scenario as the levers and overrides left
    it. The runs are played on ``backend`` (see
    :func:`~politburo.experiments.backends.open_pool`; default: this
    process); ``on_progress`` gets (runs done, runs).
    """
    world = configuration.world()
    scenario = world.scenario
    target = target_for(scenario, record, since)
    outcomes = outcome_names(target.contenders)
    with open_pool(Backend(workers=1) if backend is None else backend) as pool:
        scored = score_runs(configuration, target, Seeds(seed), runs, pool, on_progress)
    scores = [s.score for s in scored]
    alliances = [s.spells for s in scored]
    contenders = [a.id for a in scenario.actors if a.contender]
    return Validation(
        scenario=scenario.id,
        record=record_name,
        runs=runs,
        seed=seed,
        since=since,
        record_winner=record_winner(record, contenders, resolve=Names(scenario).actor),
        model=summarise(scores, target, outcomes),
        baselines=baselines(world, target, runs, seed),
        episodes=tally_episodes(scenario_episodes(scenario, record), alliances),
        unscored=unscored(record, scenario),
    )


def baselines(world: World, target: Target, runs: int, seed: int) -> dict[str, Summary]:
    """The naive baselines' figures, scored by the same code as the model."""
    outcomes = outcome_names(target.contenders)
    out: dict[str, Summary] = {}
    for name, predicted in (
        ("top_office", top_office_holder(world)),
        ("top_body_supporters", most_supported(world)),
        ("most_reputed", most_reputed(world)),
    ):
        out[name] = summarise([score_run((), predicted, target)], target, outcomes)
    # A child of the root seed that no model run uses.
    rng = np.random.default_rng(np.random.SeedSequence(seed).spawn(runs + 1)[-1])
    months = meeting_months(world)
    scores = [
        score_run(random_meeting_facts(world, target, months, rng), None, target)
        for _ in range(runs)
    ]
    out["random_meeting"] = summarise(scores, target, outcomes)
    return out


def _contender_of(world: World, actor: int) -> str | None:
    """``actor``'s own id if he contends, else the contender he follows."""
    if actor < 0:
        return None
    if world.is_contender[actor]:
        return world.actor_ids[actor]
    patron = world.scenario.actors[actor].patron
    return patron


def top_office_holder(world: World) -> str | None:
    """Baseline: the holder (or his patron) of the office granting most powers wins."""
    office = max(world.scenario.offices, key=lambda o: len(o.powers))
    holders = office.holders_at_start
    return _contender_of(world, world.actor_ids.index(holders[0])) if holders else None


def most_supported(world: World) -> str | None:
    """Baseline: the contender whose followers hold most top-body seats at the start wins."""
    state = initial_state(world)
    patrons = state.seat_patrons(world.top)
    counts = np.bincount(patrons[patrons >= 0], minlength=world.n_actors)
    best = int(world.contenders[np.argmax(counts[world.contenders])])
    return world.actor_ids[best]


def most_reputed(world: World) -> str | None:
    """Baseline: the contender with the highest starting reputation wins."""
    best = int(world.contenders[np.argmax(world.reputation0[world.contenders])])
    return world.actor_ids[best]


def meeting_months(world: World) -> dict[str, list[int]]:
    """For each record kind, the months in which a body with the right to decide it meets."""
    every = list(range(world.months))
    out = {}
    for kind, motion in DECIDED_BY.items():
        bodies = list(world.deciding_bodies(motion))
        months = np.flatnonzero(world.sittings[:, bodies].any(axis=1)).tolist()
        out[kind] = months or every
    return out


def random_meeting_facts(
    world: World, target: Target, months: dict[str, list[int]], rng: np.random.Generator
) -> list[Fact]:
    """Baseline: every recorded event, each at a random meeting of a body that decides it."""
    every = list(range(world.months))
    facts = []
    for kind, actor, subject in sorted(target.events):
        choices = months.get(kind, every)
        facts.append(Fact(kind, actor, subject, int(rng.choice(choices))))
    return sorted(facts, key=lambda f: f.month)
