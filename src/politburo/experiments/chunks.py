"""A chunk of an ensemble's runs: runs ``start`` to ``stop - 1`` played into the store's tables.

Run ``i`` is played from ``numpy.random.SeedSequence(root_seed).spawn(n)[i]``,
which depends only on the root seed and ``i`` (not on ``n``, the chunking or
the number of workers), so an ensemble can be extended, resumed after an
interruption, or played on any number of cores or machines, and give the
same tables.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pyarrow as pa

from politburo.analysis.tables import alliance_columns, camp_columns, event_columns
from politburo.experiments.configuration import Configuration
from politburo.experiments.fates import fates
from politburo.experiments.store import (
    SERIES_SCHEMA,
    SPELL_SCHEMAS,
    ensemble_events_schema,
    runs_schema,
)
from politburo.model.engine import run_world
from politburo.model.result import SERIES_NAMES, RunResult
from politburo.model.state import initial_state
from politburo.model.types import FloatArray

__all__ = ["run_chunk", "run_seed"]

#: How each spell table's columns are read off a run.
_SPELLS: dict[str, Callable[[RunResult], dict[str, list[Any]]]] = {
    "alliances": alliance_columns,
    "camps": camp_columns,
}


def run_seed(root_seed: int, index: int) -> np.random.SeedSequence:
    """Run ``index``'s seed: ``SeedSequence(root_seed).spawn(n)[index]`` for any ``n > index``."""
    return np.random.SeedSequence(root_seed, spawn_key=(index,))


def run_chunk(
    configuration: Configuration, root_seed: int, start: int, stop: int
) -> dict[str, pa.Table]:
    """Play runs ``start`` to ``stop - 1`` of ``configuration``.

    The world is built once; run ``i`` is played from :func:`run_seed`
    ``(root_seed, i)``.

    Returns:
        The chunk's table of each of the store's tables (runs, events,
        series, alliances, camps), by name.
    """
    world = configuration.world()
    top = initial_state(world).seats[world.top].actor
    in_top = frozenset(world.actor_ids[int(a)] for a in top if a >= 0)
    contenders = [world.actor_ids[int(c)] for c in world.contenders]
    schemas = {
        "runs": runs_schema(contenders),
        "events": ensemble_events_schema(),
        **SPELL_SCHEMAS,
    }
    columns: dict[str, dict[str, list[Any]]] = {
        table: {name: [] for name in schema.names} for table, schema in schemas.items()
    }
    rows, events = columns["runs"], columns["events"]
    values: list[FloatArray] = []
    for index in range(start, stop):
        result = run_world(world, run_seed(root_seed, index), configuration.interventions)
        rows["run"].append(index)
        rows["seed"].append(result.seed)
        rows["winner"].append(result.winner)
        rows["winner_month"].append(result.winner_month)
        for contender, (fate, month) in fates(result, in_top).items():
            rows[f"{contender}_fate"].append(fate)
            rows[f"{contender}_fate_month"].append(month)
        events["run"].extend([index] * len(result.events))
        events["seq"].extend(range(len(result.events)))
        _extend(events, event_columns(result))
        for table, read in _SPELLS.items():
            found = read(result)
            columns[table]["run"].extend([index] * len(found["first_step"]))
            _extend(columns[table], found)
        values.append(np.concatenate([result.series[name].ravel() for name in SERIES_NAMES]))
    return {
        **{table: pa.table(columns[table], schema=schemas[table]) for table in schemas},
        "series": _series_table(world.month_labels, contenders, range(start, stop), values),
    }


def _extend(columns: dict[str, list[Any]], more: dict[str, list[Any]]) -> None:
    """Append each of ``more``'s columns to the column of that name."""
    for name, column in more.items():
        columns[name].extend(column)


def _series_table(
    months: Sequence[str], contenders: Sequence[str], runs: range, values: list[FloatArray]
) -> pa.Table:
    """The chunk's monthly series in long form: run, month, contender, series, value.

    Every run has the same months, contenders and series, so their columns
    are built once and repeated.
    """
    if not runs:
        return SERIES_SCHEMA.empty_table()
    size = len(months) * len(contenders)
    one_run = {
        "month": pa.array(
            np.repeat(np.array(months, dtype=object), len(contenders)).tolist() * len(SERIES_NAMES),
            pa.string(),
        ),
        "contender": pa.array(list(contenders) * len(months) * len(SERIES_NAMES), pa.string()),
        "series": pa.array([name for name in SERIES_NAMES for _ in range(size)], pa.string()),
    }
    per_run = size * len(SERIES_NAMES)
    return pa.table(
        {
            "run": pa.array(np.repeat(np.array(runs, dtype=np.int64), per_run)),
            **{name: pa.concat_arrays([column] * len(runs)) for name, column in one_run.items()},
            "value": pa.array(np.concatenate(values) if values else np.zeros(0), pa.float64()),
        },
        schema=SERIES_SCHEMA,
    )
