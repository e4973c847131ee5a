"""Global sensitivity analysis with SALib: the design of a sweep, and the indices of its outputs.

Two methods, both SALib's:

- **Sobol** (Saltelli's design, ``SALib.sample.sobol``; Sobol 2001, Saltelli
  et al. 2010): ``samples * (k + 2)`` points for ``k`` parameters; each
  output gets its first-order index ``S1`` (the share of its variance that a
  parameter explains alone) and total index ``ST`` (alone and with the
  others), each with a bootstrap confidence interval.
- **Morris** (elementary effects, ``SALib.sample.morris``; Morris 1991,
  Campolongo et al. 2007): ``samples * (k + 1)`` points, for screening many
  parameters cheaply; each output gets ``mu_star`` (the mean absolute effect,
  with its interval) and ``sigma`` (how much the effect varies: interactions
  or non-linearity).

The indices come back as tidy rows (output, parameter, index, value, low,
high), the same shape for both methods.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

__all__ = ["CONFIDENCE", "METHODS", "Index", "Range", "analyse", "design"]

#: The methods a sweep can use.
METHODS = ("sobol", "morris")
#: The confidence level of every interval.
CONFIDENCE = 0.95
#: Morris's grid: how many levels each parameter takes.
MORRIS_LEVELS = 4

Method = Literal["sobol", "morris"]


@dataclass(frozen=True, slots=True)
class Range:
    """A parameter varied by a sweep, and the bounds it is drawn from.

    Attributes:
        name: A global parameter (``attack_cost``) or an actor's trait (``stalin.patience``).
        low: The least value drawn.
        high: The greatest value drawn.
    """

    name: str
    low: float
    high: float


@dataclass(frozen=True, slots=True)
class Index:
    """One sensitivity index of one output to one parameter, with its confidence interval.

    Attributes:
        output: What was measured at each point (``win:stalin``, ``win_month``, ``fidelity``).
        parameter: The parameter.
        index: ``S1`` or ``ST`` (Sobol), ``mu_star`` or ``sigma`` (Morris).
        value: The index's estimate (NaN where the output never varied).
        low: The interval's lower end (NaN where there is none).
        high: The interval's upper end.
    """

    output: str
    parameter: str
    index: str
    value: float
    low: float
    high: float


def _problem(ranges: Sequence[Range]) -> dict[str, Any]:
    return {
        "num_vars": len(ranges),
        "names": [r.name for r in ranges],
        "bounds": [[r.low, r.high] for r in ranges],
    }


def design(method: Method, ranges: Sequence[Range], samples: int, seed: int) -> NDArray[np.float64]:
    """The points of a sweep: one row per point, one column per parameter (seeded).

    Sobol draws ``samples * (k + 2)`` points (``samples`` should be a power
    of two), Morris ``samples * (k + 1)`` (``samples`` trajectories).
    """
    problem = _problem(ranges)
    if method == "sobol":
        from SALib.sample import sobol

        with warnings.catch_warnings():  # the convergence note for sample sizes not a power of 2
            warnings.simplefilter("ignore", UserWarning)
            points = sobol.sample(problem, samples, calc_second_order=False, seed=seed)
    else:
        from SALib.sample import morris

        points = morris.sample(problem, samples, num_levels=MORRIS_LEVELS, seed=seed)
    return np.asarray(points, dtype=np.float64)


def analyse(
    method: Method,
    ranges: Sequence[Range],
    points: NDArray[np.float64],
    outputs: Mapping[str, NDArray[np.float64]],
    seed: int,
) -> list[Index]:
    """The sensitivity indices of each output (one value per point) to each parameter.

    An output that takes the same value at every point (a contender who
    never wins) has no indices.
    """
    problem = _problem(ranges)
    rows: list[Index] = []
    for output, values in outputs.items():
        if np.ptp(values) == 0.0:
            continue
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore", RuntimeWarning)  # a nearly constant output
            found = _indices(method, problem, points, values, seed)
        for number, parameter in enumerate(problem["names"]):
            for index, (value, half) in found.items():
                centre, width = float(value[number]), float(half[number])
                rows.append(Index(output, parameter, index, centre, centre - width, centre + width))
    return rows


def _indices(
    method: Method,
    problem: dict[str, Any],
    points: NDArray[np.float64],
    values: NDArray[np.float64],
    seed: int,
) -> dict[str, tuple[NDArray[np.float64], NDArray[np.float64]]]:
    """Each index's estimates and their intervals' half-widths, by index name."""
    if method == "sobol":
        from SALib.analyze import sobol

        # SALib's Sobol analysis takes a seed of 0 for none (unseeded intervals): shift it.
        found = sobol.analyze(
            problem, values, calc_second_order=False, conf_level=CONFIDENCE, seed=seed + 1
        )
        return {"S1": (found["S1"], found["S1_conf"]), "ST": (found["ST"], found["ST_conf"])}
    from SALib.analyze import morris

    found = morris.analyze(
        problem, points, values, conf_level=CONFIDENCE, num_levels=MORRIS_LEVELS, seed=seed
    )
    nothing = np.full(len(problem["names"]), np.nan)
    return {
        "mu_star": (np.asarray(found["mu_star"]), np.asarray(found["mu_star_conf"])),
        "sigma": (np.asarray(found["sigma"]), nothing),
    }
