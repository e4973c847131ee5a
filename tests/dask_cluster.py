"""A real Dask cluster for tests: a scheduler and workers, each its own process on 127.0.0.1.

Started with the ``dask scheduler`` and ``dask worker`` commands a user would
type (workers without a nanny, so that killing one kills it for good), and
stopped, process by process, at the end.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

#: How long the cluster may take to come up on a loaded machine.
STARTUP = 120.0


@dataclass
class Cluster:
    """A running cluster: the scheduler's address and each process, to stop or kill."""

    address: str
    scheduler: subprocess.Popen[bytes]
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def kill_worker(self, number: int = 0) -> None:
        """Kill one worker with SIGKILL, as a crash would."""
        os.kill(self.workers[number].pid, signal.SIGKILL)
        self.workers[number].wait()

    def kill_scheduler(self) -> None:
        """Kill the scheduler with SIGKILL, as a crash of its machine would."""
        os.kill(self.scheduler.pid, signal.SIGKILL)
        self.scheduler.wait()


def _dask(*args: str, log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as sink:
        return subprocess.Popen(
            [sys.executable, "-m", "dask", *args], stdout=sink, stderr=subprocess.STDOUT
        )


@contextmanager
def dask_cluster(folder: Path, workers: int = 2) -> Iterator[Cluster]:
    """Start a scheduler and ``workers`` single-threaded workers on 127.0.0.1; stop them after."""
    from distributed import Client

    info = folder / "scheduler.json"
    scheduler = _dask(
        "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
        "--scheduler-file", str(info), log=folder / "scheduler.log",
    )  # fmt: skip
    cluster = Cluster("", scheduler)
    try:
        deadline = time.monotonic() + STARTUP
        while not info.is_file() or not info.read_text().strip():
            if time.monotonic() > deadline or scheduler.poll() is not None:
                raise RuntimeError((folder / "scheduler.log").read_text())
            time.sleep(0.2)
        cluster.address = json.loads(info.read_text())["address"]
        for number in range(workers):
            options = ["--nthreads", "1", "--no-nanny", "--no-dashboard", "--host", "127.0.0.1"]
            options += ["--name", f"w{number}", "--local-directory", str(folder / f"w{number}")]
            log = folder / f"worker{number}.log"
            cluster.workers.append(_dask("worker", cluster.address, *options, log=log))
        with Client(cluster.address, set_as_default=False) as client:
            client.wait_for_workers(workers, timeout=STARTUP)
        yield cluster
    finally:
        for process in [*cluster.workers, scheduler]:
            if process.poll() is None:
                process.terminate()
        for process in [*cluster.workers, scheduler]:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
