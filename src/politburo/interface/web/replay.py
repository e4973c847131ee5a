"""The home page and the replay: a run stepped month by month, with a link that reproduces it."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile as StarletteUpload

from politburo.experiments.configuration import Configuration
from politburo.interface.web.catalogue import Catalogue
from politburo.interface.web.jobs import Jobs
from politburo.interface.web.pages import Refusal, page
from politburo.interface.web.replay_view import Replay, month_view, power_chart, replay
from politburo.interface.web.requests import RunRequest, validated
from politburo.interface.web.settings import WebSettings
from politburo.scenario.loading import load_params

__all__ = ["replay_routes", "run_request"]


def run_request(request: Request) -> RunRequest:
    """The run a permalink's query names."""
    q = request.query_params
    fields: dict[str, Any] = {
        "scenario": q.get("scenario", ""),
        "levers": q.getlist("lever"),
        "overrides": q.getlist("set"),
    }
    fields |= {k: q[k] for k in ("seed", "run", "v", "p") if q.get(k) not in (None, "")}
    return validated(RunRequest, fields)


def _month(request: Request, months: int) -> int:
    text = request.query_params.get("month", "0")
    if not text.isdigit() or not 0 <= int(text) < months:
        raise Refusal(422, f"month: {text[:20]!r} is not a month of this run (0 to {months - 1})")
    return int(text)


def replay_routes(catalogue: Catalogue, jobs: Jobs) -> APIRouter:
    """The home page, the replay page and its month panel, the typical run, uploads."""
    router = APIRouter()
    params = load_params()
    settings = jobs.settings

    @lru_cache(maxsize=32)
    def played(
        ident: str, levers: tuple[str, ...], overrides: tuple[str, ...], seed: int, run: int | None
    ) -> Replay:
        configuration = Configuration(catalogue.scenario(ident), params, levers, overrides)
        return replay(configuration, seed, run)

    def of(asked: RunRequest) -> Replay:
        return played(asked.scenario, asked.levers, asked.overrides, asked.seed, asked.run)

    @router.get("/", response_class=HTMLResponse)
    def home(request: Request) -> Response:
        return page(request, "index.html", {"scenarios": catalogue.offered()})

    @router.get("/replay", response_class=HTMLResponse)
    def replay_page(request: Request) -> Response:
        asked = run_request(request)
        other = asked.other_version(params)
        if other is not None:
            context = {"made_by": other, "query": asked.model_copy(update={"v": None, "p": None})}
            return page(request, "other_version.html", context | {"params": params}, 409)
        r = of(asked)
        view = month_view(r, _month(request, r.months))
        context = {"r": r, "view": view, "query": asked.query(params), "chart": power_chart(r)}
        return page(request, "replay.html", context)

    @router.get("/replay/month", response_class=HTMLResponse)
    def month_panel(request: Request) -> Response:
        r = of(run_request(request))
        return page(
            request, "_month.html", {"r": r, "view": month_view(r, _month(request, r.months))}
        )

    @router.get("/replay/typical")
    def typical(request: Request) -> Response:
        asked = run_request(request)
        with jobs.slot():
            index = _typical_index(catalogue, settings, asked)
        chosen = asked.model_copy(update={"run": index})
        return RedirectResponse(f"/replay?{chosen.query(params)}", status_code=303)

    @router.post("/scenarios")
    async def upload(request: Request) -> Response:
        _check_length(request, settings.max_upload_bytes)
        form = await request.form(max_files=1, max_fields=1)
        file = form.get("file")
        if not isinstance(file, StarletteUpload):
            raise Refusal(422, "file: choose a scenario file to upload")
        content = await file.read(settings.max_upload_bytes + 1)
        ident = catalogue.upload(file.filename or "scenario.yaml", content)
        return RedirectResponse(f"/?uploaded={ident}", status_code=303)

    return router


#: Room for the multipart form's own headers and boundaries around the file.
_FORM_OVERHEAD = 16 * 1024


def _check_length(request: Request, limit: int) -> None:
    """Refuse an upload whose body is larger than the file limit allows, before it is read."""
    length = request.headers.get("content-length", "")
    if not length.isdigit():
        raise Refusal(411, "an upload must say its length")
    if int(length) > limit + _FORM_OVERHEAD:
        raise Refusal(
            413, f"the upload is {int(length):,} bytes; this server takes up to {limit:,}"
        )


def _typical_index(catalogue: Catalogue, settings: WebSettings, asked: RunRequest) -> int:
    """The typical run's index in the stored ensemble (played in this process first if need be)."""
    from politburo.experiments.outcomes import Plan, stored_ensemble
    from politburo.experiments.typical import typical_run

    configuration = Configuration(
        catalogue.scenario(asked.scenario), load_params(), asked.levers, asked.overrides
    )
    plan = Plan(settings.typical_runs, asked.seed, catalogue.store(asked.scenario), workers=1)
    folder = stored_ensemble(configuration, plan)
    index, _ = typical_run(folder, configuration.scenario)
    return index
