"""Hypothesis strategies shared by the property tests."""

from __future__ import annotations

from hypothesis import strategies as st

from politburo.generator import random_scenario
from politburo.scenario import Scenario


@st.composite
def weighted_games(
    draw: st.DrawFn, max_players: int = 6, max_weight: int = 12
) -> tuple[tuple[int, ...], int]:
    """A small weighted voting game ``(weights, quota)`` that its grand coalition wins.

    Weights may be zero (dummies); the quota lies between 1 and the total weight.
    """
    weights = tuple(draw(st.lists(st.integers(0, max_weight), min_size=1, max_size=max_players)))
    total = sum(weights)
    if total == 0:
        weights = (*weights[:-1], 1)
        total = 1
    quota = draw(st.integers(1, total))
    return weights, quota


@st.composite
def generated_scenarios(draw: st.DrawFn) -> Scenario:
    """A small random scenario from :func:`politburo.generator.random_scenario`."""
    return random_scenario(
        draw(st.integers(0, 10_000)),
        contenders=draw(st.integers(2, 5)),
        others=draw(st.integers(0, 8)),
        provinces=draw(st.integers(1, 12)),
        months=draw(st.integers(4, 36)),
        electing_size=draw(st.integers(12, 40)),
    )


run_seeds = st.integers(0, 2**32 - 1)
"""Seeds of a run's generator."""
