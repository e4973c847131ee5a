"""The web application: pages rendered on the server, htmx for the parts that change, no internet.

:func:`create_app` assembles the routers (replay, what-if, play), the
static files (the page's own script and style, and the vendored htmx and
Vega scripts), the error pages and the background jobs. Every response
carries a content security policy that lets the page load and connect to
this server only.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles

from politburo.interface.web.catalogue import Catalogue
from politburo.interface.web.games import Games, game_routes
from politburo.interface.web.jobs import Jobs
from politburo.interface.web.pages import install_error_pages
from politburo.interface.web.replay import replay_routes
from politburo.interface.web.settings import WebSettings
from politburo.interface.web.whatif import whatif_routes

__all__ = ["create_app"]

#: Scripts, styles, images and requests from this server only; Vega compiles
#: its expressions at run time, hence 'unsafe-eval'.
POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def create_app(settings: WebSettings | None = None) -> FastAPI:
    """The app serving the replay, what-if and play pages under ``settings``."""
    settings = settings or WebSettings()
    catalogue = Catalogue(settings)
    jobs = Jobs(settings, catalogue)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        jobs.resume_all()
        yield
        jobs.stop()

    app = FastAPI(title=__name__.split(".")[0], lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.jobs = jobs
    static = Path(__file__).parent / "static"
    app.mount("/static", StaticFiles(directory=static), name="static")
    app.include_router(replay_routes(catalogue, jobs))
    app.include_router(whatif_routes(catalogue, jobs))
    app.include_router(game_routes(Games(settings, catalogue, jobs)))
    install_error_pages(app)

    @app.middleware("http")
    async def secure(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    return app
