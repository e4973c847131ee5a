"""No run gives a post to the dead, the expelled, or an unrecanted member of a condemned camp."""

from __future__ import annotations

import numpy as np
import pytest

from politburo.analysis.plausibility import ineligible_appointments
from politburo.experiments.configuration import Configuration
from politburo.model.events import Event, Kind, Mechanism
from politburo.model.result import RunResult
from politburo.scenario.loading import load_params, load_scenario


def _event(step: int, kind: Kind, actor: str, **more: object) -> Event:
    mechanism = more.pop("mechanism", Mechanism.MOTION)
    return Event(
        step=step, month=f"1924-{step + 1:02d}", kind=kind, mechanism=mechanism, actor=actor,
        **more,  # type: ignore[arg-type]
    )  # fmt: skip


def _run(
    events: list[Event], camps: tuple[tuple[str, str, int, int | None], ...] = ()
) -> RunResult:
    return RunResult(
        scenario_id="tiny-v1", seed=0, interventions=(), months=tuple(f"m{i}" for i in range(12)),
        contenders=("alpha", "beta"), events=tuple(events), series={}, winner=None,
        winner_month=None, camps=camps,
    )  # fmt: skip


def test_a_post_given_to_a_dead_man_is_found() -> None:
    run = _run(
        [
            _event(1, Kind.DIED, "gamma", mechanism=Mechanism.LIVES),
            _event(3, Kind.ELECTED_TOP, "gamma", mechanism=Mechanism.CIRCULAR_FLOW),
        ]
    )
    (found,) = ineligible_appointments(run)
    assert (found.actor, found.why) == ("gamma", "he is dead")


def test_a_post_given_to_an_expelled_man_is_found_until_he_is_readmitted() -> None:
    flow = Mechanism.CIRCULAR_FLOW
    run = _run(
        [
            _event(1, Kind.EXPELLED, "beta"),
            _event(2, Kind.OFFICE_APPOINTED, "beta", office="army", mechanism=flow),
            _event(4, Kind.READMITTED, "beta"),
            _event(5, Kind.RECANTED, "beta", mechanism=Mechanism.RECANTATION),
            _event(6, Kind.OFFICE_APPOINTED, "beta", office="army", mechanism=flow),
        ]
    )
    assert [(v.month, v.why) for v in ineligible_appointments(run)] == [
        ("1924-03", "he was expelled and not readmitted")
    ]


def test_a_post_given_to_a_member_of_a_condemned_camp_is_found() -> None:
    run = _run(
        [
            _event(2, Kind.TOP_REMOVED, "beta"),
            _event(3, Kind.ELECTED_CANDIDATE, "gamma", mechanism=Mechanism.CIRCULAR_FLOW),
        ],
        camps=(("gamma", "beta", 0, None),),
    )
    (found,) = ineligible_appointments(run)
    assert found.why == "the camp of beta stands condemned"


@pytest.mark.parametrize("chunk", range(4))
def test_no_run_of_a_thousand_gives_a_post_to_the_ineligible(chunk: int) -> None:
    configuration = Configuration(load_scenario("ussr-1924"), load_params())
    seeds = np.random.SeedSequence(0).spawn(1000)[chunk * 250 : (chunk + 1) * 250]
    found = [v for seed in seeds for v in ineligible_appointments(configuration.play(seed))]
    assert found == []
