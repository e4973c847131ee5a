"""Fuzzing the command line's values: any value of any option gives exit 0 or one clean line.

Hypothesis fills the options of ``run``, ``ensemble``, ``query``, ``plot``,
``whatif`` and ``validate`` with hostile values (negative, huge and
non-finite numbers, empty and odd text, NUL bytes, SQL that writes or reads
outside the store, paths at a folder, a FIFO, ``/dev/null`` or a missing
folder) and runs the command in a scratch folder. Every case must end with
exit 0, or exit 2 and one line on stderr starting ``error:``, never a
traceback, within :data:`SECONDS`; ``/dev/null`` must still be a device and
the store's runs must still be there, once each. Counts of runs are drawn so
that a case that is accepted plays at most a few runs.

The default test run tries a few cases per test (each case plays a run or
a few, seconds on a busy machine); the nightly size (10,000 cases in all)
is chosen as for the scenario fuzzing::

    POLITBURO_FUZZ=deep pytest tests/interface/test_fuzz_command_line.py -s

which prints each test's figures (cases, exits, worst time) for
``docs/reliability.md``.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from politburo.experiments.queries import query
from politburo.interface.cli.app import app

#: Cases per fuzz test: a few in the default run, the nightly size on demand.
CASES = {"default": 4, "deep": 2000}

#: Longest a case may take (a run or a few, on a busy machine).
SECONDS = 60.0

#: No shrinking: a failing case is reported as found (each case runs a command, and
#: shrinking one took over five minutes on a busy machine).
FUZZ = settings(
    max_examples=CASES[os.environ.get("POLITBURO_FUZZ", "default")],
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

runner = CliRunner()

# --------------------------------------------------------------------------- values

_ODD_TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="/"), max_size=12
)

#: Whole numbers as text: in range, out of range, huge, and not numbers at all.
counts = st.one_of(
    st.integers(-(10**20), 10**20).map(str),
    st.sampled_from(["0", "-1", "1e3", "nan", "inf", "-inf", "0x10", " 3", "", "1_000", "١"]),
    _ODD_TEXT,
)

#: Counts of runs: bad ones, or so few that an accepted case stays quick.
few_runs = st.one_of(
    st.sampled_from(["0", "-5", "abc", "nan", "1e9", str(10**12), "", "2.5"]),
    st.integers(1, 3).map(str),
)

#: ``--set`` values: well-formed, malformed, and out of range.
overrides = st.one_of(
    st.sampled_from(
        [
            "stalin.patience=0.2",
            "stalin.patience=nan",
            "stalin.patience=inf",
            "stalin.patience=1e308",
            "stalin.patience=-3",
            "attack_cost=0.1",
            "attack_cost=",
            "=1",
            "nobody.patience=0.5",
            "stalin.nosuch=1",
            "stalin..patience=1",
            "stalin.patience=0.2=0.3",
            "stalin.patience=\x00",
        ]
    ),
    st.builds("{}={}".format, _ODD_TEXT, _ODD_TEXT),
)

levers = st.one_of(
    st.sampled_from(["patronage", "timing", "army", "nosuch", "", "PATRONAGE", "patronage "]),
    _ODD_TEXT,
)

months = st.one_of(
    st.sampled_from(["1926-01", "1800-01", "9999-12", "1926-13", "1926-00", "1926", "", "x"]),
    _ODD_TEXT,
)

#: SQL: reads of the views, and every way out of them that must be refused.
sqls = st.one_of(
    st.sampled_from(
        [
            "SELECT winner, count(*) FROM runs GROUP BY 1",
            "SELECT 0.0/0.0 AS nan, 1e308*10 AS inf",
            "SELECT * FROM alliances",
            "COPY runs TO 'copied.csv'",
            "COPY runs TO 'STORE/runs/part-000009-000009.parquet'",
            "ATTACH 'x.db' AS x",
            "INSTALL httpfs",
            "LOAD httpfs",
            "SET enable_external_access = true",
            "SELECT * FROM read_text('/etc/hostname')",
            "SELECT * FROM read_csv('/etc/passwd')",
            "SELECT * FROM 'STORE/manifest.json'",
            "CREATE TABLE t AS SELECT 1",
            "SELECT 1; SELECT 2",
            "",
            ";",
            "SELECT",
            "PRAGMA database_list",
            "CALL duckdb_settings()",
            "SELECT * FROM glob('/*')",
            "SELECT getenv('HOME')",
        ]
    ),
    _ODD_TEXT,
)


@dataclass(frozen=True)
class Places:
    """The scratch folder's paths a fuzzed path may name."""

    root: Path
    store: Path
    fifo: Path
    regular: Path

    def strategy(self) -> st.SearchStrategy[str]:
        """Paths: a new file, a regular one, a folder, a FIFO, a device, a missing folder."""
        fixed = [
            str(self.root / "new.out"),
            str(self.regular),
            str(self.root),
            str(self.fifo),
            "/dev/null",
            str(self.root / "missing" / "x.out"),
            "",
            "a\x00b",
        ]
        return st.one_of(st.sampled_from(fixed), _ODD_TEXT.map(lambda t: str(self.root / t)))


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory) -> Places:
    root = tmp_path_factory.mktemp("fuzz")
    store = root / "store"
    made = runner.invoke(
        app, ["ensemble", "ussr-1924", "--runs", "3", "--out", str(store), "--workers", "1"]
    )
    assert made.exit_code == 0, made.output
    fifo = root / "pipe"
    os.mkfifo(fifo)
    regular = root / "regular.out"
    regular.write_text("a user's file")
    return Places(root, store, fifo, regular)


@pytest.fixture(scope="module")
def tally() -> Iterator[dict[str, list[float]]]:
    """Each test's cases: exit code and seconds; printed at the end (with ``-s``)."""
    found: dict[str, list[float]] = {}
    yield found
    for name, cases in found.items():
        codes = cases[0::2]
        print(
            f"\n{name}: {len(codes)} cases, {codes.count(0)} exit 0, {codes.count(2)} exit 2, "
            f"0 tracebacks; worst {max(cases[1::2]):.2f} s"
        )


def _cleanly(args: list[str], places: Places, tally: dict[str, list[float]], name: str) -> None:
    """Run ``args`` in the scratch folder: exit 0 or one error line, quickly, harming nothing."""
    args = [a.replace("STORE", str(places.store)) for a in args]
    here = Path.cwd()
    os.chdir(places.root)
    try:
        started = time.perf_counter()
        result = runner.invoke(app, args)
        seconds = time.perf_counter() - started
    finally:
        os.chdir(here)
    tally.setdefault(name, []).extend([result.exit_code, seconds])
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        args,
        result.exception,
    )
    assert result.exit_code in (0, 2), (args, result.output)
    assert "Traceback" not in result.output
    if result.exit_code == 2 and args and args[0] in ("run", "ensemble", "query", "plot"):
        assert result.stderr.startswith("error:") and result.stderr.count("\n") == 1, (
            args,
            result.stderr,
        )
    assert seconds < SECONDS, (args, seconds)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert stat.S_ISFIFO(os.stat(places.fifo).st_mode)
    held = query(places.store, "SELECT count(*) AS n, count(DISTINCT run) AS d FROM runs")
    assert held.to_pylist() == [{"n": 3, "d": 3}]


def _options(data: st.DataObject, choices: dict[str, st.SearchStrategy[str]]) -> list[str]:
    """Some of the options in ``choices``, each with a drawn value."""
    out: list[str] = []
    for option in data.draw(st.lists(st.sampled_from(sorted(choices)), unique=True, max_size=3)):
        out += [option, data.draw(choices[option])]
    return out


# --------------------------------------------------------------------------- the commands


@FUZZ
@given(data=st.data())
def test_run_takes_any_option_values_cleanly(
    data: st.DataObject, places: Places, tally: dict[str, list[float]]
) -> None:
    paths = places.strategy()
    options = {
        "--seed": counts,
        "--set": overrides,
        "--lever": levers,
        "--events": paths,
        "--record": st.one_of(paths, st.just("ussr-1922-1930")),
        "--params": paths,
    }
    args = ["run", "ussr-1924", *_options(data, options), "--json"]
    _cleanly(args, places, tally, "run")


@FUZZ
@given(data=st.data())
def test_query_takes_any_sql_and_folder_cleanly(
    data: st.DataObject, places: Places, tally: dict[str, list[float]]
) -> None:
    folder = data.draw(st.one_of(st.just(str(places.store)), places.strategy()))
    args = ["query", folder, data.draw(sqls), *data.draw(st.sampled_from([[], ["--json"]]))]
    _cleanly(args, places, tally, "query")
    assert not (places.root / "copied.csv").exists() and not (places.root / "x.db").exists()


@FUZZ
@given(data=st.data())
def test_ensemble_takes_any_option_values_cleanly(
    data: st.DataObject, places: Places, tally: dict[str, list[float]]
) -> None:
    options = {
        "--seed": counts,
        "--workers": st.one_of(counts, st.just("1")),
        "--set": overrides,
        "--lever": levers,
    }
    out = data.draw(st.one_of(places.strategy(), st.just("STORE")))
    args = ["ensemble", "ussr-1924", "--runs", data.draw(few_runs), "--out", out]
    args += _options(data, options)
    _cleanly(args, places, tally, "ensemble")


@FUZZ
@given(data=st.data())
def test_plot_takes_any_kind_and_path_cleanly(
    data: st.DataObject, places: Places, tally: dict[str, list[float]]
) -> None:
    kind = data.draw(st.one_of(st.sampled_from(["power", "outcomes", "network"]), _ODD_TEXT))
    args = ["plot", str(places.store), "--kind", kind, "--out", data.draw(places.strategy())]
    _cleanly(args, places, tally, "plot")


@FUZZ
@given(data=st.data())
def test_experiments_take_any_counts_and_months_cleanly(
    data: st.DataObject, places: Places, tally: dict[str, list[float]]
) -> None:
    command = data.draw(st.sampled_from(["whatif", "validate"]))
    args = [command, "ussr-1924", "--runs", data.draw(few_runs), "--seed", data.draw(counts)]
    if command == "whatif":
        args += ["--lever", data.draw(levers), "--store", str(places.root / "experiments")]
    else:
        args += ["--from", data.draw(months)]
    _cleanly(args, places, tally, command)
