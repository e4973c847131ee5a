"""A person or a search can play one side through the Policy interface."""

from __future__ import annotations

import numpy as np

from politburo import simulate
from politburo.model.policy import MOVES, Decision, LegalMoves, Move, MoveKind, Situation
from politburo.model.state import State
from politburo.model.world import World
from politburo.scenario.loading import load_params, load_scenario


class AlwaysWait:
    """A player who never moves."""

    def __init__(self) -> None:
        self.offered: list[list[MoveKind]] = []

    def choose(
        self,
        world: World,
        state: State,
        actor: int,
        moves: LegalMoves,
        situation: Situation,
        rng: np.random.Generator,
    ) -> Decision:
        self.offered.append(sorted({m.kind for m in moves}))
        return Decision(Move(MoveKind.WAIT), ("the player waits",))


def test_a_side_played_by_another_policy_makes_only_its_moves() -> None:
    player = AlwaysWait()
    run = simulate(
        load_scenario("ussr-1924"), seed=3, params=load_params(), policies={"trotsky": player}
    )
    own_moves = {"attack", "alliance_formed", "alliance_broken", "doctrine_published", "recanted"}
    assert not [e for e in run.events if e.actor == "trotsky" and e.kind.value in own_moves]
    assert player.offered, "the player was asked every month he was alive"
    assert all(MoveKind.WAIT in kinds for kinds in player.offered)


def test_legal_moves_list_what_a_faction_leader_may_do() -> None:
    from politburo.model.mechanisms.threat import Threats
    from politburo.model.state import initial_state
    from politburo.model.world import build_world

    world = build_world(load_scenario("ussr-1924"), load_params())
    state = initial_state(world)
    state.struggle_open = True
    leaders = state.active(world)
    level = np.full(leaders.size, 0.1)
    threats = Threats.rank(leaders, level, level, state.position[leaders], 0.0)
    state.sitting[:] = True
    situation = Situation(threats)
    stalin = world.actor_ids.index("stalin")
    kinds = {m.kind for m in LegalMoves(world, state, stalin, situation, MOVES)}
    assert {MoveKind.WAIT, MoveKind.ATTACK, MoveKind.ALLY, MoveKind.PROPOSE} <= kinds


def test_a_rival_who_recanted_earlier_in_the_month_is_offered_no_alliance_or_attack() -> None:
    from politburo.model.mechanisms.threat import Threats
    from politburo.model.state import initial_state
    from politburo.model.world import build_world

    world = build_world(load_scenario("ussr-1924"), load_params())
    state = initial_state(world)
    state.struggle_open = True
    leaders = state.active(world)
    level = np.full(leaders.size, 0.1)
    situation = Situation(Threats.rank(leaders, level, level, state.position[leaders], 0.0))
    stalin, bukharin = (world.actor_ids.index(a) for a in ("stalin", "bukharin"))
    state.recanted[bukharin] = True  # after the threats were measured, before Stalin moves
    moves = LegalMoves(world, state, stalin, situation, MOVES)
    assert bukharin not in moves.rivals
    assert all(m.target != bukharin for m in moves.of(MoveKind.ALLY) + moves.of(MoveKind.ATTACK))
