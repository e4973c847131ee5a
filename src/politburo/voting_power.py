"""A priori voting power of blocs: the Shapley–Shubik index of a weighted game.

What a bloc of seats is worth depends on the quota and the other blocs, not
on its size alone (Shapley and Shubik 1954). The engine measures each
faction's threat this way; there is one bloc per contender, so the exact
index over all coalitions is cheap.
"""

from __future__ import annotations

from functools import lru_cache
from math import factorial

import numpy as np
from numpy.typing import NDArray

#: Largest game computed exactly over all 2^n coalitions.
MAX_PLAYERS = 16


def shapley_shubik(weights: tuple[int, ...], quota: int) -> NDArray[np.float64]:
    """Exact Shapley–Shubik index of each player of the weighted game ``[quota; weights]``.

    A player's index is the share of the orderings of all players in which
    he is pivotal: his arrival lifts the coalition's weight to the quota.
    """
    return np.array(_shapley_shubik(tuple(int(w) for w in weights), int(quota)))


@lru_cache(maxsize=1024)
def _coalitions(n: int) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """Every coalition of ``n`` players as a 0/1 matrix, and its Shapley weight by size.

    The weight of a coalition S not containing a player is |S|!(n-|S|-1)!/n!,
    the share of orderings in which exactly S precedes him.
    """
    if n > MAX_PLAYERS:
        raise ValueError(f"exact Shapley-Shubik index for at most {MAX_PLAYERS} players")
    codes = np.arange(2**n, dtype=np.int64)
    members = (codes[:, None] >> np.arange(n)) & 1
    sizes = members.sum(axis=1)
    coefficient = np.array(
        [factorial(s) * factorial(n - s - 1) / factorial(n) if s < n else 0.0 for s in range(n + 1)]
    )
    return members, coefficient[sizes]


@lru_cache(maxsize=8192)
def _shapley_shubik(weights: tuple[int, ...], quota: int) -> tuple[float, ...]:
    n = len(weights)
    if n == 0:
        return ()
    w = np.array(weights, dtype=np.int64)
    if w.sum() < quota:
        return tuple(0.0 for _ in weights)
    members, coefficient = _coalitions(n)
    totals = members @ w
    # Player i is pivotal for a coalition S without him when S falls short and S + i does not.
    pivotal = (members == 0) & (totals[:, None] < quota) & (totals[:, None] + w[None, :] >= quota)
    return tuple((pivotal * coefficient[:, None]).sum(axis=0).tolist())
