"""Alliance episodes (``politburo.analysis.episodes``), every rule worked by hand.

The small calendar below starts in 1924-01 and runs 48 months (to 1927-12),
with congresses in months 4 and 23; spells are written out directly, so each
criterion can be checked with pencil and paper against the module docstring.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pytest

from builders import record_row
from politburo.analysis.episodes import (
    EPISODE_WINDOW,
    Check,
    Episode,
    EpisodeGroup,
    Spell,
    check_episode,
    check_run,
    congress_months,
    pair_spells,
    record_episodes,
    scenario_episodes,
    tally_episodes,
)
from politburo.analysis.record import RecordEvent, load_record
from politburo.scenario.loading import load_scenario

START = "1924-01"
MONTHS = 48
CONGRESSES = (4, 23)
CONTENDERS = ("alpha", "beta", "gamma", "delta")


def episodes_of(*rows: RecordEvent, months: int = MONTHS) -> tuple[EpisodeGroup, ...]:
    return record_episodes(rows, CONTENDERS, start=START, months=months, congresses=CONGRESSES)


def episode(formed: int | None, broken: int | None, congresses: Sequence[int] = ()) -> Episode:
    """An episode of alpha and beta in the 48-month calendar."""
    return Episode(
        allies=("alpha", "beta"),
        names=("Alpha", "Beta"),
        formed=formed,
        broken=broken,
        congresses=tuple(congresses),
        formed_on="",
        broken_on=None,
        end=MONTHS - 1,
    )


def pair(a: str, b: str) -> frozenset[str]:
    return frozenset((a, b))


# --------------------------------------------------------------------------- from a record


def test_a_formation_before_the_start_stands_at_the_start() -> None:
    (group,) = episodes_of(record_row("1922-12", "alliance_formed", "Alpha", ("Beta",)))
    (only,) = group.episodes
    assert (group.formed, group.formed_on, only.formed, only.broken) == (
        None,
        "1922-12",
        None,
        None,
    )
    # Never broken: every congress of the calendar lies between.
    assert only.congresses == (4, 23)
    assert only.span == "standing at the start (formed 1922-12) to the end, never broken"


def test_a_group_gives_an_episode_per_pair_each_with_its_own_break() -> None:
    (group,) = episodes_of(
        record_row("1922-12", "alliance_formed", "Alpha", ("Beta", "Gamma")),
        record_row("1925-09", "alliance_broken", "Alpha", ("Beta", "Gamma")),
    )
    assert (
        group.label
        == "Alpha, Beta, Gamma (standing at the start): Alpha–Beta, Alpha–Gamma, Beta–Gamma"
    )
    # 1925-09 is month 20; between the start and it lies the congress of month 4 only.
    assert [(e.allies, e.formed, e.broken, e.congresses) for e in group.episodes] == [
        (("alpha", "beta"), None, 20, (4,)),
        (("alpha", "gamma"), None, 20, (4,)),
        (("beta", "gamma"), None, None, (4, 23)),
    ]
    assert group.episodes[0].span == "standing at the start (formed 1922-12) to 1925-09"


def test_congresses_count_strictly_between_formation_and_break() -> None:
    # Formed in month 4 (a congress month), broken in month 23 (another): neither counts.
    (group,) = episodes_of(
        record_row("1924-05", "alliance_formed", "Alpha", ("Beta",)),
        record_row("1925-12", "alliance_broken", "Beta", ("Alpha",)),
    )
    assert [(e.formed, e.broken, e.congresses) for e in group.episodes] == [(4, 23, ())]


def test_restating_a_standing_pair_opens_no_episode_and_its_group_lists_the_new_pairs() -> None:
    groups = episodes_of(
        record_row("1922-12", "alliance_formed", "Alpha", ("Beta", "Gamma")),
        record_row("1925-09", "alliance_broken", "Alpha", ("Beta", "Gamma")),
        record_row("1926-04", "alliance_formed", "Delta", ("Beta", "Gamma")),  # month 27
        record_row("1927-12", "alliance_broken", "Delta", ("Beta", "Gamma")),  # month 47
    )
    assert [e.label for e in groups[1].episodes] == ["Delta–Beta", "Delta–Gamma"]
    assert {(e.formed, e.broken) for e in groups[1].episodes} == {(27, 47)}
    # Beta and Gamma stay allied from the first group: never broken.
    assert groups[0].episodes[2].broken is None


def test_a_pair_formed_again_after_a_break_is_a_second_episode() -> None:
    groups = episodes_of(
        record_row("1924-03", "alliance_formed", "Alpha", ("Beta",)),
        record_row("1924-08", "alliance_broken", "Alpha", ("Beta",)),
        record_row("1925-02", "alliance_formed", "Beta", ("Alpha",)),
    )
    assert [(e.allies, e.formed, e.broken) for g in groups for e in g.episodes] == [
        (("alpha", "beta"), 2, 7),
        (("beta", "alpha"), 13, None),
    ]


def test_alliances_outside_the_calendar_are_no_episodes_and_late_breaks_are_never() -> None:
    groups = episodes_of(
        record_row("1922-12", "alliance_formed", "Alpha", ("Beta",)),
        record_row("1923-06", "alliance_broken", "Alpha", ("Beta",)),  # broken before the start
        record_row("1923-09", "alliance_formed", "Gamma", ("Delta",)),
        record_row("1924-01", "alliance_broken", "Gamma", ("Delta",)),  # not allied in month 0
        record_row("1925-01", "alliance_formed", "Alpha", ("Gamma",)),
        record_row("1928-02", "alliance_formed", "Beta", ("Delta",)),  # after 1927-12, the end
        record_row("1928-03", "alliance_broken", "Alpha", ("Gamma",)),  # after the end
    )
    ((only,),) = [g.episodes for g in groups]
    assert (only.allies, only.formed, only.broken, only.broken_on) == (
        ("alpha", "gamma"),
        12,
        None,
        None,
    )


def test_pairs_with_a_man_who_is_not_a_contender_are_no_episodes() -> None:
    (group,) = episodes_of(
        record_row("1926-04", "alliance_formed", "Alpha", ("Beta", "Krupskaya")),
    )
    assert group.names == ("Alpha", "Beta", "Krupskaya")
    assert [e.allies for e in group.episodes] == [("alpha", "beta")]


def test_names_resolve_through_the_resolver_given() -> None:
    (group,) = record_episodes(
        [record_row("1925-01", "alliance_formed", "Lev Alphaev", ("Betaev",))],
        CONTENDERS,
        start=START,
        months=MONTHS,
        resolve={"Lev Alphaev": "alpha", "Betaev": "beta"}.__getitem__,
    )
    assert group.episodes[0].allies == ("alpha", "beta")
    assert group.episodes[0].names == ("Lev Alphaev", "Betaev")


# --------------------------------------------------------------------------- the bundled record


def test_the_bundled_record_yields_the_episodes_of_the_story() -> None:
    ussr = load_scenario("ussr-1924")
    groups = scenario_episodes(ussr, load_record("ussr-1922-1930"))
    # Months from 1924-01: 1925-09 is 20, 1926-04 27, 1927-12 47, 1928-11 58; the
    # congresses sit in months 4 (1924-05), 23 (1925-12), 47 (1927-12) and 77 (1930-06).
    assert [[(e.label, e.formed, e.broken, e.congresses) for e in g.episodes] for g in groups] == [
        [  # the triumvirate, standing at the start
            ("Stalin–Zinoviev", None, 20, (4,)),
            ("Stalin–Kamenev", None, 20, (4,)),
            ("Zinoviev–Kamenev", None, None, (4, 23, 47, 77)),
        ],
        [  # Stalin with the Right
            ("Stalin–Bukharin", 20, 58, (23, 47)),
            ("Stalin–Rykov", 20, 58, (23, 47)),
            ("Stalin–Tomsky", 20, 58, (23, 47)),
            ("Bukharin–Rykov", 20, None, (23, 47, 77)),
            ("Bukharin–Tomsky", 20, None, (23, 47, 77)),
            ("Rykov–Tomsky", 20, None, (23, 47, 77)),
        ],
        [  # the United Opposition (the 15th Congress sits in its month of break)
            ("Trotsky–Zinoviev", 27, 47, ()),
            ("Trotsky–Kamenev", 27, 47, ()),
        ],
    ]
    assert groups[0].label == (
        "Stalin, Zinoviev, Kamenev (standing at the start): "
        "Stalin–Zinoviev, Stalin–Kamenev, Zinoviev–Kamenev"
    )
    assert groups[0].episodes[0].allies == ("stalin", "zinoviev")
    assert "triumvirate" in groups[0].note


def test_congress_months_are_the_scheduled_congresses_counted_from_the_start() -> None:
    assert congress_months(load_scenario("ussr-1924")) == (4, 23, 47, 77)


# --------------------------------------------------------------------------- (a) formed


@pytest.mark.parametrize(
    ("first", "met"),
    [(14, True), (20, True), (26, True), (13, False), (27, False)],
)
def test_formed_means_a_spell_begins_within_the_window_of_the_formation(
    first: int, met: bool
) -> None:
    assert EPISODE_WINDOW == 6
    # Formed in month 20: a spell must begin in months 14-26.
    assert check_episode(episode(20, None), [(first, None)]).formed is met


def test_allied_since_long_before_the_formation_is_not_forming_it() -> None:
    assert check_episode(episode(20, None), [(0, None)]).formed is False
    # ...unless the pair breaks and allies again inside the window.
    assert check_episode(episode(20, None), [(0, 9), (18, None)]).formed is True


@pytest.mark.parametrize(
    ("spells", "met"),
    [([(0, 12)], True), ([(0, None)], True), ([(1, 12)], False), ([], False)],
)
def test_standing_at_the_start_means_allied_in_the_first_month(
    spells: list[Spell], met: bool
) -> None:
    assert check_episode(episode(None, 20), spells).formed is met


# --------------------------------------------------------------------------- (b) held


def test_held_means_allied_at_every_congress_between() -> None:
    e = episode(2, 30, congresses=(4, 23))
    assert check_episode(e, [(2, 29)]).held is True
    assert check_episode(e, [(2, 10), (20, 29)]).held is True  # a gap between congresses
    assert check_episode(e, [(2, 10), (24, 29)]).held is False  # out at the congress of 23
    assert check_episode(e, [(5, 29)]).held is False  # not yet allied at 4


def test_held_is_true_when_no_congress_lies_between() -> None:
    assert check_episode(episode(27, 47), []).held is True


# --------------------------------------------------------------------------- (c) broke


@pytest.mark.parametrize(
    ("last", "met"),
    [(13, True), (19, True), (25, True), (12, False), (26, False), (None, False)],
)
def test_broke_means_the_month_after_the_last_allied_falls_in_the_window(
    last: int | None, met: bool
) -> None:
    # Broken in month 20: the month after the last allied month must be in 14-26.
    assert check_episode(episode(None, 20), [(0, last)]).broke is met


def test_any_spell_may_carry_the_break() -> None:
    assert check_episode(episode(None, 20), [(0, 5), (8, 18)]).broke is True


@pytest.mark.parametrize(
    ("spells", "met"),
    [([(10, None)], True), ([(10, MONTHS - 1)], True), ([(10, 46)], False), ([], False)],
)
def test_never_broken_means_still_allied_at_the_calendars_end(
    spells: list[Spell], met: bool
) -> None:
    assert check_episode(episode(5, None), spells).broke is met


def test_a_spell_lasting_to_the_calendars_end_is_no_break() -> None:
    # Broken in month 44 in the record; allied to month 47, the last: not broken.
    assert check_episode(episode(30, 44), [(30, MONTHS - 1)]).broke is False


# --------------------------------------------------------------------------- (d) and runs


def test_whole_needs_all_three() -> None:
    e = episode(20, 40, congresses=(23,))
    assert check_episode(e, [(18, 42)]) == Check(formed=True, held=True, broke=True)
    assert check_episode(e, [(18, 42)]).whole is True
    assert check_episode(e, [(18, 21), (25, 42)]).whole is False  # out at the congress


def test_a_run_without_the_pair_meets_only_the_vacuous_criterion() -> None:
    (group,) = episodes_of(
        record_row("1926-04", "alliance_formed", "Alpha", ("Beta",)),
        record_row("1927-06", "alliance_broken", "Alpha", ("Beta",)),
    )
    assert check_run([group], {}) == ((Check(formed=False, held=True, broke=False),),)


def test_tally_counts_each_criterion_per_episode_per_group_and_over_the_record() -> None:
    groups = episodes_of(
        record_row("1922-12", "alliance_formed", "Alpha", ("Beta", "Gamma")),
        record_row("1925-09", "alliance_broken", "Alpha", ("Beta", "Gamma")),  # month 20
        record_row("1926-04", "alliance_formed", "Delta", ("Alpha",)),  # month 27
    )
    ab, ag, bg = pair("alpha", "beta"), pair("alpha", "gamma"), pair("beta", "gamma")
    ad = pair("alpha", "delta")
    story = {ab: [(0, 19)], ag: [(0, 21)], bg: [(0, None)], ad: [(25, None)]}
    no_triumvirate_end = {ab: [(0, None)], ag: [(0, 21)], bg: [(0, None)], ad: [(25, None)]}
    late_delta = {ab: [(0, 19)], ag: [(0, 21)], bg: [(0, None)], ad: [(40, None)]}
    summary = tally_episodes(groups, [story, no_triumvirate_end, late_delta])
    assert summary.runs == 3
    first, second = summary.groups
    # Alpha-Beta: allied in month 0 in all three; held at congress 4 in all three; broke in
    # 14-26 in runs 1 and 3 (the month after 19 is 20); whole in runs 1 and 3.
    assert first.episodes[0].shares() == pytest.approx(
        {"formed": 1.0, "held": 1.0, "broke": 2 / 3, "whole": 2 / 3}
    )
    assert first.whole == 2  # runs 1 and 3 tell the whole triumvirate
    # Alpha-Delta formed in 27: runs 1 and 2 (25), not run 3 (40); allied at the end in all.
    assert (second.episodes[0].formed, second.episodes[0].broke) == (2, 3)
    assert second.whole == 2
    assert summary.every == 1  # run 1 alone tells both groups
    assert summary.every_share == pytest.approx(1 / 3)


def test_tally_of_no_runs_has_undefined_shares() -> None:
    groups = episodes_of(record_row("1925-01", "alliance_formed", "Alpha", ("Beta",)))
    summary = tally_episodes(groups, [])
    assert summary.runs == 0
    assert math.isnan(summary.every_share)
    assert all(math.isnan(v) for v in summary.groups[0].episodes[0].shares().values())


def test_a_record_without_alliances_is_told_by_every_run() -> None:
    summary = tally_episodes((), [{}, {}])
    assert (summary.groups, summary.every, summary.every_share) == ((), 2, 1.0)


# --------------------------------------------------------------------------- spells from a matrix


def test_spells_are_a_pairs_runs_of_allied_months_either_cell_counting() -> None:
    allied = np.zeros((6, 3, 3), dtype=bool)
    allied[0:2, 0, 1] = allied[0:2, 1, 0] = True  # a and b in months 0-1
    allied[4:6, 0, 1] = allied[4:6, 1, 0] = True  # and again from 4 to the end
    allied[2:4, 2, 1] = True  # b and c in months 2-3, one cell only
    assert pair_spells(allied, ["a", "b", "c"]) == {
        pair("a", "b"): [(0, 1), (4, None)],
        pair("b", "c"): [(2, 3)],
    }


def test_spells_from_a_matrix_of_the_wrong_shape_are_refused() -> None:
    with pytest.raises(
        ValueError, match=r"expected a months x 3 x 3 matrix, got shape \(6, 2, 2\)"
    ):
        pair_spells(np.zeros((6, 2, 2), dtype=bool), ["a", "b", "c"])


def test_spells_from_a_matrix_feed_the_checks() -> None:
    # Stalin-Zinoviev standing at the start, broken in month 20 (allied in months 0-19).
    allied = np.zeros((84, 2, 2), dtype=bool)
    allied[:20, 0, 1] = True
    spells = pair_spells(allied, ["stalin", "zinoviev"])
    groups = scenario_episodes(load_scenario("ussr-1924"), load_record("ussr-1922-1930"))
    stalin_zinoviev = groups[0].episodes[0]
    assert check_episode(stalin_zinoviev, spells[stalin_zinoviev.pair]).whole is True
