"""A bounded load from localhost: the server stays responsive while a what-if plays.

Three hundred requests (month panels, the home page, the job's progress),
four at a time, are sent once the job's worker has counted its first runs,
so that they meet a busy server; every one must be answered, and quickly. The figures of the
same load, measured by ``benchmarks/bench_web.py``, are in docs/performance.md.
"""

from __future__ import annotations

import re
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import Server, start_server, stop_server

REQUESTS = 300


@pytest.fixture(scope="module")
def busy_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server whose what-ifs play on one core, leaving the other to the rest of the tests."""
    running = start_server(
        tmp_path_factory.mktemp("load"), "--max-job-runs", "5000", "--workers", "1"
    )
    yield running
    stop_server(running)


def _get(url: str) -> tuple[int, float]:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as answer:
        answer.read()
        return answer.status, time.perf_counter() - start


def _runs_done(progress: str) -> int | None:
    """The runs the job has counted, from its progress panel; None once it is done."""
    with urllib.request.urlopen(progress, timeout=30) as answer:
        found = re.search(r'id="job-progress" max="\d+" value="(\d+)"', answer.read().decode())
    return int(found.group(1)) if found else None


def test_the_server_stays_responsive_while_a_job_runs(busy_server: Server) -> None:
    url = busy_server.url
    form = urllib.parse.urlencode({"scenario": "ussr-1924-v1", "lever": "army", "runs": "150"})
    with urllib.request.urlopen(url + "/whatif", data=form.encode(), timeout=60) as answer:
        job = answer.url  # the job's page, after the redirect
    replay = url + "/replay/month?scenario=ussr-1924-v1&seed=11&month="
    urls = [(replay + str(n % 84), url + "/", job + "/progress")[n % 3] for n in range(REQUESTS)]
    deadline = time.monotonic() + 120
    while _runs_done(job + "/progress") == 0 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _runs_done(job + "/progress"), "the job is playing when the load begins"
    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(_get, urls))
    assert all(status == 200 for status, _ in answers)
    times = sorted(seconds for _, seconds in answers)
    assert times[int(0.95 * len(times))] < 2.0, (
        f"95th percentile {times[int(0.95 * len(times))]:.2f} s"
    )
