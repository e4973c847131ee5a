"""Membership stays finite: recruitment waves stop at the party's ceiling.

Issue 13, finding 5: recruitment waves compound, so membership grew without
bound over a long calendar (144 billion members by 1991 with the shipped
parameters; 10^87 within 24 years of monthly waves that double it, and a
float overflow within a century).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

import politburo
from builders import actor, build, copy_of
from politburo.model.events import Kind
from politburo.model.mechanisms import patronage
from politburo.scenario.limits import MAX_PARTY_MEMBERS
from politburo.scenario.schema import Scenario


def test_a_wave_that_would_pass_the_ceiling_recruits_up_to_it_evenly(
    minimal_scenario_dict: dict[str, Any],
) -> None:
    world, state = build(minimal_scenario_dict, recruitment_size=1.0)
    state.members *= 0.9 * MAX_PARTY_MEMBERS / state.members.sum()
    before = state.members.sum(axis=1)
    alpha = actor(world, "alpha")
    e = patronage.recruitment_wave(world, state, alpha, patronage.can_recruit(world, state, alpha))
    after = state.members.sum(axis=1)
    assert after.sum() == pytest.approx(MAX_PARTY_MEMBERS)
    assert after / before == pytest.approx(np.full_like(before, after.sum() / before.sum()))
    assert e.amount == pytest.approx(0.1 * MAX_PARTY_MEMBERS)


def test_a_century_of_monthly_doubling_waves_stays_under_the_ceiling(
    minimal_scenario_dict: dict[str, Any],
) -> None:
    data = copy_of(minimal_scenario_dict)
    data["calendar"] = {"start": "1900-01", "end": "1999-12"}
    run = politburo.simulate(
        Scenario.model_validate(data),
        seed=1,
        overrides=["recruitment_size=1", "recruitment_interval=1"],
    )
    admitted = [e.amount for e in run.events if e.kind is Kind.RECRUITMENT_DRIVE]
    assert len(admitted) > 100
    assert all(amount is not None and math.isfinite(amount) for amount in admitted)
    assert sum(a or 0.0 for a in admitted) < MAX_PARTY_MEMBERS
