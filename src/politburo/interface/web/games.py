"""Games saved on the server by id, and the page that plays them move by move.

A game is kept as the JSON the terminal's ``play --save`` writes
(:mod:`politburo.experiments.saved_games`), under ``web/games/<id>.json``,
so it can be resumed on the page after a restart, downloaded, and replayed
with ``politburo replay-game``. A finished game's comparison with the model
playing the same side is kept beside it.
"""

from __future__ import annotations

import json
import re
import secrets
from collections import OrderedDict
from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response

from politburo.analysis.narrative import narrate, verdict
from politburo.experiments.configuration import Configuration
from politburo.experiments.game import Game, Position, play
from politburo.experiments.saved_games import game_from_json, game_to_json
from politburo.interface.web.catalogue import Catalogue
from politburo.interface.web.jobs import Jobs
from politburo.interface.web.pages import Refusal, page
from politburo.interface.web.requests import GameRequest, validated
from politburo.interface.web.settings import WebSettings
from politburo.scenario.loading import load_params

__all__ = ["Games", "game_routes"]

_ID = re.compile(r"^[0-9a-f]{16}$")

#: How many games' positions are kept, so that showing a game after a move replays nothing.
_KEPT = 64


class Games:
    """The games saved on one server."""

    def __init__(self, settings: WebSettings, catalogue: Catalogue, jobs: Jobs) -> None:
        self.settings = settings
        self.catalogue = catalogue
        self.jobs = jobs
        self.folder = settings.web / "games"
        self.params = load_params()
        self._recent: OrderedDict[str, Position] = OrderedDict()

    def new(self, asked: GameRequest) -> str:
        """Save a new game and return its id.

        Raises:
            Refusal: The scenario is not bundled, or the server keeps as many games as it may.
            InputError: The actor is not a contender.
        """
        if asked.scenario.startswith("upload-"):
            raise Refusal(400, "games are played on the bundled scenarios only")
        scenario = self.catalogue.scenario(asked.scenario)
        game = Game(Configuration(scenario, self.params), asked.seed, asked.actor)
        play(game)  # an actor who is no contender is refused here
        self.folder.mkdir(parents=True, exist_ok=True)
        if len(list(self.folder.glob("*.json"))) >= self.settings.max_games:
            raise Refusal(
                429,
                f"this server keeps {self.settings.max_games} saved games at most",
                ["finish or resume a saved game instead"],
            )
        ident = secrets.token_hex(8)
        self.save(ident, game)
        return ident

    def save(self, ident: str, game: Game) -> None:
        """Write game ``ident`` (whole or not at all)."""
        path = self.folder / f"{ident}.json"
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_text(game_to_json(game), encoding="utf-8")
        temporary.replace(path)

    def load(self, ident: str) -> Game:
        """Game ``ident``.

        Raises:
            Refusal: No such game.
            InputError: It was saved by another version or under other parameters.
        """
        path = self.folder / f"{ident}.json"
        if not (_ID.match(ident) and path.is_file()):
            raise Refusal(404, f"no saved game {ident[:20]!r} on this server")
        text = path.read_text(encoding="utf-8")
        return game_from_json(text, f"game {ident}", self.catalogue.scenario, self.params)

    def position(self, ident: str) -> Position:
        """Where game ``ident`` stands; the last positions worked out are kept, by their choices."""
        game = self.load(ident)
        known = self._recent.get(ident)
        if known is None or known.game.choices != game.choices:
            known = play(game)
            self._recent[ident] = known
            if len(self._recent) > _KEPT:
                self._recent.popitem(last=False)
        return known

    def ending(self, ident: str, position: Position) -> dict[str, Any]:
        """The finished game against the record and the model's own play (kept once worked out)."""
        from politburo.experiments.ladder import judge
        from politburo.experiments.outcomes import Plan

        path = self.folder / f"{ident}.ending"
        if path.is_file():
            data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            return data
        game = position.game
        store = self.catalogue.store(game.configuration.scenario.id)
        with self.jobs.slot():
            comparison = judge(position, Plan(self.settings.game_runs, 0, store, workers=1))
        data = asdict(comparison)
        path.write_text(json.dumps(data), encoding="utf-8")
        return data


def game_routes(games: Games) -> APIRouter:
    """Start a game, show it, take a move, download it."""
    router = APIRouter()

    @router.get("/play", response_class=HTMLResponse)
    def start_form(request: Request) -> Response:
        bundled = games.catalogue.bundled
        ident = request.query_params.get("scenario") or next(iter(bundled))
        scenario = games.catalogue.scenario(ident)
        contenders = [(a.id, a.name) for a in scenario.actors if a.contender]
        context = {"scenarios": bundled, "ident": ident, "contenders": contenders}
        return page(request, "play_start.html", context)

    @router.post("/play")
    async def start(request: Request) -> Response:
        form = await request.form()
        fields = {k: str(form[k]) for k in ("scenario", "actor", "seed") if k in form}
        ident = games.new(validated(GameRequest, fields))
        return RedirectResponse(f"/play/{ident}", status_code=303)

    @router.get("/play/{ident}", response_class=HTMLResponse)
    def show(request: Request, ident: str) -> Response:
        return page(request, "play.html", _context(games, ident, games.position(ident)))

    @router.post("/play/{ident}/move")
    async def move(request: Request, ident: str) -> Response:
        form = await request.form()
        position = games.position(ident)
        turn = position.turn
        text = str(form.get("choice", ""))
        if turn is None:
            raise Refusal(409, "this game is over: no move is awaited")
        if not text.isdigit() or not 0 <= int(text) < len(turn.moves):
            raise Refusal(422, f"choice: {text[:20]!r} is not one of the {len(turn.moves)} moves")
        games.save(ident, position.game.then(int(text)))
        return RedirectResponse(f"/play/{ident}", status_code=303)

    @router.get("/play/{ident}/game.json")
    def download(ident: str) -> Response:
        return PlainTextResponse(game_to_json(games.load(ident)), media_type="application/json")

    return router


def _context(games: Games, ident: str, position: Position) -> dict[str, Any]:
    game = position.game
    scenario, _ = game.configuration.changed()
    names = {a.id: a.name for a in scenario.actors}
    result = position.result
    chapters = [
        c for c in narrate(result, scenario) if result.months.index(c.month) < position.step
    ]
    context: dict[str, Any] = {
        "ident": ident,
        "game": game,
        "name": names[game.actor],
        "turn": position.turn,
        "chapters": chapters[::-1],
        "moves_made": len(game.choices),
    }
    if position.over:
        from politburo.experiments.ladder import LADDER

        context |= {
            "verdict": verdict(result, scenario),
            "ending": games.ending(ident, position),
            "ladder": LADDER,
        }
    return context
