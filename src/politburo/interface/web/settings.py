"""What a server may do: where it keeps its data, and the caps on what a request may ask."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["WebSettings"]


@dataclass(frozen=True, slots=True)
class WebSettings:
    """A server's folder and caps (``politburo serve`` sets them from its options).

    Attributes:
        data: The folder of stored ensembles, shared with the command line's
            ``--store``; the page's own jobs, games and uploads go under
            ``data/web``.
        max_job_runs: The most runs one what-if may play, over all the
            configurations it compares.
        max_jobs: The most what-ifs running at once.
        max_games: The most games saved on the server.
        max_upload_bytes: The largest scenario file that may be uploaded.
        max_uploads: The most uploaded scenarios kept.
        typical_runs: The runs of the ensemble a typical run is picked from.
        game_runs: The runs of the model playing the same side, to compare
            a finished game with.
        workers: Processes per what-if (default: every core).
    """

    data: Path = Path("results")
    max_job_runs: int = 20_000
    max_jobs: int = 2
    max_games: int = 500
    max_upload_bytes: int = 256 * 1024
    max_uploads: int = 50
    typical_runs: int = 200
    game_runs: int = 200
    workers: int | None = None

    @property
    def web(self) -> Path:
        """The page's own folder: jobs, games and uploaded scenarios."""
        return self.data / "web"
