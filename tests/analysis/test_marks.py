"""A run told against the record: each event marked, the missing ones listed."""

from __future__ import annotations

from builders import invoke
from politburo.analysis.facts import Fact
from politburo.analysis.scoring import Target, mark_against


def _target() -> Target:
    record = [
        Fact("office_removed", "b", "army", 12),
        Fact("top_removed", "b", "", 30),
        Fact("expelled", "b", "", 46),
    ]
    return Target.build(record, "a", ["a", "b"], [], 84)


def test_first_matching_event_is_marked_early_late_or_as_in_history() -> None:
    facts_by_event = [
        [],
        [Fact("office_removed", "b", "army", 5)],  # 7 months early
        [Fact("top_removed", "b", "", 30)],  # as in history
        [Fact("top_removed", "b", "", 31)],  # a second time: not marked
    ]
    marks, _ = mark_against(facts_by_event, _target())
    assert marks == {1: "7 months early", 2: "as in history"}


def test_one_month_off_reads_in_the_singular() -> None:
    marks, _ = mark_against([[Fact("top_removed", "b", "", 31)]], _target())
    assert marks == {0: "1 month late"}


def test_recorded_events_that_never_happen_are_listed_in_record_order() -> None:
    _, missing = mark_against([[Fact("top_removed", "b", "", 30)]], _target())
    assert missing == [(("office_removed", "b", "army"), 12), (("expelled", "b", ""), 46)]


def test_run_with_a_record_marks_events_and_lists_what_did_not_happen() -> None:
    result = invoke("run", "ussr-1924", "--seed", "3", "--record", "ussr-1922-1930")
    assert result.exit_code == 0
    assert "Recorded events that did not happen in this run" in result.stdout
    assert any(word in result.stdout for word in ("early", "late", "as in history"))
