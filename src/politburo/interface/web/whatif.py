"""The what-if page: levers and sliders, a job in the background, its progress and its result."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from politburo.interface.web.catalogue import Catalogue
from politburo.interface.web.jobs import Jobs
from politburo.interface.web.pages import page
from politburo.interface.web.requests import WhatIfRequest, validated
from politburo.interface.web.sliders import overrides_from, sliders
from politburo.interface.web.whatif_view import outcome_chart, shapley_chart, timing_rows
from politburo.scenario.loading import load_params

__all__ = ["whatif_routes"]


def whatif_routes(catalogue: Catalogue, jobs: Jobs) -> APIRouter:
    """The form, the job's start, its progress panel and its result page."""
    router = APIRouter()
    params = load_params()

    @router.get("/whatif", response_class=HTMLResponse)
    def form(request: Request) -> Response:
        ident = request.query_params.get("scenario") or next(iter(catalogue.bundled))
        scenario = catalogue.scenario(ident)
        context = {
            "ident": ident,
            "scenario": scenario,
            "scenarios": catalogue.offered(),
            "groups": sliders(scenario, params),
            "max_runs": jobs.settings.max_job_runs,
        }
        return page(request, "whatif.html", context)

    @router.post("/whatif")
    async def start(request: Request) -> Response:
        form = await request.form()
        ident = str(form.get("scenario", ""))
        fields: dict[str, Any] = {
            "scenario": ident,
            "levers": [str(v) for v in form.getlist("lever")],
            "runs": form.get("runs", 200),
            "seed": form.get("seed", 0),
        }
        asked = validated(WhatIfRequest, fields)
        values = {k: str(v) for k, v in form.items() if k.startswith(("t.", "p."))}
        overrides = overrides_from(catalogue.scenario(asked.scenario), params, values)
        asked = validated(WhatIfRequest, fields | {"overrides": overrides})
        job = jobs.submit(asked)
        return RedirectResponse(f"/whatif/jobs/{job}", status_code=303)

    @router.get("/whatif/jobs/{job}", response_class=HTMLResponse)
    def job_page(request: Request, job: str) -> Response:
        asked = jobs.request(job)
        if jobs.status(job).state == "waiting":
            jobs.resume(job)  # a job interrupted by a restart goes on where it stopped
        return page(request, "job.html", _job_context(catalogue, jobs, job, asked))

    @router.get("/whatif/jobs/{job}/progress", response_class=HTMLResponse)
    def progress(request: Request, job: str) -> Response:
        asked = jobs.request(job)
        return page(request, "_job.html", _job_context(catalogue, jobs, job, asked))

    return router


def _job_context(
    catalogue: Catalogue, jobs: Jobs, job: str, asked: WhatIfRequest
) -> dict[str, Any]:
    scenario = catalogue.scenario(asked.scenario)
    status = jobs.status(job)
    context: dict[str, Any] = {"job": job, "asked": asked, "status": status, "scenario": scenario}
    result = jobs.result(job)
    if status.state == "done" and result is not None:
        names = {a.id: a.name for a in scenario.actors} | {"none": "no winner"}
        context |= {
            "outcomes": outcome_chart(result["whatif"], names),
            "timing": timing_rows(result["whatif"], scenario),
            "shapley": shapley_chart(result["explain"], names) if "explain" in result else None,
            "rows": result["whatif"]["outcomes"],
            "names": names,
        }
    return context
