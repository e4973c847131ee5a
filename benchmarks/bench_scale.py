"""Scale: runs per second on each back end, and how one run's time grows with the scenario's size.

Run with ``.venv/bin/python benchmarks/bench_scale.py [--runs N] [--size-runs M] [--skip-backends]``
(needs ``politburo[distributed]``). It prints, in one run:

1. **Back ends.** ``--runs`` runs of ussr-1924 (default 10,000) on one local
   process, two local processes and a 2-worker Dask LocalCluster, in
   ``--rounds`` interleaved rounds (each round plays its share on every back
   end, into fresh folders, from the same root seed), so that a change in
   the machine's load falls on all three alike. Every back end is opened and
   warmed first (workers spawned, kernels loaded); that start-up is timed
   apart. Dask's cost is its playing time over that of two local processes.
2. **Size.** One run's time on ussr-1924 grown along one dimension at a
   time (:func:`politburo.scenario.growth.grown_scenario`): provinces x4
   and x16 (membership with them), members of each province x4 and x16,
   non-contending actors x4 and x16, and contenders from 7 to 16 (the
   format's most). The worlds are timed in turn, ``--size-runs`` seeded
   runs each (the same seeds for every world), for ``--size-rounds``
   rounds. It prints each world's fastest time, and its ratio to the
   bundled scenario's: the median over the rounds of the ratio within a
   round, so that a change of load between rounds cancels out. From the
   ratios: the growth exponents (the slope of log time on log factor), the
   cost per contender, and up to how many contenders a run stays under
   twice the 7-contender time.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from politburo.experiments.backends import Backend, Pool, open_pool
from politburo.experiments.configuration import Configuration
from politburo.experiments.runner import run_ensemble
from politburo.model.engine import run_world
from politburo.model.world import World, build_world
from politburo.scenario.growth import grown_scenario
from politburo.scenario.limits import MAX_CONTENDERS
from politburo.scenario.loading import load_params, load_scenario

SCENARIO = "ussr-1924"
BACKENDS = {
    "local, 1 process": Backend(workers=1),
    "local, 2 processes": Backend(workers=2),
    "Dask LocalCluster, 2 workers": Backend.local_cluster(2),
}
FACTORS = (1, 4, 16)
#: From the bundled 7 to the format's most (MAX_CONTENDERS).
CONTENDERS = range(7, MAX_CONTENDERS + 1)


# --------------------------------------------------------------------------- back ends


def play(pool: Pool, runs: int, seed: int) -> float:
    """Seconds to play ``runs`` fresh runs from root ``seed`` on ``pool``."""
    configuration = Configuration.of(SCENARIO)
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        run_ensemble(
            configuration,
            runs=runs,
            out_dir=Path(folder),
            root_seed=seed,
            workers=pool.workers,
            pool=pool.executor,
        )
        return time.perf_counter() - start


def bench_backends(runs: int, rounds: int) -> None:
    """Runs per second on each back end, interleaved over ``rounds``; Dask's cost as a ratio."""
    share = [runs // rounds + (1 if r < runs % rounds else 0) for r in range(rounds)]
    started: dict[str, float] = {}
    played = dict.fromkeys(BACKENDS, 0.0)
    with (
        open_pool(BACKENDS["local, 1 process"]) as one,
        open_pool(BACKENDS["local, 2 processes"]) as two,
    ):
        start = time.perf_counter()
        with open_pool(BACKENDS["Dask LocalCluster, 2 workers"]) as dask:
            started["Dask LocalCluster, 2 workers"] = time.perf_counter() - start
            pools = dict(zip(BACKENDS, (one, two, dask), strict=True))
            for name, pool in pools.items():  # spawn the workers, load the kernels
                started[name] = started.get(name, 0.0) + play(pool, 4 * pool.workers, 10_000)
            for number, count in enumerate(share):
                for name, pool in pools.items():
                    played[name] += play(pool, count, number)
    print(f"back ends: {runs} runs of {SCENARIO} each, in {rounds} interleaved rounds")
    local = played["local, 2 processes"]
    for name, seconds in played.items():
        print(
            f"  {name:<30} start {started[name]:5.1f} s, play {seconds:7.1f} s, "
            f"{runs / seconds:6.1f} runs/s (ratio {seconds / local:.2f} to local 2 processes)"
        )
    dask = played["Dask LocalCluster, 2 workers"]
    one = played["local, 1 process"]
    print(
        f"  Dask's cost, playing time LocalCluster / 2 local processes: {dask / local:.3f} "
        f"(target <= 1.10); 2 processes / 1: {one / local:.2f}x the runs per second"
    )


# --------------------------------------------------------------------------- size


def per_run(world: World, runs: int, offset: int) -> float:
    """Seconds per run over ``runs`` seeded runs from seed ``offset``."""
    start = time.perf_counter()
    for seed in range(offset, offset + runs):
        run_world(world, seed)
    return (time.perf_counter() - start) / runs


def slope(xs: Sequence[float], ys: Sequence[float]) -> float:
    """The least-squares slope of ``ys`` on ``xs``."""
    return float(np.polyfit(np.asarray(xs, float), np.asarray(ys, float), 1)[0])


def bench_size(runs: int, rounds: int) -> None:
    """One run's time on ussr-1924 grown one dimension at a time, interleaved over ``rounds``."""
    params = load_params()
    base = load_scenario(SCENARIO)
    grown = {"bundled": base}
    for factor in FACTORS[1:]:
        grown[f"provinces x{factor}"] = grown_scenario(base, provinces=factor)
        grown[f"members x{factor}"] = grown_scenario(base, members=factor)
        grown[f"non-contenders x{factor}"] = grown_scenario(base, others=factor)
    for count in CONTENDERS[1:]:
        grown[f"{count} contenders"] = grown_scenario(base, contenders=count)
    worlds = {name: build_world(scenario, params) for name, scenario in grown.items()}
    for world in worlds.values():
        run_world(world, 0)  # compile and warm
    seconds: dict[str, list[float]] = {name: [] for name in worlds}
    for number in range(rounds):
        for name, world in worlds.items():
            seconds[name].append(per_run(world, runs, 1 + number * runs))
    best = {name: min(found) for name, found in seconds.items()}
    # Each world against the bundled scenario in the same round, the median over the rounds:
    # a change of the machine's load between rounds falls on both sides of each ratio.
    ratio = {
        name: float(np.median([t / b for t, b in zip(found, seconds["bundled"], strict=True)]))
        for name, found in seconds.items()
    }
    print(
        f"size: {rounds} interleaved rounds of {runs} runs per world; ms per run is the "
        f"fastest round, the ratio the median over rounds of the ratio within a round "
        f"({base.id}: {len(base.provinces) + sum(g.count for g in base.province_groups)} "
        f"provinces, {base.members_at_start:,} members, "
        f"{sum(1 for a in base.actors if not a.contender and not a.leader)} non-contenders, "
        f"{sum(1 for a in base.actors if a.contender)} contenders)"
    )
    for name in worlds:
        print(f"  {name:<22} {1000 * best[name]:7.2f} ms per run  (ratio {ratio[name]:5.2f})")
    logs = [math.log(f) for f in FACTORS]
    for dimension in ("provinces", "members", "non-contenders"):
        ratios = [1.0] + [ratio[f"{dimension} x{f}"] for f in FACTORS[1:]]
        exponent = slope(logs, [math.log(r) for r in ratios])
        print(f"  growth exponent in {dimension:<15} {exponent:5.2f} (target: at most 1, linear)")
    ratios = [1.0] + [ratio[f"{n} contenders"] for n in CONTENDERS[1:]]
    per_contender = math.exp(slope(list(CONTENDERS), [math.log(r) for r in ratios]))
    added = slope(list(CONTENDERS), ratios) * best["bundled"]
    over = [n for n, r in zip(CONTENDERS, ratios, strict=True) if r >= 2]
    under = (over[0] if over else CONTENDERS[-1] + 1) - 1  # every count up to it stays under
    print(
        f"  cost per contender: x{per_contender:.3f} a run per contender added "
        f"(log-linear fit on {CONTENDERS[0]} to {CONTENDERS[-1]}), "
        f"{1000 * added:.2f} ms a run per contender (linear fit, at the fastest bundled time)"
    )
    print(
        f"  a run stays under 2x the 7-contender time up to {under} contenders "
        f"(14 contenders: {ratios[CONTENDERS.index(14)]:.2f}x, "
        f"{CONTENDERS[-1]}: {ratios[-1]:.2f}x)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10_000, help="runs per back end")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds of back ends")
    parser.add_argument("--size-runs", type=int, default=10, help="runs per world and round")
    parser.add_argument("--size-rounds", type=int, default=7, help="interleaved rounds of sizes")
    parser.add_argument("--skip-backends", action="store_true", help="time only the sizes")
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"{platform.python_implementation()} {platform.python_version()}; "
        f"load average {os.getloadavg()[0]:.1f} at the start"
    )
    if not args.skip_backends:
        bench_backends(args.runs, args.rounds)
    bench_size(args.size_runs, args.size_rounds)
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
