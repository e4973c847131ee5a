"""Larger scenarios: each dimension grows by the factor asked for, and nothing else changes."""

from __future__ import annotations

import pytest

from politburo.scenario.generator import random_scenario
from politburo.scenario.growth import grown_scenario, scaled_scenario
from politburo.scenario.loading import load_scenario
from politburo.scenario.schema import Role, Scenario, cross_check


@pytest.fixture(scope="module")
def bundled() -> Scenario:
    return load_scenario("ussr-1924")


def _provinces(scenario: Scenario) -> int:
    return len(scenario.provinces) + sum(g.count for g in scenario.province_groups)


def _others(scenario: Scenario) -> list[str]:
    return [a.id for a in scenario.actors if not a.contender and not a.leader]


def _contenders(scenario: Scenario) -> list[str]:
    return [a.id for a in scenario.actors if a.contender]


def test_scaled_scenario_multiplies_body_sizes() -> None:
    base = random_scenario(8)
    scaled = scaled_scenario(base, 3)
    assert [b.size for b in scaled.bodies] == [3 * b.size for b in base.bodies]
    assert [b.members for b in scaled.bodies] == [b.members for b in base.bodies]
    for before, after in zip(base.events, scaled.events, strict=True):
        assert after.body_sizes == {k: 3 * v for k, v in before.body_sizes.items()}


def test_scaled_scenario_multiplies_provinces_and_their_members() -> None:
    base = random_scenario(9, provinces=6)
    scaled = scaled_scenario(base, 4)
    assert len(scaled.provinces) == 4 * len(base.provinces)
    assert sum(p.members for p in scaled.provinces) == 16 * sum(p.members for p in base.provinces)
    assert {p.id for p in base.provinces} <= {p.id for p in scaled.provinces}
    assert cross_check(scaled) == []


def test_scaled_scenario_splits_province_groups_over_the_format_limit(bundled: Scenario) -> None:
    scaled = scaled_scenario(bundled, 10)
    assert cross_check(scaled) == []
    assert all(group.count <= 500 for group in scaled.province_groups)
    assert sum(g.count for g in scaled.province_groups) == 10 * sum(
        g.count for g in bundled.province_groups
    )
    assert len({g.prefix for g in scaled.province_groups}) == len(scaled.province_groups)
    assert scaled.id == "ussr-1924-x10-v1"


def test_scaled_scenario_with_factor_one_is_the_base() -> None:
    base = random_scenario(10)
    assert scaled_scenario(base, 1) == base


def test_scaled_scenario_rejects_factor_below_one() -> None:
    with pytest.raises(ValueError):
        scaled_scenario(random_scenario(0), 0)


def test_more_provinces_multiplies_provinces_and_membership_only(bundled: Scenario) -> None:
    grown = grown_scenario(bundled, provinces=16)
    assert cross_check(grown) == []
    assert _provinces(grown) == 16 * _provinces(bundled)
    assert grown.members_at_start == 16 * bundled.members_at_start
    assert grown.bodies == bundled.bodies
    assert grown.actors == bundled.actors
    assert grown.id == "ussr-1924-p16-v1"


def test_more_members_multiplies_membership_in_the_same_provinces(bundled: Scenario) -> None:
    grown = grown_scenario(bundled, members=4)
    assert cross_check(grown) == []
    assert _provinces(grown) == _provinces(bundled)
    assert grown.members_at_start == 4 * bundled.members_at_start


def test_more_others_copies_non_contenders_into_their_bodies_with_seats_of_their_own(
    bundled: Scenario,
) -> None:
    grown = grown_scenario(bundled, others=4)
    assert cross_check(grown) == []
    assert len(_others(grown)) == 4 * len(_others(bundled))
    assert _contenders(grown) == _contenders(bundled)
    copies = {a.id: a for a in grown.actors if a.id.endswith("_x4")}
    original = {a.id: a for a in bundled.actors}
    for ident, copy in copies.items():
        assert copy.traits == original[ident.removesuffix("_x4")].traits
        assert copy.patron == original[ident.removesuffix("_x4")].patron
    for before, after in zip(bundled.bodies, grown.bodies, strict=True):
        if before.role == Role.TOP:
            assert after == before
        else:
            added = len(after.members) - len(before.members)
            assert added == 3 * sum(1 for m in before.members if m in _others(bundled))
            assert after.size - len(after.members) == before.size - len(before.members)


def test_more_contenders_promotes_the_top_bodys_men_first(bundled: Scenario) -> None:
    grown = grown_scenario(bundled, contenders=14)
    assert cross_check(grown) == []
    promoted = [c for c in _contenders(grown) if c not in _contenders(bundled)]
    assert len(promoted) == 7
    top = next(b for b in bundled.bodies if b.role == Role.TOP)
    in_top = [a for a in _others(bundled) if a in (*top.members, *top.candidates)]
    assert set(in_top) <= set(promoted)
    assert all(a.patron is None for a in grown.actors if a.contender)
    assert grown.id == "ussr-1924-c14-v1"


def test_growing_nothing_is_the_base(bundled: Scenario) -> None:
    assert grown_scenario(bundled, contenders=7) is bundled


@pytest.mark.parametrize(
    "arguments",
    [{"provinces": 0}, {"members": 0}, {"others": 0}, {"contenders": 6}, {"contenders": 40}],
)
def test_grown_scenario_rejects_factors_out_of_range(
    bundled: Scenario, arguments: dict[str, int]
) -> None:
    with pytest.raises(ValueError):
        grown_scenario(bundled, **arguments)
