"""Runs as Arrow tables: the event log, and the spells of alliance and of camp membership.

The command line writes a run's event log as a Parquet file; the ensemble
store keeps all three for every run, with the run's index in front.
"""

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


#: A run's spells of alliance: the two contenders (``members``, in order), the
#: first and last month allied (inclusive; ``last_month`` null when the
#: alliance held to the end of the run), and the same as months from the start.
ALLIANCE_SCHEMA = pa.schema(
    [
        ("members", pa.list_(pa.string())),
        ("first_month", pa.string()),
        ("last_month", pa.string()),
        ("first_step", pa.int32()),
        ("last_step", pa.int32()),
    ]
)

#: A run's spells of camp membership: the camp (its leader, a contender), the
#: member (a named man who is no contender), and the months as for alliances.
CAMP_SCHEMA = pa.schema(
    [
        ("camp", pa.string()),
        ("member", pa.string()),
        ("first_month", pa.string()),
        ("last_month", pa.string()),
        ("first_step", pa.int32()),
        ("last_step", pa.int32()),
    ]
)


def alliance_columns(result: RunResult) -> dict[str, list[Any]]:
    """The run's spells of alliance as the columns of :data:`ALLIANCE_SCHEMA`."""
    spells = [((a, b), first, last) for a, b, first, last in result.alliances]
    return {"members": [list(pair) for pair, _, _ in spells], **_months(result, spells)}


def camp_columns(result: RunResult) -> dict[str, list[Any]]:
    """The run's spells in camps as the columns of :data:`CAMP_SCHEMA`."""
    spells = [((leader, member), first, last) for member, leader, first, last in result.camps]
    return {
        "camp": [leader for (leader, _), _, _ in spells],
        "member": [member for (_, member), _, _ in spells],
        **_months(result, spells),
    }


def _months(
    result: RunResult, spells: list[tuple[tuple[str, str], int, int | None]]
) -> dict[str, list[Any]]:
    """The first and last month of each spell, as labels and as steps (last: None to the end)."""
    return {
        "first_month": [result.months[first] for _, first, _ in spells],
        "last_month": [None if last is None else result.months[last] for _, _, last in spells],
        "first_step": [first for _, first, _ in spells],
        "last_step": [last for _, _, last in spells],
    }
