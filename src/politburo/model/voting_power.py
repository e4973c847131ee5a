"""A priori voting power of blocs: the Shapley–Shubik index of a weighted game.

What a bloc of seats is worth depends on the quota and the other blocs, not
on its size alone (Shapley and Shubik 1954). The engine measures each
faction's threat this way every month; there is one bloc per contender, so
the exact index over all coalitions is cheap once compiled.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from politburo.model.compiled import compiled
from politburo.model.types import FloatArray, IntArray
from politburo.scenario.limits import MAX_CONTENDERS

#: Largest game computed exactly over all 2^n coalitions: the scenario's contender limit.
MAX_PLAYERS = MAX_CONTENDERS


def shapley_shubik(weights: Sequence[int] | IntArray, quota: int) -> FloatArray:
    """Exact Shapley–Shubik index of each player of the weighted game ``[quota; weights]``.

    A player's index is the share of the orderings of all players in which
    he is pivotal: his arrival lifts the coalition's weight to the quota.
    """
    w = np.asarray(weights, dtype=np.int64)
    if w.shape[0] > MAX_PLAYERS:
        raise ValueError(f"exact Shapley-Shubik index for at most {MAX_PLAYERS} players")
    return pivotal_shares(w, int(quota))


@compiled
def pivotal_shares(weights: IntArray, quota: int) -> FloatArray:
    """The Shapley–Shubik index, unchecked and compiled (callable from other compiled code).

    A player's index sums, over the coalitions S he turns from losing to
    winning, |S|!(n-|S|-1)!/n!: the share of orderings in which exactly S
    precedes him.
    """
    n = weights.shape[0]
    shares = np.zeros(n)
    if n == 0 or weights.sum() < quota:
        return shares
    factorial = np.ones(n + 1)
    for k in range(1, n + 1):
        factorial[k] = factorial[k - 1] * k
    for coalition in range(1 << n):
        total = 0
        size = 0
        for player in range(n):
            if coalition >> player & 1:
                total += weights[player]
                size += 1
        if total >= quota:
            continue
        weight = factorial[size] * factorial[n - size - 1] / factorial[n]
        for player in range(n):
            if not coalition >> player & 1 and total + weights[player] >= quota:
                shares[player] += weight
    return shares
