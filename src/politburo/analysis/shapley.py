"""Exact Shapley values and pairwise interaction indices of a cooperative game.

The project explains an outcome's probability by its causes ("levers"): switch
on every combination of levers, measure the outcome under each, and share the
total effect among the levers. The Shapley value is the one way of sharing it
that is efficient (the shares add up to the total effect), symmetric, gives
nothing to a lever that never matters and is additive over games (Shapley
1953). The pairwise interaction index (Grabisch 1997) says whether two levers
are complements (positive: each matters more when the other is on) or
substitutes (negative).

The module is generic and pure: players are names, a game is a value
function over coalitions (sets of players) or a table of its values, and
every coalition's value is looked up exactly once. An expensive value
function, such as a batch of simulations per combination of levers, is called
exactly ``2**n`` times, and callers that want to run those batches themselves
can enumerate the coalitions with :func:`all_coalitions` and pass the table.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from itertools import combinations
from math import factorial, fsum

Coalition = frozenset[str]
"""A set of players who act together (a combination of levers switched on)."""

ValueFunction = Callable[[Coalition], float]
"""A game's characteristic function: the worth of each coalition."""

Game = ValueFunction | Mapping[Coalition, float]
"""A game as a value function, or as a table with the value of every coalition."""

#: Most players whose game is solved exactly (2**n coalitions; beyond this the
#: table and the loops over it grow out of hand).
MAX_PLAYERS = 20


def all_coalitions(players: Sequence[str]) -> list[Coalition]:
    """Every coalition of ``players``, the empty one first, in a stable order.

    Coalitions come by size, and within a size in the order of the players
    (as :func:`itertools.combinations` lists them), so that callers can
    precompute the ``2**n`` values, e.g. run the simulations for every
    combination of levers, and get the same order on every run.

    Args:
        players: The players, each named once.

    Returns:
        The ``2**n`` coalitions, from the empty one to the grand coalition.

    Raises:
        ValueError: If a player is named twice or there are too many players.
    """
    _check_players(players)
    return [
        frozenset(combo)
        for size in range(len(players) + 1)
        for combo in combinations(players, size)
    ]


def shapley_values(players: Sequence[str], value: Game) -> dict[str, float]:
    """Exact Shapley value of each player, over all ``2**n`` coalitions.

    The value of player i is his marginal contribution averaged over the
    orderings of all players::

        φ_i = Σ_{S ⊆ N∖{i}} |S|!(n−|S|−1)!/n! · [v(S ∪ {i}) − v(S)]

    The values add up to ``v(N) − v(∅)``: they split the whole effect of
    switching every lever on, and nothing is left unexplained.

    Args:
        players: The players, each named once; the result follows their order.
        value: The game, as a value function (called exactly once per
            coalition) or a mapping with the value of every coalition.

    Returns:
        Each player's Shapley value, keyed by player in the order given.

    Raises:
        ValueError: If a player is named twice, there are too many players, or
            the mapping lacks a coalition.
    """
    table = _tabulate(players, value)
    n = len(players)
    # Share of the orderings in which exactly a given coalition of size s precedes a player.
    # The grand coalition (size n) has no one left to join it: weight unused.
    weight = [factorial(s) * factorial(n - s - 1) / factorial(n) for s in range(n)] + [0.0]
    totals: list[list[float]] = [[] for _ in range(n)]
    for mask in range(1 << n):
        w = weight[mask.bit_count()]
        base = table[mask]
        for i in range(n):
            bit = 1 << i
            if not mask & bit:
                totals[i].append(w * (table[mask | bit] - base))
    # fsum: the terms' sum does not depend on how rounding errors pile up.
    return {player: fsum(terms) for player, terms in zip(players, totals, strict=True)}


def interaction_indices(players: Sequence[str], value: Game) -> dict[tuple[str, str], float]:
    """Pairwise Shapley interaction index of every pair of players (Grabisch 1997).

    The index of players i and j averages how much more they add together than
    apart, over the coalitions S of the other players::

        I_ij = Σ_{S ⊆ N∖{i,j}} |S|!(n−|S|−2)!/(n−1)! · [v(S∪{i,j}) − v(S∪{i}) − v(S∪{j}) + v(S)]

    It is positive for complements (each lever matters more when the other
    is on), negative for substitutes (either one does the job) and zero when
    their effects simply add.

    Args:
        players: The players, each named once.
        value: The game, as a value function (called exactly once per
            coalition) or a mapping with the value of every coalition.

    Returns:
        The index of each unordered pair, keyed ``(players[a], players[b])``
        with ``a < b``, pairs in the order of :func:`itertools.combinations`.

    Raises:
        ValueError: If a player is named twice, there are too many players, or
            the mapping lacks a coalition.
    """
    table = _tabulate(players, value)
    n = len(players)
    if n < 2:
        return {}
    weight = [factorial(s) * factorial(n - s - 2) / factorial(n - 1) for s in range(n - 1)]
    indices: dict[tuple[str, str], float] = {}
    for a, b in combinations(range(n), 2):
        bit_a, bit_b = 1 << a, 1 << b
        pair = bit_a | bit_b
        terms = [
            weight[mask.bit_count()]
            * (table[mask | pair] - table[mask | bit_a] - table[mask | bit_b] + table[mask])
            for mask in range(1 << n)
            if not mask & pair
        ]
        indices[(players[a], players[b])] = fsum(terms)
    return indices


def weighted_voting_game(weights: Mapping[str, float], quota: float) -> ValueFunction:
    """The weighted voting game ``[quota; weights]`` as a value function.

    A coalition wins (is worth 1) when its members' weights reach the quota,
    and loses (is worth 0) otherwise. Its Shapley values are the
    Shapley–Shubik power indices, a handy set of known answers for tests and
    examples.

    Args:
        weights: Each player's weight (votes, seats).
        quota: The total weight a coalition needs to win.

    Returns:
        The value function; the weights are copied, so later changes to the
        mapping do not change the game.

    Raises:
        ValueError: When called with a coalition holding a player who has no weight.
    """
    table = dict(weights)

    def value(coalition: Coalition) -> float:
        unknown = coalition - table.keys()
        if unknown:
            raise ValueError(f"players without a weight: {sorted(unknown)}")
        # fsum: the sum does not depend on the set's iteration order.
        return 1.0 if fsum(table[p] for p in coalition) >= quota else 0.0

    return value


def _check_players(players: Sequence[str]) -> None:
    """Reject a player named twice (coalitions are sets) and games too big to solve."""
    twice = sorted(p for p, count in Counter(players).items() if count > 1)
    if twice:
        raise ValueError(f"players named more than once: {twice}")
    if len(players) > MAX_PLAYERS:
        raise ValueError(
            f"exact values need all 2**n coalitions; at most {MAX_PLAYERS} players, "
            f"got {len(players)}"
        )


def _tabulate(players: Sequence[str], value: Game) -> list[float]:
    """Each coalition's value once, indexed by bitmask (bit i set: ``players[i]`` is in).

    A value function is called once per coalition, in the order of
    :func:`all_coalitions`; a mapping must hold every coalition (extra
    entries, e.g. for other players, are ignored).
    """
    coalitions = all_coalitions(players)
    position = {player: i for i, player in enumerate(players)}
    table = [0.0] * len(coalitions)
    for coalition in coalitions:
        mask = sum(1 << position[p] for p in coalition)
        if isinstance(value, Mapping):
            if coalition not in value:
                named = "{" + ", ".join(p for p in players if p in coalition) + "}"
                raise ValueError(f"the game's table has no value for the coalition {named}")
            table[mask] = float(value[coalition])
        else:
            table[mask] = float(value(coalition))
    return table
