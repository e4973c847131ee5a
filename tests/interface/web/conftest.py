"""The web page under test: an app in this process, or a server on a free localhost port."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from politburo.interface.web.app import create_app
from politburo.interface.web.settings import WebSettings

#: Where the browser tests leave their screenshots (git-ignored).
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


@pytest.fixture
def settings(tmp_path: Path) -> WebSettings:
    """Small caps, so that every bound is reached quickly."""
    return WebSettings(
        data=tmp_path / "data",
        max_job_runs=400,
        max_jobs=1,
        max_games=2,
        max_upload_bytes=64 * 1024,
        max_uploads=2,
        typical_runs=8,
        game_runs=4,
        workers=1,
    )


@pytest.fixture
def client(settings: WebSettings) -> Iterator[TestClient]:
    """The app in this process, its jobs started and stopped with it."""
    with TestClient(create_app(settings), follow_redirects=False) as test_client:
        yield test_client


def free_port() -> int:
    """A port no one listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True, slots=True)
class Server:
    """A ``politburo serve`` process and its address."""

    process: subprocess.Popen[str]
    url: str


def start_server(data: Path, *options: str) -> Server:
    """``politburo serve`` on a free localhost port, once it answers."""
    port = free_port()
    command = [sys.executable, "-m", "politburo", "serve", "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--data", str(data), *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ | {"PYTHONUNBUFFERED": "1"},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/", timeout=5) as answer:
                if answer.status == 200:
                    return Server(process, url)
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.3)
    process.kill()
    raise RuntimeError(f"the server did not start: {process.communicate()[1][-2000:]}")


def stop_server(server: Server) -> tuple[int, str]:
    """Ctrl-C the server; its exit code and what it printed on standard error."""
    server.process.send_signal(signal.SIGINT)
    _, err = server.process.communicate(timeout=120)  # running chunks finish first
    return server.process.returncode, err


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One server for a module's tests, stopped with Ctrl-C at the end."""
    running = start_server(
        tmp_path_factory.mktemp("served"), "--max-job-runs", "2000", "--workers", "1"
    )
    yield running
    code, err = stop_server(running)
    assert code == 0 and "stopped" in err, err
