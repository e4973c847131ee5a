"""What-ifs and attribution: outcome probabilities under levers, on common random numbers.

Every configuration (a set of levers) is an ensemble of the same seeded
runs, stored like any other (``politburo.experiments.ensembles``), so that a long
experiment resumes where it stopped and a baseline is shared by every
experiment that needs it. Run ``i`` has the same seed in every
configuration, so differences are paired: McNemar's exact test for a
what-if, a bootstrap over seeds (resampled jointly across configurations)
for the intervals of Shapley values.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from scipy import stats

from politburo.analysis.shapley import all_coalitions, interaction_indices, shapley_values
from politburo.experiments.ensembles import key_event_sql, query, run_ensemble, worker_pool
from politburo.scenario.loading import params_hash
from politburo.scenario.params import Params
from politburo.scenario.schema import Scenario

FloatArray = NDArray[np.float64]
Progress = Callable[[int, int], None]

#: Resamples of the seeds for bootstrap intervals.
BOOTSTRAP = 2000


def configuration_folder(
    store: Path,
    scenario: Scenario,
    params: Params,
    seed: int,
    levers: Sequence[str],
    overrides: Sequence[str],
) -> Path:
    """The folder holding the ensemble of one configuration, named by what defines it."""
    key = "|".join([",".join(sorted(levers)), *overrides])
    digest = hashlib.sha256(key.encode()).hexdigest()[:10]
    name = "+".join(sorted(levers)) or "baseline"
    fitted = f"params-{params_hash(params)[:10]}"
    return store / scenario.id / fitted / f"seed{seed}" / f"{name}-{digest}"


def stored_ensemble(
    scenario: Scenario,
    params: Params,
    *,
    levers: Sequence[str],
    overrides: Sequence[str],
    runs: int,
    seed: int,
    store: Path,
    workers: int | None = None,
    on_progress: Progress | None = None,
    pool: ProcessPoolExecutor | None = None,
) -> Path:
    """The folder of one configuration's ensemble, holding at least ``runs`` runs."""
    folder = configuration_folder(store, scenario, params, seed, levers, overrides)
    run_ensemble(
        scenario,
        params,
        runs=runs,
        out_dir=folder,
        root_seed=seed,
        overrides=overrides,
        levers=levers,
        workers=workers,
        on_progress=on_progress,
        pool=pool,
    )
    return folder


@dataclass(frozen=True, slots=True)
class Outcomes:
    """Per-run outcomes of one configuration: the winner of each run, in run order."""

    winners: tuple[str, ...]
    event_months: dict[tuple[str, str, str], tuple[float, ...]]

    def indicator(self, outcome: str) -> NDArray[np.bool_]:
        """For each run, whether it ended in ``outcome`` (a contender's id or 'none')."""
        return np.array([w == outcome for w in self.winners], dtype=np.bool_)


def play_configuration(
    scenario: Scenario,
    params: Params,
    *,
    levers: Sequence[str],
    overrides: Sequence[str],
    runs: int,
    seed: int,
    store: Path,
    key_events: Sequence[tuple[str, str, str]],
    workers: int | None = None,
    on_progress: Progress | None = None,
    pool: ProcessPoolExecutor | None = None,
) -> Outcomes:
    """Play (or resume, or reuse) one configuration's ensemble and read its outcomes."""
    folder = stored_ensemble(
        scenario,
        params,
        levers=levers,
        overrides=overrides,
        runs=runs,
        seed=seed,
        store=store,
        workers=workers,
        on_progress=on_progress,
        pool=pool,
    )
    table = query(
        folder,
        f"SELECT run, coalesce(winner, 'none') AS w FROM runs WHERE run < {runs} ORDER BY run",
    )
    winners = tuple(str(w) for w in table.column("w").to_pylist())
    months: dict[tuple[str, str, str], tuple[float, ...]] = {}
    for index, key in enumerate(key_events):
        sql = (
            f"SELECT r.run, k.step AS m FROM runs r LEFT JOIN ({key_event_sql(index, *key)}) k "
            f"ON k.run = r.run WHERE r.run < {runs} ORDER BY r.run"
        )
        column = query(folder, sql).column("m").to_pylist()
        months[key] = tuple(math.nan if m is None else float(m) for m in column)
    return Outcomes(winners, months)


@dataclass(frozen=True, slots=True)
class OutcomeChange:
    """One outcome's probability without and with the levers, and the paired test."""

    outcome: str
    base: tuple[float, float, float]
    changed: tuple[float, float, float]
    difference: tuple[float, float, float]
    mcnemar_p: float
    discordant: tuple[int, int]


@dataclass(frozen=True, slots=True)
class EventChange:
    """A key event's share of runs and median month, without and with the levers."""

    kind: str
    actor: str
    subject: str
    base_share: float
    changed_share: float
    base_median: float
    changed_median: float


@dataclass(frozen=True, slots=True)
class WhatIf:
    """A what-if: the levers pulled and how the outcomes and key events moved."""

    levers: tuple[str, ...]
    overrides: tuple[str, ...]
    runs: int
    seed: int
    outcomes: tuple[OutcomeChange, ...]
    events: tuple[EventChange, ...]


def wilson(successes: int, trials: int) -> tuple[float, float, float]:
    """A share with its Wilson 95% interval."""
    ci = stats.binomtest(successes, trials).proportion_ci(confidence_level=0.95, method="wilson")
    return (successes / trials, float(ci.low), float(ci.high))


def mcnemar(base: NDArray[np.bool_], changed: NDArray[np.bool_]) -> tuple[float, int, int]:
    """McNemar's exact test on paired binary outcomes: p-value and the discordant counts."""
    lost = int((base & ~changed).sum())
    gained = int((~base & changed).sum())
    if lost + gained == 0:
        return 1.0, lost, gained
    return float(stats.binomtest(min(lost, gained), lost + gained, 0.5).pvalue), lost, gained


def paired_difference(
    base: NDArray[np.bool_], changed: NDArray[np.bool_], rng: np.random.Generator
) -> tuple[float, float, float]:
    """The change in a share and its 95% paired-bootstrap interval (seeds resampled)."""
    delta = changed.astype(np.float64) - base.astype(np.float64)
    draws = rng.integers(0, delta.size, size=(BOOTSTRAP, delta.size))
    means = delta[draws].mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return float(delta.mean()), float(low), float(high)


def compare(
    base: Outcomes,
    changed: Outcomes,
    outcomes: Sequence[str],
    *,
    levers: Sequence[str],
    overrides: Sequence[str],
    seed: int,
) -> WhatIf:
    """The what-if's figures from the paired outcomes of the two configurations."""
    rng = np.random.default_rng(seed)
    runs = len(base.winners)
    rows = []
    for outcome in outcomes:
        b, c = base.indicator(outcome), changed.indicator(outcome)
        p, lost, gained = mcnemar(b, c)
        rows.append(
            OutcomeChange(
                outcome,
                wilson(int(b.sum()), runs),
                wilson(int(c.sum()), runs),
                paired_difference(b, c, rng),
                p,
                (lost, gained),
            )
        )
    events = []
    for (kind, actor, subject), months in base.event_months.items():
        before = np.array(months)
        after = np.array(changed.event_months[(kind, actor, subject)])
        events.append(
            EventChange(
                kind,
                actor,
                subject,
                float(np.mean(~np.isnan(before))),
                float(np.mean(~np.isnan(after))),
                float(np.nanmedian(before)) if np.any(~np.isnan(before)) else math.nan,
                float(np.nanmedian(after)) if np.any(~np.isnan(after)) else math.nan,
            )
        )
    return WhatIf(tuple(levers), tuple(overrides), runs, seed, tuple(rows), tuple(events))


@dataclass(frozen=True, slots=True)
class Attribution:
    """Shapley shares of each lever in each outcome's probability, with intervals."""

    levers: tuple[str, ...]
    runs: int
    seed: int
    outcomes: tuple[str, ...]
    values: dict[str, dict[str, tuple[float, float, float]]]
    interactions: dict[str, dict[tuple[str, str], float]]
    none_pulled: dict[str, float]
    all_pulled: dict[str, float]
    param_sets: int = 1


def weight_matrix(players: Sequence[str]) -> tuple[list[frozenset[str]], FloatArray]:
    """Shapley values as a linear map: phi = W @ v over ``all_coalitions(players)``."""
    coalitions = all_coalitions(players)
    weights = np.zeros((len(players), len(coalitions)))
    for column, coalition in enumerate(coalitions):
        unit = shapley_values(players, {c: float(c == coalition) for c in coalitions})
        weights[:, column] = [unit[p] for p in players]
    return coalitions, weights


def attribute(
    results: dict[frozenset[str], Outcomes] | Sequence[dict[frozenset[str], Outcomes]],
    levers: Sequence[str],
    outcomes: Sequence[str],
    seed: int,
) -> Attribution:
    """Each lever's exact Shapley value for each outcome, with bootstrap intervals.

    The value of a set of levers is the outcome's probability with those
    levers pulled. Seeds are resampled jointly across all configurations, so
    that the common random numbers stay paired in every resample. Given the
    results under several parameter sets (equally good fits), the values are
    their mean and each resample also draws a parameter set, so that the
    intervals show the parameters' uncertainty besides chance's.
    """
    sets = [results] if isinstance(results, dict) else list(results)
    coalitions, weights = weight_matrix(levers)
    runs = len(next(iter(sets[0].values())).winners)
    rng = np.random.default_rng(seed)
    # Each resample: how many times each seed is drawn, and which parameter set.
    counts = rng.multinomial(runs, np.full(runs, 1.0 / runs), size=BOOTSTRAP).astype(np.float64)
    chosen_set = rng.integers(0, len(sets), size=BOOTSTRAP)
    values: dict[str, dict[str, tuple[float, float, float]]] = {}
    interactions: dict[str, dict[tuple[str, str], float]] = {}
    none_pulled, all_pulled = {}, {}
    for outcome in outcomes:
        per_set = np.stack(
            [
                np.stack([r[c].indicator(outcome) for c in coalitions]).astype(np.float64)
                for r in sets
            ]
        )  # sets x coalitions x runs
        v = per_set.mean(axis=(0, 2))
        phi = weights @ v
        boot_v = np.empty((len(coalitions), BOOTSTRAP))
        for s in range(len(sets)):
            mine = chosen_set == s
            boot_v[:, mine] = per_set[s] @ counts[mine].T / runs
        boot = weights @ boot_v  # levers x resamples
        low, high = np.percentile(boot, [2.5, 97.5], axis=1)
        values[outcome] = {
            lever: (float(phi[i]), float(low[i]), float(high[i])) for i, lever in enumerate(levers)
        }
        table = dict(zip(coalitions, v.tolist(), strict=True))
        interactions[outcome] = interaction_indices(levers, table)
        none_pulled[outcome] = table[frozenset()]
        all_pulled[outcome] = table[frozenset(levers)]
    return Attribution(
        tuple(levers),
        runs,
        seed,
        tuple(outcomes),
        values,
        interactions,
        none_pulled,
        all_pulled,
        len(sets),
    )


def explain_paragraph(a: Attribution, outcome: str, names: dict[str, str]) -> str:
    """The attribution of one outcome in plain words."""
    start, end = a.none_pulled[outcome], a.all_pulled[outcome]
    who = names.get(outcome, outcome)
    parts = [
        f"{names.get(lever, lever)} {value:+.0%} (95% interval {low:+.0%} to {high:+.0%})"
        for lever, (value, low, high) in sorted(
            a.values[outcome].items(), key=lambda kv: -abs(kv[1][0])
        )
    ]
    direction = "fall" if end < start else "rise"
    return (
        f"With every cause in place, {who} has a probability of {start:.0%}; with all "
        f"{len(a.levers)} levers pulled, {end:.0%}. Of the {direction} of "
        f"{abs(end - start) * 100:.0f} points, "
        + "; ".join(parts)
        + ". The Shapley values add up to the whole change; what stays at the end, "
        f"{end:.0%}, is what these causes leave unexplained."
    )


def _part_of(on_progress: Progress | None, offset: int, total: int) -> Progress | None:
    """Progress of one part of a larger experiment, reported as progress of the whole.

    The part's runs done count from ``offset``, out of the whole's ``total``.
    """
    if on_progress is None:
        return None
    report = on_progress
    return lambda done, _: report(offset + done, total)


def play_all(
    scenario: Scenario,
    params: Params,
    combos: Sequence[tuple[str, ...]],
    *,
    overrides: Sequence[str] = (),
    runs: int,
    seed: int,
    store: Path,
    pool: ProcessPoolExecutor,
    workers: int | None = None,
    on_progress: Progress | None = None,
) -> dict[tuple[str, ...], Outcomes]:
    """Play every combination of levers on the same seeds (each stored, resumable).

    ``pool`` is the experiment's one pool of workers, shared by all its
    configurations so that workers start once.
    """
    keys = [(k.kind, k.actor, k.subject) for k in scenario.key_events]
    results = {}
    for number, combo in enumerate(combos):
        results[combo] = play_configuration(
            scenario,
            params,
            levers=combo,
            overrides=overrides,
            runs=runs,
            seed=seed,
            store=store,
            key_events=keys,
            workers=workers,
            on_progress=_part_of(on_progress, number * runs, runs * len(combos)),
            pool=pool,
        )
    return results


def whatif(
    scenario: Scenario,
    params: Params,
    *,
    levers: Sequence[str],
    overrides: Sequence[str] = (),
    runs: int,
    seed: int = 0,
    store: Path = Path("results"),
    workers: int | None = None,
    on_progress: Progress | None = None,
) -> WhatIf:
    """The outcomes without and with ``levers`` (and ``overrides``), on the same seeds."""
    sides = (((), ()), (tuple(levers), tuple(overrides)))
    played = []
    with worker_pool(workers) as pool:
        # Without the levers, then with them: the same seeds, one pool of workers.
        for side, (combo, changes) in enumerate(sides):
            played.append(
                play_all(
                    scenario,
                    params,
                    [combo],
                    overrides=changes,
                    runs=runs,
                    seed=seed,
                    store=store,
                    pool=pool,
                    workers=workers,
                    on_progress=_part_of(on_progress, side * runs, runs * len(sides)),
                )
            )
    base, changed = played
    contenders = [a.id for a in scenario.actors if a.contender]
    return compare(
        base[()],
        changed[tuple(levers)],
        [*contenders, "none"],
        levers=levers,
        overrides=overrides,
        seed=seed,
    )


def explain(
    scenario: Scenario,
    params: Params | Sequence[Params],
    *,
    levers: Sequence[str],
    runs: int,
    seed: int = 0,
    store: Path = Path("results"),
    workers: int | None = None,
    on_progress: Progress | None = None,
) -> Attribution:
    """Exact Shapley attribution of every outcome to ``levers``, over all 2^k combinations.

    Given several parameter sets (the best fits of a calibration), every
    combination is played under each, and the attribution pools them.
    """
    combos = [c for size in range(len(levers) + 1) for c in combinations(levers, size)]
    sets = [params] if isinstance(params, Params) else list(params)
    total = runs * len(combos) * len(sets)
    pooled = []
    with worker_pool(workers) as pool:
        for number, chosen in enumerate(sets):
            results = play_all(
                scenario,
                chosen,
                combos,
                runs=runs,
                seed=seed,
                store=store,
                pool=pool,
                workers=workers,
                on_progress=_part_of(on_progress, number * runs * len(combos), total),
            )
            pooled.append({frozenset(c): r for c, r in results.items()})
    contenders = [a.id for a in scenario.actors if a.contender]
    return attribute(pooled, levers, [*contenders, "none"], seed)
