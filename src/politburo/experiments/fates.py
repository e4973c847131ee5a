"""What became of each contender by the end of a run: the ``<id>_fate`` columns of an ensemble."""

from __future__ import annotations

from politburo.model.events import Kind
from politburo.model.result import RunResult

__all__ = ["FATES", "fates"]

#: What became of a contender by the end of a run: the gravest of the things
#: that happened to him, gravest first (``won`` overrides every other). The
#: month (``<id>_fate_month``) is the first month the fate befell him; the
#: two last fates, which are no events, have no month. Recanting ends a
#: contender's fight, so it ranks above losing the seats he may keep.
FATES: dict[str, str] = {
    "won": "won the struggle (the month of his victory)",
    "died": "died",
    "arrested": "arrested in a coup, his own that failed or a rival's that succeeded",
    "deported": "deported abroad",
    "exiled": "exiled at home",
    "expelled": "expelled from the party",
    "recanted": "recanted: submitted to the majority and left the fight",
    "removed_from_electing": "removed from the electing body",
    "removed_from_top": "removed from the top body, or demoted to its candidate members",
    "removed_from_office": "removed from an office",
    "in_top": "none of the above, and he holds a seat in the top body at the end",
    "outside_top": "none of the above, and he holds no seat in the top body at the end",
}

#: The event kinds that set a fate, and the fate each sets.
_FATE_OF_KIND = {
    Kind.LEADER_DIED: "died",
    Kind.DIED: "died",
    Kind.COUP: "arrested",
    Kind.DEPORTED: "deported",
    Kind.EXILED: "exiled",
    Kind.EXPELLED: "expelled",
    Kind.RECANTED: "recanted",
    Kind.ELECTING_REMOVED: "removed_from_electing",
    Kind.TOP_REMOVED: "removed_from_top",
    Kind.TOP_DEMOTED: "removed_from_top",
    Kind.OFFICE_REMOVED: "removed_from_office",
}
_GRAVITY = {fate: rank for rank, fate in enumerate(FATES)}


def fates(result: RunResult, in_top_at_start: frozenset[str]) -> dict[str, tuple[str, str | None]]:
    """Each contender's fate (one of :data:`FATES`) and the month it befell him.

    Args:
        result: The run.
        in_top_at_start: The contenders holding a seat in the top body at the start.

    Returns:
        The fate and its month (``YYYY-MM``, or None for ``in_top`` and
        ``outside_top``) of each contender.
    """
    gravest: dict[str, tuple[int, str]] = {}
    in_top = set(in_top_at_start)
    for e in result.events:
        fate = _FATE_OF_KIND.get(e.kind)
        if fate is None:
            if e.kind is Kind.ELECTED_TOP and e.actor is not None:
                in_top.add(e.actor)
            continue
        befell = e.others if e.kind is Kind.COUP else (e.actor,) if e.actor else ()
        for who in befell:
            if e.kind in (
                Kind.COUP,
                Kind.TOP_REMOVED,
                Kind.TOP_DEMOTED,
                Kind.LEADER_DIED,
                Kind.DIED,
            ):
                in_top.discard(who)
            rank = _GRAVITY[fate]
            if who not in gravest or rank < gravest[who][0]:
                gravest[who] = (rank, e.month)
    names = list(FATES)
    out: dict[str, tuple[str, str | None]] = {}
    for contender in result.contenders:
        if contender == result.winner:
            out[contender] = ("won", result.winner_month)
        elif contender in gravest:
            rank, month = gravest[contender]
            out[contender] = (names[rank], month)
        else:
            out[contender] = ("in_top" if contender in in_top else "outside_top", None)
    return out
