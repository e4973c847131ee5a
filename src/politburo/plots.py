"""Pictures for files: matplotlib figures made without pyplot, so nothing global changes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from matplotlib.figure import Figure

from politburo.experiments import Attribution


def shapley_chart(a: Attribution, names: dict[str, str], stem: Path) -> list[Path]:
    """A bar chart of each lever's Shapley value per outcome, with 95% intervals.

    Written as ``stem.png`` and ``stem.svg``; returns the two paths.
    """
    outcomes = [o for o in a.outcomes if any(abs(v[0]) > 1e-9 for v in a.values[o].values())]
    outcomes = outcomes or list(a.outcomes[:1])
    levers = list(a.levers)
    width = 0.8 / max(1, len(outcomes))
    x = np.arange(len(levers))
    fig = Figure(figsize=(max(6.0, 1.6 * len(levers)), 4.5))
    ax = fig.subplots()
    for k, outcome in enumerate(outcomes):
        values = np.array([a.values[outcome][lever][0] for lever in levers])
        low = np.array([a.values[outcome][lever][1] for lever in levers])
        high = np.array([a.values[outcome][lever][2] for lever in levers])
        ax.bar(
            x + (k - (len(outcomes) - 1) / 2) * width,
            values,
            width,
            yerr=[values - low, high - values],
            capsize=3,
            label=f"{names.get(outcome, outcome)} wins" if outcome != "none" else "no winner",
        )
    ax.axhline(0.0, color="black", linewidth=0.8)
    ax.set_xticks(x, [names.get(lever, lever) for lever in levers], rotation=15)
    ax.set_ylabel("Shapley value: change in probability")
    ax.set_title(
        f"What each lever does to the outcome ({a.runs} runs per combination, 95% intervals)"
    )
    ax.legend(fontsize="small")
    fig.tight_layout()
    paths = [stem.with_suffix(".png"), stem.with_suffix(".svg")]
    stem.parent.mkdir(parents=True, exist_ok=True)
    for path in paths:
        fig.savefig(path, dpi=120)
    return paths
