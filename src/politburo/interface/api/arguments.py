"""The Python API's arguments, checked where they come in, with errors that name them.

A wrong type is a ``TypeError`` and a value out of range an
:class:`~politburo.scenario.errors.InputError`, each raised at the call and
naming the function and the argument (``simulate(): seed must be ...``),
instead of an error from deep inside NumPy or the engine. A string where a
list of names is expected is refused rather than read letter by letter.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from politburo.experiments.location import Shards
from politburo.scenario.errors import InputError, did_you_mean
from politburo.scenario.params import Params
from politburo.scenario.schema import Scenario

__all__ = [
    "check_count",
    "check_folder",
    "check_names",
    "check_params",
    "check_policies",
    "check_run_seed",
    "check_scenario_argument",
    "check_seed",
    "check_shards",
    "check_workers",
]


def _shown(value: Any) -> str:
    text = repr(value)
    return f"{text if len(text) <= 40 else text[:37] + '...'} ({type(value).__name__})"


def _is_int(value: Any) -> bool:
    return isinstance(value, int | np.integer) and not isinstance(value, bool | np.bool_)


def check_seed(function: str, value: Any) -> int:
    """A seed: an int of 0 or more.

    Raises:
        TypeError: It is of another type (None, a string, a float, a bool).
        InputError: It is negative.
    """
    if not _is_int(value):
        raise TypeError(f"{function}(): seed must be an int of 0 or more, not {_shown(value)}")
    if value < 0:
        raise InputError.one(function, f"must be 0 or more, not {value}", field="seed")
    return int(value)


def check_shards(function: str, value: Any) -> Shards:
    """Who writes an ensemble's shards: ``workers`` or ``client``.

    Raises:
        TypeError: It is not a string.
        InputError: It is another string.
    """
    if not isinstance(value, str):
        raise TypeError(f"{function}(): shards must be 'workers' or 'client', not {_shown(value)}")
    if value == "workers":
        return "workers"
    if value == "client":
        return "client"
    raise InputError.one(function, f"must be workers or client, not {value!r}", field="shards")


def check_run_seed(function: str, value: Any) -> int | np.random.SeedSequence:
    """One run's seed: an int of 0 or more, or a ``numpy.random.SeedSequence``.

    Raises:
        TypeError: It is of another type.
        InputError: It is negative.
    """
    if isinstance(value, np.random.SeedSequence):
        return value
    if not _is_int(value):
        raise TypeError(
            f"{function}(): seed must be an int of 0 or more or a numpy SeedSequence, "
            f"not {_shown(value)}"
        )
    return check_seed(function, value)


def check_count(function: str, name: str, value: Any, minimum: int = 1) -> int:
    """A count such as ``runs``: an int of at least ``minimum``.

    Raises:
        TypeError: It is not an int (a string such as ``"5"`` included).
        InputError: It is below ``minimum``.
    """
    if not _is_int(value):
        raise TypeError(f"{function}(): {name} must be an int, not {_shown(value)}")
    if value < minimum:
        raise InputError.one(function, f"must be at least {minimum}, not {value}", field=name)
    return int(value)


def check_workers(function: str, value: Any) -> int | None:
    """``workers``: None (every core) or an int of 1 or more."""
    return None if value is None else check_count(function, "workers", value)


def check_names(function: str, name: str, value: Any) -> tuple[str, ...]:
    """A list of names or texts (levers, overrides): a sequence of strings, never one string.

    Raises:
        TypeError: It is a single string, not a sequence, or holds something other than strings.
    """
    if isinstance(value, str | bytes):
        raise TypeError(
            f"{function}(): {name} must be a list of strings, not the string {value!r} "
            f"(which would be read letter by letter); write {name}=[{value!r}]"
        )
    if not isinstance(value, Sequence | set | frozenset):
        raise TypeError(f"{function}(): {name} must be a list of strings, not {_shown(value)}")
    for item in value:
        if not isinstance(item, str):
            raise TypeError(
                f"{function}(): {name} must hold only strings, not {_shown(item)}"
                + (" (write overrides as 'NAME=VALUE' strings)" if name == "overrides" else "")
            )
    return tuple(value)


def check_scenario_argument(function: str, value: Any) -> Scenario | str | Path:
    """A scenario: a ``Scenario``, a bundled id or a path to a YAML file.

    Raises:
        TypeError: It is none of these.
    """
    if not isinstance(value, Scenario | str | Path):
        raise TypeError(
            f"{function}(): scenario must be a Scenario, a bundled id or a path, "
            f"not {_shown(value)}"
        )
    return value


def check_params(function: str, value: Any) -> Params | str | Path | None:
    """Global parameters: ``Params``, a path to a parameter file, or None for the defaults.

    Raises:
        TypeError: It is none of these.
    """
    if value is not None and not isinstance(value, Params | str | Path):
        raise TypeError(
            f"{function}(): params must be Params, a parameter file's path or None, "
            f"not {_shown(value)}"
        )
    return value


def check_folder(function: str, name: str, value: Any) -> Path:
    """A folder (``out``, ``store``): a string or a path.

    Raises:
        TypeError: It is neither.
    """
    if not isinstance(value, str | Path):
        raise TypeError(f"{function}(): {name} must be a folder's path, not {_shown(value)}")
    return Path(value)


def check_policies(function: str, value: Any, scenario: Scenario) -> Mapping[str, Any] | None:
    """Policies: None, or a mapping from the scenario's actor ids to objects with ``choose``.

    Raises:
        TypeError: It is not a mapping, or a policy has no ``choose`` method.
        InputError: A key is not an actor of the scenario.
    """
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise TypeError(
            f"{function}(): policies must map actor ids to policies, not {_shown(value)}"
        )
    actors = [actor.id for actor in scenario.actors]
    for actor, policy in value.items():
        if actor not in actors:
            raise InputError.one(
                function,
                f"{actor!r} is not an actor of {scenario.id}{did_you_mean(str(actor), actors)}",
                field="policies",
            )
        if not callable(getattr(policy, "choose", None)):
            raise TypeError(
                f"{function}(): policies[{actor!r}] must be a Policy (with a choose method), "
                f"not {_shown(policy)}"
            )
    return value
