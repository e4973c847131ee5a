"""Contract checks shipped with the library, run over every bundled scenario.

``check_scenario`` says whether a scenario is well-formed and playable;
``check_determinism`` whether the same scenario, seed and overrides give
the same run byte for byte: twice in one process, after a pickle round-trip,
and in a fresh process.
"""

from __future__ import annotations

import multiprocessing
import pickle
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor

import numpy as np

from politburo.analysis.implausible import Implausibility, implausibilities
from politburo.experiments.configuration import Configuration, renamed_overrides
from politburo.model.engine import run_world
from politburo.model.result import SERIES_NAMES
from politburo.model.world import build_world
from politburo.scenario.errors import InputError, Problem
from politburo.scenario.loading import load_params
from politburo.scenario.params import Params
from politburo.scenario.schema import Scenario, cross_check


class DeterminismError(AssertionError):
    """Two runs that should be identical differ."""


def check_scenario(
    scenario: Scenario, params: Params | None = None, *, seed: int = 0
) -> list[Implausibility]:
    """Raise ``InputError`` unless ``scenario`` is consistent and plays to its end.

    Beyond the format's own checks it plays one run and checks its outputs:
    a series row for every month and contender, events in calendar order,
    and a winner who is a contender. Returns the warnings the played run
    raises (``analysis.implausible``): signs of numbers a historian would
    not believe, which do not fail the check.
    """
    problems = [
        Problem(scenario.id, None, ".".join(str(p) for p in path), message)
        for path, message in cross_check(scenario)
    ]
    if problems:
        raise InputError(problems)
    world = build_world(scenario, params or load_params())
    result = run_world(world, seed)
    contenders = [a.id for a in scenario.actors if a.contender]
    failures: list[str] = []
    for name in SERIES_NAMES:
        shape = result.series[name].shape
        if shape != (scenario.calendar.months, len(contenders)):
            failures.append(f"series {name} has shape {shape}")
        if not np.isfinite(result.series[name]).all():
            failures.append(f"series {name} has values that are not finite")
    steps = [e.step for e in result.events]
    if steps != sorted(steps):
        failures.append("events are out of calendar order")
    if result.winner is not None and result.winner not in contenders:
        failures.append(f"winner {result.winner!r} is not a contender")
    if failures:
        raise InputError([Problem(scenario.id, None, "", f) for f in failures])
    return implausibilities(result, scenario, world.sittings)


def _run_json(configuration: Configuration, seed: int) -> str:
    return configuration.play(seed).to_json()


def check_determinism(
    scenario: Scenario,
    seed: int = 0,
    overrides: Sequence[str] = (),
    *,
    interventions: Sequence[str] | None = None,
) -> None:
    """Raise ``DeterminismError`` unless every way of replaying the run gives the same bytes.

    ``overrides`` change traits or parameters (``--set`` on the command
    line); ``interventions``, their old name here, still works but is
    deprecated.
    """
    chosen = renamed_overrides(overrides, interventions, "check_determinism")
    configuration = Configuration(scenario, load_params(), overrides=chosen)
    first = _run_json(configuration, seed)
    replays = {
        "a second run in the same process": _run_json(configuration, seed),
        "a run after a pickle round-trip": _run_json(
            pickle.loads(pickle.dumps(configuration)), seed
        ),
    }
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        replays["a run in a fresh process"] = pool.submit(_run_json, configuration, seed).result()
    for how, text in replays.items():
        if text != first:
            where = next(
                (i for i, (a, b) in enumerate(zip(first, text, strict=False)) if a != b),
                min(len(first), len(text)),
            )
            raise DeterminismError(
                f"{scenario.id} seed {seed}: {how} differs from the first from byte {where}: "
                f"...{first[max(0, where - 60) : where + 60]}..."
            )
