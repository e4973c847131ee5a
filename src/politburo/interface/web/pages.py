"""Rendering pages, and every error as a readable page: a status code and a message, no trace.

A refusal (:class:`Refusal`) names what was asked and why it is refused; bad
input from the library (:class:`~politburo.scenario.errors.InputError`) is
shown as the command line shows it, one line per problem with file, line
and field. Anything unexpected is logged on the server and shown as a plain
apology: a stack trace never reaches the page.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import ValidationError
from starlette.exceptions import HTTPException

from politburo.experiments.versions import package_version
from politburo.scenario.errors import InputError

__all__ = ["Refusal", "install_error_pages", "page", "problems_of"]

_LOG = logging.getLogger(__name__)

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
templates.env.globals["version"] = package_version()


class Refusal(Exception):
    """A request the server will not carry out, with the status and the reasons to show.

    Attributes:
        status: The HTTP status code.
        message: What is refused and why, in a sentence.
        problems: Further lines, one per problem.
    """

    def __init__(self, status: int, message: str, problems: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.problems = tuple(problems)


def page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    """The template ``name`` rendered with ``context``."""
    return templates.TemplateResponse(request, name, context, status_code=status)


def problems_of(error: ValidationError | RequestValidationError) -> list[str]:
    """Each of pydantic's complaints as ``field: message``, in plain words."""
    lines = []
    for e in error.errors():
        where = ".".join(str(part) for part in e["loc"] if part not in ("body", "query"))
        message = str(e["msg"]).removeprefix("Value error, ")
        lines.append(f"{where}: {message}" if where else message)
    return lines


def _error_page(request: Request, status: int, message: str, problems: Sequence[str]) -> Response:
    name = "_error.html" if request.headers.get("HX-Request") else "error.html"
    context = {"status": status, "message": message, "problems": list(problems)}
    return page(request, name, context, status)


def install_error_pages(app: FastAPI) -> None:
    """Show every error the app meets as a page with its status code and message."""

    @app.exception_handler(Refusal)
    async def refused(request: Request, error: Refusal) -> Response:
        return _error_page(request, error.status, error.message, error.problems)

    @app.exception_handler(InputError)
    async def bad_input(request: Request, error: InputError) -> Response:
        lines = [str(problem) for problem in error.problems]
        return _error_page(request, 400, "The input has problems.", lines)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> Response:
        return _error_page(request, 422, "The request is not valid.", problems_of(error))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        message = "No such page." if error.status_code == 404 else str(error.detail)
        return _error_page(request, error.status_code, message, ())

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> Response:
        _LOG.exception("unexpected error on %s", request.url.path)
        message = "Something went wrong on the server; the details are in its log."
        return _error_page(request, 500, message, ())
