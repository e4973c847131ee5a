"""Shared fixtures: a small valid scenario as plain data, independent of the generator."""

from __future__ import annotations

from typing import Any

import pytest


def _traits(
    doctrine: list[float], patience: float = 0.5, reputation: float = 0.5
) -> dict[str, Any]:
    return {
        "office_for_faction": 0.5,
        "restraint": 0.5,
        "patience": patience,
        "combativeness": 0.5,
        "flexibility": 0.5,
        "yielding": 0.5,
        "seniority": 0.5,
        "reputation": reputation,
        "doctrine": doctrine,
    }


@pytest.fixture
def minimal_scenario_dict() -> dict[str, Any]:
    """A small valid scenario: a leader, two contenders, a follower, three bodies."""
    return {
        "id": "tiny-v1",
        "title": "A tiny succession",
        "calendar": {"start": "1924-01", "end": "1926-12"},
        "axes": ["left_right"],
        "actors": [
            {"id": "leader", "name": "The Leader", "leader": True, "traits": _traits([0.0])},
            {"id": "alpha", "name": "Alpha", "contender": True, "traits": _traits([-0.5], 0.8)},
            {"id": "beta", "name": "Beta", "contender": True, "traits": _traits([0.5], 0.2)},
            {
                "id": "gamma",
                "name": "Gamma",
                "patron": "alpha",
                "loyalty": 0.7,
                "traits": _traits([-0.2]),
            },
        ],
        "offices": [
            {
                "id": "secretary",
                "name": "Secretary",
                "holder": "alpha",
                "powers": ["appoint_secretaries", "recruitment"],
                "appointed_by": "cc",
            },
            {
                "id": "army_chief",
                "name": "Army Chief",
                "holder": "beta",
                "powers": ["command_army"],
                "appointed_by": "cc",
            },
        ],
        "bodies": [
            {
                "id": "politburo",
                "name": "Politburo",
                "role": "top",
                "size": 5,
                "members": ["leader", "alpha", "beta", "gamma"],
                "elected_by": "cc",
                "decides": ["remove_office"],
            },
            {
                "id": "cc",
                "name": "Central Committee",
                "role": "electing",
                "size": 40,
                "members": ["leader", "alpha", "beta", "gamma"],
                "elected_by": "congress",
                "decides": ["remove_top", "expel"],
                "meets_every": 4,
            },
            {
                "id": "congress",
                "name": "Congress",
                "role": "congress",
                "size": 600,
                "elected_by": "provinces",
                "decides": ["remove_electing", "adopt_doctrine"],
            },
        ],
        "provinces": [
            {
                "id": "capital",
                "name": "Capital",
                "members": 5000,
                "secretary_patron": "beta",
                "member_shares": {"beta": 0.4},
                "doctrine": [0.3],
            },
        ],
        "province_groups": [
            {
                "prefix": "region",
                "count": 5,
                "members": 2000,
                "secretaries_loyal": {"alpha": 0.6},
                "doctrine": [-0.1],
            },
        ],
        "events": [
            {
                "month": "1924-02",
                "kind": "leader_dies",
                "name": "The leader dies",
                "actor": "leader",
            },
            {"month": "1925-12", "kind": "congress", "name": "Congress", "body_sizes": {"cc": 60}},
        ],
    }
