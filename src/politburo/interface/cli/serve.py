"""The ``serve`` command: the web page on this machine, until Ctrl-C."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Annotated

import typer

from politburo.interface.cli.output import err

HostOption = Annotated[str, typer.Option(help="The address to listen on.")]
PortOption = Annotated[int, typer.Option(min=0, max=65535, help="The port to listen on.")]
DataOption = Annotated[
    Path,
    typer.Option(
        help="The folder of stored ensembles (shared with --store); the page's jobs, "
        "games and uploads go under DATA/web."
    ),
]
JobRunsOption = Annotated[int, typer.Option(min=2, help="The most runs one what-if may play.")]
JobsOption = Annotated[int, typer.Option(min=1, help="The most what-ifs running at once.")]
GamesOption = Annotated[int, typer.Option(min=1, help="The most games saved on the server.")]
UploadOption = Annotated[
    int, typer.Option(min=1, help="The largest scenario file that may be uploaded, in bytes.")
]
WorkersOption = Annotated[
    int | None, typer.Option(min=1, help="Processes per what-if (default: every core).")
]


def serve(
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    data: DataOption = Path("results"),
    max_job_runs: JobRunsOption = 20_000,
    max_jobs: JobsOption = 2,
    max_games: GamesOption = 500,
    max_upload_bytes: UploadOption = 256 * 1024,
    workers: WorkersOption = None,
) -> None:
    """Serve the web page: replay a run, ask what if, play a side (Ctrl-C stops it)."""
    import uvicorn

    from politburo.interface.web.app import create_app
    from politburo.interface.web.settings import WebSettings

    settings = WebSettings(
        data=data,
        max_job_runs=max_job_runs,
        max_jobs=max_jobs,
        max_games=max_games,
        max_upload_bytes=max_upload_bytes,
        workers=workers,
    )
    config = uvicorn.Config(create_app(settings), host=host, port=port, log_level="warning")
    server = uvicorn.Server(config)
    shown = f"[{host}]" if ":" in host else host
    err.print(f"serving on http://{shown}:{port}/ (Ctrl-C stops it)")
    with contextlib.suppress(KeyboardInterrupt):  # uvicorn raises Ctrl-C again once shut down
        server.run()
    err.print("stopped")
