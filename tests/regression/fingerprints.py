"""Fingerprints of runs and ensembles, to show that a change leaves every run as it was.

Each fingerprint is the SHA-256 of what a user sees: the text of ``politburo run
--json`` (through the command line, whatever module it lives in), the exact bytes
of a run's monthly series and its event log (through the public API), and the
rows of a 1,000-run ensemble's tables (through ``politburo query``). They cover
a set of seeds, every lever of the reference scenario alone and none, and every
shipped parameter file.

Regenerate the committed set after a change that is *meant* to change runs,
and say why in that commit::

    .venv/bin/python -m tests.regression.fingerprints --write
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

import politburo

HERE = Path(__file__).parent
COMMITTED = HERE / "fingerprints.json"
SCENARIO = "ussr-1924"
SEEDS = (0, 1, 7)
LEVERS = (None, "patronage", "timing", "allies", "army", "doctrine", "testament")
PARAMS = (
    "default",
    "hand-set",
    "fitted-until-1926-12",
    "leave-out-poland-1956",
    "leave-out-ussr-1924",
    "leave-out-ussr-1964",
)
ENSEMBLE_RUNS = 1000
TABLES = ("runs", "events", "series", "alliances", "camps")


def _digest(data: bytes | str) -> str:
    raw = data.encode() if isinstance(data, str) else data
    return hashlib.sha256(raw).hexdigest()


def _cli() -> Any:
    """The ``politburo`` command as installed, wherever its module lives."""
    (script,) = (e for e in entry_points(group="console_scripts") if e.name == "politburo")
    return script.load()


def _invoke(args: list[str]) -> str:
    result = CliRunner().invoke(_cli(), args)
    if result.exit_code != 0:
        raise RuntimeError(f"politburo {' '.join(args)} exited {result.exit_code}: {result.output}")
    return result.stdout


def _params_file(name: str) -> Path:
    return Path(politburo.__file__).parent / _params_folder() / f"{name}.yaml"


def _params_folder() -> str:
    root = Path(politburo.__file__).parent
    found = sorted(p.relative_to(root) for p in root.rglob("hand-set.yaml"))
    return str(found[0].parent)


def run_case(seed: int, lever: str | None, params: str) -> dict[str, str]:
    """The fingerprints of one run: its ``--json`` text, series bytes and event log."""
    path = _params_file(params)
    args = ["run", SCENARIO, "--seed", str(seed), "--params", str(path), "--json"]
    if lever:
        args += ["--lever", lever]
    text = _invoke(args)
    run = politburo.simulate(
        SCENARIO,
        seed=seed,
        params=politburo.load_params(path),
        levers=[lever] if lever else [],
    )
    series = b"".join(name.encode() + run.series[name].tobytes() for name in sorted(run.series))
    events = json.dumps([e.to_dict() for e in run.events], sort_keys=True)
    return {"json": _digest(text), "series": _digest(series), "events": _digest(events)}


def ensemble_tables(folder: Path) -> dict[str, str]:
    """The fingerprints of a 1,000-run ensemble's tables, rows in a fixed order."""
    _invoke(["ensemble", SCENARIO, "--runs", str(ENSEMBLE_RUNS), "--out", str(folder)])
    return {table: _table_digest(folder, table) for table in TABLES}


def _table_digest(folder: Path, table: str) -> str:
    """SHA-256 of a table's rows, each as text, in text order (DuckDB does the hashing)."""
    sql = (
        "SELECT sha256(string_agg(t::VARCHAR, chr(10) ORDER BY t::VARCHAR)) AS digest, "
        f"count(*) AS rows FROM {table} t"
    )
    (row,) = json.loads(_invoke(["query", str(folder), sql, "--json"]))
    return f"{row['rows']}:{row['digest']}"


def run_keys() -> list[tuple[int, str | None, str]]:
    """Every (seed, lever, parameter file) the set covers."""
    return [(s, lever, p) for p in PARAMS for lever in LEVERS for s in SEEDS]


def key_name(seed: int, lever: str | None, params: str) -> str:
    """The key of one run in the committed file."""
    return f"{params}/{lever or 'none'}/seed-{seed}"


def compute() -> dict[str, Any]:
    """Every fingerprint of the set, as the committed file holds them."""
    runs = {key_name(*k): run_case(*k) for k in run_keys()}
    with tempfile.TemporaryDirectory() as tmp:
        tables = ensemble_tables(Path(tmp) / "ensemble")
    return {"runs": runs, "ensemble": tables}


def main() -> None:
    """Print the fingerprints, or write them over the committed file with ``--write``."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true", help="overwrite the committed file")
    args = parser.parse_args()
    found = compute()
    text = json.dumps(found, indent=1, sort_keys=True) + "\n"
    if args.write:
        COMMITTED.write_text(text)
        print(f"written {COMMITTED}", file=sys.stderr)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
