"""What to run: a scenario, its parameters, the levers pulled and the overrides set.

A :class:`Configuration` is the one value every command, the Python API and
the ensemble runner take. It is the only place where a run's input is
prepared: the levers are applied first, then the overrides (``--set`` on the
command line, ``overrides`` in the API), then the world is built. The engine
plays the world it is given and prepares nothing itself.
"""

from __future__ import annotations

import hashlib
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple

import numpy as np

from politburo.model.engine import run_world
from politburo.model.policy import Policy
from politburo.model.result import RunResult
from politburo.model.world import World, build_world
from politburo.scenario.levers import apply_levers
from politburo.scenario.loading import load_params, load_scenario, params_hash
from politburo.scenario.overrides import apply_overrides
from politburo.scenario.params import Params
from politburo.scenario.schema import Scenario

__all__ = ["Configuration", "ConfigurationKey", "renamed_overrides"]


class ConfigurationKey(NamedTuple):
    """Where a configuration's ensembles are stored, part by part (stable across versions).

    Attributes:
        scenario: The scenario's id.
        params: ``params-`` and the first ten digits of the parameters' hash.
        changes: The levers, sorted and joined by ``+`` (``baseline`` when
            none), a dash, and ten digits of a hash of the levers and overrides.
    """

    scenario: str
    params: str
    changes: str

    def __str__(self) -> str:
        return "/".join(self)


@dataclass(frozen=True, slots=True)
class Configuration:
    """A scenario under parameters, with levers pulled and overrides set.

    Attributes:
        scenario: The scenario as written, before the levers.
        params: The global parameters, before the overrides.
        levers: The scenario's levers to pull, in order.
        overrides: Changes to a trait or parameter (``ACTOR.TRAIT=VALUE`` or
            ``PARAMETER=VALUE``), applied in order after the levers.
    """

    scenario: Scenario
    params: Params
    levers: tuple[str, ...] = ()
    overrides: tuple[str, ...] = ()

    @classmethod
    def of(
        cls,
        scenario: Scenario | str | Path,
        params: Params | str | Path | None = None,
        *,
        levers: Iterable[str] = (),
        overrides: Iterable[str] = (),
    ) -> Configuration:
        """A configuration from what a user names: a scenario and parameter file or values.

        Args:
            scenario: A ``Scenario``, or a bundled id or a YAML file.
            params: ``Params``, a parameter file, or None for the defaults.
            levers: The levers to pull.
            overrides: The overrides to set.

        Raises:
            InputError: The scenario or the parameter file cannot be loaded.
        """
        return cls(
            scenario if isinstance(scenario, Scenario) else load_scenario(scenario),
            params if isinstance(params, Params) else load_params(params),
            tuple(levers),
            tuple(overrides),
        )

    def changed(self) -> tuple[Scenario, Params]:
        """The scenario and parameters with the levers, then the overrides, applied.

        Raises:
            InputError: A lever is unknown, or an override is malformed, names
                an unknown field or sets a value it may not take.
        """
        levered, levered_params = apply_levers(self.scenario, self.params, self.levers)
        return apply_overrides(levered, levered_params, self.overrides)

    def world(self) -> World:
        """The compiled world the runs of this configuration are played in.

        Raises:
            InputError: As :meth:`changed`.
        """
        return build_world(*self.changed())

    @property
    def interventions(self) -> tuple[str, ...]:
        """The changes as a run records them: ``lever:ID`` for each lever, then each override."""
        return tuple(f"lever:{name}" for name in self.levers) + self.overrides

    def play(
        self,
        seed: int | np.random.SeedSequence = 0,
        policies: Mapping[str, Policy] | None = None,
    ) -> RunResult:
        """One run of this configuration from ``seed``.

        ``policies`` maps actor ids to a ``Policy`` that plays that actor
        instead of his traits.
        """
        return run_world(self.world(), seed, self.interventions, policies)

    def baseline(self) -> Configuration:
        """The same scenario and parameters with no lever pulled and no override set."""
        return replace(self, levers=(), overrides=())

    def with_levers(self, levers: Iterable[str]) -> Configuration:
        """This configuration with ``levers`` pulled instead of its own."""
        return replace(self, levers=tuple(levers))

    def key(self) -> ConfigurationKey:
        """A stable key naming this configuration in a store of ensembles.

        Levers are sorted, so their order does not make a new key; the
        parameters count by their content hash.
        """
        changes = "|".join([",".join(sorted(self.levers)), *self.overrides])
        digest = hashlib.sha256(changes.encode()).hexdigest()[:10]
        name = "+".join(sorted(self.levers)) or "baseline"
        return ConfigurationKey(
            self.scenario.id, f"params-{params_hash(self.params)[:10]}", f"{name}-{digest}"
        )


def renamed_overrides(
    overrides: Sequence[str], interventions: Sequence[str] | None, function: str
) -> tuple[str, ...]:
    """The overrides given to ``function``, taking the old keyword ``interventions`` too.

    ``interventions`` was the API's earlier name for the overrides; it still
    works, with a ``DeprecationWarning`` pointing at the caller.

    Raises:
        TypeError: Both keywords were given.
    """
    if interventions is None:
        return tuple(overrides)
    if overrides:
        raise TypeError(f"{function}() takes overrides or interventions, not both")
    warnings.warn(
        f"{function}(interventions=...) is deprecated; use overrides=...",
        DeprecationWarning,
        stacklevel=3,
    )
    return tuple(interventions)
