"""Scoring runs against a record (``politburo.analysis.scoring``), every figure worked by hand.

Facts are written out directly, so each timing error, false event, tau and
fidelity component below can be checked against the formula in the module
docstring with pencil and paper; the comments do the arithmetic.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pytest

from politburo.analysis.facts import Fact, record_facts, run_facts
from politburo.analysis.record import load_record
from politburo.analysis.scoring import (
    TARGET_KINDS,
    RunScore,
    Target,
    kendall_tau_b,
    proportion,
    score_run,
    seat_loss_order,
    summarise,
)
from politburo.model.events import Event, Kind, Mechanism
from politburo.model.result import RunResult
from politburo.scenario.loading import load_scenario
from politburo.scenario.schema import month_label

HORIZON = 48  # months in the hand-made calendars below


def top(actor: str, month: int) -> Fact:
    return Fact("top_removed", actor, "", month)


def vote(month: int, share: float, actor: str = "alpha") -> Fact:
    return Fact("congress_vote", actor, "", month, share)


def target(
    record: Sequence[Fact],
    *,
    winner: str | None = "alpha",
    contenders: Sequence[str] = ("alpha", "beta", "gamma"),
    key_events: Sequence[tuple[str, str, str]] = (),
    since: int = 0,
) -> Target:
    return Target.build(record, winner, contenders, key_events, HORIZON, since=since)


def wilson(successes: int, trials: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """The Wilson score interval, from its textbook formula."""
    p = successes / trials
    centre = (p + z * z / (2 * trials)) / (1 + z * z / trials)
    half = z / (1 + z * z / trials) * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials**2))
    return centre - half, centre + half


# --------------------------------------------------------------------------- Kendall's tau-b


def test_tau_b_of_the_same_order_is_one() -> None:
    assert kendall_tau_b([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)


def test_tau_b_of_the_reversed_order_is_minus_one() -> None:
    assert kendall_tau_b([1, 2, 3, 4], [40, 30, 20, 10]) == pytest.approx(-1.0)


def test_tau_b_with_a_tie_on_one_side() -> None:
    # a = [1, 2, 2, 3], b = [1, 2, 3, 4]: of the 6 pairs, 5 are concordant and
    # (1, 2) is tied in a only. tau_b = (5 - 0) / sqrt((6 - 1) * (6 - 0)) = 5 / sqrt(30).
    assert kendall_tau_b([1, 2, 2, 3], [1, 2, 3, 4]) == pytest.approx(5 / math.sqrt(30))
    assert kendall_tau_b([1, 2, 2, 3], [1, 2, 3, 4]) == pytest.approx(0.91287, abs=1e-5)


def test_tau_b_with_the_same_pair_tied_on_both_sides() -> None:
    # a = [1, 2, 3, 3], b = [2, 1, 3, 3]: (0, 1) discordant, (2, 3) tied on both
    # sides, the 4 others concordant. tau_b = (4 - 1) / sqrt(5 * 5) = 0.6.
    assert kendall_tau_b([1, 2, 3, 3], [2, 1, 3, 3]) == pytest.approx(0.6)


def test_tau_b_is_undefined_when_one_side_is_all_tied() -> None:
    assert math.isnan(kendall_tau_b([48, 48, 48], [1, 2, 3]))
    assert math.isnan(kendall_tau_b([1, 2, 3], [5, 5, 5]))


def test_seat_loss_order_puts_contenders_who_never_lose_at_the_horizon() -> None:
    facts = [top("beta", 10), top("beta", 30), Fact("expelled", "gamma", "", 5)]
    # beta first lost his seat in month 10; alpha and gamma never (expulsion is not a seat loss).
    assert seat_loss_order(facts, ["alpha", "beta", "gamma"], HORIZON) == [48, 10, 48]


# --------------------------------------------------------------------------- targets


def test_target_keeps_only_target_kinds_inside_the_calendar() -> None:
    record = [
        Fact("expelled", "gamma", "", -3),  # before the start: context
        top("beta", 0),
        Fact("office_appointed", "alpha", "secretary", 2),  # not a target kind
        Fact("doctrine_published", "alpha", "one_country", 3),  # not a target kind
        top("beta", 6),  # the same key again: the first month stands
        vote(12, 0.9),  # a vote, not an event
        Fact("exiled", "gamma", "", 47),  # the last month of the calendar
        Fact("deported", "gamma", "", 48),  # one past the end
    ]
    t = target(record)
    assert t.events == {("top_removed", "beta", ""): 0, ("exiled", "gamma", ""): 47}
    assert set(k for k, _, _ in t.events) <= TARGET_KINDS
    assert t.votes == {12: 0.9}
    assert t.horizon == 48


def test_target_knows_every_sanction_in_the_record_at_any_date() -> None:
    record = [
        Fact("expelled", "gamma", "", -3),
        top("beta", 6),
        Fact("deported", "gamma", "", 60),
        Fact("recanted", "beta", "", 7),  # not a sanction
        Fact("office_removed", "alpha", "secretary", -20),
    ]
    t = target(record)
    assert t.sanctioned == {
        ("expelled", "gamma"),
        ("top_removed", "beta"),
        ("deported", "gamma"),
        ("office_removed", "alpha"),
    }


def test_target_from_a_later_month_drops_earlier_events_and_key_events() -> None:
    record = [top("beta", 5), top("gamma", 20), Fact("expelled", "gamma", "", 30), vote(12, 0.9)]
    keys = [("top_removed", "beta", ""), ("expelled", "gamma", "")]
    t = target(record, key_events=keys, since=20)
    assert t.events == {("top_removed", "gamma", ""): 20, ("expelled", "gamma", ""): 30}
    assert t.key_events == (("expelled", "gamma", ""),)
    assert t.votes == {}  # the vote of month 12 is before month 20
    assert ("top_removed", "beta") in t.sanctioned


def test_target_drops_key_events_the_record_does_not_have() -> None:
    keys = [("top_removed", "beta", ""), ("coup", "alpha", "")]
    t = target([top("beta", 5)], key_events=keys)
    assert t.key_events == (("top_removed", "beta", ""),)


# --------------------------------------------------------------------------- one run


RECORD = [
    Fact("office_removed", "beta", "army_chief", 5),
    top("beta", 10),
    vote(12, 0.9),
    top("gamma", 20),
    Fact("expelled", "gamma", "", 30),
]
KEYS = [("top_removed", "beta", ""), ("expelled", "gamma", "")]


def test_timing_errors_are_the_run_month_minus_the_record_month() -> None:
    run = [top("gamma", 14), top("beta", 16), top("beta", 2 + 16)]
    score = score_run(run, "alpha", target(RECORD, key_events=KEYS))
    # beta: 16 - 10 = +6 (his second removal does not count); gamma: 14 - 20 = -6.
    # Neither the office (not removed in the run) nor the expulsion happened: no error.
    assert score.errors == {("top_removed", "beta", ""): 6, ("top_removed", "gamma", ""): -6}


def test_an_office_removal_matches_only_the_same_office() -> None:
    run = [Fact("office_removed", "beta", "secretary", 5)]
    score = score_run(run, "alpha", target(RECORD))
    assert score.errors == {}
    assert score.false_events == ()  # beta did lose an office in the record


def test_false_events_are_sanctions_of_contenders_who_never_suffered_that_kind() -> None:
    run = [
        Fact("exiled", "beta", "", 18),  # beta is never exiled in the record: false
        Fact("expelled", "alpha", "", 40),  # alpha is never sanctioned: false
        Fact("expelled", "alpha", "", 41),  # the same sanction again counts once
        Fact("expelled", "delta", "", 3),  # delta is no contender: not counted
        Fact("office_removed", "beta", "secretary", 2),  # beta lost an office in the record
        Fact("expelled", "gamma", "", 2),  # gamma was expelled in the record, if later
        Fact("recanted", "alpha", "", 4),  # not a sanction
    ]
    score = score_run(run, "alpha", target(RECORD))
    assert score.false_events == (("exiled", "beta", ""), ("expelled", "alpha", ""))
    assert score.components["N"] == pytest.approx(1 / 3)  # 1 / (1 + 2)


def test_a_failed_coup_counts_against_the_plotter() -> None:
    # A failed coup arrests the plotter: others = (the plotter,).
    run = _run(_event(30, Kind.COUP, actor="alpha", others=("alpha",)))
    score = score_run(run_facts(run), None, target(RECORD))
    assert score.false_events == (("coup", "alpha", ""),)


def test_a_successful_coup_counts_against_the_rivals_it_arrests_not_the_plotter() -> None:
    # coup.stage_coup: on success others = the rivals arrested, on failure (the plotter,).
    run = _run(_event(30, Kind.COUP, actor="alpha", others=("beta", "gamma")))
    score = score_run(run_facts(run), "alpha", target(RECORD))
    # Neither beta nor gamma suffered a coup in the record: two false events, N = 1/3.
    assert score.false_events == (("coup", "beta", ""), ("coup", "gamma", ""))


def test_tau_compares_seat_loss_orders_with_never_losers_tied_last() -> None:
    contenders = ("alpha", "beta", "gamma", "delta")
    t = target([top("beta", 10), top("gamma", 20)], contenders=contenders)
    score = score_run([top("gamma", 5), top("beta", 30)], "alpha", t)
    # run = [48, 30, 5, 48], record = [48, 10, 20, 48] (alpha, beta, gamma, delta).
    # Pairs: (a,b) C, (a,g) C, (a,d) tied both, (b,g) D, (b,d) C, (g,d) C.
    # tau_b = (4 - 1) / sqrt((6 - 1) * (6 - 1)) = 0.6; O = (0.6 + 1) / 2 = 0.8.
    assert score.tau == pytest.approx(0.6)
    assert score.components["O"] == pytest.approx(0.8)


def test_tau_undefined_when_no_one_loses_a_seat_gives_half_credit_for_order() -> None:
    score = score_run([], "alpha", target(RECORD))
    assert math.isnan(score.tau)  # the run's order is all tied at the horizon
    assert score.components["O"] == 0.5


def test_vote_shares_are_matched_by_month() -> None:
    t = target(RECORD)
    run = [vote(11, 0.5), vote(12, 0.8, actor="beta"), vote(30, 0.7)]
    score = score_run(run, "alpha", t)
    # Only month 12 has a recorded vote: 1 - |0.8 - 0.9| / 0.25 = 0.6.
    assert score.vote_shares == {12: 0.8}
    assert score.components["V"] == pytest.approx(0.6)


def test_a_recorded_vote_the_run_does_not_hold_earns_nothing() -> None:
    score = score_run([vote(13, 0.9)], "alpha", target(RECORD))
    assert score.vote_shares == {}
    assert score.components["V"] == 0.0


def test_a_vote_far_off_earns_nothing_rather_than_a_negative_credit() -> None:
    score = score_run([vote(12, 0.5)], "alpha", target(RECORD))
    assert score.components["V"] == 0.0  # max(0, 1 - 0.4 / 0.25)


def test_one_key_event_six_months_late_gives_e_of_exp_minus_half() -> None:
    t = target(RECORD, key_events=[("top_removed", "beta", "")])
    score = score_run([top("beta", 16)], "alpha", t)
    assert score.components["E"] == pytest.approx(math.exp(-0.5))  # exp(-6 / 12)


def test_an_early_key_event_is_credited_like_a_late_one() -> None:
    t = target(RECORD, key_events=[("top_removed", "beta", "")])
    early = score_run([top("beta", 4)], "alpha", t).components["E"]
    assert early == pytest.approx(math.exp(-0.5))  # |4 - 10| = 6


def test_a_key_event_that_does_not_happen_earns_nothing() -> None:
    t = target(RECORD, key_events=KEYS)
    score = score_run([top("beta", 10)], "alpha", t)
    assert score.components["E"] == pytest.approx(0.5)  # mean(exp(0), 0)


@pytest.mark.parametrize(
    ("run_winner", "record_winner", "w"),
    [("alpha", "alpha", 1.0), ("beta", "alpha", 0.0), (None, "alpha", 0.0), (None, None, 1.0)],
)
def test_winner_component(run_winner: str | None, record_winner: str | None, w: float) -> None:
    score = score_run([], run_winner, target(RECORD, winner=record_winner))
    assert score.won is (w == 1.0)
    assert score.components["W"] == w


def test_fidelity_is_the_mean_of_the_five_components_worked_by_hand() -> None:
    t = target(RECORD, key_events=KEYS)
    run = [
        top("gamma", 14),
        top("beta", 16),
        vote(12, 0.8),
        Fact("exiled", "beta", "", 18),
        Fact("expelled", "alpha", "", 40),
    ]
    score = score_run(run, "alpha", t)
    # W = 1 (alpha won, as in the record).
    # E = mean(exp(-|16 - 10| / 12), 0 for the expulsion that never happens) = exp(-0.5) / 2.
    # O: run [alpha 48, beta 16, gamma 14], record [48, 10, 20]: pairs (a,b) C,
    #    (a,g) C, (b,g) D; tau = (2 - 1) / 3 = 1/3, O = (1/3 + 1) / 2 = 2/3.
    # N = 1 / (1 + 2): beta's exile and alpha's expulsion are not in the record.
    # V = 1 - |0.8 - 0.9| / 0.25 = 0.6.
    expected = {"W": 1.0, "E": math.exp(-0.5) / 2, "O": 2 / 3, "N": 1 / 3, "V": 0.6}
    assert score.components == pytest.approx(expected)
    assert score.tau == pytest.approx(1 / 3)
    assert score.fidelity == pytest.approx((2.6 + math.exp(-0.5) / 2) / 5)
    assert score.fidelity == pytest.approx(0.58065, abs=1e-5)


def test_a_run_replaying_the_record_scores_full_fidelity() -> None:
    t = target(RECORD, key_events=KEYS)
    score = score_run(RECORD, "alpha", t)
    assert score.components == {"W": 1.0, "E": 1.0, "O": 1.0, "N": 1.0, "V": 1.0}
    assert score.fidelity == 1.0


def test_a_run_replaying_the_record_keeps_full_order_credit_from_a_later_start() -> None:
    t = target(RECORD, key_events=KEYS, since=15)
    score = score_run(RECORD, "alpha", t)
    # Record order from month 15: [alpha 48, beta 48 (lost in month 10), gamma 20];
    # the run's: [48, 10, 20]; tau = 0 (1 concordant, 1 discordant) so O = 0.5, not 1.
    assert score.components["O"] == 1.0


def test_the_bundled_records_alliance_groups_are_scored_pair_by_pair() -> None:
    ussr = load_scenario("ussr-1924")
    facts = record_facts(load_record("ussr-1922-1930"), ussr)
    contenders = [a.id for a in ussr.actors if a.contender]
    keys = [("alliance_broken", "stalin", "zinoviev"), ("alliance_broken", "kamenev", "stalin")]
    t = Target.build(facts, "stalin", contenders, keys, ussr.calendar.months)
    # Each pair of a group row is its own target (1925-09 is month 20, 1928-11 month 58);
    # the triumvirate, formed before the start, is context, not a timed target.
    assert t.key_events == tuple(keys)
    assert t.events[("alliance_formed", "rykov", "tomsky")] == 20
    assert t.events[("alliance_broken", "stalin", "tomsky")] == 58
    assert ("alliance_formed", "kamenev", "zinoviev") not in t.events
    # Tomsky's loss of the trade unions is in the record: never an invented sanction.
    assert ("office_removed", "tomsky") in t.sanctioned
    # A run replaying the record inside the calendar scores full fidelity, as before.
    replay = [f for f in facts if 0 <= f.month < ussr.calendar.months]
    score = score_run(replay, "stalin", t)
    assert score.components == {"W": 1.0, "E": 1.0, "O": 1.0, "N": 1.0, "V": 1.0}


# --------------------------------------------------------------------------- an ensemble


def _event(step: int, kind: Kind, **fields: Any) -> Event:
    return Event(
        step=step,
        month=month_label("1924-01", step),
        kind=kind,
        mechanism=Mechanism.COUP,
        **fields,
    )


def _run(*events: Event) -> RunResult:
    return RunResult(
        scenario_id="tiny-v1",
        seed=0,
        interventions=(),
        months=tuple(month_label("1924-01", m) for m in range(HORIZON)),
        contenders=("alpha", "beta", "gamma"),
        events=events,
        series={"reputation": np.zeros((0, 3))},
        winner=None,
        winner_month=None,
    )


SMALL_RECORD = [top("beta", 10), vote(12, 0.9)]
BETA_OUT = ("top_removed", "beta", "")


def ensemble() -> tuple[list[RunScore], Target]:
    """Ten runs against a record where beta loses his seat in month 10 and alpha wins."""
    t = target(SMALL_RECORD, contenders=("alpha", "beta"), key_events=[BETA_OUT])
    runs: list[tuple[list[Fact], str | None]] = [
        # 1-4: alpha wins, beta out 1..4 months late; three hold the vote of month 12.
        ([top("beta", 11), vote(12, 0.7)], "alpha"),
        ([top("beta", 12), vote(12, 0.8)], "alpha"),
        ([top("beta", 13), vote(12, 0.9)], "alpha"),
        ([top("beta", 14), vote(13, 0.9)], "alpha"),
        # 5-7: alpha wins but beta keeps his seat.
        ([], "alpha"),
        ([], "alpha"),
        ([], "alpha"),
        # 8-9: beta wins and alpha loses his seat (false: alpha never did in the record).
        ([top("alpha", 20)], "beta"),
        ([top("alpha", 20)], "beta"),
        # 10: no winner; beta out on time but also expelled (false).
        ([top("beta", 10), Fact("expelled", "beta", "", 30)], None),
    ]
    return [score_run(facts, winner, t) for facts, winner in runs], t


def test_winner_shares_carry_wilson_intervals() -> None:
    scores, t = ensemble()
    summary = summarise(scores, t, ["alpha", "beta", "none"])
    share, low, high = summary.winners["alpha"]
    assert share == pytest.approx(0.7)
    # Wilson for 7/10: centre (0.7 + z^2/20) / (1 + z^2/10) = 0.64449,
    # half-width z / (1 + z^2/10) * sqrt(0.021 + z^2/400) = 0.24771.
    assert (low, high) == pytest.approx(wilson(7, 10))
    assert (low, high) == pytest.approx((0.3968, 0.8922), abs=1e-4)
    assert summary.winners["beta"][0] == pytest.approx(0.2)
    assert summary.winners["none"][0] == pytest.approx(0.1)
    assert summary.winners["beta"][1:] == pytest.approx(wilson(2, 10))
    assert sum(s for s, _, _ in summary.winners.values()) == pytest.approx(1.0)
    assert summary.record_winner == "alpha"
    assert summary.runs == 10


def test_proportion_of_no_trials_is_undefined() -> None:
    assert all(math.isnan(x) for x in proportion(0, 0))


def test_event_share_median_error_and_share_when_the_record_winner_won() -> None:
    scores, t = ensemble()
    (event,) = summarise(scores, t, ["alpha", "beta", "none"]).events
    assert event.key == BETA_OUT
    assert event.key_event is True
    assert event.record_month == 10
    # Runs 1-4 and 10 have it: 5 of 10. Errors 1, 2, 3, 4, 0: median 2, month 12.
    assert event.share == pytest.approx(0.5)
    assert event.median_error == 2.0
    assert event.median_month == 12.0
    # alpha (the record's winner) won runs 1-7; beta lost his seat in 1-4 of them: 4/7.
    # Run 10, with no winner, does not count.
    assert event.share_when_won == pytest.approx(4 / 7)


def test_false_event_rate_and_kinds() -> None:
    scores, t = ensemble()
    summary = summarise(scores, t, ["alpha", "beta", "none"])
    # Runs 8, 9 (alpha's seat) and 10 (beta's expulsion) have one each.
    assert summary.false_rate == pytest.approx(0.3)
    assert summary.false_per_run == pytest.approx(0.3)
    assert summary.false_by_kind == pytest.approx({"expelled": 0.1, "top_removed": 0.2})


def test_tau_median_counts_undefined_taus_as_zero() -> None:
    scores, t = ensemble()
    summary = summarise(scores, t, ["alpha", "beta", "none"])
    # Record [alpha 48, beta 10]. Runs 1-4 and 10: tau 1; runs 5-7 all tied: NaN -> 0;
    # runs 8-9 [20, 48]: tau -1. Sorted [-1, -1, 0, 0, 0, 1, 1, 1, 1, 1]: median 0.5.
    assert [s.tau for s in scores][:4] == [1.0, 1.0, 1.0, 1.0]
    assert math.isnan(scores[4].tau)
    assert summary.tau_median == pytest.approx(0.5)


def test_vote_summary_gives_record_share_median_and_spread() -> None:
    scores, t = ensemble()
    summary = summarise(scores, t, ["alpha", "beta", "none"])
    record, median, low, high = summary.votes[12]
    assert record == 0.9
    # Shares 0.7, 0.8, 0.9 (run 4's vote was in month 13). Linear percentiles of
    # three values: 2.5% at index 0.05 -> 0.705, 97.5% at index 1.95 -> 0.895.
    assert median == pytest.approx(0.8)
    assert low == pytest.approx(0.705)
    assert high == pytest.approx(0.895)


def test_ensemble_fidelity_is_the_mean_over_runs_worked_by_hand() -> None:
    scores, t = ensemble()
    summary = summarise(scores, t, ["alpha", "beta", "none"])
    # Per run (W, E, O, N, V):
    #   1: 1, e^(-1/12), 1, 1, 1 - 0.2/0.25 = 0.2     2: 1, e^(-2/12), 1, 1, 0.6
    #   3: 1, e^(-3/12), 1, 1, 1                        4: 1, e^(-4/12), 1, 1, 0
    #   5-7: 1, 0, 0.5, 1, 0                            8-9: 0, 0, 0, 0.5, 0
    #   10: 0, 1, 1, 0.5, 0
    e = (sum(math.exp(-k / 12) for k in (1, 2, 3, 4)) + 1) / 10
    components = {"W": 0.7, "E": e, "O": 6.5 / 10, "N": 8.5 / 10, "V": 1.8 / 10}
    assert summary.components == pytest.approx(components)
    assert summary.fidelity == pytest.approx(sum(components.values()) / 5)
    low, high = summary.fidelity_interval
    assert low < summary.fidelity < high


def test_a_summary_of_one_prediction_has_no_fidelity_interval() -> None:
    t = target(SMALL_RECORD, contenders=("alpha", "beta"), key_events=[BETA_OUT])
    summary = summarise([score_run((), "alpha", t)], t, ["alpha", "beta", "none"])
    # A winner-only prediction: W 1, E 0, O 0.5, N 1, V 0 -> 2.5 / 5.
    assert summary.fidelity == pytest.approx(0.5)
    assert all(math.isnan(x) for x in summary.fidelity_interval)
    assert summary.events[0].share == 0.0
    assert summary.events[0].median_error is None
    assert summary.votes[12][0] == 0.9
    assert math.isnan(summary.votes[12][1])
