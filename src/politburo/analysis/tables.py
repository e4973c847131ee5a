"""Runs as Arrow tables (the command line writes them as Parquet files)."""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from politburo.model.result import RunResult

EVENT_SCHEMA = pa.schema(
    [
        ("scenario", pa.string()),
        ("seed", pa.int64()),
        ("step", pa.int32()),
        ("month", pa.string()),
        ("kind", pa.string()),
        ("mechanism", pa.string()),
        ("actor", pa.string()),
        ("target", pa.string()),
        ("others", pa.list_(pa.string())),
        ("body", pa.string()),
        ("office", pa.string()),
        ("doctrine", pa.string()),
        ("votes_for", pa.int32()),
        ("votes_against", pa.int32()),
        ("votes_abstain", pa.int32()),
        ("amount", pa.float64()),
        ("reasons", pa.list_(pa.string())),
        ("source", pa.string()),
    ]
)


def events_table(result: RunResult) -> pa.Table:
    """The run's event log, one row per event."""
    return pa.table(event_columns(result), schema=EVENT_SCHEMA)


def event_columns(result: RunResult) -> dict[str, list[Any]]:
    """The columns of :func:`events_table` as Python lists, to gather many runs into one table."""
    events = result.events
    columns: dict[str, list[Any]] = {
        "scenario": [result.scenario_id] * len(events),
        "seed": [result.seed] * len(events),
    }
    for name in EVENT_SCHEMA.names[2:]:
        columns[name] = [getattr(e, name) for e in events]
    columns["kind"] = [kind.value for kind in columns["kind"]]
    columns["mechanism"] = [mechanism.value for mechanism in columns["mechanism"]]
    return columns
