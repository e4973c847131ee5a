"""Levers: named counterfactuals, applied to a scenario and parameters as plain changes.

A lever changes causes (a trait, a global parameter, a scheduled event, a
doctrine's existence) and never an outcome. Applying levers gives a new
scenario and parameter set; the engine then plays them like any other.
Every lever of a scenario file is tried when the file is loaded
(:func:`lever_problems`), so that a malformed one is reported at its own
line, not when someone first pulls it.
"""

from __future__ import annotations

from collections.abc import Sequence

from politburo.scenario.errors import InputError, Problem, did_you_mean
from politburo.scenario.overrides import apply_overrides
from politburo.scenario.params import Params
from politburo.scenario.problems import FieldPath, field_path
from politburo.scenario.schema import Lever, Scenario, cross_check

LEVER_FILE = "--lever"


def find_lever(scenario: Scenario, ident: str) -> Lever:
    """The scenario's lever called ``ident``, or a clear error naming the others."""
    for lever in scenario.levers:
        if lever.id == ident:
            return lever
    names = [lever.id for lever in scenario.levers]
    hint = did_you_mean(ident, names) if names else " (this scenario defines no levers)"
    raise InputError.one(LEVER_FILE, f"unknown lever {ident!r}{hint}", field=ident)


def resolve(scenario: Scenario, text: str) -> str:
    """An override with its ``@`` reference replaced by the value it points to.

    ``@actor.trait`` copies another actor's trait; ``@min:trait`` and
    ``@max:trait`` take the lowest or highest value among the contenders.
    """
    left, sep, value = text.partition("=")
    if not sep or not value.startswith("@"):
        return text
    reference = value[1:]
    traits = {a.id: a.traits for a in scenario.actors}
    if reference.startswith(("min:", "max:")):
        pick, _, trait = reference.partition(":")
        values = [getattr(a.traits, trait, None) for a in scenario.actors if a.contender]
        if any(not isinstance(v, float) for v in values):
            raise InputError.one(
                LEVER_FILE, f"@{pick}: takes a trait that is one number, not {trait!r}", field=text
            )
        chosen = min(values) if pick == "min" else max(values)  # type: ignore[type-var]
        return f"{left}={chosen}"
    actor, _, trait = reference.partition(".")
    if actor not in traits or not hasattr(traits[actor], trait):
        raise InputError.one(LEVER_FILE, f"cannot resolve {value!r}", field=text)
    copied = getattr(traits[actor], trait)
    return f"{left}={','.join(map(str, copied)) if isinstance(copied, tuple) else copied}"


def apply_levers(
    scenario: Scenario, params: Params, levers: Sequence[str]
) -> tuple[Scenario, Params]:
    """``scenario`` and ``params`` with the named levers applied, in order.

    The result carries no levers of its own: it is a counterfactual world,
    not a menu of them. References (``@stalin.patience``) are read off the
    scenario as the levers before have left it.
    """
    chosen = [find_lever(scenario, ident) for ident in levers]
    if not chosen:
        return scenario, params
    changed = scenario.model_copy(update={"levers": ()})
    for lever in chosen:
        overrides = [resolve(changed, text) for text in lever.set]
        changed, params = apply_overrides(changed, params, overrides)
        changed = _change_events(changed, lever)
        problems = [
            Problem(LEVER_FILE, None, f"{lever.id}: {field_path(path)}", message)
            for path, message in _broken_by(changed, lever)
        ]
        if problems:
            raise InputError(problems)
    return changed, params


def lever_problems(scenario: Scenario, params: Params) -> list[tuple[FieldPath, str]]:
    """What goes wrong when each of the scenario's levers is pulled on its own.

    Each ``set`` entry is resolved and applied as ``--set`` would apply it
    (the same parser and checks), so a misspelt trait, an unknown actor or a
    value out of range is reported at the entry; then the lever's events and
    doctrines are changed and the scenario checked again, and what that
    breaks is reported at the lever. Call it on a scenario that passes
    :func:`~politburo.scenario.schema.cross_check`.

    Args:
        scenario: The scenario whose levers to try.
        params: Parameters to apply parameter overrides to (any valid set:
            ranges do not depend on the other values).

    Returns:
        Problems as field paths into the scenario (``levers[1].set[0]``)
        and messages naming the override; empty when every lever applies.
    """
    problems: list[tuple[FieldPath, str]] = []
    bare = scenario.model_copy(update={"levers": ()})
    for i, lever in enumerate(scenario.levers):
        changed = bare
        for j, text in enumerate(lever.set):
            try:
                changed, _ = apply_overrides(changed, params, [resolve(bare, text)])
            except InputError as error:
                problems.extend((("levers", i, "set", j), _said(p, text)) for p in error.problems)
        problems.extend(
            (("levers", i), f"once pulled, {field_path(path)}: {message}")
            for path, message in _broken_by(_change_events(changed, lever), lever)
        )
    return problems


def _said(problem: Problem, text: str) -> str:
    """An override's problem as a message: the override named (unless whole), then what is wrong."""
    named = problem.field and problem.field != text.strip()
    return f"{problem.field}: {problem.message}" if named else problem.message


def _change_events(scenario: Scenario, lever: Lever) -> Scenario:
    """The scenario with the lever's doctrines removed and its events removed and added."""
    if not (lever.remove_doctrines or lever.add_events or lever.remove_events):
        return scenario
    data = scenario.model_dump(mode="json")
    data["doctrines"] = [d for d in data["doctrines"] if d["id"] not in lever.remove_doctrines]
    data["events"] = [e for e in data["events"] if e["name"] not in lever.remove_events]
    data["events"] += [e.model_dump(mode="json") for e in lever.add_events]
    data["events"].sort(key=lambda e: e["month"])
    return Scenario.model_validate(data)


def _broken_by(changed: Scenario, lever: Lever) -> list[tuple[FieldPath, str]]:
    """The references a lever's events and doctrines broke (none if it changes neither)."""
    if not (lever.remove_doctrines or lever.add_events or lever.remove_events):
        return []
    return cross_check(changed)
