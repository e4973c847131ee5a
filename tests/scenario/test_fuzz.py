"""Fuzzing ``politburo check``: any scenario file gives exit 0 or a clean error, quickly.

Hypothesis mutates the bundled scenario and generated ones (hostile values,
borrowed ids, dropped and duplicated items, unknown fields) and mangles the
bundled file's bytes (cuts, random splices, aliases, tags, deep nesting,
wide numbers), writes each to a file and runs the installed ``politburo
check`` on it. Every case must end with exit 0 (valid, and plays to its
end) or exit 2 with an error on stderr, never a traceback, within
:data:`SECONDS` and without the process growing by more than
:data:`GROWTH_MB`.

The default test run tries a few cases per test. The nightly size is chosen
by an environment variable::

    POLITBURO_FUZZ=deep pytest tests/scenario/test_fuzz.py -s

which tries :data:`CASES` ``["deep"]`` cases per test (over 10,000 in all)
and prints each test's figures (cases, exits, worst time, growth) for
``docs/reliability.md``; ``POLITBURO_FUZZ=200`` tries 200 cases per test.
"""

from __future__ import annotations

import os
import resource
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from io import BytesIO
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from strategies import Document, generated_documents, mangled_texts, mutated_documents

Politburo = Callable[..., Result]

#: Cases per fuzz test: a few in the default run, the nightly size on demand.
CASES = {"default": 20, "deep": 3400}


def _cases(size: str) -> int:
    """Cases per test for ``POLITBURO_FUZZ``: a named size or a number."""
    return int(size) if size.isdigit() else CASES[size]


#: Longest a case may take (parse, validate and, if valid, one run), on a busy machine.
SECONDS = 30.0

#: Most the test process may grow, in MB, over all its cases.
GROWTH_MB = 1024

FUZZ = settings(
    max_examples=_cases(os.environ.get("POLITBURO_FUZZ", "default")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

BUNDLED_FILE = resources.files("politburo.scenario") / "data" / "scenarios" / "ussr-1924-v1.yaml"


@dataclass
class Tally:
    """What the cases of one test came to."""

    cases: int = 0
    valid: int = 0
    refused: int = 0
    worst_seconds: float = 0.0
    start_rss_mb: float = 0.0
    peak_rss_mb: float = 0.0


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="politburo-fuzz-") as name:
        yield Path(name)


@pytest.fixture(scope="module", autouse=True)
def compiled(politburo: Politburo) -> None:
    """One run before any case is timed: Numba compiles the engine on its first run."""
    assert politburo("check", "ussr-1924").exit_code == 0


@pytest.fixture(scope="module")
def tally() -> Iterator[dict[str, Tally]]:
    tallies: dict[str, Tally] = {}
    yield tallies
    for name, t in tallies.items():
        print(
            f"\n{name}: {t.cases} cases, {t.valid} valid (exit 0), {t.refused} refused (exit 2), "
            f"0 tracebacks; worst {t.worst_seconds:.2f} s; "
            f"peak RSS {t.peak_rss_mb:.0f} MB (+{t.peak_rss_mb - t.start_rss_mb:.0f} MB)"
        )


def _dump(document: Document) -> bytes:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.width = 4096
    out = BytesIO()
    yaml.dump(document, out)
    return out.getvalue()


def _check_cleanly(
    politburo: Politburo, folder: Path, data: bytes, tally: dict[str, Tally], name: str
) -> None:
    """``politburo check`` on ``data``: exit 0 or 2, no traceback, bounded time and memory."""
    t = tally.setdefault(name, Tally(start_rss_mb=_rss_mb()))
    path = folder / f"{name}.yaml"
    path.write_bytes(data)
    started = time.perf_counter()
    result = politburo("check", str(path))
    seconds = time.perf_counter() - started
    assert result.exit_code in (0, 2), (result.exit_code, result.output, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        assert result.stderr.startswith("error:"), result.stderr
    assert seconds < SECONDS, f"{seconds:.1f} s"
    t.cases += 1
    t.valid += result.exit_code == 0
    t.refused += result.exit_code == 2
    t.worst_seconds = max(t.worst_seconds, seconds)
    t.peak_rss_mb = _rss_mb()
    assert t.peak_rss_mb - t.start_rss_mb < GROWTH_MB


@cache
def _bundled_document() -> Document:
    document: Document = YAML(typ="safe").load(BUNDLED_FILE.read_text(encoding="utf-8"))
    return document


@FUZZ
@given(data=st.data())
def test_mutated_bundled_scenarios_give_exit_0_or_a_clean_error(
    politburo: Politburo, folder: Path, tally: dict[str, Tally], data: st.DataObject
) -> None:
    document = data.draw(mutated_documents(_bundled_document()))  # mutates a copy
    _check_cleanly(politburo, folder, _dump(document), tally, "mutated bundled scenario")


@FUZZ
@given(document=generated_documents().flatmap(mutated_documents))
def test_mutated_generated_scenarios_give_exit_0_or_a_clean_error(
    politburo: Politburo, folder: Path, tally: dict[str, Tally], document: Document
) -> None:
    _check_cleanly(politburo, folder, _dump(document), tally, "mutated generated scenario")


@FUZZ
@given(data=st.data())
def test_mangled_scenario_files_give_exit_0_or_a_clean_error(
    politburo: Politburo, folder: Path, tally: dict[str, Tally], data: st.DataObject
) -> None:
    text = data.draw(mangled_texts(BUNDLED_FILE.read_bytes()))
    _check_cleanly(politburo, folder, text, tally, "mangled bundled file")
