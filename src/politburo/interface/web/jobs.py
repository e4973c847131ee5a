"""What-ifs played in the background, with their progress, kept on disk across restarts.

A job is a what-if (:func:`politburo.experiments.whatif.whatif`, the code
the command line runs) and, when levers are pulled, the Shapley attribution
of the change among them (:func:`politburo.experiments.explain.explain`).
Their ensembles go to the server's store like ``politburo ensemble``'s, so
a job interrupted by a restart resumes from its shards, and a job asked
twice is one job: its id is a hash of what it plays. A job's request is
written under ``web/jobs/<id>.json`` when it starts and its result beside
it when it ends; a page that asks for an unfinished job not running starts
it again where it stopped.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from politburo.experiments.configuration import Configuration
from politburo.interface.web.catalogue import Catalogue
from politburo.interface.web.pages import Refusal
from politburo.interface.web.requests import WhatIfRequest
from politburo.interface.web.settings import WebSettings
from politburo.scenario.errors import InputError
from politburo.scenario.loading import load_params

__all__ = ["Jobs", "Status", "configurations_of"]

_LOG = logging.getLogger(__name__)


class _Stopping(Exception):
    """Raised in a job's progress report when the server is stopping."""


@dataclass(frozen=True, slots=True)
class Status:
    """Where a job stands.

    Attributes:
        state: ``running``, ``done``, ``failed`` or ``waiting`` (interrupted, to resume).
        done: Runs played so far.
        total: Runs the job plays in all.
        message: Why it failed, if it did.
    """

    state: str
    done: int
    total: int
    message: str = ""


def configurations_of(asked: WhatIfRequest) -> int:
    """How many configurations a what-if plays: its two sides, and each lever combination."""
    return 2 + (2 ** len(asked.levers) if asked.levers else 0)


class Jobs:
    """The server's what-ifs: started, counted, stopped, and found again after a restart."""

    def __init__(self, settings: WebSettings, catalogue: Catalogue) -> None:
        self.settings = settings
        self.catalogue = catalogue
        self.folder = settings.web / "jobs"
        self._lock = threading.Lock()
        self._running: dict[str, tuple[int, int]] = {}
        self._borrowed = 0
        self._threads: list[threading.Thread] = []
        self._stopping = threading.Event()

    def submit(self, asked: WhatIfRequest) -> str:
        """Start the what-if ``asked`` (or find it, if it was asked before); return its id.

        Raises:
            Refusal: It would play more runs than a job may, or as many jobs
                are running as may.
            InputError: A lever or override is bad (before anything is played).
        """
        total = asked.runs * configurations_of(asked)
        if total > self.settings.max_job_runs:
            raise Refusal(
                413,
                f"this what-if would play {total:,} runs ({asked.runs:,} for each of "
                f"{configurations_of(asked)} configurations); this server allows "
                f"{self.settings.max_job_runs:,} per job",
                ["ask for fewer runs, or pull fewer levers"],
            )
        self._configuration(asked).changed()  # bad levers or overrides fail here
        text = asked.model_dump_json()
        ident = hashlib.sha256(text.encode()).hexdigest()[:16]
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{ident}.json"
        if not path.is_file():
            path.write_text(text, encoding="utf-8")
        self.resume(ident)
        return ident

    def request(self, ident: str) -> WhatIfRequest:
        """The what-if job ``ident`` plays.

        Raises:
            Refusal: No such job.
        """
        path = self.folder / f"{ident}.json"
        if not (len(ident) == 16 and ident.isalnum() and path.is_file()):
            raise Refusal(404, f"no what-if {ident[:20]!r} on this server")
        return WhatIfRequest.model_validate_json(path.read_text(encoding="utf-8"))

    def result(self, ident: str) -> dict[str, Any] | None:
        """The job's result, once it is done."""
        path = self.folder / f"{ident}.result.json"
        if not path.is_file():
            return None
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return data

    def status(self, ident: str) -> Status:
        """Where job ``ident`` stands."""
        asked = self.request(ident)
        total = asked.runs * configurations_of(asked)
        result = self.result(ident)
        if result is not None:
            failed = result.get("error")
            return Status("failed" if failed else "done", total, total, failed or "")
        with self._lock:
            if ident in self._running:
                done, total = self._running[ident]
                return Status("running", done, total)
        return Status("waiting", 0, total)

    def resume(self, ident: str) -> None:
        """Start job ``ident`` if it is neither done nor running.

        Raises:
            Refusal: As many jobs are running as may.
        """
        asked = self.request(ident)
        if self.result(ident) is not None:
            return
        with self._lock:
            if ident in self._running:
                return
            self._refuse_when_full()
            self._running[ident] = (0, asked.runs * configurations_of(asked))
        thread = threading.Thread(target=self._play, args=(ident, asked), daemon=True)
        self._threads.append(thread)
        thread.start()

    def _refuse_when_full(self) -> None:
        """Refuse more work while as many jobs run as may (call with the lock held)."""
        busy = len(self._running) + self._borrowed
        if busy >= self.settings.max_jobs:
            raise Refusal(
                429,
                f"{busy} ensembles are being played, the most this server allows at once",
                ["wait for one to finish, then reload this page"],
            )

    @contextmanager
    def slot(self) -> Iterator[None]:
        """A job's slot for an ensemble played inside a request (a typical run, a game's ending).

        Raises:
            Refusal: As many jobs are running as may.
        """
        with self._lock:
            self._refuse_when_full()
            self._borrowed += 1
        try:
            yield
        finally:
            with self._lock:
                self._borrowed -= 1

    def resume_all(self) -> None:
        """Start the unfinished jobs found on disk, as many as may run (a restarted server)."""
        if not self.folder.is_dir():
            return
        for path in sorted(self.folder.glob("*.json"), key=lambda p: p.stat().st_mtime):
            ident = path.name.removesuffix(".json")
            if "." in ident or self.result(ident) is not None:
                continue
            try:
                self.resume(ident)
            except Refusal:
                return

    def stop(self) -> None:
        """Stop every job at its next chunk; their shards stay, to resume after a restart."""
        self._stopping.set()
        for thread in self._threads:
            thread.join(timeout=30)

    def _configuration(self, asked: WhatIfRequest) -> Configuration:
        scenario = self.catalogue.scenario(asked.scenario)
        return Configuration(scenario, load_params(), asked.levers, asked.overrides)

    def _play(self, ident: str, asked: WhatIfRequest) -> None:
        """Play the job's ensembles and write its result (the job's thread)."""
        try:
            result = self._compute(ident, asked)
        except _Stopping:
            return
        except InputError as error:
            result = {"error": "; ".join(str(p) for p in error.problems)}
        except Exception:  # a job's failure is shown on its page, never raised
            _LOG.exception("what-if %s failed", ident)
            result = {"error": "the what-if failed on the server; the details are in its log"}
        finally:
            with self._lock:
                self._running.pop(ident, None)
        path = self.folder / f"{ident}.result.json"
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_text(json.dumps(result), encoding="utf-8")
        temporary.replace(path)

    def _compute(self, ident: str, asked: WhatIfRequest) -> dict[str, Any]:
        from politburo.experiments.explain import explain
        from politburo.experiments.outcomes import Plan
        from politburo.experiments.whatif import whatif

        configuration = self._configuration(asked)
        store = self.catalogue.store(asked.scenario)
        plan = Plan(asked.runs, asked.seed, store, self.settings.workers)
        total = asked.runs * configurations_of(asked)

        def progress(offset: int) -> Any:
            def report(done: int, _: int) -> None:
                if self._stopping.is_set():
                    raise _Stopping
                with self._lock:
                    self._running[ident] = (min(offset + done, total), total)

            return report

        compared = whatif(configuration, plan, progress(0))
        out: dict[str, Any] = {"whatif": compared.to_dict()}
        if asked.levers:
            attributed = explain(configuration, asked.levers, plan, progress(2 * asked.runs))
            out["explain"] = attributed.to_dict()
        return out
