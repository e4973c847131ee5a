"""The game commands: ``play`` one contender month by month, ``replay-game`` a saved game.

The moves are read from standard input, one number a line, so a script can
play: an empty line takes the model's pick, and at the end of the input the
model plays the rest of the game for the player.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.prompt import IntPrompt

from politburo.experiments.configuration import Configuration
from politburo.experiments.game import Game, Position, Turn
from politburo.experiments.game import play as replay
from politburo.interface.cli.errors import reports_input_errors
from politburo.interface.cli.options import (
    LeverOption,
    ScenarioArgument,
    SeedOption,
    SetOption,
    StoreOption,
    configuration_of,
)
from politburo.interface.cli.output import err, out
from politburo.interface.cli.progress import counting_runs
from politburo.interface.cli.render import play as render
from politburo.scenario.errors import InputError
from politburo.scenario.loading import load_params, load_scenario, read_text

AsOption = Annotated[
    str, typer.Option("--as", help="The id of the contender you play (see the scenario's actors).")
]
CompareOption = Annotated[
    int,
    typer.Option(
        min=2, help="Runs of the model playing the same side, to compare your ending with."
    ),
]
SaveOption = Annotated[
    Path | None, typer.Option(help="Save the game to this file after every move.")
]
GameArgument = Annotated[Path, typer.Argument(help="A saved game (play --save, or the page's).")]


@reports_input_errors
def play(
    scenario: ScenarioArgument,
    as_: AsOption,
    seed: SeedOption = 0,
    lever: LeverOption = None,
    set_: SetOption = None,
    runs: CompareOption = 200,
    store: StoreOption = Path("results"),
    save: SaveOption = None,
) -> None:
    """Play one contender month by month against the model; the others play their traits."""
    configuration = configuration_of(scenario, None, lever, set_)
    position = _play_turns(Game(configuration, seed, as_), configuration, save)
    _ending(position, configuration, runs, store)


@reports_input_errors
def replay_game(
    game: GameArgument, runs: CompareOption = 200, store: StoreOption = Path("results")
) -> None:
    """Tell a saved game to where it stands, with its ending if it is over."""
    from politburo.experiments.saved_games import game_from_json

    text = read_text(game, str(game))
    loaded = game_from_json(text, str(game), load_scenario, load_params())
    position = replay(loaded)
    scenario, _ = loaded.configuration.changed()
    render.months(position, scenario, 0)
    if position.turn is None:
        _ending(position, loaded.configuration, runs, store)
        return
    out.print(
        f"\nUnfinished: {len(loaded.choices)} moves made; the next is in {position.turn.month}."
    )


def _play_turns(game: Game, configuration: Configuration, save: Path | None) -> Position:
    """Ask for each move until the game is over, saving it after each if asked."""
    from politburo.experiments.saved_games import game_to_json

    scenario, _ = configuration.changed()
    name = next((a.name for a in scenario.actors if a.id == game.actor), game.actor)
    shown, autopilot = 0, False
    while (position := replay(game)).turn is not None:
        turn = position.turn
        render.months(position, scenario, shown)
        shown = turn.step
        choice = None if autopilot else _ask(turn, name)
        if choice is None and not autopilot:
            autopilot = True
            err.print("end of input: the model plays the rest of the game for you")
        game = game.then(turn.suggestion if choice is None else choice)
        if save is not None:
            _write(save, game_to_json(game))
    render.months(position, scenario, shown)
    return position


def _ask(turn: Turn, name: str) -> int | None:
    """The player's move as an index, or None at the end of the input."""
    render.turn(turn, name)
    numbers = [str(n) for n in range(1, len(turn.moves) + 1)]
    try:
        chosen = IntPrompt.ask(
            "Your move", choices=numbers, default=turn.suggestion + 1, show_choices=False
        )
    except EOFError:
        return None
    return chosen - 1


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text + "\n", encoding="utf-8")
    except OSError as error:
        raise InputError.one(str(path), f"cannot be written: {error.strerror or error}") from None


def _ending(position: Position, configuration: Configuration, runs: int, store: Path) -> None:
    """The verdict and the ladder, against the record and the model's own play."""
    from politburo.experiments.ladder import judge
    from politburo.experiments.outcomes import Plan

    with counting_runs("the model playing the same side") as bar:
        comparison = judge(position, Plan(runs, 0, store, workers=1), bar.report)
    scenario, _ = configuration.changed()
    render.ending(position, scenario, comparison)
