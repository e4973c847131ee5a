"""The contract checks as the API offers them: ``check_scenario`` and ``check_determinism``.

They are the experiment layer's checks with their arguments checked first
(see :mod:`politburo.interface.api.arguments`); ``check_determinism`` starts
a process, so a script calling it needs the ``if __name__ == "__main__":``
guard that every process-starting call needs.
"""

from __future__ import annotations

from collections.abc import Sequence

from politburo.analysis.implausible import Implausibility
from politburo.experiments import checks
from politburo.interface.api.arguments import check_names, check_params, check_seed
from politburo.scenario.params import Params
from politburo.scenario.schema import Scenario

__all__ = ["check_determinism", "check_scenario"]


def _scenario(function: str, value: object) -> Scenario:
    if not isinstance(value, Scenario):
        raise TypeError(
            f"{function}(): scenario must be a Scenario (from load_scenario), "
            f"not {type(value).__name__}"
        )
    return value


def check_scenario(
    scenario: Scenario, params: Params | None = None, *, seed: int = 0
) -> list[Implausibility]:
    """Raise ``InputError`` unless ``scenario`` is consistent and plays to its end.

    Returns the warnings its played run raises (month, rule, detail). See
    :func:`politburo.experiments.checks.check_scenario`.

    Raises:
        TypeError: An argument is of the wrong type.
        InputError: The seed is negative, or the scenario fails a check.
    """
    chosen = _scenario("check_scenario", scenario)
    given = check_params("check_scenario", params)
    if given is not None and not isinstance(given, Params):
        raise TypeError("check_scenario(): params must be Params or None")
    return checks.check_scenario(chosen, given, seed=check_seed("check_scenario", seed))


def check_determinism(
    scenario: Scenario,
    seed: int = 0,
    overrides: Sequence[str] = (),
    *,
    interventions: Sequence[str] | None = None,
) -> None:
    """Raise ``DeterminismError`` unless every way of replaying the run gives the same bytes.

    See :func:`politburo.experiments.checks.check_determinism`.

    Raises:
        TypeError: An argument is of the wrong type.
        InputError: The seed is negative, or an override is bad.
    """
    function = "check_determinism"
    checks.check_determinism(
        _scenario(function, scenario),
        check_seed(function, seed),
        check_names(function, "overrides", overrides),
        interventions=None
        if interventions is None
        else check_names(function, "interventions", interventions),
    )
