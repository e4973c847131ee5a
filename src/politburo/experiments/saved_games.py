"""A game as JSON: what it plays, from which seed, as whom, and the choices made.

The page saves games on the server by id and the terminal saves them to a
file; both write this one form, so a game begun on the page can be replayed
on the command line and the other way round. A game names its scenario by
id and counts its parameters by hash: loading one played under other
parameters, or by another version of the package, says so instead of
showing a different game.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from politburo.experiments.configuration import Configuration
from politburo.experiments.game import Game
from politburo.experiments.versions import package_version, params_tag
from politburo.scenario.errors import InputError, Problem
from politburo.scenario.loading import field_path, pydantic_message
from politburo.scenario.params import Params
from politburo.scenario.schema import Scenario

__all__ = ["FORMAT", "SavedGame", "game_from_json", "game_to_json"]

#: The ``format`` field of a saved game.
FORMAT = "politburo-game-1"


class SavedGame(BaseModel):
    """A game as saved: every field checked when it is read back."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: str = Field(pattern=f"^{FORMAT}$")
    version: str = Field(max_length=40)
    scenario: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)
    params: str = Field(pattern=r"^[0-9a-f]{10}$")
    levers: tuple[str, ...] = Field((), max_length=16)
    overrides: tuple[str, ...] = Field((), max_length=64)
    seed: int = Field(ge=0, le=2**32 - 1)
    actor: str = Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)
    choices: tuple[int, ...] = Field((), max_length=1200)


def game_to_json(game: Game) -> str:
    """``game`` as JSON text."""
    c = game.configuration
    saved = SavedGame(
        format=FORMAT,
        version=package_version(),
        scenario=c.scenario.id,
        params=params_tag(c.params),
        levers=c.levers,
        overrides=c.overrides,
        seed=game.seed,
        actor=game.actor,
        choices=game.choices,
    )
    return saved.model_dump_json(indent=2)


def game_from_json(
    text: str, name: str, scenario_of: Callable[[str], Scenario], params: Params
) -> Game:
    """The game saved as ``text`` (named ``name`` in errors), its scenario found by ``scenario_of``.

    Raises:
        InputError: The text is not a saved game, or it was saved under other
            parameters or by another version of the package.
    """
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError.one(name, f"not JSON: {error.msg}", line=error.lineno) from None
    try:
        saved = SavedGame.model_validate(data)
    except ValidationError as error:
        raise InputError(
            Problem(name, None, field_path(e["loc"]), pydantic_message(e, SavedGame))
            for e in error.errors()
        ) from None
    if (saved.version, saved.params) != (package_version(), params_tag(params)):
        raise InputError.one(
            name,
            f"saved by politburo {saved.version} under parameters {saved.params}; this is "
            f"politburo {package_version()} with parameters {params_tag(params)}, "
            "whose runs may differ: replay it with that version",
        )
    configuration = Configuration(
        scenario_of(saved.scenario), params, saved.levers, saved.overrides
    )
    return Game(configuration, saved.seed, saved.actor, saved.choices)
