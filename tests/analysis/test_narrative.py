"""The narrative tells a run month by month, in order, with its reasons."""

from __future__ import annotations

import pytest

from politburo.analysis.narrative import month_title, narrate, verdict
from politburo.model.engine import run_world
from politburo.model.result import RunResult
from politburo.model.world import build_world
from politburo.scenario.loading import load_params, load_scenario
from politburo.scenario.schema import Scenario


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load_scenario("ussr-1924")


@pytest.fixture(scope="module")
def run(scenario: Scenario) -> RunResult:
    return run_world(build_world(scenario, load_params()), 7)


def test_chapters_follow_the_calendar(run: RunResult, scenario: Scenario) -> None:
    months = [chapter.month for chapter in narrate(run, scenario)]
    assert months == sorted(months)
    assert months[0] == scenario.calendar.start


def test_month_titles_read_as_words() -> None:
    assert month_title("1924-01") == "January 1924"
    assert month_title("1929-11") == "November 1929"


def test_secretaries_placed_are_told_once_when_a_congress_opens(
    run: RunResult, scenario: Scenario
) -> None:
    for chapter in narrate(run, scenario):
        kinds = [line.kind for line in chapter.lines]
        if "secretaries_appointed" in kinds:
            opening = kinds.index("secretaries_appointed") + 1
            assert chapter.lines[opening].kind == "congress"
            assert "provincial secretar" in chapter.lines[opening - 1].text  # one or several


def test_every_line_names_its_mechanism(run: RunResult, scenario: Scenario) -> None:
    for chapter in narrate(run, scenario):
        assert all(line.mechanism for line in chapter.lines)


def test_the_verdict_names_the_winner_and_month_or_says_none(
    run: RunResult, scenario: Scenario
) -> None:
    text = verdict(run, scenario)
    if run.winner is None:
        assert text.startswith("No winner")
    else:
        name = next(a.name for a in scenario.actors if a.id == run.winner)
        assert name in text
        assert month_title(run.winner_month or "") in text


def test_one_secretary_placed_is_told_in_the_singular() -> None:
    from politburo.analysis.narrative import _secretaries

    assert _secretaries(1) == "1 provincial secretary"
    assert _secretaries(3) == "3 provincial secretaries"
