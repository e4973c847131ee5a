"""Engine speed: runs per second and time per simulated month, for every bundled case.

Run with ``.venv/bin/python benchmarks/bench_engine.py [--runs N]``. Machines
are shared and noisy, so besides absolute times it prints ratios measured in
the same process: each bundled case's time per simulated month against the
reference case's (target: none above 1.5), and a scaled scenario against the
bundled one.
"""

from __future__ import annotations

import argparse
import platform
import time

from politburo.model.engine import run_world
from politburo.model.world import World, build_world
from politburo.scenario.growth import scaled_scenario
from politburo.scenario.loading import bundled_scenarios, load_params, load_scenario


def time_runs(world: World, runs: int) -> float:
    """Seconds per run, best of three batches of ``runs`` seeded runs."""
    best = float("inf")
    for batch in range(3):
        start = time.perf_counter()
        for seed in range(runs):
            run_world(world, batch * runs + seed)
        best = min(best, (time.perf_counter() - start) / runs)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=100)
    args = parser.parse_args()
    params = load_params()
    cases = [case for case, _ in bundled_scenarios()]  # the reference case first
    scenario = load_scenario(cases[0])
    world = build_world(scenario, params)
    run_world(world, 0)  # warm caches and imports
    per_run = time_runs(world, args.runs)
    months = world.months
    scaled = build_world(scaled_scenario(scenario, 4), params)
    per_scaled = time_runs(scaled, max(1, args.runs // 4))
    print(
        f"machine: {platform.machine()} {platform.python_implementation()} "
        f"{platform.python_version()}"
    )
    print(f"scenario {scenario.id}: {months} months, best of 3 x {args.runs} runs")
    print(
        f"  {1000 * per_run:.2f} ms per run, {1 / per_run:.0f} runs/s, "
        f"{1e6 * per_run / months:.0f} us per simulated month"
    )
    print(
        f"  x4 scaled bodies and provinces: {1000 * per_scaled:.2f} ms per run "
        f"(ratio {per_scaled / per_run:.2f} to the bundled scenario, same process)"
    )
    print("each bundled case, time per simulated month (ratio to the reference case):")
    reference = per_run / months
    ratios = {cases[0]: 1.0}
    print(f"  {cases[0]}: {1e6 * reference:.0f} us per month (the reference)")
    for case in cases[1:]:
        other = build_world(load_scenario(case), params)
        run_world(other, 0)
        per_month = time_runs(other, args.runs) / other.months
        ratios[case] = per_month / reference
        print(f"  {case}: {1e6 * per_month:.0f} us per month, ratio {ratios[case]:.2f}")
    print(
        f"summary: {1000 * per_run:.1f} ms/run, {1 / per_run:.0f} runs/s, "
        f"x4 scale ratio {per_scaled / per_run:.2f}, "
        f"largest case ratio per month {max(ratios.values()):.2f} (target <= 1.5)"
    )


if __name__ == "__main__":
    main()
