"""What-ifs: each outcome's probability without and with a change, on the same seeds.

The two sides are a configuration and its baseline (the same scenario and
parameters with no lever and no override), each a stored ensemble of the same
seeded runs (:mod:`politburo.experiments.outcomes`). The outcomes are paired
run by run: McNemar's exact test for the change, Wilson intervals for the
shares, a paired bootstrap over the seeds for the change's interval.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import stats

from politburo.experiments.backends import open_pool
from politburo.experiments.configuration import Configuration
from politburo.experiments.outcomes import Outcomes, Plan, outcomes_of, play_all
from politburo.experiments.runner import Progress

__all__ = [
    "BOOTSTRAP",
    "EventChange",
    "OutcomeChange",
    "WhatIf",
    "compare",
    "mcnemar",
    "paired_difference",
    "whatif",
    "wilson",
]

#: Resamples of the seeds for bootstrap intervals.
BOOTSTRAP = 2000


@dataclass(frozen=True, slots=True)
class OutcomeChange:
    """One outcome's probability without and with the change, and the paired test."""

    outcome: str
    base: tuple[float, float, float]
    changed: tuple[float, float, float]
    difference: tuple[float, float, float]
    mcnemar_p: float
    discordant: tuple[int, int]


@dataclass(frozen=True, slots=True)
class EventChange:
    """A key event's share of runs and median month, without and with the change."""

    kind: str
    actor: str
    subject: str
    base_share: float
    changed_share: float
    base_median: float
    changed_median: float


@dataclass(frozen=True, slots=True)
class WhatIf:
    """A what-if: the levers pulled, the overrides set, and how outcomes and key events moved."""

    levers: tuple[str, ...]
    overrides: tuple[str, ...]
    runs: int
    seed: int
    outcomes: tuple[OutcomeChange, ...]
    events: tuple[EventChange, ...]

    def to_dict(self) -> dict[str, Any]:
        """The what-if as JSON-ready values, every field as it is named here."""
        return asdict(self)

    def rows(self) -> list[dict[str, Any]]:
        """One flat row per outcome: each side's share and the change, with their intervals."""
        return [
            {
                "outcome": row.outcome,
                "baseline": row.base[0],
                "baseline_low": row.base[1],
                "baseline_high": row.base[2],
                "whatif": row.changed[0],
                "whatif_low": row.changed[1],
                "whatif_high": row.changed[2],
                "change": row.difference[0],
                "change_low": row.difference[1],
                "change_high": row.difference[2],
                "mcnemar_p": row.mcnemar_p,
            }
            for row in self.outcomes
        ]


def wilson(successes: int, trials: int) -> tuple[float, float, float]:
    """A share with its Wilson 95% interval."""
    ci = stats.binomtest(successes, trials).proportion_ci(confidence_level=0.95, method="wilson")
    return (successes / trials, float(ci.low), float(ci.high))


def mcnemar(base: NDArray[np.bool_], changed: NDArray[np.bool_]) -> tuple[float, int, int]:
    """McNemar's exact test on paired binary outcomes: p-value and the discordant counts."""
    lost = int((base & ~changed).sum())
    gained = int((~base & changed).sum())
    if lost + gained == 0:
        return 1.0, lost, gained
    return float(stats.binomtest(min(lost, gained), lost + gained, 0.5).pvalue), lost, gained


def paired_difference(
    base: NDArray[np.bool_], changed: NDArray[np.bool_], rng: np.random.Generator
) -> tuple[float, float, float]:
    """The change in a share and its 95% paired-bootstrap interval (seeds resampled)."""
    delta = changed.astype(np.float64) - base.astype(np.float64)
    draws = rng.integers(0, delta.size, size=(BOOTSTRAP, delta.size))
    means = delta[draws].mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return float(delta.mean()), float(low), float(high)


def compare(
    base: Outcomes,
    changed: Outcomes,
    outcomes: Sequence[str],
    *,
    levers: Sequence[str],
    overrides: Sequence[str],
    seed: int,
) -> WhatIf:
    """The what-if's figures from the paired outcomes of the two configurations."""
    rng = np.random.default_rng(seed)
    runs = len(base.winners)
    rows = []
    for outcome in outcomes:
        b, c = base.indicator(outcome), changed.indicator(outcome)
        p, lost, gained = mcnemar(b, c)
        rows.append(
            OutcomeChange(
                outcome,
                wilson(int(b.sum()), runs),
                wilson(int(c.sum()), runs),
                paired_difference(b, c, rng),
                p,
                (lost, gained),
            )
        )
    events = []
    for (kind, actor, subject), months in base.event_months.items():
        before = np.array(months)
        after = np.array(changed.event_months[(kind, actor, subject)])
        events.append(
            EventChange(
                kind,
                actor,
                subject,
                float(np.mean(~np.isnan(before))),
                float(np.mean(~np.isnan(after))),
                float(np.nanmedian(before)) if np.any(~np.isnan(before)) else math.nan,
                float(np.nanmedian(after)) if np.any(~np.isnan(after)) else math.nan,
            )
        )
    return WhatIf(tuple(levers), tuple(overrides), runs, seed, tuple(rows), tuple(events))


def whatif(configuration: Configuration, plan: Plan, on_progress: Progress | None = None) -> WhatIf:
    """The outcomes without and with ``configuration``'s levers and overrides, on the same seeds.

    Both sides are played on one pool of workers; progress counts both
    toward one total.

    Raises:
        InputError: A lever or override is bad (before any run is played).
    """
    configuration.changed()
    with open_pool(plan.where()) as pool:
        base, changed = play_all([configuration.baseline(), configuration], plan, pool, on_progress)
    return compare(
        base,
        changed,
        outcomes_of(configuration.scenario),
        levers=configuration.levers,
        overrides=configuration.overrides,
        seed=plan.seed,
    )
