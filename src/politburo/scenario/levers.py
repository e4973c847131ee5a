"""Levers: named counterfactuals, applied to a scenario and parameters as plain changes.

A lever changes causes (a trait, a global parameter, a scheduled event, a
doctrine's existence) and never an outcome. Applying levers gives a new
scenario and parameter set; the engine then plays them like any other.
"""

from __future__ import annotations

from collections.abc import Sequence

from politburo.scenario.errors import InputError, Problem, did_you_mean
from politburo.scenario.overrides import apply_overrides
from politburo.scenario.params import Params
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
        if any(v is None for v in values):
            raise InputError.one(LEVER_FILE, f"unknown trait {trait!r}", field=text)
        chosen = min(values) if pick == "min" else max(values)  # type: ignore[type-var]
        return f"{left}={chosen}"
    actor, _, trait = reference.partition(".")
    if actor not in traits or not hasattr(traits[actor], trait):
        raise InputError.one(LEVER_FILE, f"cannot resolve {value!r}", field=text)
    return f"{left}={getattr(traits[actor], trait)}"


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
    return changed, params


def _change_events(scenario: Scenario, lever: Lever) -> Scenario:
    if not (lever.remove_doctrines or lever.add_events or lever.remove_events):
        return scenario
    data = scenario.model_dump(mode="json")
    data["doctrines"] = [d for d in data["doctrines"] if d["id"] not in lever.remove_doctrines]
    data["events"] = [e for e in data["events"] if e["name"] not in lever.remove_events]
    data["events"] += [e.model_dump(mode="json") for e in lever.add_events]
    data["events"].sort(key=lambda e: e["month"])
    changed = Scenario.model_validate(data)
    problems = [
        Problem(LEVER_FILE, None, f"{lever.id}: " + ".".join(str(p) for p in path), message)
        for path, message in cross_check(changed)
    ]
    if problems:
        raise InputError(problems)
    return changed
