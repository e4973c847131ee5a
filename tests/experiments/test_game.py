"""Playing one side: choices replayed from the seed, the next turn, the ladder of outcomes."""

from __future__ import annotations

from pathlib import Path

import pytest

from politburo.analysis.record import load_record
from politburo.experiments.chunks import run_seed
from politburo.experiments.configuration import Configuration
from politburo.experiments.game import PLAYER_REASON, Game, play
from politburo.experiments.ladder import (
    LADDER,
    compare,
    ensemble_rungs,
    record_rung,
    run_rung,
    rung,
)
from politburo.experiments.runner import run_ensemble
from politburo.model.engine import run_world
from politburo.model.policy import MoveKind
from politburo.scenario.errors import InputError


@pytest.fixture(scope="module")
def configuration() -> Configuration:
    return Configuration.of("ussr-1924")


def _to_end(game: Game, pick: int | None = None) -> Game:
    """Play on with the model's pick each turn (or always move ``pick`` where offered)."""
    while (position := play(game)).turn is not None:
        turn = position.turn
        game = game.then(pick if pick is not None and pick < len(turn.moves) else turn.suggestion)
    return game


def test_the_same_choices_give_the_same_game(configuration: Configuration) -> None:
    game = Game(configuration, 7, "trotsky", (0, 7, 0))
    assert play(game).result.to_json() == play(game).result.to_json()


def test_a_turn_offers_waiting_and_the_models_pick_among_several_moves(
    configuration: Configuration,
) -> None:
    turn = play(Game(configuration, 7, "trotsky")).turn
    assert turn is not None and turn.month == "1924-01"
    assert len(turn.moves) > 1 and turn.moves[0].kind is MoveKind.WAIT
    assert len(turn.texts) == len(turn.moves) and all(t.label and t.explanation for t in turn.texts)
    assert 0 <= turn.suggestion < len(turn.moves)


def test_the_players_moves_are_logged_as_his_choice(configuration: Configuration) -> None:
    first = play(Game(configuration, 7, "trotsky")).turn
    assert first is not None
    attack = next(i for i, m in enumerate(first.moves) if m.kind is MoveKind.ATTACK)
    position = play(Game(configuration, 7, "trotsky", (attack,)))
    assert position.turn is not None and position.turn.step > first.step
    played = [
        e for e in position.result.events if e.step == first.step and PLAYER_REASON in e.reasons
    ]
    assert [(e.kind.value, e.actor, e.reasons[0]) for e in played] == [
        ("attack", "trotsky", PLAYER_REASON)
    ]


def test_a_game_played_to_the_end_is_over_with_the_whole_calendar(
    configuration: Configuration,
) -> None:
    position = play(_to_end(Game(configuration, 3, "trotsky")))
    assert position.over and position.step == len(position.result.months)


def test_a_choice_not_offered_is_refused(configuration: Configuration) -> None:
    with pytest.raises(InputError, match="not among the"):
        play(Game(configuration, 7, "trotsky", (999,)))


def test_more_choices_than_turns_are_refused(configuration: Configuration) -> None:
    done = _to_end(Game(configuration, 3, "trotsky"))
    with pytest.raises(InputError, match="asks for only"):
        play(done.then(0))


def test_only_a_contender_can_be_played(configuration: Configuration) -> None:
    with pytest.raises(InputError, match="not a contender"):
        play(Game(configuration, 7, "lenin"))


def test_the_ladder_reads_sanctions_in_order() -> None:
    seats = {"in_top": True, "in_electing": True}
    assert rung([], "a", won=True, **seats) == 0
    assert rung([], "a", won=False, **seats) == 1
    assert rung([("top_removed", "a", ())], "a", won=False, **seats) == 2
    assert rung([("top_demoted", "a", ())], "a", won=False, **seats) == 2
    expelled = [("expelled", "a", ())]
    assert rung(expelled, "a", won=False, **seats) == 4
    assert rung([*expelled, ("readmitted", "a", ())], "a", won=False, **seats) == 3
    assert rung([("coup", "b", ("a",))], "a", won=False, **seats) == 5
    assert rung([("exiled", "b", ())], "a", won=False, **seats) == 1


def test_the_record_puts_trotsky_on_the_lowest_rung(configuration: Configuration) -> None:
    record = load_record("ussr-1922-1930")
    world = configuration.world()
    assert LADDER[record_rung(record, world, "trotsky")] == "exiled, deported or arrested"
    assert record_rung(record, world, "stalin") == 0


def test_an_ensembles_rungs_are_each_runs_own(configuration: Configuration, tmp_path: Path) -> None:
    run_ensemble(configuration, runs=4, out_dir=tmp_path, workers=1)
    world = configuration.world()
    expected = [run_rung(run_world(world, run_seed(0, i)), world, "trotsky") for i in range(4)]
    assert ensemble_rungs(tmp_path, world, "trotsky") == expected


def test_comparison_counts_the_runs_that_did_at_least_as_well() -> None:
    result = compare("trotsky", 2, 5, [0, 1, 2, 3, 5])
    assert result.counts == (1, 1, 1, 1, 0, 1)
    assert result.as_well[0] == pytest.approx(3 / 5)
