"""One run from Python: ``politburo.simulate``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from politburo.experiments.configuration import Configuration, renamed_overrides
from politburo.model.policy import Policy
from politburo.model.result import RunResult
from politburo.scenario.params import Params
from politburo.scenario.schema import Scenario


def simulate(
    scenario: Scenario | str | Path,
    seed: int | np.random.SeedSequence = 0,
    overrides: Sequence[str] = (),
    *,
    params: Params | None = None,
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
        params: The global parameters (default: the shipped ones).
        levers: The scenario's named counterfactuals to switch on.
        policies: Actor ids mapped to a ``Policy`` that plays that actor
            instead of his traits.
        interventions: The old name of ``overrides``; deprecated.

    Raises:
        InputError: The scenario, a lever or an override is bad.
    """
    chosen = renamed_overrides(overrides, interventions, "simulate")
    configuration = Configuration.of(scenario, params, levers=levers, overrides=chosen)
    return configuration.play(seed, policies)
