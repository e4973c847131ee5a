"""Several cases validated, each under its own parameters: the leave-one-case-out test.

A model fitted to one struggle's record has shown nothing until its
mechanisms carry to struggles it was not fitted to. Each case here is scored
under parameters of its own (in the leave-one-out test, those fitted to every
other case), beside the naive baselines of :mod:`politburo.experiments.validation`,
and two verdicts are drawn for it: is the model's fidelity above every
baseline's, and is the record's winner the model's most common outcome.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from politburo.analysis.scoring import Summary
from politburo.experiments.backends import Backend, open_pool
from politburo.experiments.cases import Case
from politburo.experiments.configuration import Configuration
from politburo.experiments.runner import Progress
from politburo.experiments.validation import Validation, validate
from politburo.scenario.params import Params

__all__ = ["CaseValidation", "most_common", "validate_cases"]

#: The outcome of a run with no winner, as the summaries name it.
NO_WINNER = "none"


def most_common(summary: Summary) -> tuple[tuple[str, ...], float]:
    """The outcomes taking the largest share of ``summary``'s runs (all tied), and the share."""
    top = max(share for share, _, _ in summary.winners.values())
    return tuple(name for name, (share, _, _) in summary.winners.items() if share == top), top


@dataclass(frozen=True, slots=True)
class CaseValidation:
    """One case scored under the parameters chosen for it.

    Attributes:
        case: The case's name.
        params: Where its parameters came from (a file, or the defaults).
        validation: The model's figures and the baselines' against its record.
    """

    case: str
    params: str
    validation: Validation

    @property
    def record_winner(self) -> str:
        """The record's winner by the winner rule, or ``none`` when it names none."""
        found = self.validation.record_winner
        return NO_WINNER if found is None else found[0]

    @property
    def above_every_baseline(self) -> bool:
        """Whether the model's fidelity is above every naive baseline's."""
        model = self.validation.model.fidelity
        return all(model > b.fidelity for b in self.validation.baselines.values())

    @property
    def winner_most_common(self) -> bool:
        """Whether the record's winner is the model's most common outcome (and not tied)."""
        return most_common(self.validation.model)[0] == (self.record_winner,)


def validate_cases(
    cases: Sequence[tuple[Case, Params, str]],
    *,
    runs: int,
    seed: int = 0,
    on_progress: Progress | None = None,
    backend: Backend | Any | None = None,
) -> list[CaseValidation]:
    """Validate each case under its parameters: ``(case, params, where they came from)``.

    Every case plays ``runs`` runs from the root seed ``seed`` on ``backend``
    (default: this process); ``on_progress`` gets (runs done, runs) over all
    the cases.
    """
    out = []
    total = runs * len(cases)
    with open_pool(Backend(workers=1) if backend is None else backend) as pool:
        for i, (case, params, source) in enumerate(cases):
            done = i * runs

            def report(n: int, _: int, done: int = done) -> None:
                if on_progress is not None:
                    on_progress(done + n, total)

            scored = validate(
                Configuration(case.scenario, params),
                case.record,
                runs=runs,
                seed=seed,
                record_name=case.record_name,
                on_progress=report,
                backend=pool,
            )
            out.append(CaseValidation(case.name, source, scored))
    return out
