"""Ensembles run as a user runs them: two at once, killed, terminated; nothing lost or doubled.

Each test starts ``politburo ensemble`` as its own process group (the
command, its workers and the pool's resource tracker) and looks in
``/proc`` for what is left of the group afterwards. Each wait is bounded, so
a hang fails the test instead of stalling the suite. Finding 1 of issue 13:
two commands at once gave 700 rows for 400 runs; ``kill -9`` and SIGTERM of
the command left its workers running; SIGTERM exited 143 with no message.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from politburo.experiments.queries import query

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

POLITBURO = [sys.executable, "-m", "politburo"]
#: The longest any one step may take (worker start-up is slow on a busy machine).
PATIENCE = 120.0


def ensemble(folder: Path, runs: int, *extra: str) -> subprocess.Popen[str]:
    """``politburo ensemble ussr-1924`` on two workers, in a process group of its own."""
    command = [*POLITBURO, "ensemble", "ussr-1924", "--runs", str(runs), "--out", str(folder)]
    return subprocess.Popen(
        [*command, "--workers", "2", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def group(pgid: int) -> list[str]:
    """The live processes of a process group (zombies aside), by command line."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            found.append(command)
    return found


def no_process_left(pgid: int) -> list[str]:
    """Wait (bounded) for a process group to empty; what is left of it."""
    deadline = time.monotonic() + 15.0
    while (left := group(pgid)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


def first_chunk_listed(folder: Path, job: subprocess.Popen[str]) -> None:
    """Wait until the job has listed a chunk in the manifest (it is playing runs)."""
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline and job.poll() is None:
        try:
            if json.loads((folder / "manifest.json").read_text()).get("chunks"):
                return
        except (OSError, ValueError):
            pass
        time.sleep(0.05)
    pytest.fail("the ensemble listed no chunk in time")


def exactly_once(folder: Path, runs: int) -> None:
    [row] = query(folder, "SELECT count(*) AS n, count(DISTINCT run) AS d FROM runs").to_pylist()
    assert (row["n"], row["d"]) == (runs, runs)
    [events] = query(
        folder, "SELECT count(*) AS n, count(DISTINCT (run, seq)) AS d FROM events"
    ).to_pylist()
    assert events["n"] == events["d"]


def rerun(folder: Path, runs: int) -> str:
    """The same command again, to its end (it must succeed); what it printed."""
    again = subprocess.run(
        [*POLITBURO, "ensemble", "ussr-1924", "--runs", str(runs), "--out", str(folder)],
        capture_output=True,
        text=True,
        timeout=PATIENCE * 2,
    )
    assert again.returncode == 0, again.stderr
    return again.stdout


def test_two_ensembles_started_at_once_never_duplicate_a_run(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    jobs = [ensemble(folder, 40), ensemble(folder, 30)]
    results = [job.communicate(timeout=PATIENCE * 2) for job in jobs]
    codes = [job.returncode for job in jobs]
    assert 0 in codes and set(codes) <= {0, 2}, results
    for job, (_, err) in zip(jobs, results, strict=True):
        assert "Traceback" not in err
        if job.returncode == 2:  # refused, naming the job holding the folder
            assert err.count("\n") == 1 and "in use by another politburo job (pid" in err
    exactly_once(folder, 40 if codes[0] == 0 else 30)
    rerun(folder, 40)
    exactly_once(folder, 40)


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_or_terminated_ensemble_leaves_no_process_and_resumes_exactly_once(
    tmp_path: Path, how: signal.Signals
) -> None:
    folder = tmp_path / "out"
    job = ensemble(folder, 60)
    first_chunk_listed(folder, job)
    job.send_signal(how)
    _, err = job.communicate(timeout=PATIENCE)
    assert no_process_left(job.pid) == []
    if how == signal.SIGTERM:  # like Ctrl-C: the finished runs kept, a message, exit 143
        assert job.returncode == 143
        assert "terminated: " in err and "runs kept; run the same command again" in err
        assert "Traceback" not in err
    else:
        assert job.returncode == -signal.SIGKILL
    assert rerun(folder, 60).startswith(f"60 runs in {folder}")
    exactly_once(folder, 60)
    assert not list(folder.rglob("*.tmp"))
    assert os.path.getsize(folder / ".lock") == 0
