"""Hypothesis strategies shared by the property tests."""

from __future__ import annotations

from itertools import combinations

from hypothesis import strategies as st

from politburo.scenario.generator import random_scenario
from politburo.scenario.schema import Scenario


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
    """A small random scenario from :func:`politburo.scenario.generator.random_scenario`."""
    return random_scenario(
        draw(st.integers(0, 10_000)),
        contenders=draw(st.integers(2, 5)),
        others=draw(st.integers(0, 8)),
        provinces=draw(st.integers(1, 12)),
        months=draw(st.integers(4, 36)),
        electing_size=draw(st.integers(12, 40)),
    )


def coalition_tables(players: tuple[str, ...]) -> st.SearchStrategy[dict[frozenset[str], float]]:
    """A game over ``players`` as a table: a value in [-100, 100] for every coalition."""
    coalitions = [
        frozenset(combo)
        for size in range(len(players) + 1)
        for combo in combinations(players, size)
    ]
    values = st.floats(-100.0, 100.0, allow_nan=False, allow_infinity=False)
    return st.lists(values, min_size=len(coalitions), max_size=len(coalitions)).map(
        lambda drawn: dict(zip(coalitions, drawn, strict=True))
    )


@st.composite
def tabulated_games(
    draw: st.DrawFn, min_players: int = 1, max_players: int = 5
) -> tuple[tuple[str, ...], dict[frozenset[str], float]]:
    """A random game ``(players, table)``: players ``p0, p1, ...`` and any value per coalition."""
    players = tuple(f"p{i}" for i in range(draw(st.integers(min_players, max_players))))
    return players, draw(coalition_tables(players))


run_seeds = st.integers(0, 2**32 - 1)
"""Seeds of a run's generator."""
