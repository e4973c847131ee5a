"""Helpers shared by the tests: small scenarios, hand-set state, record rows, the CLI.

Tests build a world from a plain scenario dict (usually the ``minimal_scenario_dict``
fixture, deep-copied and changed) and then set the arrays of its state to create
the situation they test. These helpers keep that short and readable. The last
ones build record rows by hand and run the command line.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from ruamel.yaml import YAML
from typer.testing import CliRunner, Result

from politburo.analysis.record import RecordEvent
from politburo.interface.cli.app import app
from politburo.model.state import State, initial_state
from politburo.model.world import World, build_world
from politburo.scenario.loading import load_params
from politburo.scenario.schema import Scenario

#: A params update that silences every term of a member's vote.
QUIET_VOTE: dict[str, float] = {
    "vote_loyalty": 0.0,
    "vote_doctrine": 0.0,
    "vote_reputation": 0.0,
    "vote_bandwagon": 0.0,
    "vote_faction_ban": 0.0,
    "vote_evidence": 0.0,
    "vote_status_quo": 0.0,
}


def traits(doctrine: Sequence[float] = (0.0,), **values: float) -> dict[str, Any]:
    """Mid-scale traits with ``values`` changed."""
    out: dict[str, Any] = {
        "office_for_faction": 0.5,
        "restraint": 0.5,
        "patience": 0.5,
        "combativeness": 0.5,
        "flexibility": 0.5,
        "yielding": 0.5,
        "seniority": 0.5,
        "reputation": 0.5,
        "doctrine": list(doctrine),
    }
    out.update(values)
    return out


def copy_of(data: Mapping[str, Any]) -> dict[str, Any]:
    """A deep copy of a scenario dict, safe to change."""
    return copy.deepcopy(dict(data))


def add_actor(
    data: dict[str, Any],
    ident: str,
    *,
    contender: bool = False,
    patron: str | None = None,
    loyalty: float = 0.5,
    bodies: Sequence[str] = (),
    **trait_values: float,
) -> None:
    """Add an actor to a scenario dict, with a named seat in each of ``bodies``."""
    actor: dict[str, Any] = {
        "id": ident,
        "name": ident.title(),
        "traits": traits([0.0] * len(data["axes"]), **trait_values),
    }
    if contender:
        actor["contender"] = True
    if patron is not None:
        actor["patron"] = patron
        actor["loyalty"] = loyalty
    data["actors"].append(actor)
    for body in data["bodies"]:
        if body["id"] in bodies:
            body.setdefault("members", []).append(ident)
            body["size"] = max(body["size"], len(body["members"]))


def set_traits(data: dict[str, Any], ident: str, **values: float) -> None:
    """Change traits of actor ``ident`` in a scenario dict."""
    for actor in data["actors"]:
        if actor["id"] == ident:
            actor["traits"].update(values)
            return
    raise KeyError(ident)


def add_office(
    data: dict[str, Any],
    ident: str,
    powers: Sequence[str],
    holder: str | None,
    *,
    province: str | None = None,
    appointed_by: str = "cc",
) -> None:
    """Add an office to a scenario dict."""
    office: dict[str, Any] = {
        "id": ident,
        "name": ident.replace("_", " ").title(),
        "powers": list(powers),
        "appointed_by": appointed_by,
    }
    if holder is not None:
        office["holder"] = holder
    if province is not None:
        office["province"] = province
    data["offices"].append(office)


def build(data: Mapping[str, Any] | Scenario, **params_update: float) -> tuple[World, State]:
    """Compile a scenario (dict or model) with default params changed by ``params_update``."""
    scenario = data if isinstance(data, Scenario) else Scenario.model_validate(data)
    params = load_params()
    if params_update:
        params = params.model_copy(update=params_update)
    world = build_world(scenario, params)
    return world, initial_state(world)


def actor(world: World, ident: str) -> int:
    """Index of actor ``ident``."""
    return world.actor_ids.index(ident)


def office(world: World, ident: str) -> int:
    """Index of office ``ident``."""
    return world.office_ids.index(ident)


def body(world: World, ident: str) -> int:
    """Index of body ``ident``."""
    return world.body_ids.index(ident)


def fill_anonymous(
    state: State, body_index: int, patrons: Sequence[int], loyalty: float = 1.0
) -> None:
    """Give the anonymous seats of a body the patrons listed, in seat order.

    ``patrons`` may be shorter than the number of anonymous seats: the rest
    are left unaligned (patron -1, loyalty 0).
    """
    seats = state.seats[body_index]
    anonymous = np.flatnonzero(seats.actor < 0)
    assert len(patrons) <= anonymous.size, "more patrons than anonymous seats"
    seats.patron[anonymous] = -1
    seats.loyalty[anonymous] = 0.0
    chosen = anonymous[: len(patrons)]
    seats.patron[chosen] = np.asarray(patrons, dtype=np.int64)
    seats.loyalty[chosen] = np.where(np.asarray(patrons) >= 0, loyalty, 0.0)


def split(counts: Mapping[int, int]) -> list[int]:
    """Patrons as a flat list: ``{alpha: 3, beta: 2}`` -> ``[alpha]*3 + [beta]*2``."""
    return [patron for patron, n in counts.items() for _ in range(n)]


def anonymous_count(state: State, body_index: int) -> int:
    """Number of anonymous seats in a body."""
    return int((state.seats[body_index].actor < 0).sum())


def remove_named(state: State, body_index: int, who: int, patron: int = -1) -> None:
    """Vacate ``who``'s seat in a body; the seat becomes anonymous with ``patron``."""
    seats = state.seats[body_index]
    where = seats.actor == who
    seats.actor[where] = -1
    seats.patron[where] = patron
    seats.loyalty[where] = 1.0 if patron >= 0 else 0.0


def write_yaml(path: Path, data: dict[str, Any]) -> str:
    """Dump ``data`` as block-style YAML to ``path`` and return the text."""
    yaml = YAML()  # round-trip: keeps the order of the keys
    yaml.default_flow_style = False
    with path.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)
    return path.read_text(encoding="utf-8")


def line_of(text: str, needle: str) -> int:
    """The 1-based number of the one line containing ``needle``."""
    lines = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(lines) == 1, f"{needle!r} is on lines {lines}"
    return lines[0]


def record_row(
    month: str,
    kind: str,
    actor: str = "",
    subjects: tuple[str, ...] = (),
    /,
    **figures: float,
) -> RecordEvent:
    """One row of a historical record, certain, with no day, body, note or source.

    ``figures`` are keywords (``**{"for": 559}`` for a name Python reserves).
    """
    return RecordEvent(
        month=month,
        day=None,
        kind=kind,
        actor=actor,
        subjects=subjects,
        body="",
        figures=dict(figures),
        note="",
        source="",
        certain=True,
    )


runner = CliRunner()


def invoke(*args: str) -> Result:
    """Run the ``politburo`` command line with ``args``."""
    return runner.invoke(app, list(args))


def flat(text: str) -> str:
    """Text with every run of whitespace made one space (undoes the console's wrapping)."""
    return " ".join(text.split())


def assert_clean_error(result: Result, *expected: str) -> None:
    """Exit 2, every expected fragment on stderr, and no traceback anywhere."""
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    message = flat(result.stderr)
    assert message.startswith("error:"), message
    for fragment in expected:
        assert fragment in message, f"{fragment!r} not in {message!r}"
