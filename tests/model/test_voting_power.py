"""Shapley–Shubik index of weighted games: known games and a brute-force check."""

from __future__ import annotations

from fractions import Fraction
from itertools import permutations

import numpy as np
import pytest
from hypothesis import given, settings

from politburo.model.voting_power import shapley_shubik
from strategies import weighted_games


def brute_force(weights: tuple[int, ...], quota: int) -> list[Fraction]:
    """Shapley–Shubik by counting, over every ordering, the player who is pivotal."""
    n = len(weights)
    pivots = [0] * n
    orders = list(permutations(range(n)))
    for order in orders:
        running = 0
        for player in order:
            running += weights[player]
            if running >= quota:
                pivots[player] += 1
                break
    return [Fraction(p, len(orders)) for p in pivots]


def test_symmetric_players_get_equal_shares() -> None:
    index = shapley_shubik((1, 1, 1, 1, 1), 3)
    assert index == pytest.approx([0.2] * 5)
    assert shapley_shubik((4, 4, 4), 5) == pytest.approx([1 / 3] * 3)


def test_players_of_equal_weight_get_equal_shares_in_an_asymmetric_game() -> None:
    index = shapley_shubik((5, 3, 3, 1), 7)
    assert index[1] == pytest.approx(index[2])


def test_shares_sum_to_one_when_the_grand_coalition_wins() -> None:
    for weights, quota in [((5, 3, 3, 1), 7), ((10, 1, 1), 6), ((2, 2, 2, 2, 1), 5)]:
        assert shapley_shubik(weights, quota).sum() == pytest.approx(1.0)


def test_a_dictator_gets_everything() -> None:
    index = shapley_shubik((5, 1, 1, 1), 5)
    assert index == pytest.approx([1.0, 0.0, 0.0, 0.0])


def test_a_dummy_player_gets_nothing() -> None:
    # The weight-1 player never turns a losing coalition into a winning one.
    index = shapley_shubik((2, 2, 1), 4)
    assert index == pytest.approx([0.5, 0.5, 0.0])


def test_a_zero_weight_player_is_a_dummy() -> None:
    index = shapley_shubik((3, 0, 2), 3)
    assert index[1] == 0.0
    assert index.sum() == pytest.approx(1.0)


def test_51_50_49_1_gives_two_thirds_and_two_sixths() -> None:
    index = shapley_shubik((50, 49, 1), 51)
    assert index == pytest.approx([2 / 3, 1 / 6, 1 / 6])


def test_un_security_council_as_a_weighted_game() -> None:
    # Five permanent members with a veto (weight 7) and ten others (weight 1):
    # a resolution needs all five permanent members and four others (quota 39).
    index = shapley_shubik((7,) * 5 + (1,) * 10, 39)
    assert index[:5] == pytest.approx([0.1963] * 5, abs=5e-5)
    assert index[5:] == pytest.approx([0.00186] * 10, abs=5e-6)
    assert index.sum() == pytest.approx(1.0)


def test_no_one_has_power_when_no_coalition_can_win() -> None:
    assert shapley_shubik((1, 2), 4).tolist() == [0.0, 0.0]


def test_an_empty_game_has_no_players() -> None:
    assert shapley_shubik((), 1).shape == (0,)


def test_the_index_is_returned_per_player_in_the_order_given() -> None:
    forward = shapley_shubik((6, 3, 1), 7)
    backward = shapley_shubik((1, 3, 6), 7)
    assert forward == pytest.approx(backward[::-1])


@settings(max_examples=60, deadline=None)
@given(weighted_games())
def test_matches_a_brute_force_count_of_pivotal_orderings(
    game: tuple[tuple[int, ...], int],
) -> None:
    weights, quota = game
    expected = [float(f) for f in brute_force(weights, quota)]
    index = shapley_shubik(weights, quota)
    assert index == pytest.approx(expected, abs=1e-12)
    assert np.all(index >= 0.0)
    assert index.sum() == pytest.approx(1.0)
