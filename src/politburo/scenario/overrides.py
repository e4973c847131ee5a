"""Command-line overrides (``--set``): change one trait, actor field or parameter.

A counterfactual is most often one number changed: Trotsky as patient as
Stalin, attacks that cost more. ``--set stalin.patience=0.2`` sets a trait,
``--set molotov.patron=trotsky`` or ``--set stalin.loyalty=0.3`` an actor's
other fields (all but its id), and ``--set attack_cost=0.1`` a global
parameter. Each override is validated by the same pydantic models as the
files, so ranges and types hold, and the changed scenario passes
:func:`~politburo.scenario.schema.cross_check` again. Bad overrides raise an
:class:`~politburo.scenario.errors.InputError` whose problems have ``file="--set"``
and the override's left-hand side as the field.
"""

from __future__ import annotations

import math
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from politburo.scenario.errors import InputError, Problem, did_you_mean
from politburo.scenario.params import Params
from politburo.scenario.problems import FieldPath, field_path, validation_problems
from politburo.scenario.schema import Actor, Scenario, Traits, cross_check

__all__ = ["SOURCE", "Override", "apply_overrides", "parse_override"]

SOURCE = "--set"
"""The pseudo-file name overrides' problems carry."""

Value = float | bool | str | None
ModelT = TypeVar("ModelT", bound=BaseModel)
_FORMS = "write PARAMETER=VALUE or ACTOR.FIELD=VALUE, e.g. attack_cost=0.1 or stalin.patience=0.2"
_TRAITS = tuple(Traits.model_fields)
_ACTOR_FIELDS = tuple(name for name in Actor.model_fields if name not in ("id", "traits"))


@dataclass(frozen=True, slots=True)
class Override:
    """One ``--set`` assignment.

    Attributes:
        target: The actor's id, or None for a global parameter.
        field: The trait, actor field or parameter name.
        value: The value parsed: a float, true/false, null/none as None, or
            else the text itself.
        text: The value as written, used where the field wants text
            (``stalin.name=1924``) or a list (``stalin.doctrine=0.2,-0.4``).
    """

    target: str | None
    field: str
    value: Value
    text: str = ""

    @property
    def name(self) -> str:
        """The left-hand side as written: ``stalin.patience`` or ``attack_cost``."""
        return self.field if self.target is None else f"{self.target}.{self.field}"


def parse_override(text: str) -> Override:
    """Read one ``--set`` argument.

    Args:
        text: ``PARAMETER=VALUE`` or ``ACTOR.FIELD=VALUE`` (``ACTOR.traits.TRAIT``
            is accepted too).

    Returns:
        The override; whether its names exist is checked by
        :func:`apply_overrides`.

    Raises:
        InputError: The text has no ``=``, nothing on one side of it, or a
            left-hand side of another shape.
    """
    if "=" not in text:
        raise InputError.one(SOURCE, f"no '=' in {text!r}; {_FORMS}", field=text.strip())
    left, right = (part.strip() for part in text.split("=", 1))
    if not right:
        raise InputError.one(SOURCE, f"no value after '='; {_FORMS}", field=left)
    parts = left.split(".")
    if len(parts) == 3 and parts[1] == "traits":
        parts = [parts[0], parts[2]]
    if not left:
        raise InputError.one(SOURCE, f"nothing before '=' in {text!r}; {_FORMS}")
    if len(parts) > 2 or not all(parts):
        raise InputError.one(SOURCE, f"cannot read {left!r}; {_FORMS}", field=left)
    target, field = (None, parts[0]) if len(parts) == 1 else (parts[0], parts[1])
    return Override(target=target, field=field, value=_parse_value(right), text=right)


def apply_overrides(
    scenario: Scenario, params: Params, overrides: Sequence[str | Override]
) -> tuple[Scenario, Params]:
    """Apply overrides to a scenario and a parameter set.

    Overrides apply in order, so a later one wins over an earlier one on the
    same field. Every override is checked, and all problems are reported
    together.

    Args:
        scenario: The scenario to change (left as it is).
        params: The parameters to change (left as they are).
        overrides: ``--set`` texts or parsed overrides.

    Returns:
        The changed copies, validated again: ranges and types hold, and the
        scenario passes :func:`~politburo.scenario.schema.cross_check`.

    Raises:
        InputError: An override is malformed, names an unknown actor, trait
            or parameter (with the closest valid name suggested), or sets a
            value out of range, of the wrong type, or one that breaks a
            reference between parts of the scenario.
    """
    problems: list[Problem] = []
    touched: list[tuple[FieldPath, str]] = []
    new_scenario, new_params = scenario, params
    for item in overrides:
        try:
            override = parse_override(item) if isinstance(item, str) else item
            if override.target is None:
                new_params = _set_param(new_params, override)
            else:
                new_scenario, path = _set_actor(new_scenario, override, override.target)
                touched.append((path, override.name))
        except InputError as exc:
            problems.extend(exc.problems)
    if not problems and touched:
        before = set(cross_check(scenario))
        for path, message in cross_check(new_scenario):
            if (path, message) not in before:
                problems.append(_cross_problem(path, message, touched))
    if problems:
        raise InputError(problems)
    return new_scenario, new_params


def _parse_value(text: str) -> Value:
    """A float, a boolean, None (``null``/``none``), or the text itself."""
    lowered = text.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if lowered in ("null", "none"):
        return None
    try:
        number = float(text)
    except ValueError:
        return text
    return number if math.isfinite(number) else text


def _set_param(params: Params, override: Override) -> Params:
    """The parameters with one changed, validated."""
    names = list(Params.model_fields)
    if override.field not in names:
        hint = (
            f"; {override.field!r} is set per actor, e.g. stalin.{override.field}=VALUE"
            if override.field in _TRAITS or override.field in _ACTOR_FIELDS
            else ""
        )
        raise InputError.one(
            SOURCE,
            f"unknown parameter {override.field!r}" + did_you_mean(override.field, names) + hint,
            field=override.name,
        )

    def changed(value: object) -> Params:
        return params.model_copy(update={override.field: value})

    return _validated(Params, override, (override.field,), changed)


def _set_actor(scenario: Scenario, override: Override, target: str) -> tuple[Scenario, FieldPath]:
    """The scenario with one actor's trait or field changed, validated, and its path."""
    ids = [actor.id for actor in scenario.actors]
    if target not in ids:
        raise InputError.one(
            SOURCE, f"unknown actor {target!r}" + did_you_mean(target, ids), field=override.name
        )
    index = ids.index(target)
    actor = scenario.actors[index]
    field = override.field
    if field == "id":
        raise InputError.one(SOURCE, "an actor's id cannot be changed", field=override.name)
    if field == "traits":
        raise InputError.one(
            SOURCE,
            f"set one trait at a time, e.g. {target}.patience=0.2",
            field=override.name,
        )
    if field in _TRAITS:
        path: FieldPath = ("actors", index, "traits", field)
    elif field in _ACTOR_FIELDS:
        path = ("actors", index, field)
    else:
        raise InputError.one(
            SOURCE,
            f"unknown trait or actor field {field!r}"
            + did_you_mean(field, [*_TRAITS, *_ACTOR_FIELDS]),
            field=override.name,
        )

    def changed(value: object) -> Scenario:
        if field in _TRAITS:
            new_actor = actor.model_copy(
                update={"traits": actor.traits.model_copy(update={field: value})}
            )
        else:
            new_actor = actor.model_copy(update={field: value})
        actors = (*scenario.actors[:index], new_actor, *scenario.actors[index + 1 :])
        return scenario.model_copy(update={"actors": actors})

    is_list = field in _TRAITS and typing.get_origin(Traits.model_fields[field].annotation) is tuple
    return _validated(Scenario, override, path, changed, is_list=is_list), path


def _validated(
    model: type[ModelT],
    override: Override,
    path: FieldPath,
    changed: Callable[[object], ModelT],
    *,
    is_list: bool = False,
) -> ModelT:
    """The copy ``changed`` makes with the override's value, validated again.

    The value as parsed is tried first; a field that wants text gets the text
    as written (``stalin.name=1924``), and a list field its comma-separated
    items. Problems name the override and, where it is not the field set,
    the field that broke.
    """
    raw = override.text or ("" if override.value is None else str(override.value))
    candidates: list[object]
    if is_list:
        candidates = [tuple(part.strip() for part in raw.split(","))]
    elif isinstance(override.value, str) or not raw:
        candidates = [override.value]
    else:
        candidates = [override.value, raw]
    failures: list[tuple[ValidationError, dict[str, Any]]] = []
    for value in candidates:
        data = changed(value).model_dump(warnings=False)
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            failures.append((exc, data))
    error, data = failures[0]
    own = field_path(path)
    raise InputError(
        Problem(
            file=SOURCE,
            line=None,
            field=override.name,
            message=problem.message
            if problem.field == own
            else f"{problem.field}: {problem.message}",
        )
        for problem in validation_problems(error, model, SOURCE, data)
    )


def _cross_problem(path: FieldPath, message: str, touched: list[tuple[FieldPath, str]]) -> Problem:
    """A reference problem the overrides caused, attributed to the one that touched it.

    A problem elsewhere (a province loyal to an actor no longer a contender)
    names the overrides together, and the field that broke in its message.
    """
    for touched_path, name in reversed(touched):
        if touched_path[: len(path)] == path:
            where = "" if touched_path == path else f"{field_path(path)}: "
            return Problem(file=SOURCE, line=None, field=name, message=where + message)
    names = ", ".join(dict.fromkeys(name for _, name in touched))
    return Problem(file=SOURCE, line=None, field=names, message=f"{field_path(path)}: {message}")
