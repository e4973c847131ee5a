"""`politburo check` warns, with the month and the rule, of what a run should rarely tell."""

from __future__ import annotations

from typing import Any

import numpy as np

from builders import copy_of
from politburo.analysis.implausible import (
    MAX_EMPTY_MONTHS,
    bodies_that_never_sit,
    empty_offices,
    idle_contenders,
    implausibilities,
    membership_growth,
)
from politburo.experiments.checks import check_scenario
from politburo.model.events import Event, Kind, Mechanism
from politburo.model.result import RunResult
from politburo.scenario.loading import load_scenario
from politburo.scenario.schema import Scenario

Data = dict[str, Any]
MONTHS = 36


def _event(step: int, kind: Kind, mechanism: Mechanism, **more: Any) -> Event:
    return Event(step=step, month=f"m{step}", kind=kind, mechanism=mechanism, **more)


def _run(events: list[Event]) -> RunResult:
    return RunResult(
        scenario_id="tiny-v1", seed=0, interventions=(),
        months=tuple(f"m{i}" for i in range(MONTHS)), contenders=("alpha", "beta"),
        events=tuple(events), series={}, winner=None, winner_month=None,
    )  # fmt: skip


def _scenario(data: Data) -> Scenario:
    return Scenario.model_validate(data)


def test_recruitment_that_more_than_doubles_the_party_in_a_year_is_flagged_at_its_month(
    minimal_scenario_dict: Data,
) -> None:
    scenario = _scenario(minimal_scenario_dict)
    start = 5000 + 5 * 2000
    drive = lambda step, n: _event(  # noqa: E731
        step, Kind.RECRUITMENT_DRIVE, Mechanism.RECRUITMENT, actor="alpha", amount=float(n)
    )
    modest = _run([drive(2, start * 0.5), drive(20, start * 0.5)])
    assert membership_growth(modest, scenario) == []
    doubling = _run([drive(2, start * 0.6), drive(9, start * 0.6)])
    (warning,) = membership_growth(doubling, scenario)
    assert warning.month == "m9" and "at most 2 times" in warning.rule


def test_an_office_with_powers_left_empty_for_a_year_is_flagged(
    minimal_scenario_dict: Data,
) -> None:
    scenario = _scenario(minimal_scenario_dict)
    removed = _event(
        3, Kind.OFFICE_REMOVED, Mechanism.MOTION, actor="beta", office="army_chief",
        others=("alpha",),
    )  # fmt: skip
    (warning,) = empty_offices(_run([removed]), scenario)
    assert warning.month == f"m{3 + MAX_EMPTY_MONTHS}" and "army_chief" in warning.detail
    refilled = _event(
        10, Kind.OFFICE_APPOINTED, Mechanism.CIRCULAR_FLOW, actor="gamma", office="army_chief"
    )
    assert empty_offices(_run([removed, refilled]), scenario) == []


def test_a_dead_holders_office_falls_empty(minimal_scenario_dict: Data) -> None:
    scenario = _scenario(minimal_scenario_dict)
    died = _event(1, Kind.DIED, Mechanism.LIVES, actor="alpha")
    (warning,) = empty_offices(_run([died]), scenario)
    assert "secretary" in warning.detail


def test_an_office_of_two_seats_is_empty_only_when_both_are(minimal_scenario_dict: Data) -> None:
    data = copy_of(minimal_scenario_dict)
    secretary = data["offices"][0]
    secretary.pop("holder")
    secretary.update(seats=2, holders=["alpha", "gamma"])
    scenario = _scenario(data)
    alpha_dies = _event(1, Kind.DIED, Mechanism.LIVES, actor="alpha")
    assert empty_offices(_run([alpha_dies]), scenario) == [], "gamma still holds a seat"
    gamma_dies = _event(2, Kind.DIED, Mechanism.LIVES, actor="gamma")
    (warning,) = empty_offices(_run([alpha_dies, gamma_dies]), scenario)
    assert warning.month == f"m{2 + MAX_EMPTY_MONTHS}" and "secretary" in warning.detail


def test_a_man_promoted_leaves_his_lower_office_empty(minimal_scenario_dict: Data) -> None:
    data = copy_of(minimal_scenario_dict)
    data["offices"][0]["promotes_from"] = ["army_chief"]
    promoted = _event(
        3, Kind.OFFICE_APPOINTED, Mechanism.CIRCULAR_FLOW, actor="beta", office="secretary"
    )
    (warning,) = empty_offices(_run([promoted]), _scenario(data))
    assert warning.month == f"m{3 + MAX_EMPTY_MONTHS}" and "army_chief" in warning.detail


def test_a_body_with_rights_that_never_sits_is_flagged(minimal_scenario_dict: Data) -> None:
    data = copy_of(minimal_scenario_dict)
    sittings = np.zeros((MONTHS, len(data["bodies"])), dtype=np.bool_)
    sittings[:, :2] = True  # the congress is never on the calendar
    (warning,) = bodies_that_never_sit(_scenario(data), sittings)
    assert "congress" in warning.detail and warning.month is None


def test_a_contender_who_never_moves_is_flagged(minimal_scenario_dict: Data) -> None:
    scenario = _scenario(minimal_scenario_dict)
    motion = _event(
        4, Kind.OFFICE_REMOVED, Mechanism.MOTION, actor="beta", office="army_chief",
        others=("alpha",),
    )  # fmt: skip
    (warning,) = idle_contenders(_run([motion]), scenario)
    assert "beta" in warning.detail, "alpha moved the motion; beta only suffered it"
    allied = _event(5, Kind.ALLIANCE_FORMED, Mechanism.ALLIANCE, actor="alpha", target="beta")
    assert idle_contenders(_run([motion, allied]), scenario) == [], "beta accepted an alliance"


def test_check_returns_the_warnings_of_its_played_run() -> None:
    scenario = load_scenario("poland-1956")
    warnings = check_scenario(scenario)
    assert all(w.rule and w.detail for w in warnings)
    assert warnings == implausibilities(*_played(scenario)), (
        "check's warnings are the played run's, seed 0"
    )


def _played(scenario: Scenario) -> tuple[RunResult, Scenario, np.ndarray]:
    from politburo.experiments.configuration import Configuration
    from politburo.scenario.loading import load_params

    configuration = Configuration(scenario, load_params())
    return configuration.play(0), scenario, configuration.world().sittings
