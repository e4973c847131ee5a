"""JSON that is JSON: no ``NaN`` or ``Infinity`` is ever printed, with a reason where one is known.

Python's ``json`` writes a float that is not finite as the bare words
``NaN``, ``Infinity`` and ``-Infinity``, which no JSON parser is bound to
accept. Every figure the program prints as JSON goes through
:func:`json_text` (or :func:`finite_json_text` for text made elsewhere),
which writes such a figure as ``null``; where the caller knows why a figure
does not exist (an event that never happens has no median month), the
object holding it gains a ``"missing"`` object that says so, field by field::

    {"base_median": null, "missing": {"base_median": "the event happens in no run"}}
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["MISSING", "finite", "finite_json_text", "json_text"]

#: The key of the object that says why its figures are null.
MISSING = "missing"

#: The reason given for a figure that is not finite when the caller names none.
_NO_FIGURE = "no figure: not a finite number"


def finite(data: Any, reasons: Mapping[str, str] | None = None) -> Any:
    """``data`` with every float that is not finite replaced by None.

    With ``reasons`` (field name to reason), each object (dict) that held
    such a figure gains ``"missing"``: for each such field, its reason (or a
    general one where ``reasons`` names none); a field already None that
    ``reasons`` names (a figure the caller left out) gains its reason too.
    Without ``reasons`` the figures become None and nothing is added (a
    query's rows keep their columns).
    """
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, Mapping):
        cleaned = {key: finite(value, reasons) for key, value in data.items()}
        if reasons is not None:
            lost = {
                str(key): reasons.get(str(key), _NO_FIGURE)
                for key, value in data.items()
                if (isinstance(value, float) and not math.isfinite(value))
                or (value is None and str(key) in reasons)
            }
            if lost:
                cleaned[MISSING] = {**cleaned.get(MISSING, {}), **lost}
        return cleaned
    if isinstance(data, list | tuple):
        return [finite(value, reasons) for value in data]
    return data


def json_text(
    data: Any,
    *,
    indent: int | None = None,
    default: Callable[[Any], Any] | None = None,
    reasons: Mapping[str, str] | None = None,
) -> str:
    """``data`` as JSON text, figures that are not finite as null (see :func:`finite`).

    Raises:
        ValueError: Never for a float; only if ``default`` returns one that is not finite.
    """
    return json.dumps(finite(data, reasons), indent=indent, default=default, allow_nan=False)


def finite_json_text(text: str) -> str:
    """JSON text made elsewhere, unchanged unless it holds ``NaN`` or ``Infinity``.

    Text that holds them is read and written again with those figures as
    null (keys sorted, compact, as a run's canonical JSON is written).
    """
    found: list[str] = []

    def constant(word: str) -> float:
        found.append(word)
        return math.nan

    data = json.loads(text, parse_constant=constant)
    if not found:
        return text
    return json.dumps(finite(data), sort_keys=True, separators=(",", ":"), allow_nan=False)
