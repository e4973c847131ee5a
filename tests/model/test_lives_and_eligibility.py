"""Who may hold what: the dead never act or receive, and vacancies go to eligible men."""

from __future__ import annotations

from typing import Any

from politburo import simulate
from politburo.model.events import Kind
from politburo.scenario.generator import random_scenario
from politburo.scenario.schema import Power, Scenario


def _scenario() -> tuple[Scenario, str, str, str]:
    """A generated scenario where the army's commander dies in month 3.

    The first contender's camp holds the electing body; its only named member
    left has no military career, so cannot take the army. One uncommitted man
    has a military career. Returns the scenario, the army office, the dead
    man and the only eligible man.
    """
    data: dict[str, Any] = random_scenario(3, contenders=3, others=6).model_dump(mode="json")
    leader_c = "contender_1"
    army = next(o for o in data["offices"] if Power.COMMAND_ARMY.value in o["powers"])
    others = [a for a in data["actors"] if not a["contender"] and not a["leader"]]
    dead, camp_man, soldier = others[0], others[1], others[2]
    for a in data["actors"]:
        a["careers"] = []
        if not a["contender"]:
            a["patron"] = None
    dead["careers"], soldier["careers"] = ["military"], ["military"]
    camp_man["patron"] = leader_c
    army["holder"], army["requires"] = dead["id"], ["military"]
    for o in data["offices"]:  # no other office can take the soldier away first
        if o is not army:
            o["requires"] = []
    for p in data["provinces"]:
        p["secretary_patron"] = leader_c
        p["member_shares"] = {leader_c: 0.9}
    data["sources"] = {**data.get("sources", {}), "memoir": "a memoir"}
    data["camps"] = [{"leader": leader_c, "name": "the first camp", "since": "1900-01",
                      "source": "memoir"}]  # fmt: skip
    start = data["calendar"]["start"]
    year, month = (int(x) for x in start.split("-"))
    data["events"].append(
        {"month": f"{year:04d}-{month + 3:02d}" if month <= 9 else f"{year + 1:04d}-01",
         "kind": "dies", "name": "the commander dies", "actor": dead["id"], "source": "memoir"}
    )  # fmt: skip
    return Scenario.model_validate(data), army["id"], dead["id"], soldier["id"]


def test_a_dead_man_holds_and_receives_nothing_and_his_office_goes_to_an_eligible_man() -> None:
    scenario, army, dead, soldier = _scenario()
    for seed in range(5):
        run = simulate(scenario, seed=seed)
        died = next(e.step for e in run.events if e.kind is Kind.DIED and e.actor == dead)
        after = [e for e in run.events if e.step >= died]
        assert not [e for e in after if dead in (e.actor, e.target, *e.others) and e.kind
                    is not Kind.DIED], "the dead neither act nor receive"  # fmt: skip
        appointed = [e.actor for e in after if e.kind is Kind.OFFICE_APPOINTED and e.office == army]
        assert appointed, "the army's command is filled again"
        assert appointed[0] == soldier, "the camp's only man lacks the career; the soldier has it"


def test_a_camp_at_the_start_is_in_the_run_from_its_first_month() -> None:
    scenario, _, _, _ = _scenario()
    run = simulate(scenario, seed=0)
    camp_man = next(a.id for a in scenario.actors if a.patron == "contender_1")
    assert (camp_man, "contender_1", 0) in {(m, c, first) for m, c, first, _ in run.camps}


def test_the_troika_stands_allied_from_the_first_month() -> None:
    run = simulate("ussr-1924", seed=0)
    first = {(a, b) for a, b, start, _ in run.alliances if start == 0}
    assert {("kamenev", "stalin"), ("stalin", "zinoviev"), ("kamenev", "zinoviev")} <= first
