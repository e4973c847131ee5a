"""Spells: the months over which something held, read off a monthly series.

A run records each month who is allied with whom and which camp each named
man belongs to; a spell is a stretch of consecutive months over which one
such thing held: ``(first month, last month)``, the last ``None`` when it
held to the end of the run. Months are indices from the scenario's start.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

Pair = frozenset[str]
Spell = tuple[int, int | None]


def spells(held: npt.ArrayLike) -> list[Spell]:
    """The spells of a monthly boolean series, in month order."""
    series = np.asarray(held, dtype=np.int8)
    months = series.shape[0]
    edges = np.diff(np.concatenate(([0], series, [0])))
    firsts, stops = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    return [
        (int(first), int(stop) - 1 if stop < months else None)
        for first, stop in zip(firsts, stops, strict=True)
    ]


def pair_spells(allied: npt.ArrayLike, contenders: Sequence[str]) -> dict[Pair, list[Spell]]:
    """Each pair's spells of alliance from a months x contenders x contenders matrix.

    A pair is allied in a month if either of its two cells says so.

    Raises:
        ValueError: The matrix is not months x n x n for n contenders.
    """
    matrix = np.asarray(allied, dtype=bool)
    n = len(contenders)
    if matrix.ndim != 3 or matrix.shape[1:] != (n, n):
        raise ValueError(f"expected a months x {n} x {n} matrix, got shape {matrix.shape}")
    out: dict[Pair, list[Spell]] = {}
    for i, j in itertools.combinations(range(n), 2):
        found = spells(matrix[:, i, j] | matrix[:, j, i])
        if found:
            out[frozenset((contenders[i], contenders[j]))] = found
    return out
