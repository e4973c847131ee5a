"""Back ends: runs per second on local processes (1 and 2) and on a 2-worker Dask LocalCluster.

Run with ``.venv/bin/python benchmarks/bench_backends.py [--runs N]`` (needs
``politburo[distributed]``). Each back end plays the same seeds of ussr-1924
into a fresh temporary folder; the figures are measured in one run, so that
the ratios compare like with like on a shared, noisy machine. Starting the
back end (spawning workers, starting the cluster) is timed apart from
playing the runs, and the end-to-end time includes both.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from politburo.experiments.backends import Backend, open_pool
from politburo.experiments.configuration import Configuration
from politburo.experiments.runner import run_ensemble


def timed(backend: Backend, runs: int) -> tuple[float, float]:
    """Seconds to open ``backend`` and seconds to play ``runs`` fresh runs on it."""
    configuration = Configuration.of("ussr-1924")
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        with open_pool(backend) as pool:
            opened = time.perf_counter()
            run_ensemble(
                configuration,
                runs=runs,
                out_dir=Path(folder),
                workers=pool.workers,
                pool=pool.executor,
            )
            played = time.perf_counter()
    return opened - start, played - opened


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=1000)
    args = parser.parse_args()
    backends = {
        "local, 1 process": Backend(workers=1),
        "local, 2 processes": Backend(workers=2),
        "Dask LocalCluster, 2 workers": Backend.local_cluster(2),
    }
    found = {name: timed(backend, args.runs) for name, backend in backends.items()}
    print(f"cores: {os.cpu_count()}; {args.runs} runs of ussr-1924 per back end")
    for name, (start, play) in found.items():
        print(
            f"  {name:<30} start {start:5.1f} s, play {play:6.1f} s "
            f"({args.runs / play:6.1f} runs/s), end to end {args.runs / (start + play):6.1f} runs/s"
        )
    _, local = found["local, 2 processes"]
    _, dask = found["Dask LocalCluster, 2 workers"]
    one_start, one = found["local, 1 process"]
    dask_start = found["Dask LocalCluster, 2 workers"][0]
    print(f"  Dask's cost, playing time LocalCluster / local 2 processes: {dask / local:.2f}")
    print(f"  local 2 processes / 1 process, runs per second: {one / local:.2f}")
    print(
        f"summary: {args.runs / one:.1f} runs/s on 1 process, {args.runs / local:.1f} on 2, "
        f"{args.runs / dask:.1f} on a 2-worker LocalCluster (ratio {dask / local:.2f}); "
        f"cluster start {dask_start:.1f} s, process start {one_start:.1f} s"
    )


if __name__ == "__main__":
    main()
