"""The what-if form's sliders: each contender's traits and each global parameter, with their ranges.

A trait's range comes from the scenario format (every trait lies in [0, 1]);
a parameter's from its bounds in :class:`~politburo.scenario.params.Params`.
A slider that was not moved sets nothing: only values that differ from the
scenario's or the parameters' own become overrides.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from politburo.interface.web.pages import Refusal
from politburo.scenario.params import Params
from politburo.scenario.schema import Scenario, Traits

__all__ = ["Slider", "overrides_from", "sliders"]

#: The traits a slider changes (the doctrine is a position, not a number).
TRAITS = tuple(name for name in Traits.model_fields if name != "doctrine")


@dataclass(frozen=True, slots=True)
class Slider:
    """One slider: the form field, its label, range, step and current value."""

    field: str
    label: str
    low: float
    high: float
    step: float
    value: float


def _bounds(name: str) -> tuple[float, float]:
    metadata = Params.model_fields[name].metadata
    low = next(float(m.ge) for m in metadata if hasattr(m, "ge"))
    high = next(float(m.le) for m in metadata if hasattr(m, "le"))
    return low, high


def sliders(scenario: Scenario, params: Params) -> list[tuple[str, list[Slider]]]:
    """The sliders in groups: one per contender, then the global parameters."""
    groups = []
    for actor in scenario.actors:
        if actor.contender:
            row = [
                Slider(
                    f"t.{actor.id}.{t}",
                    t.replace("_", " "),
                    0.0,
                    1.0,
                    0.01,
                    getattr(actor.traits, t),
                )
                for t in TRAITS
            ]
            groups.append((actor.name, row))
    row = []
    for name, info in Params.model_fields.items():
        low, high = _bounds(name)
        label = f"{name.replace('_', ' ')} — {info.description}"
        row.append(Slider(f"p.{name}", label, low, high, (high - low) / 100, getattr(params, name)))
    groups.append(("Global parameters", row))
    return groups


def overrides_from(scenario: Scenario, params: Params, values: Mapping[str, str]) -> list[str]:
    """The overrides the form's slider values make: one per value moved from its own.

    Raises:
        Refusal: A field is no slider, or its value is not a number in its range.
    """
    own = {s.field: s for _, row in sliders(scenario, params) for s in row}
    out = []
    for field, text in values.items():
        slider = own.get(field)
        if slider is None:
            raise Refusal(422, f"{field[:60]!r} is not a trait or parameter of this scenario")
        try:
            value = float(text)
        except ValueError:
            raise Refusal(422, f"{field}: {text[:20]!r} is not a number") from None
        if not (math.isfinite(value) and slider.low <= value <= slider.high):
            raise Refusal(422, f"{field}: {value} lies outside [{slider.low}, {slider.high}]")
        if abs(value - slider.value) > slider.step / 2:
            out.append(f"{field.split('.', 1)[1]}={value:.4f}")
    return out
