"""YAML as politburo reads it: version 1.2, every line kept, and bounded.

ruamel.yaml's round-trip loader keeps the line of every key, so that errors
can name it, and reads YAML 1.2, so that ``NO`` stays a string. As it comes
it would also follow aliases (a 342-byte "billion laughs" file of nested
aliases becomes a billion values once copied for validation), recurse as
deep as a file nests (a ``RecursionError`` with no message) and convert
numbers of any width (Python refuses integers wider than 4,300 digits with
a ``ValueError``). The composer here refuses all three at the line where
they occur: aliases are not read at all (no bundled file uses one: write the
value out), nesting is bounded by
:data:`~politburo.scenario.limits.MAX_YAML_DEPTH` and numbers by
:data:`~politburo.scenario.limits.MAX_NUMBER_DIGITS`.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer, MaxDepthExceededError
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent

from politburo.scenario.errors import InputError
from politburo.scenario.limits import MAX_NUMBER_DIGITS, MAX_YAML_DEPTH

__all__ = ["parse_yaml"]

_INT_TAG = "tag:yaml.org,2002:int"


class _Refused(MarkedYAMLError):
    """Well-formed YAML that politburo does not read: an alias, a number too wide."""


class _BoundedComposer(Composer):
    """ruamel's composer, refusing aliases and over-wide numbers where they occur."""

    def __init__(self, loader: Any = None) -> None:
        super().__init__(loader)
        self.warn_double_anchors = False  # an anchor is harmless when no alias can use it

    def compose_node(self, parent: Any, index: Any) -> Any:
        """Compose the next node, unless it is an alias."""
        if self.parser.check_event(AliasEvent):
            event = self.parser.get_event()
            raise _Refused(
                problem=f"*{event.anchor} is an alias: aliases are not read, write the value out",
                problem_mark=event.start_mark,
            )
        return super().compose_node(parent, index)

    def compose_scalar_node(self, anchor: Any) -> Any:
        """Compose a scalar, unless it is an integer of more digits than any count needs."""
        node = super().compose_scalar_node(anchor)
        if str(node.tag) == _INT_TAG and len(node.value) > MAX_NUMBER_DIGITS:
            raise _Refused(
                problem=f"a number of {len(node.value):,} characters: "
                f"at most {MAX_NUMBER_DIGITS} digits",
                problem_mark=node.start_mark,
            )
        return node


def parse_yaml(text: str, name: str) -> Any:
    """Parse one YAML 1.2 document into ruamel's round-trip tree, within the limits.

    Args:
        text: The document.
        name: The file it came from, for errors.

    Returns:
        The tree: ``CommentedMap`` and ``CommentedSeq`` nodes that know their
        lines, and scalars.

    Raises:
        InputError: The text is not YAML, or uses an alias, nests deeper than
            the limit or holds a number wider than the limit; with its line.
    """
    yaml = YAML(typ="rt")
    yaml.Composer = _BoundedComposer
    yaml.max_depth = MAX_YAML_DEPTH
    try:
        return yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = None if mark is None else mark.line + 1
        if isinstance(exc, _Refused):
            message = str(exc.problem)
        elif isinstance(exc, MaxDepthExceededError):
            message = f"lists and mappings nested more than {MAX_YAML_DEPTH} deep"
        else:
            words = " ".join(str(part) for part in (exc.context, exc.problem) if part)
            message = "YAML syntax error: " + " ".join(words.split())
        raise InputError.one(name, message, line=line) from None
    except YAMLError as exc:
        raise InputError.one(name, "YAML syntax error: " + " ".join(str(exc).split())) from None
