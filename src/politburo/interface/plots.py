"""Pictures for files: matplotlib figures made without pyplot, so nothing global changes.

Each picture is drawn from results, never from a folder: the Shapley chart
from an :class:`~politburo.experiments.explain.Attribution`, the ensemble
pictures from a table that a named query of
:mod:`politburo.experiments.queries` returned and the
:class:`~politburo.experiments.queries.EnsembleContext` that says what the
runs are of.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
import pyarrow as pa
from matplotlib.figure import Figure, SubFigure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, PercentFormatter

from politburo.analysis.facts import Names, fact_key, record_facts
from politburo.analysis.narrative import describe_fact
from politburo.analysis.record import RecordEvent, record_winner
from politburo.analysis.scoring import Target
from politburo.experiments.explain import Attribution
from politburo.experiments.manifest import EnsembleSpec
from politburo.experiments.queries import ALLIANCE_ENDERS, EnsembleContext
from politburo.experiments.validation import target_for
from politburo.interface.outputs import check_output, write_output
from politburo.scenario.errors import InputError
from politburo.scenario.schema import Month, Scenario, month_index, month_label


def shapley_chart(
    a: Attribution, names: dict[str, str], stem: Path, option: str = "--chart"
) -> list[Path]:
    """A bar chart of each lever's Shapley value per outcome, with 95% intervals.

    Written as ``stem.png`` and ``stem.svg`` (see :func:`chart_paths`);
    returns the two paths. ``option`` is what named ``stem``, for errors.
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
            # A bootstrap interval need not contain its estimate (a percentile
            # interval of a skewed statistic, or rounding around a zero value).
            yerr=np.clip([values - low, high - values], 0.0, None),
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
    return _save(fig, stem, option)


def sensitivity_chart(indices: pa.Table, stem: Path) -> list[Path]:
    """A sweep's sensitivity indices: a panel per output, a bar per parameter and index.

    ``indices`` is a sweep's ``indices.parquet`` (output, parameter, index,
    value, low, high): Sobol's first-order and total indices, or Morris's
    ``mu_star``; each bar carries its confidence interval. Outputs that never
    varied across the sweep have no indices and no panel.
    """
    rows = [r for r in indices.to_pylist() if r["index"] != "sigma"]
    outputs = list(dict.fromkeys(r["output"] for r in rows))
    parameters = list(dict.fromkeys(r["parameter"] for r in rows))
    kinds = list(dict.fromkeys(r["index"] for r in rows))
    columns = min(3, max(1, len(outputs)))
    lines = max(1, math.ceil(len(outputs) / columns))
    fig = Figure(figsize=(4.2 * columns, 0.5 + (1.0 + 0.45 * len(parameters)) * lines))
    axes = np.atleast_1d(fig.subplots(lines, columns, squeeze=False)).ravel()
    found = {(r["output"], r["parameter"], r["index"]): r for r in rows}
    height = 0.8 / max(1, len(kinds))
    y = np.arange(len(parameters))
    for ax, output in zip(axes, outputs, strict=False):
        for k, kind in enumerate(kinds):
            picked = [found[(output, p, kind)] for p in parameters]
            values = np.array([r["value"] for r in picked], dtype=float)
            spread = [[r["value"] - r["low"], r["high"] - r["value"]] for r in picked]
            ax.barh(
                y + (k - (len(kinds) - 1) / 2) * height,
                values,
                height,
                xerr=np.clip(np.nan_to_num(np.array(spread, dtype=float).T), 0.0, None),
                capsize=2,
                label=kind,
            )
        ax.set_yticks(y, parameters, fontsize="small")
        ax.axvline(0.0, color="black", linewidth=0.6)
        ax.set_title(output, fontsize="medium")
    for ax in axes[len(outputs) :]:
        ax.set_visible(False)
    if outputs:
        axes[0].legend(fontsize="small")
    fig.suptitle("Sensitivity of each output to each parameter (95% intervals)")
    fig.tight_layout()
    return _save(fig, stem)


# --------------------------------------------------------------------------- ensemble pictures


@dataclass(frozen=True, slots=True)
class _Ensemble:
    """What an ensemble's runs are of, with what the pictures need to know of it."""

    context: EnsembleContext

    @property
    def spec(self) -> EnsembleSpec:
        return self.context.spec

    @property
    def scenario(self) -> Scenario:
        return self.context.scenario

    @property
    def record(self) -> tuple[RecordEvent, ...] | None:
        return self.context.record

    @property
    def runs(self) -> int:
        return self.context.runs

    @property
    def contenders(self) -> list[str]:
        return [a.id for a in self.scenario.actors if a.contender]

    @property
    def names(self) -> dict[str, str]:
        return {a.id: a.name for a in self.scenario.actors}

    @property
    def caption(self) -> str:
        """What made the runs, in a line for the foot of a picture."""
        made = [f"{self.scenario.title} ({self.scenario.id})", f"{self.runs} runs"]
        if self.spec.levers:
            made.append("levers: " + ", ".join(self.spec.levers))
        if self.spec.overrides:
            made.append("--set " + ", ".join(self.spec.overrides))
        made.append(f"record: {self.scenario.record}" if self.record else "no record")
        return " · ".join(made)

    def target(self) -> Target | None:
        if self.record is None:
            return None
        return target_for(self.scenario, self.record)

    def year(self, month_index: int) -> float:
        """A month index from the calendar's start as a fractional year (the month's start)."""
        year, month = Month.parse(month_label(self.scenario.calendar.start, month_index))
        return year + (month - 1) / 12

    def year_of(self, month: str) -> float:
        """A ``YYYY-MM`` month as a fractional year (the month's start)."""
        year, number = Month.parse(month)
        return year + (number - 1) / 12


def _colours(contenders: list[str]) -> dict[str, Any]:
    palette = matplotlib.colormaps["tab10"]
    return {c: palette(i % 10) for i, c in enumerate(contenders)}


def _year_axis(ax: Any, first: float, last: float) -> None:
    """Ticks at each January, labelled YYYY."""
    ax.set_xlim(first, last)
    years = range(math.ceil(first), math.floor(last) + 1)
    step = max(1, math.ceil(len(years) / 10))
    ax.set_xticks([y for y in years if (y - years[0]) % step == 0])
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0f}"))


def chart_paths(stem: Path, option: str = "--out") -> list[Path]:
    """The files a chart is written to: ``stem.png`` and ``stem.svg`` (either suffix dropped).

    Raises:
        InputError: ``stem`` names a folder (an existing one, or ``.``, ``..``,
            ``/`` or nothing); ``option`` is what gave it.
    """
    stem = Path(stem)
    if stem.name in ("", ".", "..") or stem.is_dir():
        raise InputError.one(
            option, f"{str(stem)!r} is a folder; name the chart's file, e.g. FOLDER/chart"
        )
    if stem.suffix.lower() in (".png", ".svg"):
        stem = stem.with_suffix("")
    return [stem.with_name(stem.name + ".png"), stem.with_name(stem.name + ".svg")]


def _save(fig: Figure, stem: Path, option: str = "--out") -> list[Path]:
    """Write the chart's files (see :func:`chart_paths`), each whole or not at all.

    Raises:
        InputError: A file cannot be written: its folder is missing, it names
            something other than a regular file, or writing failed (see
            :func:`politburo.interface.outputs.write_output`).
    """
    paths = chart_paths(stem, option)
    for path in paths:  # both checked before either is written
        check_output(path, option)
    for path in paths:
        write_output(path, option, partial(fig.savefig, format=path.suffix[1:], dpi=120))
    return paths


def _record_winner_month(e: _Ensemble) -> tuple[str, str] | None:
    if e.record is None:
        return None
    return record_winner(e.record, e.contenders, resolve=Names(e.scenario).actor)


def power_chart(context: EnsembleContext, bands: pa.Table, stem: Path) -> list[Path]:
    """Each contender's power over time, from an ensemble's power bands.

    ``bands`` is the ensemble's
    :func:`~politburo.experiments.queries.power_bands`. Two panels, the top
    body and the electing body: for each contender, the median over the
    runs of the share of the body's seats held by his supporters, month by
    month, with the band from the 10th to the 90th percentile. The record's
    winner and the month he won are marked.

    Written as ``stem.png`` and ``stem.svg``; returns the two paths.

    Raises:
        InputError: ``stem`` cannot be written.
    """
    e = _Ensemble(context)
    rows: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in bands.to_pylist():
        rows.setdefault((row["series"], row["contender"]), []).append(row)
    bodies = {b.role.value: b.name for b in e.scenario.bodies}
    colours = _colours(e.contenders)
    fig = Figure(figsize=(11.0, 8.0), layout="constrained")
    axes = fig.subplots(2, 1, sharex=True)
    start = e.year(0)
    end = e.year(e.scenario.calendar.months - 1) + 1 / 12
    won = _record_winner_month(e)
    for ax, series, role in zip(
        axes, ("top_seats", "electing_seats"), ("top", "electing"), strict=True
    ):
        for contender in e.contenders:
            found = rows.get((series, contender), [])
            if not found:
                continue
            # Each month's value holds to the month's end, the last one included.
            x = np.array([e.year_of(r["month"]) for r in found] + [e.year_of(found[-1]["month"])])
            x[-1] += 1 / 12
            low, mid, high = (
                np.array([r[name] for r in [*found, found[-1]]]) for name in ("low", "mid", "high")
            )
            colour = colours[contender]
            ax.fill_between(x, low, high, color=colour, alpha=0.15, linewidth=0, step="post")
            ax.step(
                x,
                mid,
                where="post",
                color=colour,
                linewidth=1.8,
                label=e.names.get(contender, contender),
            )
        if won is not None:
            ax.axvline(e.year_of(won[1]), color="black", linestyle="--", linewidth=1.2)
        ax.set_ylim(0.0, 1.0)
        ax.yaxis.set_major_formatter(PercentFormatter(1.0))
        ax.set_ylabel("share of seats held by his supporters")
        ax.set_title(f"{bodies.get(role, role)} ({role} body)", loc="left", fontsize="medium")
        ax.grid(alpha=0.3)
    _year_axis(axes[-1], start, end)
    axes[-1].set_xlabel("year")
    handles, labels = axes[0].get_legend_handles_labels()
    handles.append(Patch(facecolor="grey", alpha=0.3))
    labels.append("10–90% of runs")
    if won is not None:
        handles.append(Line2D([], [], color="black", linestyle="--"))
        labels.append(f"record: {e.names.get(won[0], won[0])} wins ({won[1]})")
    fig.legend(
        handles, labels, loc="outside right center", fontsize="small", title="median of runs"
    )
    fig.suptitle(
        "Power over time: each contender's supporters' share of seats "
        f"(median and 10–90% band of {e.runs} runs)"
    )
    _caption(fig, e)
    return _save(fig, stem)


def timing_chart(context: EnsembleContext, firsts: pa.Table, stem: Path) -> list[Path]:
    """When each of the scenario's key events first happens, across an ensemble's runs.

    ``firsts`` is the ensemble's
    :func:`~politburo.experiments.queries.first_key_events` of the scenario's
    key events.

    One panel per key event: a histogram of the month it first happens (the
    runs where it never happens are counted in the panel's title) and a
    vertical line at the record's month, labelled "record".

    Written as ``stem.png`` and ``stem.svg``; returns the two paths.

    Raises:
        InputError: ``stem`` cannot be written.
    """
    e = _Ensemble(context)
    keys = [(k.kind, k.actor, k.subject) for k in e.scenario.key_events]
    steps_of: dict[int, list[int]] = {i: [] for i in range(len(keys))}
    for row in firsts.to_pylist():
        steps_of[int(row["key"])].append(int(row["step"]))
    target = e.target()
    months = e.scenario.calendar.months
    start, end = e.year(0), e.year(months - 1) + 1 / 12
    edges = [e.year(m) for m in range(months)] + [end]
    panels = max(1, len(keys))
    columns = min(4, panels)
    rows = math.ceil(panels / columns)
    fig = Figure(figsize=(4.2 * columns, 2.9 * rows + 1.0), layout="constrained")
    axes, foot = _panels(fig, rows, columns, sharex=True)
    for ax in axes[len(keys) :]:
        ax.set_visible(False)
    if not keys:
        axes[0].set_visible(True)
        axes[0].text(0.5, 0.5, "this scenario names no key events", ha="center", va="center")
        axes[0].set_axis_off()
    for i, (kind, actor, subject) in enumerate(keys):
        ax = axes[i]
        steps = steps_of[i]
        never = e.runs - len(steps)
        ax.hist(
            [e.year(s) for s in steps], bins=edges, color="tab:blue", alpha=0.8, label="model runs"
        )
        when = target.events.get(fact_key(kind, actor, subject)) if target else None
        if when is not None:
            x = e.year(when) + 1 / 24
            ax.axvline(x, color="tab:red", linewidth=1.6, label="record")
            ax.annotate(
                f"record\n{month_label(e.scenario.calendar.start, when)}",
                (x, 1.0),
                xycoords=("data", "axes fraction"),
                xytext=(3, -3),
                textcoords="offset points",
                va="top",
                fontsize="x-small",
                color="tab:red",
                bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "alpha": 0.7, "lw": 0},
            )
        note = f"never in {never} of {e.runs} runs"
        if when is None:
            note += "; not in the record" if e.record else ""
        ax.set_title(
            textwrap.fill(describe_fact(kind, actor, subject, e.scenario), 48) + f"\n{note}",
            fontsize="small",
        )
        ax.yaxis.get_major_locator().set_params(integer=True)
        if steps:
            ax.set_ylim(bottom=0)
        else:
            ax.set_ylim(0, 1)
            ax.text(
                0.5,
                0.5,
                "in none of the runs",
                transform=ax.transAxes,
                ha="center",
                va="center",
                color="dimgrey",
            )
        ax.grid(alpha=0.3)
        if i % columns == 0:
            ax.set_ylabel("runs")
        if i >= len(keys) - columns:
            ax.set_xlabel("month it first happens")
            ax.tick_params(labelbottom=True)
    _year_axis(axes[0], start, end)
    handles: list[Any] = [Patch(color="tab:blue", alpha=0.8)]
    labels = ["runs in which it first happens that month"]
    if e.record is not None:
        handles.append(Line2D([], [], color="tab:red", linewidth=1.6))
        labels.append("the record's month")
    _footer(foot, e, handles, labels)
    against = " against the record" if e.record is not None else ""
    fig.suptitle(f"When each key event first happens ({e.runs} runs){against}")
    return _save(fig, stem)


def _caption(fig: Figure, e: _Ensemble) -> None:
    """What made the runs, in small grey type at the foot of the picture.

    It is the figure's ``supxlabel``, so that the constrained layout keeps
    room for it below everything else.
    """
    fig.supxlabel(e.caption, x=0.005, ha="left", fontsize="x-small", color="dimgrey")


def _panels(fig: Figure, rows: int, columns: int, **options: Any) -> tuple[Any, SubFigure]:
    """A grid of panels above a footer strip for the legend and the caption.

    Matplotlib's layout places a figure legend "outside" without making room
    for the title or a caption, so the legend gets a strip of its own.
    """
    footer = 0.75  # inches
    parts: Any = fig.subfigures(2, 1, height_ratios=[fig.get_figheight() - footer, footer])
    main, foot = parts
    axes = np.atleast_1d(main.subplots(rows, columns, squeeze=False, **options)).ravel()
    return axes, foot


def _footer(
    foot: SubFigure, e: _Ensemble, handles: list[Any], labels: list[str], **options: Any
) -> None:
    """The legend, centred in the footer strip, and the caption at its foot."""
    foot.legend(
        handles, labels, loc="upper center", ncols=len(handles), fontsize="small", **options
    )
    foot.text(0.005, 0.05, e.caption, fontsize="x-small", color="dimgrey", va="bottom")


def _alliance_spans(
    events: list[tuple[int, str, str, str, list[str]]], last: int
) -> dict[tuple[str, str], list[tuple[int, int]]]:
    """The months each pair was allied, as spans ``(first, last)``, both included.

    ``events`` are (month, kind, actor, target, others) in the order they
    happened. An alliance holds from its formation to its break, to the
    expulsion, recantation or arrest of either partner, or to month ``last``.
    A break with no formation before it (in a record) ends an alliance that
    held from the start (month 0).
    """
    open_since: dict[tuple[str, str], int] = {}
    spans: dict[tuple[str, str], list[tuple[int, int]]] = {}

    def close(pair: tuple[str, str], month: int) -> None:
        since = open_since.pop(pair, None)
        if since is not None:
            spans.setdefault(pair, []).append((since, month))

    for month, kind, actor, target, others in events:
        if kind == "alliance_formed" and actor and target:
            pair = (min(actor, target), max(actor, target))
            open_since.setdefault(pair, max(0, month))
        elif kind == "alliance_broken" and actor and target:
            pair = (min(actor, target), max(actor, target))
            if pair not in open_since and pair not in spans and month >= 0:
                open_since[pair] = 0
            close(pair, month)
        elif kind in ALLIANCE_ENDERS:
            befell = set(others) if kind == "coup" else {actor}
            for pair in [p for p in open_since if befell & set(p)]:
                close(pair, month)
    for pair in list(open_since):
        close(pair, last)
    return spans


def _periods(e: _Ensemble) -> list[tuple[str, int, int]]:
    """Calendar years (two at a time when there are more than six), as month-index ranges."""
    calendar = e.scenario.calendar
    first_year = Month.parse(calendar.start)[0]
    last_year = Month.parse(calendar.end)[0]
    width = 1 if last_year - first_year + 1 <= 6 else 2
    out = []
    for year in range(first_year, last_year + 1, width):
        stop = min(year + width - 1, last_year)
        low = max(0, month_index(calendar.start, f"{year:04d}-01"))
        high = min(calendar.months - 1, month_index(calendar.start, f"{stop:04d}-12"))
        label = str(year) if stop == year else f"{year}–{stop}"
        out.append((label, low, high))
    return out


def network_chart(context: EnsembleContext, alliances: pa.Table, stem: Path) -> list[Path]:
    """The alliances between the contenders over time, from an ensemble's alliance events.

    One panel per calendar year (per two years when the calendar spans more
    than six): a graph of the contenders whose edges are as wide as the
    share of runs in which the pair was allied at some time in that period.
    An alliance holds from its formation to its break, to the expulsion,
    recantation or arrest of either partner, or to the end of the run. The
    alliances of the record, read the same way, are drawn as dashed lines.
    ``alliances`` is the ensemble's
    :func:`~politburo.experiments.queries.alliance_events`.

    Written as ``stem.png`` and ``stem.svg``; returns the two paths.

    Raises:
        InputError: ``stem`` cannot be written.
    """
    import networkx as nx

    e = _Ensemble(context)
    last = e.scenario.calendar.months - 1
    # The rows come in the order they were written, which keeps the order of
    # the events within a month; a stable sort then groups them.
    table = alliances.to_pylist()
    table.sort(key=lambda row: (row["run"], row["step"]))
    by_run: dict[int, list[tuple[int, str, str, str, list[str]]]] = {}
    for row in table:
        by_run.setdefault(int(row["run"]), []).append(
            (
                int(row["step"]),
                str(row["kind"]),
                row["actor"] or "",
                row["target"] or "",
                list(row["others"] or []),
            )
        )
    periods = _periods(e)
    held: list[dict[tuple[str, str], int]] = [{} for _ in periods]
    for run_events in by_run.values():
        spans = _alliance_spans(run_events, last)
        for p, (_, low, high) in enumerate(periods):
            for pair, pair_spans in spans.items():
                if any(a <= high and b >= low for a, b in pair_spans):
                    held[p][pair] = held[p].get(pair, 0) + 1
    record_spans: dict[tuple[str, str], list[tuple[int, int]]] = {}
    if e.record is not None:
        facts = sorted(
            (f for f in record_facts(e.record, e.scenario) if f.month <= last),
            key=lambda f: f.month,
        )
        record_spans = _alliance_spans(
            [(f.month, f.kind, f.actor, f.subject, []) for f in facts], last
        )
    contenders = e.contenders
    colours = _colours(contenders)
    graph = nx.Graph()
    graph.add_nodes_from(contenders)
    positions = nx.circular_layout(contenders)
    labels = {c: e.names.get(c, c).replace(" ", "\n", 1) for c in contenders}
    columns = min(4, math.ceil(math.sqrt(len(periods))))
    rows = math.ceil(len(periods) / columns)
    fig = Figure(figsize=(5.5 * columns, 5.0 * rows + 1.0), layout="constrained")
    axes, foot = _panels(fig, rows, columns)
    for ax in axes[len(periods) :]:
        ax.set_visible(False)
    scale = 12.0
    for ax, (label, low, high), counts in zip(axes, periods, held, strict=False):
        edges = [(a, b) for (a, b) in counts if a in graph and b in graph]
        shares = [counts[pair] / e.runs for pair in edges]
        nx.draw_networkx_edges(
            graph,
            positions,
            edgelist=edges,
            width=[0.5 + scale * s for s in shares],
            edge_color=[(0.2, 0.3, 0.6, 0.25 + 0.6 * s) for s in shares],
            ax=ax,
        )
        for (a, b), s in zip(edges, shares, strict=True):
            if s >= 0.2:
                (x1, y1), (x2, y2) = positions[a], positions[b]
                ax.text(
                    (x1 + x2) / 2,
                    (y1 + y2) / 2,
                    f"{s:.0%}",
                    fontsize="x-small",
                    ha="center",
                    va="center",
                    bbox={
                        "boxstyle": "round,pad=0.15",
                        "facecolor": "white",
                        "alpha": 0.8,
                        "linewidth": 0,
                    },
                )
        in_record = [
            pair
            for pair, spans in record_spans.items()
            if pair[0] in graph
            and pair[1] in graph
            and any(a <= high and b >= low for a, b in spans)
        ]
        if in_record:
            nx.draw_networkx_edges(
                graph,
                positions,
                edgelist=in_record,
                width=1.5,
                style="dashed",
                edge_color="tab:red",
                ax=ax,
            )
        nx.draw_networkx_nodes(
            graph,
            positions,
            node_color=[colours[c] for c in contenders],
            node_size=500,
            ax=ax,
        )
        for c, (x, y) in positions.items():
            # Each name outside its node, away from the circle's centre.
            radius = math.hypot(x, y) or 1.0
            ax.text(
                x + 0.17 * x / radius,
                y + 0.17 * y / radius,
                labels[c],
                fontsize="small",
                ha="left" if x > 0.2 else "right" if x < -0.2 else "center",
                va="bottom" if y > 0.2 else "top" if y < -0.2 else "center",
            )
        ax.set_title(
            f"{label} ({month_label(e.scenario.calendar.start, low)} to "
            f"{month_label(e.scenario.calendar.start, high)})",
            fontsize="medium",
        )
        ax.set_xlim(-1.6, 1.6)
        ax.set_ylim(-1.45, 1.45)
        ax.set_aspect("equal")
        ax.set_axis_off()
    handles: list[Any] = [
        Line2D(
            [],
            [],
            color=(0.2, 0.3, 0.6, 0.25 + 0.6 * s),
            linewidth=0.5 + scale * s,
            solid_capstyle="butt",
        )
        for s in (0.1, 0.5, 1.0)
    ]
    names = ["allied in 10% of runs", "in 50%", "in every run"]
    if e.record is not None:
        handles.append(Line2D([], [], color="tab:red", linestyle="--", linewidth=1.5))
        names.append("allied in the record")
    _footer(foot, e, handles, names, handlelength=4, columnspacing=2.5)
    fig.suptitle(
        f"Alliances between the contenders: share of {e.runs} runs in which each pair "
        "was allied at some time in the period"
    )
    return _save(fig, stem)


def outcomes_chart(context: EnsembleContext, counts: pa.Table, stem: Path) -> list[Path]:
    """Who wins, across an ensemble's runs: the share won by each contender, and no winner.

    Bars with Wilson 95% intervals; the record's winner is marked. ``counts``
    is the ensemble's :func:`~politburo.experiments.queries.outcome_counts`.

    Written as ``stem.png`` and ``stem.svg``; returns the two paths.

    Raises:
        InputError: ``stem`` cannot be written.
    """
    from scipy.stats import binomtest

    e = _Ensemble(context)
    counted = {row["w"]: int(row["n"]) for row in counts.to_pylist()}
    outcomes = [
        *e.contenders,
        *(w for w in counted if w not in e.contenders and w != "none"),
        "none",
    ]
    shares, lows, highs = [], [], []
    for outcome in outcomes:
        k = counted.get(outcome, 0)
        interval = binomtest(k, e.runs).proportion_ci(confidence_level=0.95, method="wilson")
        shares.append(k / e.runs)
        lows.append(float(interval.low))
        highs.append(float(interval.high))
    target = e.target()
    recorded = None if target is None else (target.winner or "none")
    colours = _colours(e.contenders)
    fig = Figure(figsize=(max(7.0, 1.1 * len(outcomes) + 2.0), 5.0), layout="constrained")
    ax = fig.subplots()
    x = np.arange(len(outcomes))
    share_array = np.array(shares)
    bars = ax.bar(
        x,
        share_array,
        0.7,
        yerr=[share_array - np.array(lows), np.array(highs) - share_array],
        capsize=4,
        color=[colours.get(o, "lightgrey") for o in outcomes],
        edgecolor="black",
        linewidth=0.6,
    )
    for i, outcome in enumerate(outcomes):
        ax.annotate(
            f"{shares[i]:.0%}",
            (x[i], highs[i]),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            fontsize="small",
        )
        if outcome == recorded:
            bars[i].set_hatch("//")
            bars[i].set_edgecolor("tab:red")
            bars[i].set_linewidth(2.0)
            ax.annotate(
                "record",
                (x[i], highs[i]),
                xytext=(0, 16),
                textcoords="offset points",
                ha="center",
                fontsize="small",
                fontweight="bold",
                color="tab:red",
            )
    labels = [e.names.get(o, o) if o != "none" else "no winner" for o in outcomes]
    ax.set_xticks(x, [label.replace(" ", "\n", 1) for label in labels])
    ax.set_xlabel("outcome of the run")
    ax.set_ylabel("share of runs")
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    top = max(highs) + 0.15  # room above the tallest interval for its labels
    ax.set_ylim(0.0, top)
    ax.set_yticks([t for t in np.linspace(0.0, 1.0, 11) if t <= top + 1e-9])
    ax.grid(axis="y", alpha=0.3)
    handles: list[Any] = [
        Patch(facecolor="lightgrey", edgecolor="black"),
        Line2D([], [], color="black", marker="_", markersize=10, linestyle="none"),
    ]
    names = ["share of runs", "Wilson 95% interval"]
    if recorded is not None:
        handles.append(Patch(facecolor="white", edgecolor="tab:red", hatch="//", linewidth=2.0))
        label = e.names.get(recorded, recorded) if recorded != "none" else "no winner"
        names.append(f"the record: {label}")
    ax.legend(handles, names, loc="best", fontsize="small")
    ax.set_title(f"Who wins: share of {e.runs} runs won by each contender, and no winner")
    _caption(fig, e)
    return _save(fig, stem)


#: Draws an ensemble picture from what its runs are of and a table of them, into a stem.
Chart = Callable[[EnsembleContext, pa.Table, Path], list[Path]]

#: Each kind of ensemble picture and the function that draws it.
CHARTS: dict[str, Chart] = {
    "power": power_chart,
    "timing": timing_chart,
    "network": network_chart,
    "outcomes": outcomes_chart,
}
