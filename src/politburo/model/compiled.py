"""Compiling the engine's per-seat and per-member loops to machine code.

A month of a run touches a few hundred small arrays (a body's seats, the
contenders, the provinces). As NumPy expressions each step costs a dozen
array operations whose fixed overhead dwarfs the arithmetic; the same step
written as one loop and compiled by Numba costs one call. Compiled functions
are cached on disk, so only the first run on a machine pays for compiling
them. They take and return plain arrays and numbers, and never draw random
numbers: the engine draws and passes the draws in, so a seed still fixes a run.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, cast

import numba

Function = TypeVar("Function", bound=Callable[..., object])


def compiled(function: Function) -> Function:
    """``function`` compiled to machine code (Numba, no Python objects), cached on disk."""
    return cast(Function, numba.njit(cache=True, nogil=True)(function))
