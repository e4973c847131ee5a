"""The scenario format's versions: what each changed, and what becomes of a file in an older one.

A scenario's id ends in ``-vN`` (``ussr-1924-v1``): N is the version of the
format the file is written in. :data:`FORMAT_VERSIONS` is the table of
versions, each with what it changed from the one before. A version is added
when a change makes a file of the version before invalid or mean something
else; an addition that leaves every earlier file valid and meaning what it
meant (an optional field whose default changes nothing) keeps the version.

A file whose id claims a version older than the current one is brought to
the current version when every change since its version is mechanical (the
version says how: ``migrate``), its id then ending in the current version;
otherwise it is refused with a message naming each change since its
version, so that its author knows what to rewrite. A version at or above the
current one is read as the current format: a file written for a later
politburo fails, if it does, on the fields this one does not know.
"""

from __future__ import annotations

import re
from collections.abc import Callable, MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "CURRENT_FORMAT",
    "FORMAT_VERSIONS",
    "FormatTooOld",
    "FormatVersion",
    "upgrade",
]

#: A scenario file's parsed top level, which a migration changes in place.
Tree = MutableMapping[str, Any]

_VERSIONED = re.compile(r"^(?P<base>[a-z0-9][a-z0-9-]*?)-v(?P<version>\d+)$")


@dataclass(frozen=True, slots=True)
class FormatVersion:
    """One version of the scenario format.

    Attributes:
        version: Its number, the N of ``-vN``.
        changes: What it changed from the version before, in a sentence a
            scenario's author can act on.
        migrate: Turns a file of the version before into one of this version,
            in place, where the change is mechanical; None where it is not
            (a file of the version before is then refused).
    """

    version: int
    changes: str
    migrate: Callable[[Tree], None] | None = None


FORMAT_VERSIONS: tuple[FormatVersion, ...] = (
    FormatVersion(
        1,
        "the first versioned format: actors with traits (yielding among them), careers and "
        "patrons; offices that require careers; bodies with roles, candidate members and "
        "majorities by motion; provinces and groups of them; doctrines; the calendar's "
        "congresses, deaths and shocks; alliances and camps standing at the start; levers "
        "and key events",
    ),
)
"""Every version of the format, oldest first; the last is the current one."""

CURRENT_FORMAT = FORMAT_VERSIONS[-1].version
"""The version this politburo writes and reads."""


class FormatTooOld(ValueError):
    """A file in an older format that cannot be brought to the current one; the message says why."""


def upgrade(tree: Tree, versions: Sequence[FormatVersion] = FORMAT_VERSIONS) -> bool:
    """Bring a parsed scenario file to the current format, in place, if it claims an older one.

    Args:
        tree: The file's top level; its ``id`` names the version it claims.
        versions: The format's versions, oldest first (the last is current).

    Returns:
        True if the file was migrated (its id now ends in the current
        version), False if it claims the current version or none at all
        (a malformed id is the schema's to report).

    Raises:
        FormatTooOld: It claims a version older than the first, or a change
            since its version is not mechanical; the message names the
            changes since its version.
    """
    ident = tree.get("id")
    match = _VERSIONED.match(ident) if isinstance(ident, str) else None
    current = versions[-1].version
    if match is None or int(match["version"]) >= current:
        return False
    claimed, first = int(match["version"]), versions[0].version
    if claimed < first:
        raise FormatTooOld(
            f"{ident!r} claims format version {claimed}, older than the first versioned "
            f"format ({first}), of which nothing is known: write the file in the current "
            f"format (version {current}; `politburo schema` prints it) and end its id in "
            f"-v{current}"
        )
    since = [v for v in versions if v.version > claimed]
    migrations = [v.migrate for v in since if v.migrate is not None]
    if len(migrations) < len(since):
        what = "; ".join(f"version {v.version}: {v.changes}" for v in since)
        manual = ", ".join(str(v.version) for v in since if v.migrate is None)
        raise FormatTooOld(
            f"{ident!r} is written in format version {claimed}, and this politburo reads "
            f"version {current}. What changed since: {what}. The change of version "
            f"{manual} cannot be made mechanically: rewrite the file accordingly and end "
            f"its id in -v{current}"
        )
    for migrate in migrations:
        migrate(tree)
    tree["id"] = f"{match['base']}-v{current}"
    return True
