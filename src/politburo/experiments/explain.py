"""Attribution: each lever's exact Shapley share of each outcome's probability.

Every combination of the levers (2^k of them) is a configuration played on
the same seeds (:mod:`politburo.experiments.outcomes`); the value of a set
of levers is an outcome's probability with those levers pulled. Intervals
come from a bootstrap over the seeds, resampled jointly across the
configurations so that the common random numbers stay paired.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import numpy as np
from numpy.typing import NDArray

from politburo.analysis.shapley import all_coalitions, interaction_indices, shapley_values
from politburo.experiments.backends import open_pool
from politburo.experiments.configuration import Configuration
from politburo.experiments.outcomes import Outcomes, Plan, outcomes_of, play_all
from politburo.experiments.runner import Progress
from politburo.experiments.whatif import BOOTSTRAP
from politburo.scenario.levers import find_lever

__all__ = ["DEFAULT_LEVERS", "Attribution", "attribute", "explain", "weight_matrix"]

FloatArray = NDArray[np.float64]

#: The levers attributed when none are named: the essay's five causes.
DEFAULT_LEVERS = ("patronage", "timing", "allies", "army", "doctrine")


@dataclass(frozen=True, slots=True)
class Attribution:
    """Shapley shares of each lever in each outcome's probability, with intervals.

    Attributes:
        levers: The levers attributed.
        runs: Runs per combination of levers.
        seed: The root seed of every combination.
        outcomes: The outcomes (each contender's id, and ``none``).
        values: For each outcome and lever: the Shapley value and its 95% interval.
        interactions: For each outcome, each pair of levers' interaction index.
        none_pulled: Each outcome's probability with every cause in place.
        all_pulled: Each outcome's probability with every lever pulled.
        param_sets: How many parameter sets the figures pool.
    """

    levers: tuple[str, ...]
    runs: int
    seed: int
    outcomes: tuple[str, ...]
    values: dict[str, dict[str, tuple[float, float, float]]]
    interactions: dict[str, dict[tuple[str, str], float]]
    none_pulled: dict[str, float]
    all_pulled: dict[str, float]
    param_sets: int = 1

    def to_dict(self) -> dict[str, Any]:
        """The attribution as JSON-ready values, outcome by outcome."""
        return {
            "levers": list(self.levers),
            "runs": self.runs,
            "seed": self.seed,
            "param_sets": self.param_sets,
            "outcomes": {
                o: {
                    "none_pulled": self.none_pulled[o],
                    "all_pulled": self.all_pulled[o],
                    "shapley": {
                        k: {"value": v[0], "low": v[1], "high": v[2]}
                        for k, v in self.values[o].items()
                    },
                    "interactions": {f"{a}+{b}": x for (a, b), x in self.interactions[o].items()},
                }
                for o in self.outcomes
            },
        }

    def rows(self) -> list[dict[str, Any]]:
        """One flat row per outcome and lever: the Shapley value, its interval, both ends."""
        return [
            {
                "outcome": outcome,
                "lever": lever,
                "shapley": value,
                "low": low,
                "high": high,
                "with_every_cause": self.none_pulled[outcome],
                "with_all_levers": self.all_pulled[outcome],
            }
            for outcome in self.outcomes
            for lever, (value, low, high) in self.values[outcome].items()
        ]


def weight_matrix(players: Sequence[str]) -> tuple[list[frozenset[str]], FloatArray]:
    """Shapley values as a linear map: phi = W @ v over ``all_coalitions(players)``."""
    coalitions = all_coalitions(players)
    weights = np.zeros((len(players), len(coalitions)))
    for column, coalition in enumerate(coalitions):
        unit = shapley_values(players, {c: float(c == coalition) for c in coalitions})
        weights[:, column] = [unit[p] for p in players]
    return coalitions, weights


def attribute(
    results: dict[frozenset[str], Outcomes] | Sequence[dict[frozenset[str], Outcomes]],
    levers: Sequence[str],
    outcomes: Sequence[str],
    seed: int,
) -> Attribution:
    """Each lever's exact Shapley value for each outcome, with bootstrap intervals.

    The value of a set of levers is the outcome's probability with those
    levers pulled. Seeds are resampled jointly across all configurations, so
    that the common random numbers stay paired in every resample. Given the
    results under several parameter sets (equally good fits), the values are
    their mean and each resample also draws a parameter set, so that the
    intervals show the parameters' uncertainty besides chance's.
    """
    sets = [results] if isinstance(results, dict) else list(results)
    coalitions, weights = weight_matrix(levers)
    runs = len(next(iter(sets[0].values())).winners)
    rng = np.random.default_rng(seed)
    # Each resample: how many times each seed is drawn, and which parameter set.
    counts = rng.multinomial(runs, np.full(runs, 1.0 / runs), size=BOOTSTRAP).astype(np.float64)
    chosen_set = rng.integers(0, len(sets), size=BOOTSTRAP)
    values: dict[str, dict[str, tuple[float, float, float]]] = {}
    interactions: dict[str, dict[tuple[str, str], float]] = {}
    none_pulled, all_pulled = {}, {}
    for outcome in outcomes:
        per_set = np.stack(
            [
                np.stack([r[c].indicator(outcome) for c in coalitions]).astype(np.float64)
                for r in sets
            ]
        )  # sets x coalitions x runs
        v = per_set.mean(axis=(0, 2))
        phi = weights @ v
        boot_v = np.empty((len(coalitions), BOOTSTRAP))
        for s in range(len(sets)):
            mine = chosen_set == s
            boot_v[:, mine] = per_set[s] @ counts[mine].T / runs
        boot = weights @ boot_v  # levers x resamples
        low, high = np.percentile(boot, [2.5, 97.5], axis=1)
        values[outcome] = {
            lever: (float(phi[i]), float(low[i]), float(high[i])) for i, lever in enumerate(levers)
        }
        table = dict(zip(coalitions, v.tolist(), strict=True))
        interactions[outcome] = interaction_indices(levers, table)
        none_pulled[outcome] = table[frozenset()]
        all_pulled[outcome] = table[frozenset(levers)]
    return Attribution(
        tuple(levers),
        runs,
        seed,
        tuple(outcomes),
        values,
        interactions,
        none_pulled,
        all_pulled,
        len(sets),
    )


def explain(
    bases: Configuration | Sequence[Configuration],
    levers: Sequence[str],
    plan: Plan,
    on_progress: Progress | None = None,
) -> Attribution:
    """Exact Shapley attribution of every outcome to ``levers``, over all 2^k combinations.

    Each base is a scenario under one parameter set; given several (the best
    fits of a calibration), every combination is played under each, and the
    attribution pools them. All are played on one pool of workers; progress
    counts every combination's runs toward one total.

    Raises:
        InputError: A lever is not one of the scenario's (before any run is played).
    """
    sets = [bases] if isinstance(bases, Configuration) else list(bases)
    for name in levers:
        find_lever(sets[0].scenario, name)
    combos = [c for size in range(len(levers) + 1) for c in combinations(levers, size)]
    configurations = [base.with_levers(combo) for base in sets for combo in combos]
    with open_pool(plan.where()) as pool:
        played = play_all(configurations, plan, pool, on_progress)
    pooled = [
        {frozenset(combo): played[number * len(combos) + i] for i, combo in enumerate(combos)}
        for number in range(len(sets))
    ]
    return attribute(pooled, levers, outcomes_of(sets[0].scenario), plan.seed)
