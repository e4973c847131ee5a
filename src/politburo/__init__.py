"""politburo: simulate, replay and explain succession struggles in one-party regimes."""

from politburo.api import ensemble, explain, whatif
from politburo.checks import DeterminismError, check_determinism, check_scenario
from politburo.engine import simulate
from politburo.errors import InputError, Problem
from politburo.events import Event, Kind, Mechanism
from politburo.loading import bundled_scenarios, load_params, load_scenario
from politburo.params import Params
from politburo.result import RunResult
from politburo.scenario import Scenario

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
