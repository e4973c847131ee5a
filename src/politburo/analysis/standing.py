"""Where things stand in a run at a given month: the alliances and the camps.

The page's alliance network reads these two functions, which read the run's
spells (``RunResult.alliances`` and ``RunResult.camps``, recorded by the
model month by month), so the network shows what the model held, not what
the events imply.
"""

from __future__ import annotations

from politburo.model.result import RunResult

__all__ = ["alliances_at", "camps_at"]


def _holds(first: int, last: int | None, step: int) -> bool:
    """Whether a spell from ``first`` to ``last`` (None: to the end) covers month ``step``."""
    return first <= step and (last is None or step <= last)


def alliances_at(result: RunResult, step: int) -> list[tuple[str, str]]:
    """The pairs of contenders allied in month ``step``, each pair sorted, in order."""
    return sorted(
        {
            (min(a, b), max(a, b))
            for a, b, first, last in result.alliances
            if _holds(first, last, step)
        }
    )


def camps_at(result: RunResult, step: int) -> dict[str, list[str]]:
    """Each contender's camp in month ``step``: his named followers, in order of their ids."""
    camps: dict[str, list[str]] = {}
    for member, leader, first, last in result.camps:
        if _holds(first, last, step):
            camps.setdefault(leader, []).append(member)
    return {leader: sorted(members) for leader, members in sorted(camps.items())}
