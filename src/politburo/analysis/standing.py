"""Where things stand in a run at a given month: the alliances between the contenders.

The page's alliance network reads :func:`alliances_at` and nothing else, so
that when the model records its alliances month by month as a series, this
one function changes to read it instead of the events.
"""

from __future__ import annotations

from politburo.model.events import Kind
from politburo.model.result import RunResult

__all__ = ["alliances_at"]

#: Events that end every alliance of those they befall without an ``alliance_broken``
#: event (the engine clears them on expulsion, recantation and arrest in a coup).
_ENDERS = frozenset({Kind.EXPELLED, Kind.RECANTED, Kind.COUP})


def alliances_at(result: RunResult, step: int) -> list[tuple[str, str]]:
    """The pairs of contenders allied at the end of month ``step``, each pair sorted.

    Read off the events: an alliance holds from its formation to its break,
    or to the expulsion, recantation or arrest of either partner.
    """
    allied: set[tuple[str, str]] = set()
    for e in result.events:
        if e.step > step:
            break
        if e.kind in (Kind.ALLIANCE_FORMED, Kind.ALLIANCE_BROKEN) and e.actor and e.target:
            pair = (min(e.actor, e.target), max(e.actor, e.target))
            if e.kind is Kind.ALLIANCE_FORMED:
                allied.add(pair)
            else:
                allied.discard(pair)
        elif e.kind in _ENDERS:
            befell = set(e.others) if e.kind is Kind.COUP else {e.actor}
            allied = {pair for pair in allied if not befell & set(pair)}
    return sorted(allied)
