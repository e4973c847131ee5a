"""Runs as Arrow tables and Parquet files."""

from __future__ import annotations

import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from politburo.result import RunResult

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
    rows = []
    for e in result.events:
        row = e.to_dict()
        row["scenario"] = result.scenario_id
        row["seed"] = result.seed
        rows.append(row)
    return pa.Table.from_pylist(rows, schema=EVENT_SCHEMA)


def write_events(result: RunResult, path: Path) -> None:
    """Write the event log to ``path`` as Parquet, atomically (temporary file, then rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    pq.write_table(events_table(result), temporary)
    os.replace(temporary, path)
