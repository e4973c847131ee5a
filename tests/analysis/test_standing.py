"""Where things stand at a month: the alliances and camps read off a run's spells."""

from __future__ import annotations

from politburo.analysis.standing import alliances_at, camps_at
from politburo.model.result import AllianceSpell, CampSpell, RunResult


def _run(alliances: tuple[AllianceSpell, ...] = (), camps: tuple[CampSpell, ...] = ()) -> RunResult:
    return RunResult(
        scenario_id="toy",
        seed=0,
        interventions=(),
        months=("1924-01", "1924-02", "1924-03", "1924-04"),
        contenders=("a", "b", "c"),
        events=(),
        series={},
        winner=None,
        winner_month=None,
        alliances=alliances,
        camps=camps,
    )


def test_an_alliance_holds_from_its_first_to_its_last_month_or_to_the_end() -> None:
    run = _run(alliances=(("a", "b", 0, 1), ("b", "c", 2, None)))
    assert alliances_at(run, 0) == [("a", "b")]
    assert alliances_at(run, 1) == [("a", "b")]
    assert alliances_at(run, 2) == [("b", "c")]
    assert alliances_at(run, 3) == [("b", "c")]


def test_a_pair_allied_again_is_allied_in_each_spell_and_not_between() -> None:
    run = _run(alliances=(("a", "c", 0, 0), ("a", "c", 2, 2)))
    assert [alliances_at(run, m) for m in range(4)] == [[("a", "c")], [], [("a", "c")], []]


def test_a_camp_lists_its_members_while_they_follow_its_leader() -> None:
    run = _run(camps=(("y", "a", 0, None), ("x", "a", 1, None), ("z", "b", 0, 1), ("z", "a", 2, 3)))
    assert camps_at(run, 0) == {"a": ["y"], "b": ["z"]}
    assert camps_at(run, 1) == {"a": ["x", "y"], "b": ["z"]}
    assert camps_at(run, 2) == {"a": ["x", "y", "z"]}
