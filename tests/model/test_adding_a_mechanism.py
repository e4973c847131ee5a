"""A new mechanism plugs in where docs/model.md ("How to add a mechanism") says, and is played.

The toy mechanism below is what a contributor would write in
``model/mechanisms/``: a monthly phase (rumours that cost the most reputed
contender some standing) and a move (a denunciation, which hands evidence
against a rival to the party without yet costing him anything). It is
registered the way the docs name: the phase in the month's sequence, the move
in the move table, and (so that actors played from their traits make it) a
motive in the trait policy's list. Here the registrations are made at test
time, by handing ``run_world`` the standard rules with the toy's added; in
the package they are one line each in ``engine.OPENING`` and
``policy.moves.MOVES`` (and ``policy.traits.MOTIVES``). The toy logs kinds
of event the log already has (a shock, an attack), so ``events.Kind`` and
the narrative need nothing new.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pytest

from politburo.model.chronicle import event
from politburo.model.engine import CLOSING, OPENING, RULES, Phase, Rules, run_world
from politburo.model.events import Event, Kind, Mechanism
from politburo.model.policy import MOTIVES, MOVES, Decision, LegalMoves, Move, MoveRule, TraitPolicy
from politburo.model.result import RunResult
from politburo.model.state import State
from politburo.model.world import Temper, World, build_world
from politburo.scenario.loading import load_params, load_scenario

# --------------------------------------------------------------------------- the toy mechanism

RUMOUR_COST = 0.01
DENUNCIATION = 0.2
DENOUNCE = "denounce"


def rumours(world: World, state: State, rng: np.random.Generator) -> list[Event]:
    """A monthly phase: half the months, a rumour costs the most reputed contender standing."""
    if not state.struggle_open or rng.random() >= 0.5:
        return []
    active = state.active(world)
    if active.size == 0:
        return []
    target = int(active[np.argmax(state.reputation[active])])
    state.reputation[target] = max(0.0, state.reputation[target] - RUMOUR_COST)
    return [
        event(
            world,
            state,
            Kind.SHOCK,
            Mechanism.SHOCK,
            others=(target,),
            amount=RUMOUR_COST,
            reasons=("a rumour (toy)", "the most reputed contender pays"),
        )
    ]


def may_denounce(m: LegalMoves) -> list[Move]:
    """A move's legality rule: a faction leader may denounce any rival."""
    return [Move(DENOUNCE, target=rival) for rival in m.rivals]


def denounce(
    world: World, state: State, actor: int, decision: Decision, rng: np.random.Generator
) -> list[Event]:
    """A move's executor: evidence against the target, logged with the actor's reasons."""
    target = decision.move.target
    state.evidence[target] = min(1.0, state.evidence[target] + DENUNCIATION)
    return [
        event(
            world,
            state,
            Kind.ATTACK,
            Mechanism.REPUTATION,
            actor=actor,
            target=target,
            amount=DENUNCIATION,
            reasons=(*decision.reasons, "a denunciation (toy)"),
        )
    ]


def denouncing(m: LegalMoves, temper: Temper, rng: np.random.Generator) -> Decision | None:
    """A motive: in a quarter of the months of the open struggle, denounce the greatest threat."""
    if not m.state.struggle_open or rng.random() >= 0.25:
        return None
    target = m.situation.threats.greatest(m.actor, m.allies)
    for move in m.against(DENOUNCE, target):
        return Decision(move, ("he denounces the greatest threat",))
    return None


# --------------------------------------------------------------------------- the registrations


@dataclass
class Probe:
    """A phase that records the state's reputation and evidence where it is put in the month."""

    seen: dict[int, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)

    def __call__(self, world: World, state: State, rng: np.random.Generator) -> list[Event]:
        self.seen[state.month] = (state.reputation.copy(), state.evidence.copy())
        return []


def toy_rules(*probes: Phase) -> Rules:
    """The standard month with the toy phase after the opening and the toy move in the table.

    ``probes`` (before the rumours, after them, after the moves) watch the state.
    """
    before_rumours, after_rumours, after_moves = probes
    return Rules(
        opening=(*OPENING, before_rumours, rumours, after_rumours),
        moves={**MOVES, DENOUNCE: MoveRule(may_denounce, denounce)},
        closing=(after_moves, *CLOSING),
    )


def play(world: World, seed: int, *probes: Phase) -> RunResult:
    players = TraitPolicy((denouncing, *MOTIVES))
    policies = {world.actor_ids[c]: players for c in world.contenders.tolist()}
    return run_world(world, seed, policies=policies, rules=toy_rules(*probes))


@pytest.fixture(scope="module")
def world() -> World:
    return build_world(load_scenario("ussr-1924"), load_params())


# --------------------------------------------------------------------------- the tests


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_toy_phase_registered_in_the_month_is_played_and_logged(world: World, seed: int) -> None:
    before, after, _ = Probe(), Probe(), Probe()
    run = play(world, seed, before, after, Probe())
    told = [e for e in run.events if e.kind is Kind.SHOCK and "a rumour (toy)" in e.reasons]
    assert len(told) >= 5, "half the months of the open struggle bring a rumour"
    ids = world.actor_ids
    for rumour in told:
        (target,) = (ids.index(who) for who in rumour.others)
        was, now = before.seen[rumour.step][0][target], after.seen[rumour.step][0][target]
        assert now == pytest.approx(max(0.0, was - RUMOUR_COST), abs=1e-12)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_toy_move_registered_in_the_table_is_chosen_made_and_logged(
    world: World, seed: int
) -> None:
    before_moves, after_moves = Probe(), Probe()
    run = play(world, seed, Probe(), before_moves, after_moves)
    told = [e for e in run.events if e.kind is Kind.ATTACK and "a denunciation (toy)" in e.reasons]
    assert told, "the contenders denounce their greatest threats"
    assert all("he denounces the greatest threat" in e.reasons for e in told)
    ids = world.actor_ids
    for denunciation in told:
        target = ids.index(denunciation.target or "")
        was = before_moves.seen[denunciation.step][1][target]
        now = after_moves.seen[denunciation.step][1][target]
        # Evidence only grows while the actors move; each denunciation adds its share.
        assert now >= min(1.0, was + DENUNCIATION) - 1e-12


def test_a_toy_run_leaves_the_standard_rules_and_their_runs_as_they_were(world: World) -> None:
    standard = run_world(world, 0).to_json()
    play(world, 0, Probe(), Probe(), Probe())
    assert DENOUNCE not in MOVES and DENOUNCE not in RULES.moves
    assert rumours not in RULES.opening
    assert run_world(world, 0).to_json() == standard
