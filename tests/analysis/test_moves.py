"""A legal move in words: every motion a body can decide is worded, an unknown move by its name."""

from __future__ import annotations

import pytest

from politburo.analysis.moves import describe_move
from politburo.experiments.configuration import Configuration
from politburo.model.policy import Move, MoveKind
from politburo.model.state import State, initial_state
from politburo.model.world import World
from politburo.scenario.schema import MotionKind


@pytest.fixture(scope="module")
def game() -> tuple[World, State]:
    world = Configuration.of("ussr-1924").world()
    return world, initial_state(world)


@pytest.mark.parametrize(
    ("motion", "words"),
    [
        (MotionKind.REMOVE_OFFICE, "remove Joseph Stalin as"),
        (MotionKind.DEMOTE_TOP, "demote Joseph Stalin to candidate member of the Politburo"),
        (MotionKind.REMOVE_TOP, "remove Joseph Stalin from the Politburo"),
        (MotionKind.EXPEL, "expel Joseph Stalin from the party"),
    ],
)
def test_a_motion_is_worded_with_its_target_and_its_odds(
    game: tuple[World, State], motion: MotionKind, words: str
) -> None:
    world, state = game
    trotsky, stalin = world.actor_ids.index("trotsky"), world.actor_ids.index("stalin")
    move = Move(MoveKind.PROPOSE, target=stalin, motion=motion, office=0, body=world.electing)
    text = describe_move(world, state, trotsky, move)
    assert words in text.label
    assert "it should carry with a chance of about" in text.explanation


def test_a_move_this_module_does_not_know_is_shown_by_its_name(game: tuple[World, State]) -> None:
    world, state = game
    text = describe_move(world, state, 0, Move("form_committee"))
    assert text.label == "Form committee"
