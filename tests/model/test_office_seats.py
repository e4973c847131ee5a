"""Offices of several seats: each seat its own holder, filled seat by seat, powers held by each."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from pydantic import ValidationError

from builders import actor, add_actor, build, copy_of
from politburo.model.mechanisms import motions, patronage, vacancies
from politburo.scenario.schema import Scenario, cross_check


def _secretariat(data: dict[str, Any], holders: list[str], seats: int = 2) -> dict[str, Any]:
    """The minimal scenario with its secretary's office turned into a Secretariat of ``seats``."""
    out = copy_of(data)
    add_actor(out, "delta", patron="beta", bodies=("politburo", "cc"))
    add_actor(out, "epsilon", patron="alpha", bodies=("cc",))
    office = out["offices"][0]
    office.pop("holder", None)
    office.update(seats=seats, holders=holders)
    office["powers"] = [*office["powers"], "convene_plenum"]
    return out


def test_each_seat_of_an_office_has_its_own_holder_from_the_start(
    minimal_scenario_dict: dict[str, Any],
) -> None:
    world, state = build(_secretariat(minimal_scenario_dict, ["alpha", "beta"]))
    seats = world.office_seats[0]
    assert len(seats) == 2
    assert {world.office_ids[s] for s in seats} == {"secretary"}
    assert [int(state.office_holder[s]) for s in seats] == [
        actor(world, "alpha"),
        actor(world, "beta"),
    ]
    assert seats[1] in state.offices_held(actor(world, "beta"))


def test_a_one_seat_office_compiles_to_one_entry_in_the_scenarios_order(
    minimal_scenario_dict: dict[str, Any],
) -> None:
    world, _ = build(minimal_scenario_dict)
    assert world.office_ids == tuple(o["id"] for o in minimal_scenario_dict["offices"])
    assert world.office_seats == tuple((i,) for i in range(len(world.office_ids)))


def test_vacant_seats_are_filled_seat_by_seat_never_twice_by_one_man(
    minimal_scenario_dict: dict[str, Any],
) -> None:
    data = _secretariat(minimal_scenario_dict, [], seats=3)
    for a in data["actors"]:  # only two men without office: the third seat needs a holder
        if a["id"] in ("delta", "epsilon"):
            a["patron"] = None
    world, state = build(data)
    events = vacancies.fill_offices(world, state, world.body_ids.index("cc"))
    holders = [int(state.office_holder[s]) for s in world.office_seats[0]]
    assert -1 not in holders, "every seat is filled"
    assert len(set(holders)) == 3, "no man holds two seats of one office"
    assert [e.office for e in events].count("secretary") == 3


def test_every_holder_may_convene_and_appoint_but_the_office_keeps_one_flow(
    minimal_scenario_dict: dict[str, Any],
) -> None:
    world, state = build(_secretariat(minimal_scenario_dict, ["alpha", "beta"]))
    for who in ("alpha", "beta"):
        assert motions.can_convene(world, state, actor(world, who))

    class Recorder:
        """A generator that records the rate of every binomial draw."""

        def __init__(self) -> None:
            self.rates: list[float] = []
            self.inner = np.random.default_rng(0)

        def binomial(self, n: int, p: float) -> int:
            self.rates.append(p)
            return int(self.inner.binomial(n, p))

        def __getattr__(self, name: str) -> Any:
            return getattr(self.inner, name)

    rng = Recorder()
    patronage.appoint_secretaries(world, state, rng)  # type: ignore[arg-type]
    rate = world.params.appointment_rate
    assert rng.rates == pytest.approx([rate / 2, rate / 2]), "each seat places half the flow"


def test_a_wave_by_one_holder_starts_the_recruiting_interval_for_every_seat(
    minimal_scenario_dict: dict[str, Any],
) -> None:
    world, state = build(_secretariat(minimal_scenario_dict, ["alpha", "beta"]))
    alpha, beta = actor(world, "alpha"), actor(world, "beta")
    assert patronage.can_recruit(world, state, beta) >= 0
    office = patronage.can_recruit(world, state, alpha)
    patronage.recruitment_wave(world, state, alpha, office)
    assert patronage.can_recruit(world, state, beta) < 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"holder": "alpha", "holders": ["beta"]}, "not both"),
        ({"seats": 2, "holders": ["alpha", "beta", "gamma"]}, "exceed the office's 2 seats"),
        ({"seats": 2, "holders": ["alpha", "alpha"]}, "listed twice"),
    ],
)
def test_holders_must_fit_the_seats(
    minimal_scenario_dict: dict[str, Any], change: dict[str, Any], message: str
) -> None:
    data = copy_of(minimal_scenario_dict)
    data["offices"][0].pop("holder")
    data["offices"][0].update(change)
    with pytest.raises(ValidationError, match=message):
        Scenario.model_validate(data)


def test_a_city_office_has_one_seat(minimal_scenario_dict: dict[str, Any]) -> None:
    data = copy_of(minimal_scenario_dict)
    data["offices"].append(
        {"id": "mayor", "name": "Mayor", "powers": ["lead_city"], "appointed_by": "cc",
         "province": "capital", "seats": 2}
    )  # fmt: skip
    with pytest.raises(ValidationError, match="a province has one secretary"):
        Scenario.model_validate(data)


def test_an_unknown_holder_of_a_seat_is_named_with_its_place(
    minimal_scenario_dict: dict[str, Any],
) -> None:
    data = _secretariat(minimal_scenario_dict, ["alpha", "nobody"])
    found = cross_check(Scenario.model_validate(data))
    assert (("offices", 0, "holders", 1), "unknown actor 'nobody'") in found
