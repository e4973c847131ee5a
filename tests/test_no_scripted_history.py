"""No history is scripted: the code names no actor, office, body, doctrine or date of a case.

The design's first rule: a scenario is data, and every removal, expulsion,
alliance or coup is decided by the engine from that data. So no identifier,
string literal or number in the package's code may name an actor, office,
body, province or doctrine of a bundled scenario, or one of its dates, or a
person of the bundled record. The engine names bodies by role ("the top
body", "the congress"), which is allowed; the scenario's own names are not.

What is checked is the code (identifiers, string literals and numbers, read
with :mod:`ast`), in every module of the package: the engine modules and the
edges (command line, narrative, checks, tables, loaders) alike. Docstrings
and comments are documentation, not behaviour: they may cite the reference
case as an example and are not checked. The few exemptions are listed in
``EXEMPT`` with their reasons.
"""

from __future__ import annotations

import ast
import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from politburo.scenario.loading import bundled_scenarios, load_scenario
from politburo.scenario.schema import Scenario, ScheduledKind, month_index, month_label

PACKAGE = Path(resources.files("politburo"))  # type: ignore[arg-type]
SOURCES = sorted(PACKAGE.rglob("*.py"))
RECORD = PACKAGE / "scenario" / "data" / "records" / "ussr-1922-1930.csv"

#: Names shorter than this are too generic to check (e.g. the doctrine id ``nep``).
MIN_LENGTH = 4

#: Words that are a scenario's ids or names but are allowed in code, and why.
ALLOWED_WORDS = {
    # The package is called politburo: the word is in its imports, module paths
    # and resource lookups. It is also the bundled scenario's id for its top
    # body, which the engine must never name (it uses world.top), so a string
    # literal that *is* this id is still caught (see ``EXACT_IDS``) unless it
    # is the package anchor of ``resources.files("politburo")``.
    "politburo": "the package's own name",
    # The generic name of a party's congress, i.e. a role: the generator gives
    # it to the congress of its invented scenarios. The bundled id
    # party_congress is still checked.
    "party congress": "a role's generic name",
}

#: Allowed words that are still scenario ids: a string literal equal to one is a finding.
EXACT_IDS = ("politburo",)


@dataclass(frozen=True, slots=True)
class Exemption:
    """A use of a scenario's name allowed in one file, matched by a regular expression."""

    file: str
    pattern: str
    reason: str


#: Narrow, documented exemptions: user-facing examples of the ``--set`` syntax.
EXEMPT = (
    Exemption(
        "interface/cli/options.py",
        r"\bstalin\.patience=0\.2\b",
        "the --set help text shows the syntax with the bundled reference scenario's "
        "actor so that the example can be pasted; it changes no run",
    ),
    Exemption(
        "scenario/overrides.py",
        r"e\.g\..*?\bstalin\.",
        "error messages about a malformed --set show the syntax with an actor of the "
        "bundled reference scenario; they change no run",
    ),
)


def _scenarios() -> list[Scenario]:
    return [load_scenario(ident) for ident, _ in bundled_scenarios()]


def _record_names() -> set[str]:
    with RECORD.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    names: set[str] = set()
    for row in rows:
        for part in re.split(r"[;,/]", row.get("actor") or ""):
            if part.strip():
                names.add(part.strip())
    return names


def _words(scenario: Scenario) -> set[str]:
    """Ids and names a scenario gives its actors, offices, bodies, provinces, doctrines."""
    words: set[str] = set()
    for a in scenario.actors:
        words |= {a.id, a.name, a.name.split()[-1]}
    for group in (scenario.offices, scenario.bodies, scenario.provinces, scenario.doctrines):
        for item in group:
            words |= {item.id, item.name}
    for g in scenario.province_groups:
        words.add(g.prefix)
    return {w for w in words if len(w) >= MIN_LENGTH and w.lower() not in ALLOWED_WORDS}


def _dates(scenario: Scenario) -> set[str]:
    """Every month of a scheduled event or of the calendar's ends, and their years."""
    start = scenario.calendar.start
    months = {e.month for e in scenario.events}
    months |= {start, month_label(start, scenario.calendar.months - 1)}
    return months | {m[:4] for m in months}


VOCABULARY = sorted(set().union(*(_words(s) for s in _scenarios())) | _record_names())
DATES = sorted(set().union(*(_dates(s) for s in _scenarios())))


@dataclass(frozen=True, slots=True)
class Token:
    """A piece of code: an identifier, a string literal's text or a number."""

    kind: str
    text: str
    line: int


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the string constants that are docstrings (module, class, function)."""
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                out.add(id(body[0].value))
        # A string alone as a statement after an assignment documents it (attribute docs).
        statements = getattr(node, "body", None)
        for child in statements if isinstance(statements, list) else []:
            if (
                isinstance(child, ast.Expr)
                and isinstance(child.value, ast.Constant)
                and isinstance(child.value.value, str)
            ):
                out.add(id(child.value))
    return out


def _is_package_reference(node: ast.Constant, parents: dict[int, ast.AST]) -> bool:
    """``resources.files("politburo")``: the package's own resources."""
    parent = parents.get(id(node))
    return (
        isinstance(parent, ast.Call)
        and isinstance(parent.func, ast.Attribute)
        and parent.func.attr == "files"
    )


def code_tokens(path: Path) -> Iterator[Token]:
    """Identifiers, non-docstring string literals and numbers of a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = _docstrings(tree)
    parents = {id(child): node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Import | ast.ImportFrom):
            # Module paths of the package itself; imported names are checked where used.
            continue
        if isinstance(node, ast.Name):
            yield Token("identifier", node.id, line)
        elif isinstance(node, ast.Attribute):
            yield Token("identifier", node.attr, line)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            yield Token("identifier", node.name, line)
        elif isinstance(node, ast.arg | ast.keyword):
            if node.arg:
                yield Token("identifier", node.arg, line)
        elif isinstance(node, ast.Constant) and id(node) not in docs:
            if isinstance(node.value, str):
                if node.value == "politburo" and _is_package_reference(node, parents):
                    continue
                yield Token("string", node.value, line)
            elif isinstance(node.value, int | float) and not isinstance(node.value, bool):
                yield Token("number", repr(node.value), line)


def _word_pattern(word: str) -> re.Pattern[str]:
    escaped = re.escape(word).replace(r"\ ", r"\s+")
    return re.compile(rf"(?<![A-Za-z0-9]){escaped}(?![A-Za-z0-9])", re.IGNORECASE)


def _identifier_hit(identifier: str, word: str) -> bool:
    """``word`` (an id, or a name with spaces as underscores) as a part of ``identifier``."""
    key = "_" + re.sub(r"\W+", "_", word.lower()) + "_"
    return key in "_" + identifier.lower() + "_"


def _exempt(path: Path, text: str, start: int) -> bool:
    for exemption in EXEMPT:
        if not path.as_posix().endswith("/" + exemption.file):
            continue
        for match in re.finditer(exemption.pattern, text, re.IGNORECASE):
            if match.start() <= start < match.end():
                return True
    return False


def findings(path: Path, vocabulary: list[str], dates: list[str]) -> list[str]:
    """Every use of a scenario's name or date in the code of ``path``."""
    found = []
    patterns = [(w, _word_pattern(w)) for w in vocabulary]
    date_patterns = [(d, re.compile(rf"(?<![0-9]){re.escape(d)}(?![0-9])")) for d in dates]
    for token in code_tokens(path):
        if token.kind == "identifier":
            found += [
                f"{path.name}:{token.line}: identifier {token.text!r} contains {w!r}"
                for w in vocabulary
                if _identifier_hit(token.text, w)
            ]
        elif token.kind == "string":
            if token.text.strip().lower() in EXACT_IDS:
                found.append(f"{path.name}:{token.line}: string is the id {token.text!r}")
            for w, pattern in [*patterns, *date_patterns]:
                for match in pattern.finditer(token.text):
                    if not _exempt(path, token.text, match.start()):
                        found.append(f"{path.name}:{token.line}: string names {w!r}")
        elif token.text in dates:
            found.append(f"{path.name}:{token.line}: number {token.text} is a scenario's year")
    return found


# --------------------------------------------------------------------------- the checks


def test_the_vocabulary_covers_the_reference_case() -> None:
    # Guards against a check that passes because it looks for nothing.
    lowered = {w.lower() for w in VOCABULARY}
    assert {"stalin", "trotsky", "general_secretary", "central_committee"} <= lowered
    assert {"socialism_in_one_country", "leningrad"} <= lowered
    assert {"1924", "1924-01"} <= set(DATES)
    assert len(SOURCES) > 20


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_no_scenario_name_or_date_appears_in_the_code(path: Path) -> None:
    assert findings(path, VOCABULARY, DATES) == []


def test_the_check_catches_a_scripted_name_and_a_scripted_date(tmp_path: Path) -> None:
    scripted = tmp_path / "scripted.py"
    scripted.write_text(
        '"""A docstring may cite Stalin and 1924."""\n'
        "def winner(state):\n"
        "    stalin_bonus = 1  # a comment may say Trotsky\n"
        '    if state.month_label == "1927-12":\n'
        '        return state.lookup("Trotsky") + stalin_bonus\n'
        "    if state.body == 'politburo':\n"
        "        return 0\n"
        "    return 1927 if state.body == 'central_committee' else 0\n",
        encoding="utf-8",
    )
    found = findings(scripted, VOCABULARY, DATES)
    assert any("'stalin'" in f.lower() and "identifier" in f for f in found)
    assert any("'trotsky'" in f.lower() and "string" in f for f in found)
    assert any("1927-12" in f for f in found)
    assert any("central_committee" in f for f in found)
    assert any("the id 'politburo'" in f for f in found)
    assert any("number 1927" in f for f in found)
    assert not any(":1:" in f for f in found), "docstrings are not code"


def test_the_exemptions_still_apply_to_some_text() -> None:
    # An exemption that no longer matches anything should be removed.
    for exemption in EXEMPT:
        text = (PACKAGE / exemption.file).read_text(encoding="utf-8")
        assert re.search(exemption.pattern, text, re.IGNORECASE), exemption


def test_scheduled_events_are_only_exogenous_deaths_congresses_shocks_and_documents() -> None:
    # None of these removes, expels, allies or betrays anyone: a death, the
    # statutory congresses, shocks that hit by rule, documents made public.
    allowed = {
        ScheduledKind.LEADER_DIES,
        ScheduledKind.DIES,
        ScheduledKind.CONGRESS,
        ScheduledKind.SHOCK,
        ScheduledKind.REVELATION,
    }
    assert set(ScheduledKind) == allowed, "the format itself can schedule nothing else"
    for scenario in _scenarios():
        assert {e.kind for e in scenario.events} <= allowed
        for e in scenario.events:
            assert 0 <= month_index(scenario.calendar.start, e.month) < scenario.calendar.months


def test_the_bundled_files_schedule_no_other_kind_of_event() -> None:
    # Read the raw YAML too, so that nothing is hidden by a default of the model.
    yaml = YAML(typ="safe")
    for path in sorted((PACKAGE / "scenarios").glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"))
        kinds = {str(e["kind"]) for e in data.get("events", [])}
        assert kinds <= {"leader_dies", "congress", "shock", "revelation"}, path.name
        for e in data.get("events", []):
            if e["kind"] in ("shock", "revelation"):
                assert "actor" not in e, "a shock or a document hits by rule, never by name"
