"""The web server under a bounded load from localhost, idle and while a what-if plays.

Run with ``.venv/bin/python benchmarks/bench_web.py [--requests N] [--runs R] [--workers W]``.
It starts ``politburo serve`` on a free localhost port with a fresh data
folder, sends N requests (month panels of a replay, the home page, the job's
progress), four at a time, first while a what-if of R runs a side plays
(once its first runs are counted, so that its workers are busy), then with
the server idle; and prints each kind's median and 95th
percentile and the requests per second. Every request goes to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get(url: str) -> tuple[str, int, float]:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as answer:
        answer.read()
        return url, answer.status, time.perf_counter() - start


def runs_done(progress: str) -> int | None:
    """The runs a job has counted so far, from its progress panel; None once it is done."""
    with urllib.request.urlopen(progress, timeout=60) as answer:
        found = re.search(r'id="job-progress" max="\d+" value="(\d+)"', answer.read().decode())
    return int(found.group(1)) if found else None


def _kind(url: str) -> str:
    return (
        "month panel" if "month=" in url else "job progress" if "progress" in url else "home page"
    )


def load(urls: list[str]) -> None:
    start = time.perf_counter()
    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(get, urls))
    wall = time.perf_counter() - start
    print(
        f"  {len(answers)} requests in {wall:.1f} s ({len(answers) / wall:.0f}/s), "
        f"{sum(1 for _, s, _ in answers if s != 200)} not 200"
    )
    for kind in ("month panel", "job progress", "home page"):
        times = sorted(t for u, _, t in answers if _kind(u) == kind)
        if times:
            p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
            print(
                f"  {kind:<14} median {statistics.median(times) * 1000:6.0f} ms, "
                f"95th percentile {p95 * 1000:6.0f} ms, max {times[-1] * 1000:6.0f} ms"
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--workers", type=int, default=None, help="the server's --workers")
    args = parser.parse_args()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as data:
        workers = ["--workers", str(args.workers)] if args.workers else []
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "politburo",
                "serve",
                "--port",
                str(port),
                "--data",
                data,
                *workers,
            ],
            stderr=subprocess.DEVNULL,
        )
        try:
            for _ in range(300):
                try:
                    get(url + "/")
                    break
                except OSError:
                    time.sleep(0.3)
            replay = url + "/replay/month?scenario=ussr-1924-v1&seed=11&month="
            get(replay + "0")  # the run is played once, then recalled
            form = {"scenario": "ussr-1924-v1", "lever": "army", "runs": str(args.runs)}
            with urllib.request.urlopen(
                url + "/whatif", data=urllib.parse.urlencode(form).encode(), timeout=60
            ) as answer:
                job = answer.url
            kinds = [replay, url + "/", job + "/progress"]
            urls = [
                kinds[n % 3] + (str(n % 84) if n % 3 == 0 else "") for n in range(args.requests)
            ]
            while runs_done(job + "/progress") == 0:  # until its workers have counted runs
                time.sleep(0.2)
            before = runs_done(job + "/progress")
            print(
                f"while a what-if of {args.runs} runs a side (lever army: 4 configurations) plays:"
            )
            load(urls)
            after = runs_done(job + "/progress")
            print(f"  the job counted runs {before} to {after if after is not None else 'the end'}")
            while "job-done" not in urllib.request.urlopen(job + "/progress").read().decode():
                time.sleep(1)
            print("idle:")
            load(urls)
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
