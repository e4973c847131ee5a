"""The Python API checks its arguments where they come in, naming the function and the argument.

Finding 9 of issue 13: ``seed="x"``, ``seed=None``, ``runs="5"``,
``overrides=[0.2]``, ``levers="patronage"`` (read letter by letter) and
``policies={"nobody": ...}`` gave errors from deep inside NumPy or the
engine, or ran something else than asked.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import politburo
from politburo.scenario.errors import InputError


class Nobody:
    """A policy object, for the names it is given under."""

    def choose(self, *args: Any) -> Any:
        raise AssertionError("never asked")


SIMULATE: list[tuple[dict[str, Any], type[Exception], str]] = [
    ({"seed": "x"}, TypeError, "simulate(): seed must be an int"),
    ({"seed": None}, TypeError, "simulate(): seed must be an int"),
    ({"seed": 1.5}, TypeError, "not 1.5 (float)"),
    ({"seed": True}, TypeError, "not True (bool)"),
    ({"seed": -1}, InputError, "seed: must be 0 or more, not -1"),
    ({"overrides": [0.2]}, TypeError, "overrides must hold only strings, not 0.2"),
    ({"overrides": "attack_cost=0.2"}, TypeError, "overrides=['attack_cost=0.2']"),
    ({"levers": "patronage"}, TypeError, "write levers=['patronage']"),
    ({"levers": 3}, TypeError, "levers must be a list of strings, not 3 (int)"),
    ({"params": 0.5}, TypeError, "params must be Params"),
    ({"params": "no-such-file.yaml"}, InputError, "no-such-file.yaml"),
    ({"policies": {"nobody": Nobody()}}, InputError, "'nobody' is not an actor of ussr-1924"),
    ({"policies": {"stalin": object()}}, TypeError, "policies['stalin'] must be a Policy"),
    ({"policies": ["stalin"]}, TypeError, "policies must map actor ids"),
]


@pytest.mark.parametrize(("given", "error", "words"), SIMULATE, ids=lambda v: str(v)[:40])
def test_simulate_refuses_a_bad_argument_at_the_call(
    given: dict[str, Any], error: type[Exception], words: str
) -> None:
    with pytest.raises(error) as raised:
        politburo.simulate("ussr-1924", **given)
    assert words in str(raised.value)


def test_simulate_refuses_a_scenario_of_the_wrong_type() -> None:
    with pytest.raises(TypeError, match="scenario must be a Scenario, a bundled id or a path"):
        politburo.simulate(3)  # type: ignore[arg-type]


def test_simulate_still_takes_a_seed_sequence_and_numpy_integers() -> None:
    by_int = politburo.simulate("ussr-1924", seed=np.int64(4))
    assert by_int.to_json() == politburo.simulate("ussr-1924", seed=4).to_json()
    politburo.simulate("ussr-1924", seed=np.random.SeedSequence(4))


def experiment_calls(tmp_path: Path) -> list[tuple[Callable[[], Any], type[Exception], str]]:
    out, store = tmp_path / "e", tmp_path / "store"
    ensemble, whatif, explain = politburo.ensemble, politburo.whatif, politburo.explain
    return [
        (lambda: ensemble("ussr-1924", runs="5", out=out), TypeError, "runs must be an int"),
        (lambda: ensemble("ussr-1924", runs=0, out=out), InputError, "must be at least 1"),
        (lambda: ensemble("ussr-1924", runs=2, out=out, seed=None), TypeError, "seed"),
        (lambda: ensemble("ussr-1924", runs=2, out=3), TypeError, "out must be a folder"),
        (lambda: ensemble("ussr-1924", runs=2, out=out, workers="2"), TypeError, "workers"),
        (
            lambda: ensemble("ussr-1924", runs=2, out=out, levers="patronage"),
            TypeError,
            "levers=['patronage']",
        ),
        (lambda: whatif("ussr-1924", levers=["army"], runs="5", store=store), TypeError, "runs"),
        (lambda: whatif("ussr-1924", levers="army", runs=4, store=store), TypeError, "levers"),
        (lambda: explain("ussr-1924", levers="army", runs=4, store=store), TypeError, "levers"),
        (lambda: explain("ussr-1924", runs=1, store=store), InputError, "at least 2"),
    ]


def test_the_experiments_refuse_a_bad_argument_before_starting_anything(tmp_path: Path) -> None:
    for call, error, words in experiment_calls(tmp_path):
        with pytest.raises(error, match=words.replace("[", r"\[").replace("(", r"\(")):
            call()
    assert list(tmp_path.iterdir()) == []  # no folder made, no process started


def test_the_checks_refuse_a_bad_argument_at_the_call() -> None:
    scenario = politburo.load_scenario("ussr-1924")
    with pytest.raises(TypeError, match=r"check_determinism\(\): seed must be an int"):
        politburo.check_determinism(scenario, seed="x")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="overrides must be a list of strings"):
        politburo.check_determinism(scenario, overrides="attack_cost=0.2")
    with pytest.raises(TypeError, match="scenario must be a Scenario"):
        politburo.check_scenario("ussr-1924")  # type: ignore[arg-type]
