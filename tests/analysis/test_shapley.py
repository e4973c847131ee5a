"""Exact Shapley values and interaction indices: the axioms, known games and the call count."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from itertools import permutations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from politburo.analysis.shapley import (
    MAX_PLAYERS,
    Coalition,
    all_coalitions,
    interaction_indices,
    shapley_values,
    weighted_voting_game,
)
from strategies import coalition_tables, tabulated_games

Table = dict[frozenset[str], float]


def counting(
    value: Callable[[Coalition], float],
) -> tuple[Callable[[Coalition], float], list[Coalition]]:
    """The value function, and the list of coalitions it is called with, in order."""
    calls: list[Coalition] = []

    def wrapped(coalition: Coalition) -> float:
        calls.append(coalition)
        return value(coalition)

    return wrapped, calls


def glove_game(left: set[str], right: set[str]) -> Callable[[Coalition], float]:
    """Worth the number of matched pairs of gloves the coalition can make."""
    return lambda s: float(min(len(s & left), len(s & right)))


def by_permutations(players: tuple[str, ...], table: Table) -> dict[str, float]:
    """Shapley values the textbook way: marginal contributions averaged over every ordering."""
    totals = dict.fromkeys(players, 0.0)
    orders = list(permutations(players))
    for order in orders:
        before: frozenset[str] = frozenset()
        for player in order:
            after = before | {player}
            totals[player] += table[after] - table[before]
            before = after
    return {p: t / len(orders) for p, t in totals.items()}


# --- The axioms -------------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(tabulated_games(max_players=6))
def test_values_add_up_to_the_grand_coalitions_gain(game: tuple[tuple[str, ...], Table]) -> None:
    players, table = game
    phi = shapley_values(players, table)
    total = table[frozenset(players)] - table[frozenset()]
    assert sum(phi.values()) == pytest.approx(total, abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(tabulated_games(max_players=5))
def test_values_match_the_average_over_all_orderings(game: tuple[tuple[str, ...], Table]) -> None:
    players, table = game
    assert shapley_values(players, table) == pytest.approx(
        by_permutations(players, table), abs=1e-9
    )


@settings(max_examples=60, deadline=None)
@given(tabulated_games(max_players=5), st.data())
def test_the_value_of_a_sum_of_games_is_the_sum_of_their_values(
    game: tuple[tuple[str, ...], Table], data: st.DataObject
) -> None:
    players, first = game
    second = data.draw(coalition_tables(players))
    both = {s: first[s] + second[s] for s in first}
    phi_first = shapley_values(players, first)
    phi_second = shapley_values(players, second)
    expected = {p: phi_first[p] + phi_second[p] for p in players}
    assert shapley_values(players, both) == pytest.approx(expected, abs=1e-9)


def test_additivity_on_two_known_games() -> None:
    # Glove game (2/3, 1/6, 1/6) plus the majority game [2; 1,1,1] (1/3 each).
    players = ("1", "2", "3")
    glove = glove_game({"1"}, {"2", "3"})
    majority = weighted_voting_game(dict.fromkeys(players, 1), 2)
    phi = shapley_values(players, lambda s: glove(s) + majority(s))
    assert phi == pytest.approx({"1": 1.0, "2": 0.5, "3": 0.5}, abs=1e-12)


def test_symmetric_players_get_equal_values() -> None:
    # a and b are interchangeable: v = |S ∩ {a, b}|² + 3·[c ∈ S]. c alone adds 3 everywhere,
    # so φ_c = 3, and a and b split the remaining v(N) − v(∅) − 3 = 4 equally.
    def value(s: Coalition) -> float:
        return len(s & {"a", "b"}) ** 2 + 3.0 * ("c" in s)

    phi = shapley_values(("a", "b", "c"), value)
    assert phi == pytest.approx({"a": 2.0, "b": 2.0, "c": 3.0}, abs=1e-12)


def test_a_null_player_gets_nothing() -> None:
    # d never changes any coalition's worth; a and b are needed together and split the 1.
    phi = shapley_values(("a", "d", "b"), lambda s: float({"a", "b"} <= s))
    assert phi["d"] == 0.0
    assert phi == pytest.approx({"a": 0.5, "d": 0.0, "b": 0.5}, abs=1e-12)


# --- Known games ------------------------------------------------------------


def test_glove_game_with_one_left_and_two_right_gloves() -> None:
    # The lone left glove is pivotal unless it comes first: 2/3; the right gloves split 1/3.
    phi = shapley_values(("1", "2", "3"), glove_game({"1"}, {"2", "3"}))
    assert phi == pytest.approx({"1": 2 / 3, "2": 1 / 6, "3": 1 / 6}, abs=1e-12)


def test_glove_game_with_three_left_and_two_right_gloves() -> None:
    # v = min(#left, #right), v(N) = 2. A right glove adds 1 when, among its predecessors
    # (a random subset of the other 3 left and 1 right, of a uniform size 0..4),
    # #right < #left: size 0 never; size 1 if {l}: 3/4; size 2 if {l, l}: 3/6;
    # size 3 always (lll or llr); size 4 always (lllr). φ_r = (0 + 3/4 + 1/2 + 1 + 1)/5 = 13/20.
    # A left glove adds 1 when #left < #right among predecessors from {l, l, r, r}:
    # size 1 if {r}: 1/2; size 2 if {r, r}: 1/6; size 3 if {l, r, r}: 2/4; else never.
    # φ_l = (1/2 + 1/6 + 1/2)/5 = 7/30, and 3·7/30 + 2·13/20 = 2 = v(N).
    left, right = {"l1", "l2", "l3"}, {"r1", "r2"}
    phi = shapley_values(("l1", "l2", "l3", "r1", "r2"), glove_game(left, right))
    expected = dict.fromkeys(left, 7 / 30) | dict.fromkeys(right, 13 / 20)
    assert phi == pytest.approx(expected, abs=1e-12)


def test_simple_majority_of_three_gives_each_a_third() -> None:
    phi = shapley_values(("a", "b", "c"), weighted_voting_game({"a": 1, "b": 1, "c": 1}, 2))
    assert phi == pytest.approx({"a": 1 / 3, "b": 1 / 3, "c": 1 / 3}, abs=1e-12)


def test_un_security_council_with_exactly_two_to_the_fifteen_value_calls() -> None:
    # Five permanent members (weight 7, a veto each) and ten others (weight 1); a resolution
    # needs 39: all five permanent members and at least four others. A non-permanent member
    # is pivotal when it comes after all five permanent members and exactly three others:
    # φ = C(9,3)·8!·6!/15! = 4/2145 ≈ 0.0018648; the permanent ones share the rest,
    # (1 − 40/2145)/5 = 421/2145 ≈ 0.1962704.
    permanent = [f"P{i}" for i in range(5)]
    others = [f"E{i}" for i in range(10)]
    weights = dict.fromkeys(permanent, 7) | dict.fromkeys(others, 1)
    value, calls = counting(weighted_voting_game(weights, 39))
    phi = shapley_values((*permanent, *others), value)
    assert len(calls) == 2**15 == 32768
    assert [phi[p] for p in permanent] == pytest.approx([float(Fraction(421, 2145))] * 5, rel=1e-12)
    assert [phi[p] for p in others] == pytest.approx([float(Fraction(4, 2145))] * 10, rel=1e-12)
    assert phi["P0"] == pytest.approx(0.19627, abs=5e-6)
    assert phi["E0"] == pytest.approx(0.001865, abs=5e-7)


# --- Interaction indices ----------------------------------------------------


def test_complements_interact_positively() -> None:
    # v = 1 only with both i and j: every S adds exactly 1 together and 0 apart, so I_ij = 1.
    # The bystander k interacts with neither.
    index = interaction_indices(("i", "j", "k"), lambda s: float({"i", "j"} <= s))
    assert index == pytest.approx({("i", "j"): 1.0, ("i", "k"): 0.0, ("j", "k"): 0.0}, abs=1e-12)


def test_substitutes_interact_negatively() -> None:
    # v = 1 with i or j: together they add 1, but each alone already adds 1, so I_ij = −1.
    index = interaction_indices(("i", "j", "k"), lambda s: float(bool({"i", "j"} & s)))
    assert index == pytest.approx({("i", "j"): -1.0, ("i", "k"): 0.0, ("j", "k"): 0.0}, abs=1e-12)


def test_additive_effects_do_not_interact() -> None:
    effects = {"a": 0.3, "b": -1.2, "c": 2.5, "d": 0.0}
    index = interaction_indices(tuple(effects), lambda s: 0.7 + sum(effects[p] for p in s))
    assert len(index) == 6
    assert all(v == pytest.approx(0.0, abs=1e-12) for v in index.values())


def test_glove_interactions_pair_left_with_right_and_rights_with_each_other() -> None:
    # L = {1}, R = {2, 3}; n = 3, so each S ⊆ N∖{i, j} (∅ or the third player) weighs 1/2.
    # I_12: S = ∅ gives v(12) − v(1) − v(2) + v(∅) = 1; S = {3} gives v(123) − v(13) − v(23)
    # + v(3) = 1 − 1 − 0 + 0 = 0: I_12 = 1/2, and I_13 = 1/2 likewise.
    # I_23: S = ∅ gives 0; S = {1} gives v(123) − v(12) − v(13) + v(1) = −1: I_23 = −1/2.
    index = interaction_indices(("1", "2", "3"), glove_game({"1"}, {"2", "3"}))
    assert index == pytest.approx({("1", "2"): 0.5, ("1", "3"): 0.5, ("2", "3"): -0.5}, abs=1e-12)


def test_interaction_keys_follow_the_players_order() -> None:
    index = interaction_indices(("z", "a", "m"), lambda s: float(len(s)))
    assert list(index) == [("z", "a"), ("z", "m"), ("a", "m")]


def test_fewer_than_two_players_have_no_interactions() -> None:
    assert interaction_indices((), lambda s: 1.0) == {}
    assert interaction_indices(("a",), lambda s: float(len(s))) == {}


# --- Coalitions, tables and calls -------------------------------------------


def test_coalitions_come_by_size_then_in_the_players_order() -> None:
    assert all_coalitions(("c", "a", "b")) == [
        frozenset(),
        frozenset({"c"}),
        frozenset({"a"}),
        frozenset({"b"}),
        frozenset({"c", "a"}),
        frozenset({"c", "b"}),
        frozenset({"a", "b"}),
        frozenset({"c", "a", "b"}),
    ]
    assert all_coalitions(()) == [frozenset()]


@pytest.mark.parametrize("n", [0, 1, 4, 10])
def test_the_value_function_is_called_once_per_coalition(n: int) -> None:
    players = tuple(f"lever{i}" for i in range(n))
    value, calls = counting(lambda s: float(len(s) ** 2))
    shapley_values(players, value)
    assert len(calls) == 2**n
    assert calls == all_coalitions(players)
    value, calls = counting(lambda s: float(len(s) ** 2))
    interaction_indices(players, value)
    assert len(calls) == 2**n


def test_ten_levers_give_efficient_values_and_every_pairwise_interaction() -> None:
    # Speed is a benchmark's business; here, that ten players are handled whole.
    players = tuple(f"lever{i}" for i in range(10))
    value = weighted_voting_game({p: i + 1 for i, p in enumerate(players)}, 28)
    phi = shapley_values(players, value)
    index = interaction_indices(players, value)
    assert sum(phi.values()) == pytest.approx(1.0, abs=1e-12)
    assert len(index) == 45


def test_a_precomputed_table_gives_the_same_values_as_the_function() -> None:
    players = ("1", "2", "3")
    game = glove_game({"1"}, {"2", "3"})
    table = {s: game(s) for s in all_coalitions(players)}
    # Extra entries (another player's coalitions) are ignored.
    table[frozenset({"1", "other"})] = 99.0
    assert shapley_values(players, table) == pytest.approx(
        {"1": 2 / 3, "2": 1 / 6, "3": 1 / 6}, abs=1e-12
    )
    assert interaction_indices(players, table) == interaction_indices(players, game)


def test_values_are_keyed_in_the_players_order() -> None:
    phi = shapley_values(("c", "a", "b"), lambda s: float(len(s)))
    assert list(phi) == ["c", "a", "b"]
    assert phi == {"c": 1.0, "a": 1.0, "b": 1.0}


def test_no_players_get_nothing_and_one_player_gets_the_whole_gain() -> None:
    assert shapley_values((), lambda s: 5.0) == {}
    assert shapley_values(("a",), lambda s: 5.0 + 2.0 * len(s)) == {"a": 2.0}


def test_weighted_voting_game_reaches_the_quota_exactly() -> None:
    value = weighted_voting_game({"a": 0.1, "b": 0.2, "c": 0.7}, 0.3)
    assert value(frozenset({"a", "b"})) == 1.0
    assert value(frozenset({"a"})) == 0.0
    assert value(frozenset()) == 0.0


# --- Errors -----------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda: shapley_values(("a", "b", "a"), lambda s: 0.0),
        lambda: interaction_indices(("a", "b", "a"), lambda s: 0.0),
        lambda: all_coalitions(("a", "b", "a")),
    ],
)
def test_a_player_named_twice_is_rejected(call: Callable[[], object]) -> None:
    with pytest.raises(ValueError, match=r"more than once: \['a'\]"):
        call()


def test_a_table_missing_a_coalition_names_it() -> None:
    table = {s: float(len(s)) for s in all_coalitions(("a", "b", "c"))}
    del table[frozenset({"c", "a"})]
    with pytest.raises(ValueError, match=r"no value for the coalition \{a, c\}"):
        shapley_values(("a", "b", "c"), table)
    with pytest.raises(ValueError, match=r"no value for the coalition \{a, c\}"):
        interaction_indices(("a", "b", "c"), table)


def test_too_many_players_are_rejected_before_any_call() -> None:
    value, calls = counting(lambda s: 0.0)
    with pytest.raises(ValueError, match=f"at most {MAX_PLAYERS} players"):
        shapley_values(tuple(f"p{i}" for i in range(MAX_PLAYERS + 1)), value)
    assert calls == []


def test_weighted_voting_game_rejects_a_player_without_weight() -> None:
    value = weighted_voting_game({"a": 1.0}, 1.0)
    with pytest.raises(ValueError, match=r"without a weight: \['x'\]"):
        value(frozenset({"a", "x"}))
