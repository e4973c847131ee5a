"""The scenarios a server offers: the bundled ones, and those uploaded to it.

A request names a scenario by id, never by path: a bundled id
(``ussr-1924-v1``, or its unversioned name) or the id the server gave an
upload (``upload-`` and sixteen hex digits of the scenario's content hash).
An upload is size-limited, checked by the same loader as the command line
(so it gets the same errors, naming the uploaded file's name, the line and
the field) and played once before it is kept.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import replace
from functools import cached_property
from pathlib import Path

from politburo.analysis.record import bundled_records
from politburo.experiments.configuration import Configuration
from politburo.interface.web.pages import Refusal
from politburo.interface.web.settings import WebSettings
from politburo.scenario.errors import InputError
from politburo.scenario.loading import bundled_scenarios, load_scenario, scenario_hash
from politburo.scenario.schema import Scenario

__all__ = ["Catalogue"]

_UPLOAD = re.compile(r"^upload-([0-9a-f]{16})$")
_SAFE_NAME = re.compile(r"[^A-Za-z0-9_.-]+")


class Catalogue:
    """The bundled and uploaded scenarios of one server."""

    def __init__(self, settings: WebSettings) -> None:
        self.settings = settings
        self.uploads = settings.web / "uploads"
        self._loaded: dict[str, Scenario] = {}

    @cached_property
    def bundled(self) -> dict[str, str]:
        """The bundled scenarios' versioned ids and titles."""
        return dict(bundled_scenarios())

    def offered(self) -> list[tuple[str, str]]:
        """Every scenario a request may name, with its title: bundled first, then uploads."""
        uploaded = []
        for path in sorted(self.uploads.glob("*.yaml")) if self.uploads.is_dir() else []:
            scenario = self.scenario(f"upload-{path.stem}")
            uploaded.append((f"upload-{path.stem}", f"{scenario.title} (uploaded)"))
        return [*self.bundled.items(), *uploaded]

    def _known(self, ident: str) -> bool:
        unversioned = {re.sub(r"-v\d+$", "", i) for i in self.bundled}
        return ident in self.bundled or ident in unversioned

    def scenario(self, ident: str) -> Scenario:
        """The scenario named ``ident``, read once: bundled and uploaded scenarios never change.

        Raises:
            Refusal: ``ident`` names no scenario of this server (a path is never read).
        """
        if ident not in self._loaded:
            self._loaded[ident] = self._load(ident)
        return self._loaded[ident]

    def _load(self, ident: str) -> Scenario:
        match = _UPLOAD.match(ident)
        if match and (self.uploads / f"{match[1]}.yaml").is_file():
            return load_scenario(self.uploads / f"{match[1]}.yaml")
        if not match and self._known(ident):
            return load_scenario(ident)
        raise Refusal(
            400,
            f"scenario: {ident[:80]!r} is not a scenario of this server",
            [
                "name a bundled scenario ("
                + ", ".join(self.bundled)
                + ") or one uploaded here; file paths are never read"
            ],
        )

    def store(self, ident: str) -> Path:
        """The store of ``ident``'s ensembles: the shared one, or an upload's own."""
        match = _UPLOAD.match(ident)
        return self.settings.web / "stores" / match[1] if match else self.settings.data

    def upload(self, filename: str, content: bytes) -> str:
        """Check an uploaded scenario file, keep it, and return its id.

        Raises:
            Refusal: The file is too large, or the server keeps as many uploads as it may.
            InputError: The scenario has problems (as the command line would print them).
        """
        limit = self.settings.max_upload_bytes
        if len(content) > limit:
            raise Refusal(
                413, f"the file is {len(content):,} bytes; this server takes up to {limit:,}"
            )
        name = _SAFE_NAME.sub("_", Path(filename or "scenario.yaml").name)[:80] or "scenario.yaml"
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / name
            path.write_bytes(content)
            try:
                scenario = load_scenario(path)
                Configuration.of(scenario).play(0)  # as `politburo check` does
            except InputError as error:
                raise InputError(
                    replace(p, file=name if p.file == str(path) else p.file) for p in error.problems
                ) from None
        if scenario.record is not None and scenario.record not in bundled_records():
            raise Refusal(
                400,
                "record: an uploaded scenario may name a bundled record "
                f"({', '.join(bundled_records())}) or none; the server reads no other file",
            )
        digest = scenario_hash(scenario)[:16]
        kept = self.uploads / f"{digest}.yaml"
        if not kept.is_file():
            self.uploads.mkdir(parents=True, exist_ok=True)
            if len(list(self.uploads.glob("*.yaml"))) >= self.settings.max_uploads:
                raise Refusal(
                    429, f"this server keeps {self.settings.max_uploads} uploaded scenarios at most"
                )
            kept.write_bytes(content)
        return f"upload-{digest}"
