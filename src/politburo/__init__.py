"""politburo: simulate, replay and explain succession struggles in one-party regimes."""

from typing import TYPE_CHECKING, Any

from politburo.experiments.checks import DeterminismError, check_determinism, check_scenario
from politburo.interface.api.runs import simulate
from politburo.model.events import Event, Kind, Mechanism
from politburo.model.result import RunResult
from politburo.scenario.errors import InputError, Problem
from politburo.scenario.loading import bundled_scenarios, load_params, load_scenario
from politburo.scenario.params import Params
from politburo.scenario.schema import Scenario

if TYPE_CHECKING:
    from politburo.interface.api.experiments import ensemble, explain, whatif

__all__ = [
    "DeterminismError",
    "Event",
    "InputError",
    "Kind",
    "Mechanism",
    "Params",
    "Problem",
    "RunResult",
    "Scenario",
    "bundled_scenarios",
    "check_determinism",
    "check_scenario",
    "ensemble",
    "explain",
    "load_params",
    "load_scenario",
    "simulate",
    "whatif",
]


def __getattr__(name: str) -> Any:
    """The experiment functions, imported on first use: they bring SciPy and DuckDB.

    A worker process of an ensemble, or a single run, starts without them.
    """
    if name in ("ensemble", "explain", "whatif"):
        from politburo.interface.api import experiments

        return getattr(experiments, name)
    raise AttributeError(f"module 'politburo' has no attribute {name!r}")
