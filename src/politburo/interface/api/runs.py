"""One run from Python: ``politburo.simulate``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from politburo.experiments.configuration import Configuration, renamed_overrides
from politburo.interface.api.arguments import (
    check_names,
    check_params,
    check_policies,
    check_run_seed,
    check_scenario_argument,
)
from politburo.model.policy import Policy
from politburo.model.result import RunResult
from politburo.scenario.params import Params
from politburo.scenario.schema import Scenario


def simulate(
    scenario: Scenario | str | Path,
    seed: int | np.random.SeedSequence = 0,
    overrides: Sequence[str] = (),
    *,
    params: Params | str | Path | None = None,
    levers: Sequence[str] = (),
    policies: Mapping[str, Policy] | None = None,
    interventions: Sequence[str] | None = None,
) -> RunResult:
    """Play ``scenario`` from ``seed`` and return its events, series and winner.

    Args:
        scenario: A ``Scenario``, or a bundled id or a YAML file.
        seed: The seed of the run's random generator.
        overrides: Changes to a trait or parameter such as
            ``"ACTOR.patience=0.2"`` (``--set`` on the command line), applied
            after the levers.
        params: The global parameters, or a parameter file (default: the shipped ones).
        levers: The scenario's named counterfactuals to switch on.
        policies: Actor ids mapped to a ``Policy`` that plays that actor
            instead of his traits.
        interventions: The old name of ``overrides``; deprecated.

    Raises:
        TypeError: An argument is of the wrong type (a string for ``levers``
            or ``overrides`` included: they are lists).
        InputError: The scenario, a lever or an override is bad, the seed is
            negative, or a policy names no actor of the scenario.
    """
    function = "simulate"
    chosen_seed = check_run_seed(function, seed)
    chosen = renamed_overrides(
        check_names(function, "overrides", overrides),
        None if interventions is None else check_names(function, "interventions", interventions),
        function,
    )
    configuration = Configuration.of(
        check_scenario_argument(function, scenario),
        check_params(function, params),
        levers=check_names(function, "levers", levers),
        overrides=chosen,
    )
    return configuration.play(
        chosen_seed, check_policies(function, policies, configuration.scenario)
    )
