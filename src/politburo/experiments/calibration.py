"""Calibration: fitting the global parameters to one or several cases' records with Optuna.

Optuna's TPE sampler (Bergstra et al. 2011) searches the parameters' stated
ranges; it copes with a few dozen bounded parameters, a noisy objective and
a time budget, and is seeded. The objective is the fidelity score of
``docs/validation.md``, averaged over a fixed set of fit seeds (common random
numbers across trials) and then over the cases, so that parameters fitted
to several struggles are judged on each of them alike; the result is scored
again on other seeds, so that luck with the fit seeds does not pass for fit.
Only global parameters are fitted: never an actor's traits, nothing per
event, nothing that governs one kind of motion for one actor.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import optuna

from politburo.analysis.episodes import EpisodeGroup, scenario_episodes, tally_episodes
from politburo.analysis.scoring import Target
from politburo.experiments.backends import Backend, Pool, open_pool
from politburo.experiments.cases import Case
from politburo.experiments.configuration import Configuration
from politburo.experiments.scored import Seeds, score_runs
from politburo.experiments.validation import target_for
from politburo.scenario.params import Params
from politburo.scenario.schema import Scenario


@dataclass(frozen=True, slots=True)
class CaseFit:
    """One case's part in a fit: its targets and its fidelity before and after.

    The fit scores are on the fit seeds (those the optimiser saw), the test
    scores on other seeds.
    """

    case: str
    scenario: str
    record: str
    targets: int
    fit_score_before: float
    fit_score_after: float
    test_score_before: float
    test_score_after: float


@dataclass(frozen=True, slots=True)
class Calibration:
    """A fit: the parameters before and after, their scores, and what was fitted to what.

    The scores are averages over the cases, each case's own in ``cases``.
    ``start_feasible`` says whether the starting parameters met the
    constraint on outcome shares; when they did not, the fit may score below
    them, having had to leave them.
    ``best`` holds the best feasible parameter sets found, best first, with
    their fidelity on the fit seeds: the spread of good fits, for showing
    how much an answer depends on which of them one takes.
    """

    before: Params
    after: Params
    fitted: tuple[str, ...]
    cases: tuple[CaseFit, ...]
    trials: int
    fit_score_before: float
    fit_score_after: float
    test_score_before: float
    test_score_after: float
    seed: int
    until: str | None
    max_outcome_share: float
    start_feasible: bool = True
    min_episode_share: float = 0.0
    best: tuple[tuple[float, Params], ...] = ()

    @property
    def targets(self) -> int:
        """How many figures the fit was asked to match, over every case."""
        return sum(case.targets for case in self.cases)


def parameter_bounds(name: str) -> tuple[float, float]:
    """The plausible range of a global parameter, from its declaration."""
    low = high = None
    for item in Params.model_fields[name].metadata:
        low = getattr(item, "ge", low)
        high = getattr(item, "le", high)
    if low is None or high is None:
        raise ValueError(f"parameter {name!r} has no declared range")
    return float(low), float(high)


def mean_fidelity(
    scenario: Scenario,
    params: Params,
    target: Target,
    seeds: Seeds,
    runs: int,
    pool: Pool,
    episodes: Sequence[EpisodeGroup] = (),
) -> tuple[float, float, float]:
    """Mean fidelity of ``runs`` runs from ``seeds`` under ``params``, and two constraints' figures.

    The second figure is the largest share of runs that any one outcome (a
    winner, or none) takes: the calibration's constraint that runs differ.
    The third is the smallest share of runs telling one of the record's
    ``episodes`` whole (1 if there are none): the constraint that a fit keep
    the record's alliances. The runs are played on ``pool``.
    """
    scored = score_runs(Configuration(scenario, params), target, seeds, runs, pool)
    outcomes: dict[str, int] = {}
    for run in scored:
        outcomes[run.winner or "none"] = outcomes.get(run.winner or "none", 0) + 1
    tally = tally_episodes(episodes, [run.spells for run in scored])
    shares = [t.shares()["whole"] for group in tally.groups for t in group.episodes]
    return (
        float(np.mean([run.score.fidelity for run in scored])),
        max(outcomes.values()) / runs,
        min(shares, default=1.0),
    )


def count_targets(target: Target) -> int:
    """How many figures a fit is asked to match: events, votes and the winner."""
    return len(target.events) + len(target.votes) + (1 if target.score_winner else 0)


def calibrate(
    cases: Sequence[Case],
    base: Params,
    *,
    trials: int,
    runs: int,
    budget_seconds: float | None = None,
    seed: int = 0,
    test_runs: int | None = None,
    until: str | None = None,
    names: Sequence[str] | None = None,
    max_outcome_share: float = 0.95,
    min_episode_share: float = 0.0,
    keep: int = 10,
    on_trial: Callable[[int, float], None] | None = None,
    backend: Backend | Any | None = None,
) -> Calibration:
    """Fit the global parameters ``names`` (all by default) to the records of ``cases``.

    A trial's score is the fidelity averaged over the cases, each case's
    being its mean over ``runs`` seeded runs (the fit seeds, spawned from
    ``seed``, the same for every case and trial); ``test_runs`` runs of each
    case on other seeds score the parameters before and after. ``until``
    lets the fit see each record only up to that month and not its winner
    (a month of one calendar: for a fit to one case). Runs must differ as
    history could have: a trial in which any one outcome takes more than
    ``max_outcome_share`` of a case's fit runs, in any case, is infeasible
    (a constraint, not part of the score). So is one in which any episode of
    a case's record (an alliance formed, held and broken on time; see
    ``analysis.episodes``) is told whole in fewer than ``min_episode_share``
    of that case's fit runs: the episodes stay outside the score, but a fit
    may not buy its score by losing the record's story.

    The optimiser's sequence of trials stays in this process; each trial's
    runs are played on ``backend`` (default: this process; see
    :func:`~politburo.experiments.backends.open_pool`), so the fit does not
    depend on the back end.
    """
    with open_pool(Backend(workers=1) if backend is None else backend) as pool:
        return _calibrate(
            cases,
            base,
            pool,
            trials=trials,
            runs=runs,
            budget_seconds=budget_seconds,
            seed=seed,
            test_runs=test_runs or runs,
            until=until,
            names=names,
            max_outcome_share=max_outcome_share,
            min_episode_share=min_episode_share,
            keep=keep,
            on_trial=on_trial,
        )


def _calibrate(
    cases: Sequence[Case],
    base: Params,
    pool: Pool,
    *,
    trials: int,
    runs: int,
    budget_seconds: float | None,
    seed: int,
    test_runs: int,
    until: str | None,
    names: Sequence[str] | None,
    max_outcome_share: float,
    min_episode_share: float,
    keep: int,
    on_trial: Callable[[int, float], None] | None,
) -> Calibration:
    """:func:`calibrate` on an open pool."""
    if not cases:
        raise ValueError("calibration needs at least one case")
    fitted = tuple(names or Params.model_fields)
    targets = [target_for(case.scenario, case.record, until=until) for case in cases]
    episodes = [
        scenario_episodes(case.scenario, case.record) if min_episode_share > 0 else ()
        for case in cases
    ]
    # The fit seeds are SeedSequence(seed).spawn(2)[0]'s children, the test seeds [1]'s.
    fit, test = Seeds(seed, (0,)), Seeds(seed, (1,))
    before = base

    def scores(params: Params, seeds: Seeds, n: int) -> list[tuple[float, float, float]]:
        """Each case's mean fidelity, top outcome share and weakest episode under ``params``."""
        return [
            mean_fidelity(case.scenario, params, target, seeds, n, pool, groups)
            for case, target, groups in zip(cases, targets, episodes, strict=True)
        ]

    def objective(trial: optuna.Trial) -> float:
        update = {n: trial.suggest_float(n, *parameter_bounds(n)) for n in fitted}
        found = scores(base.model_copy(update=update), fit, runs)
        excess_share = max(
            max(share for _, share, _ in found) - max_outcome_share,
            min_episode_share - min(weakest for _, _, weakest in found),
        )
        trial.set_user_attr("case_scores", [score for score, _, _ in found])
        trial.set_user_attr("excess_share", excess_share)
        trial.set_constraint("excess_share", excess_share)
        return float(np.mean([score for score, _, _ in found]))

    def excess(trial: optuna.trial.FrozenTrial) -> float:
        return float(trial.user_attrs.get("excess_share", 1.0))

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    sampler = optuna.samplers.TPESampler(seed=seed, multivariate=True)
    study = optuna.create_study(direction="maximize", sampler=sampler)
    study.enqueue_trial({n: getattr(base, n) for n in fitted})
    deadline = None if budget_seconds is None else time.monotonic() + budget_seconds

    def best(study: optuna.Study) -> optuna.trial.FrozenTrial:
        """The best feasible trial (the starting point if none is feasible)."""
        done = [t for t in study.trials if t.value is not None]
        feasible = [t for t in done if excess(t) <= 0.0] or done[:1]
        return max(feasible, key=lambda t: float(t.value or 0.0))

    def report(study: optuna.Study, trial: optuna.trial.FrozenTrial) -> None:
        if on_trial is not None:
            on_trial(trial.number, float(best(study).value or 0.0))
        if deadline is not None and time.monotonic() > deadline:
            study.stop()

    study.optimize(objective, n_trials=trials, callbacks=[report])
    chosen = best(study)
    after = Params.model_validate({**before.model_dump(), **chosen.params})
    feasible = sorted(
        (t for t in study.trials if t.value is not None and excess(t) <= 0.0),
        key=lambda t: -float(t.value or 0.0),
    )
    kept = tuple(
        (float(t.value or 0.0), Params.model_validate({**before.model_dump(), **t.params}))
        for t in feasible[:keep]
    )
    tested = zip(scores(before, test, test_runs), scores(after, test, test_runs), strict=True)
    per_case = tuple(
        CaseFit(
            case=case.name,
            scenario=case.scenario.id,
            record=case.record_name,
            targets=count_targets(target),
            fit_score_before=first,
            fit_score_after=last,
            test_score_before=test_before,
            test_score_after=test_after,
        )
        for case, target, first, last, ((test_before, _, _), (test_after, _, _)) in zip(
            cases,
            targets,
            study.trials[0].user_attrs["case_scores"],
            chosen.user_attrs["case_scores"],
            tested,
            strict=True,
        )
    )
    return Calibration(
        before=before,
        after=after,
        fitted=fitted,
        cases=per_case,
        trials=len(study.trials),
        fit_score_before=float(study.trials[0].value or 0.0),
        fit_score_after=float(chosen.value or 0.0),
        test_score_before=float(np.mean([c.test_score_before for c in per_case])),
        test_score_after=float(np.mean([c.test_score_after for c in per_case])),
        seed=seed,
        until=until,
        max_outcome_share=max_outcome_share,
        start_feasible=excess(study.trials[0]) <= 0.0,
        min_episode_share=min_episode_share,
        best=kept,
    )


def params_yaml(result: Calibration, command: str, left_out: str | None = None) -> str:
    """The fitted parameters as a parameter file, with how they were made and scored.

    The header names the cases fitted to (and ``left_out``, the case a
    leave-one-out fit did not see), the command, the seed and the scores.
    """
    cases = ", ".join(f"{c.case} (record {c.record})" for c in result.cases)
    lines = [
        f"# Global model parameters fitted by calibration to {len(result.cases)} "
        f"case{'s' if len(result.cases) > 1 else ''}: {cases}.",
        "# IN-SAMPLE for those cases: fitted to the very records they are scored on",
        "# (see docs/validation.md for the out-of-time and leave-one-out tests).",
    ]
    if left_out is not None:
        lines.append(
            f"# Left out: {left_out}, never seen by the fit; scored with this file by "
            "`politburo validate --cases all --leave-one-out`."
        )
    lines += [
        f"# Command: {command}",
        f"# Seed: {result.seed}; trials: {result.trials}; "
        f"{len(result.fitted)} parameters fitted against {result.targets} targets"
        + (f"; record seen up to {result.until}, winner not used" if result.until else "")
        + f"; no outcome in more than {result.max_outcome_share:.0%} of any case's fit runs"
        + (
            f"; every episode of each record whole in at least {result.min_episode_share:.0%}"
            if result.min_episode_share > 0
            else ""
        ),
        f"# Fidelity on the fit seeds: {result.fit_score_before:.3f} before"
        + ("" if result.start_feasible else " (infeasible: a constraint not met)")
        + f", {result.fit_score_after:.3f} after (mean over cases).",
        f"# Fidelity on other seeds:   {result.test_score_before:.3f} before, "
        f"{result.test_score_after:.3f} after (mean over cases).",
    ]
    if len(result.cases) > 1:
        lines += [
            f"#   {c.case}: fit seeds {c.fit_score_before:.3f} -> {c.fit_score_after:.3f}, "
            f"other seeds {c.test_score_before:.3f} -> {c.test_score_after:.3f}"
            for c in result.cases
        ]
    lines.append("# Meanings and ranges: src/politburo/scenario/params.py and docs/model.md.")
    values = result.after.model_dump()
    lines += [f"{name}: {_short(values[name])}" for name in Params.model_fields]
    return "\n".join(lines) + "\n"


def _short(value: float) -> str:
    text = f"{value:.4g}"
    return text if any(c in text for c in ".e") else text + ".0"


def fits_yaml(result: Calibration, command: str) -> str:
    """The best parameter sets of a fit, best first, as a file ``load_fits`` reads."""
    lines = [
        f"# The {len(result.best)} best feasible parameter sets of one calibration, best first,",
        "# with their fidelity on the fit seeds (for `politburo explain --param-sets`).",
        f"# Command: {command}",
        "fits:" if result.best else "fits: []",
    ]
    for score, params in result.best:
        lines.append(f"  - fidelity: {score:.4f}")
        lines.append("    params:")
        values = params.model_dump()
        lines += [f"      {name}: {_short(values[name])}" for name in Params.model_fields]
    return "\n".join(lines) + "\n"
