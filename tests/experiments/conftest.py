"""Fixtures shared by the experiments' tests: the bundled scenario and the default parameters."""

from __future__ import annotations

import pytest

from politburo.scenario.loading import load_params, load_scenario
from politburo.scenario.params import Params
from politburo.scenario.schema import Scenario


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load_scenario("ussr-1924")


@pytest.fixture(scope="module")
def params() -> Params:
    return load_params()
