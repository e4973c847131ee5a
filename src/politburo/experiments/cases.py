"""Cases: a scenario with the record it is held against, and the bundled ones by name.

Calibration fits the global parameters to one case or to several at once,
and the leave-one-out validation scores each case with parameters fitted
without it; both take their cases as :class:`Case` values. A case is named
by its scenario's unversioned id (``ussr-1924``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from politburo.analysis.record import RecordEvent, load_record
from politburo.scenario.errors import InputError, did_you_mean
from politburo.scenario.loading import bundled_cases, case_id, load_scenario
from politburo.scenario.schema import Scenario

__all__ = ["Case", "bundled", "case_named"]


@dataclass(frozen=True, slots=True)
class Case:
    """A scenario and the record it is scored against.

    Attributes:
        scenario: The scenario.
        record: The record's events.
        record_name: The record as it was named (a bundled id or a file).
    """

    scenario: Scenario
    record: tuple[RecordEvent, ...]
    record_name: str

    @property
    def name(self) -> str:
        """The case's name: its scenario's id without the version."""
        return case_id(self.scenario.id)

    @classmethod
    def of(cls, scenario: Scenario | str | Path, record: str | Path | None = None) -> Case:
        """A case from a scenario (a value, bundled id or file) and a record (default: its own).

        Raises:
            InputError: The scenario or record cannot be loaded, or no record
                is given and the scenario names none.
        """
        chosen = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
        found = record or chosen.record
        if found is None:
            raise InputError.one(str(scenario), "the scenario names no record: give one")
        return cls(chosen, load_record(found), str(found))


def case_named(name: str) -> str:
    """The bundled case ``name`` stands for (a versioned id names its case).

    Raises:
        InputError: No bundled case has that name; the bundled ones are listed.
    """
    cases = bundled_cases()
    if case_id(name) in cases:
        return case_id(name)
    raise InputError.one(
        name, "no such bundled case" + did_you_mean(name, cases) + f"; cases: {', '.join(cases)}"
    )


def bundled(names: Iterable[str] | None = None, *, leave_out: str | None = None) -> list[Case]:
    """The bundled cases ``names`` (every one by default), in order, without ``leave_out``.

    Raises:
        InputError: A name is no bundled case, a case is named twice, or no
            case is left.
    """
    chosen = [case_named(n) for n in (bundled_cases() if names is None else names)]
    for name in {n for n in chosen if chosen.count(n) > 1}:
        raise InputError.one(name, "case named twice")
    left_out = None if leave_out is None else case_named(leave_out)
    kept = [n for n in chosen if n != left_out]
    if not kept:
        raise InputError.one(leave_out or "cases", "no case left to fit or score")
    return [Case.of(n) for n in kept]
