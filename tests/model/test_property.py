"""Properties of any run: random generated scenarios and seeds always play out sanely."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings

from politburo import simulate
from politburo.model.result import SERIES_NAMES
from politburo.scenario.schema import Scenario, month_index
from strategies import generated_scenarios, run_seeds

SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(generated_scenarios(), run_seeds)
def test_a_run_completes_with_a_row_of_finite_values_per_month_and_contender(
    scenario: Scenario, seed: int
) -> None:
    result = simulate(scenario, seed=seed)
    months = scenario.calendar.months
    contenders = [a.id for a in scenario.actors if a.contender]
    assert result.months[0] == scenario.calendar.start and len(result.months) == months
    assert list(result.contenders) == contenders
    for name in SERIES_NAMES:
        values = result.series[name]
        assert values.shape == (months, len(contenders)), name
        assert np.isfinite(values).all(), name


@SETTINGS
@given(generated_scenarios(), run_seeds)
def test_seat_shares_and_reputations_stay_within_zero_and_one(
    scenario: Scenario, seed: int
) -> None:
    result = simulate(scenario, seed=seed)
    for name in ("top_seats", "electing_seats", "secretaries"):
        shares = result.series[name]
        assert (shares >= 0.0).all() and (shares <= 1.0).all(), name
        # Each seat follows one contender at most.
        assert (shares.sum(axis=1) <= 1.0 + 1e-9).all(), name
    reputation = result.series["reputation"]
    assert (reputation >= 0.0).all() and (reputation <= 1.0).all()


@SETTINGS
@given(generated_scenarios(), run_seeds)
def test_every_event_falls_within_the_calendar_in_order(scenario: Scenario, seed: int) -> None:
    result = simulate(scenario, seed=seed)
    start, months = scenario.calendar.start, scenario.calendar.months
    steps = [e.step for e in result.events]
    assert steps == sorted(steps)
    ids = {a.id for a in scenario.actors}
    for e in result.events:
        assert 0 <= e.step < months
        assert month_index(start, e.month) == e.step
        assert e.actor is None or e.actor in ids
        assert e.target is None or e.target in ids
    if result.winner is not None:
        assert result.winner in result.contenders
        assert result.winner_month in result.months
