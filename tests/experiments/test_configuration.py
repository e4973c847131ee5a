"""A configuration is the one value for what to run: levers, then overrides, then the world."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from politburo.experiments.configuration import Configuration
from politburo.scenario.errors import InputError
from politburo.scenario.loading import load_params, load_scenario


@pytest.fixture(scope="module")
def base() -> Configuration:
    return Configuration.of("ussr-1924")


def _trait(configuration: Configuration, actor: str, trait: str) -> float:
    scenario, _ = configuration.changed()
    found = next(a for a in scenario.actors if a.id == actor)
    return float(getattr(found.traits, trait))


def test_of_loads_a_bundled_scenario_and_the_default_parameters(base: Configuration) -> None:
    assert base.scenario == load_scenario("ussr-1924")
    assert base.params == load_params()
    assert (base.levers, base.overrides) == ((), ())


def test_overrides_apply_after_the_levers_so_an_override_wins(base: Configuration) -> None:
    levered = base.with_levers(["army"])  # the army lever sets this trait to another's
    assert _trait(levered, "trotsky", "restraint") != _trait(base, "trotsky", "restraint")
    both = Configuration(base.scenario, base.params, ("army",), ("trotsky.restraint=0.05",))
    assert _trait(both, "trotsky", "restraint") == pytest.approx(0.05)


def test_the_world_is_built_from_the_changed_scenario_and_parameters(base: Configuration) -> None:
    changed = Configuration(base.scenario, base.params, overrides=("attack_cost=0.2",))
    assert changed.world().params.attack_cost == pytest.approx(0.2)
    assert base.world().params.attack_cost == base.params.attack_cost


def test_a_run_records_the_levers_then_the_overrides(base: Configuration) -> None:
    changed = Configuration(base.scenario, base.params, ("army",), ("attack_cost=0.2",))
    assert changed.interventions == ("lever:army", "attack_cost=0.2")
    assert changed.play(3).interventions == changed.interventions


def test_the_same_configuration_and_seed_play_the_same_run_after_pickling(
    base: Configuration,
) -> None:
    copy = pickle.loads(pickle.dumps(base))
    assert copy == base
    assert (
        copy.play(np.random.SeedSequence(5)).to_json()
        == base.play(np.random.SeedSequence(5)).to_json()
    )


def test_the_key_ignores_the_levers_order_but_not_the_overrides(base: Configuration) -> None:
    one = base.with_levers(["timing", "patronage"]).key()
    assert one == base.with_levers(["patronage", "timing"]).key()
    assert one.changes.startswith("patronage+timing-")
    assert str(one) == "/".join(one)
    changed = Configuration(base.scenario, base.params, overrides=("attack_cost=0.2",))
    assert changed.key() != base.key() and changed.key().changes.startswith("baseline-")


def test_the_baseline_drops_every_lever_and_override(base: Configuration) -> None:
    changed = Configuration(base.scenario, base.params, ("army",), ("attack_cost=0.2",))
    assert changed.baseline() == base


def test_a_bad_lever_or_override_is_an_input_error_naming_it(base: Configuration) -> None:
    with pytest.raises(InputError, match="unknown lever 'nope'"):
        base.with_levers(["nope"]).world()
    with pytest.raises(InputError, match="no '='"):
        Configuration(base.scenario, base.params, overrides=("attack_cost",)).world()
