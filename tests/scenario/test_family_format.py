"""A generated scenario using the family's format passes ``check``, plays, and each feature acts.

The scenario (from the generator, then changed as data) has a Secretariat of
two seats held by two rival contenders, with the power to convene the
electing body; an electing body that sits by statute only once a year, so
that plenums must be convened; a security office with force of its own held
by a contender without restraint; and a bloc of elders who follow the army's
chief office, not a man. The test checks it through the command line and
the API, then plays the run ``check`` played and reads, month by month, what
each feature did in it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import politburo
from builders import invoke, write_yaml
from politburo.model.engine import CLOSING, Rules, run_world
from politburo.model.events import Kind
from politburo.model.state import State
from politburo.model.world import World, build_world
from politburo.scenario.generator import random_scenario
from politburo.scenario.loading import load_params
from politburo.scenario.schema import Scenario

SEED = 0
ELDERS = ("member_1", "member_2", "member_3")


def family_scenario() -> dict[str, Any]:
    """The generated scenario, changed as data to use every new part of the format."""
    data: dict[str, Any] = random_scenario(11, contenders=3, others=8, months=48).model_dump(
        mode="json", exclude_defaults=True
    )
    offices = {o["id"]: o for o in data["offices"]}
    secretariat = offices["secretary"]
    secretariat.pop("holder", None)
    secretariat.update(name="Secretariat", seats=2, holders=["contender_1", "contender_2"])
    offices["security_chief"]["holder"] = "contender_3"
    offices["army_chief"]["holder"] = "member_4"
    for a in data["actors"]:
        if a["id"] == "contender_3":  # no restraint from force, little standing
            a["traits"].update(restraint=0.0, reputation=0.2)
        if a["id"] in ("contender_1", "contender_2"):  # impatient to move against rivals
            a["traits"].update(patience=0.0, combativeness=1.0)
        if a["id"] == "member_4":
            a["patron"], a["loyalty"] = "contender_1", 0.9
        if a["id"] in ELDERS:
            a.pop("patron", None)
            a.update(follows_office="army_chief", loyalty=0.8)
    for body in data["bodies"]:
        if body["role"] == "electing":
            body["meets_every"] = 12
    return data


def _holder_camp(world: World, state: State, office: str) -> int:
    """The camp of the first living, in-party holder of ``office``'s seats, or -1."""
    for seat in world.office_seats[[o.id for o in world.scenario.offices].index(office)]:
        holder = int(state.office_holder[seat])
        if holder >= 0 and state.alive[holder] and state.in_party[holder]:
            return int(state.patron[holder])
    return -1


def test_the_family_scenario_passes_check_on_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "family.yaml"
    write_yaml(path, family_scenario())
    result = invoke("check", str(path))
    assert result.exit_code == 0, result.output
    assert "valid" in result.output


def test_each_part_of_the_family_format_acts_in_the_run_check_plays() -> None:
    scenario = Scenario.model_validate(family_scenario())
    politburo.check_scenario(scenario, seed=SEED)  # raises on any error; warnings allowed

    world = build_world(scenario, load_params())
    elders = [world.actor_ids.index(e) for e in ELDERS]
    months: list[tuple[int, list[int]]] = []

    def record(world: World, state: State, rng: np.random.Generator) -> list[Any]:
        """After every phase of the month: the army chief's camp and the elders' camps."""
        months.append((_holder_camp(world, state, "army_chief"), state.patron[elders].tolist()))
        return []

    played = run_world(world, SEED, rules=Rules(closing=(*CLOSING, record)))
    assert played.to_json() == politburo.simulate(scenario, seed=SEED).to_json(), (
        "recording draws nothing: this is the run check played"
    )
    events = played.events

    # Two secretaries in one office: both hold it, and each places men through it.
    appointing = {e.actor for e in events if e.kind is Kind.SECRETARIES_APPOINTED}
    assert {"contender_1", "contender_2"} <= appointing
    assert {e.office for e in events if e.kind is Kind.SECRETARIES_APPOINTED} == {"secretary"}

    # A plenum convened by an office holder, outside the statutory months.
    convened = [e for e in events if e.kind is Kind.PLENUM_CONVENED]
    assert convened
    assert {e.actor for e in convened} <= {"contender_1", "contender_2"}
    assert all(e.step % 12 for e in convened), "the electing body sits by statute every 12th"

    # A security office with force: its chief tries a coup, resisted by the army.
    coups = [e for e in events if e.kind is Kind.COUP]
    assert [e.actor for e in coups] == ["contender_3"]
    assert "security organs loyalty follows the commander's standing" in coups[0].reasons[1]
    assert coups[0].reasons[1].endswith("the army and guard units resist")

    # A bloc that follows an institution: every month it is in the army chief's camp.
    assert len(months) == scenario.calendar.months
    for camp, bloc in months:
        assert bloc == [camp] * len(ELDERS)
    assert any(camp >= 0 for camp, _ in months)


@pytest.mark.parametrize("seed", [1, 2])
def test_the_family_scenario_plays_on_other_seeds(seed: int) -> None:
    scenario = Scenario.model_validate(family_scenario())
    politburo.check_scenario(scenario, seed=seed)


def test_the_json_schema_holds_the_familys_fields() -> None:
    result = invoke("schema")
    assert result.exit_code == 0, result.output
    schema = json.loads(result.stdout)
    office = schema["$defs"]["Office"]["properties"]
    assert {"seats", "holders", "promotes_from"} <= set(office)
    assert "follows_office" in schema["$defs"]["Actor"]["properties"]
    assert "command_guard" in schema["$defs"]["Power"]["enum"]
