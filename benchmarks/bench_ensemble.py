"""Ensemble speed: runs per second on one worker and on two, and their ratio, in one run.

Run with ``.venv/bin/python benchmarks/bench_ensemble.py [--runs N]``. Both
ensembles play the same seeds of ussr-1924 into fresh temporary folders.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from politburo.experiments.configuration import Configuration
from politburo.experiments.runner import run_ensemble


def rate(runs: int, workers: int) -> float:
    """Runs per second of a fresh ensemble of ``runs`` runs on ``workers`` processes."""
    configuration = Configuration.of("ussr-1924")
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        run_ensemble(configuration, runs=runs, out_dir=Path(folder), workers=workers)
        return runs / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=400)
    args = parser.parse_args()
    one = rate(args.runs, 1)
    two = rate(args.runs, 2)
    print(f"cores: {os.cpu_count()}; {args.runs} runs of ussr-1924 per ensemble")
    print(f"  1 worker : {one:.1f} runs/s ({1000 / one:.1f} ms per run)")
    print(f"  2 workers: {two:.1f} runs/s ({1000 / two:.1f} ms per run)")
    print(f"  ratio 2/1: {two / one:.2f}")
    print(f"  10,000 runs would take about {10_000 / two:.0f} s on 2 workers")
    print(f"summary: {one:.1f} runs/s on 1 worker, {two:.1f} on 2, ratio {two / one:.2f}")


if __name__ == "__main__":
    main()
