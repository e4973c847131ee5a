"""A priori voting power of blocs: the Shapley–Shubik index of a weighted game.

What a bloc of seats is worth depends on the quota and the other blocs, not
on its size alone (Shapley and Shubik 1954). The engine measures each
faction's threat this way, so the sizes of the blocs are small (one per
contender) and the exact index is cheap.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import combinations
from math import factorial

import numpy as np
from numpy.typing import NDArray


def shapley_shubik(weights: tuple[int, ...], quota: int) -> NDArray[np.float64]:
    """Exact Shapley–Shubik index of each player of the weighted game ``[quota; weights]``.

    A player's index is the share of the orderings of all players in which
    he is pivotal: his arrival lifts the coalition's weight to the quota.
    """
    return np.array(_shapley_shubik(tuple(int(w) for w in weights), int(quota)))


@lru_cache(maxsize=4096)
def _shapley_shubik(weights: tuple[int, ...], quota: int) -> tuple[float, ...]:
    n = len(weights)
    if n == 0:
        return ()
    if sum(weights) < quota:
        return tuple(0.0 for _ in weights)
    norm = factorial(n)
    index = []
    for i, w in enumerate(weights):
        others = [weights[j] for j in range(n) if j != i]
        total = 0
        for size in range(n):
            coefficient = factorial(size) * factorial(n - size - 1)
            for coalition in combinations(others, size):
                s = sum(coalition)
                if s < quota <= s + w:
                    total += coefficient
        index.append(total / norm)
    return tuple(index)
