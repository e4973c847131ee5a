"""Hypothesis strategies shared by the property tests."""

from __future__ import annotations

import copy
from itertools import combinations
from typing import Any

from hypothesis import strategies as st

from politburo.scenario.generator import random_scenario
from politburo.scenario.schema import Scenario


@st.composite
def weighted_games(
    draw: st.DrawFn, max_players: int = 6, max_weight: int = 12
) -> tuple[tuple[int, ...], int]:
    """A small weighted voting game ``(weights, quota)`` that its grand coalition wins.

    Weights may be zero (dummies); the quota lies between 1 and the total weight.
    """
    weights = tuple(draw(st.lists(st.integers(0, max_weight), min_size=1, max_size=max_players)))
    total = sum(weights)
    if total == 0:
        weights = (*weights[:-1], 1)
        total = 1
    quota = draw(st.integers(1, total))
    return weights, quota


@st.composite
def generated_scenarios(draw: st.DrawFn) -> Scenario:
    """A small random scenario from :func:`politburo.scenario.generator.random_scenario`."""
    return random_scenario(
        draw(st.integers(0, 10_000)),
        contenders=draw(st.integers(2, 5)),
        others=draw(st.integers(0, 8)),
        provinces=draw(st.integers(1, 12)),
        months=draw(st.integers(4, 36)),
        electing_size=draw(st.integers(12, 40)),
    )


def coalition_tables(players: tuple[str, ...]) -> st.SearchStrategy[dict[frozenset[str], float]]:
    """A game over ``players`` as a table: a value in [-100, 100] for every coalition."""
    coalitions = [
        frozenset(combo)
        for size in range(len(players) + 1)
        for combo in combinations(players, size)
    ]
    values = st.floats(-100.0, 100.0, allow_nan=False, allow_infinity=False)
    return st.lists(values, min_size=len(coalitions), max_size=len(coalitions)).map(
        lambda drawn: dict(zip(coalitions, drawn, strict=True))
    )


@st.composite
def tabulated_games(
    draw: st.DrawFn, min_players: int = 1, max_players: int = 5
) -> tuple[tuple[str, ...], dict[frozenset[str], float]]:
    """A random game ``(players, table)``: players ``p0, p1, ...`` and any value per coalition."""
    players = tuple(f"p{i}" for i in range(draw(st.integers(min_players, max_players))))
    return players, draw(coalition_tables(players))


run_seeds = st.integers(0, 2**32 - 1)
"""Seeds of a run's generator."""


# --------------------------------------------------------------------------- hostile scenario files

#: Values a careless or hostile file puts where a scenario wants something else:
#: non-finite and huge numbers, zero and negatives, dates out of any span, long
#: text, and values of the wrong shape.
HOSTILE_VALUES: tuple[object, ...] = (
    float("nan"),
    float("inf"),
    float("-inf"),
    1e308,
    -1e308,
    1e30,
    10**9,
    10**29,
    2**63,
    0,
    -1,
    1,
    0.0,
    -0.5,
    2.0,
    "",
    "x" * 5000,
    "9999-12",
    "0001-01",
    "1924-13",
    "provinces",
    True,
    False,
    None,
    [],
    {},
    [0.0, 0.0, 0.0],
)

Document = dict[str, Any]
Node = Any


def _paths(node: Node, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Every path from the top of a plain document to one of its values (the top excluded)."""
    found = [path] if path else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _paths(value, (*path, i))
    return found


def _scalars(node: Node) -> list[object]:
    """Every scalar in a document: the vocabulary its references are drawn from."""
    if isinstance(node, dict):
        return [s for value in node.values() for s in _scalars(value)]
    if isinstance(node, list):
        return [s for value in node for s in _scalars(value)]
    return [node]


def _at(document: Document, path: tuple[str | int, ...]) -> Node:
    node: Node = document
    for part in path:
        node = node[part]
    return node


@st.composite
def mutated_documents(draw: st.DrawFn, base: Document, max_mutations: int = 4) -> Document:
    """``base`` (left as it is) with one to ``max_mutations`` careless or hostile changes.

    A change replaces a value by a hostile one or by another value of the same
    document (an id where another id was: a body electing the wrong body, a
    second leader), drops or duplicates a list item, deletes a field or adds an
    unknown one.
    """
    document = copy.deepcopy(base)
    vocabulary = _scalars(document)
    for _ in range(draw(st.integers(1, max_mutations))):
        paths = _paths(document)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent, key = _at(document, path[:-1]), path[-1]
        change = draw(st.sampled_from(("hostile", "borrow", "drop", "duplicate", "unknown")))
        if change == "hostile":
            parent[key] = copy.deepcopy(draw(st.sampled_from(HOSTILE_VALUES)))
        elif change == "borrow":
            parent[key] = draw(st.sampled_from(vocabulary))
        elif change == "drop":
            del parent[key]
        elif change == "duplicate":
            if isinstance(parent, list):
                parent.insert(int(key), copy.deepcopy(parent[key]))
        elif isinstance(parent, dict):
            parent[draw(st.sampled_from(("colour", "sizes", "leader", "elected_by")))] = 1
    return document


def generated_document(seed: int, contenders: int, provinces: int, months: int) -> Document:
    """A scenario of :func:`politburo.scenario.generator.random_scenario` as plain data."""
    scenario = random_scenario(seed, contenders=contenders, provinces=provinces, months=months)
    return scenario.model_dump(mode="json", exclude_defaults=True)


@st.composite
def generated_documents(draw: st.DrawFn) -> Document:
    """A small generated scenario as plain data, as a file would hold it."""
    return generated_document(
        draw(st.integers(0, 10_000)),
        draw(st.integers(2, 6)),
        draw(st.integers(1, 12)),
        draw(st.integers(4, 60)),
    )


@st.composite
def mangled_texts(draw: st.DrawFn, base: bytes) -> bytes:
    """A scenario file's bytes cut, spliced, or laced with YAML it must refuse.

    Cuts end a file mid-line; splices insert random bytes (not always UTF-8);
    the insertions add anchors and aliases, tags, tabs, deep nesting and wide
    numbers at the start of a random line.
    """
    text = base
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        change = draw(st.sampled_from(("cut", "splice", "insert", "erase")))
        if change == "cut":
            text = text[:at]
        elif change == "splice":
            text = text[:at] + draw(st.binary(min_size=1, max_size=40)) + text[at:]
        elif change == "erase":
            text = text[:at] + text[at + draw(st.integers(1, 400)) :]
        else:
            line_start = text.rfind(b"\n", 0, at) + 1
            insertion = draw(
                st.sampled_from(
                    (
                        b"x: &a [1, 2]\ny: *a\n",
                        b"<<: *nothing\n",
                        b"z: !!python/object:os.system 'true'\n",
                        b"w: !!binary aGVsbG8=\n",
                        b"\tid: tab\n",
                        b"v: " + b"[" * 50 + b"]" * 50 + b"\n",
                        b"u: " + b"9" * 40 + b"\n",
                        b"--- \n",
                        b"? [complex, key]\n: 1\n",
                    )
                )
            )
            text = text[:line_start] + insertion + text[line_start:]
    return text
