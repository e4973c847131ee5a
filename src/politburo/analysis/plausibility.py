"""What no run may tell: a post given to a man who could not have received it.

Read off a finished run, so that the rule is checked from what a reader sees
rather than from the engine's own state: a seat, a candidacy or an office may
not go to a man who has died, to one expelled and not readmitted, or to an
unrecanted member of a condemned camp (his own or his patron's).
"""

from __future__ import annotations

from dataclasses import dataclass

from politburo.model.events import Event, Kind, Mechanism
from politburo.model.result import RunResult

#: Events that give a man a post.
POSTS = frozenset({Kind.ELECTED_TOP, Kind.ELECTED_CANDIDATE, Kind.OFFICE_APPOINTED})

#: Sanctions carried by motion that condemn the target's camp.
CONDEMNING = frozenset(
    {Kind.TOP_DEMOTED, Kind.TOP_REMOVED, Kind.ELECTING_REMOVED, Kind.EXPELLED, Kind.EXILED,
     Kind.DEPORTED}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Violation:
    """A post given to a man who could not receive it, and why not."""

    month: str
    actor: str
    post: str
    why: str


def ineligible_appointments(run: RunResult) -> list[Violation]:
    """Every post the run gives to a dead man, an expelled one, or a condemned camp's man."""
    dead: set[str] = set()
    expelled: set[str] = set()
    recanted: set[str] = set()
    condemned: dict[str, int] = {}
    out = []
    for e in run.events:
        if e.kind in POSTS and e.actor is not None:
            why = _why_not(e, run, dead, expelled, recanted, condemned)
            if why:
                out.append(Violation(e.month, e.actor, e.office or e.kind.value, why))
        _learn(e, dead, expelled, recanted, condemned)
    return out


def _learn(
    e: Event, dead: set[str], expelled: set[str], recanted: set[str], condemned: dict[str, int]
) -> None:
    if e.actor is None:
        return
    if e.kind in (Kind.DIED, Kind.LEADER_DIED):
        dead.add(e.actor)
    elif e.kind is Kind.EXPELLED:
        expelled.add(e.actor)
    elif e.kind is Kind.CAMP_SANCTIONED and e.reasons and e.reasons[0] == "expelled with him":
        expelled.update(e.others)
    elif e.kind is Kind.READMITTED:
        expelled.discard(e.actor)
    elif e.kind is Kind.RECANTED:
        recanted.add(e.actor)
    if e.kind in CONDEMNING and e.mechanism is Mechanism.MOTION:
        condemned.setdefault(e.actor, e.step)
    elif e.kind is Kind.CONGRESS_VOTE and e.target is not None:
        condemned.setdefault(e.target, e.step)


def _why_not(
    e: Event,
    run: RunResult,
    dead: set[str],
    expelled: set[str],
    recanted: set[str],
    condemned: dict[str, int],
) -> str:
    who = e.actor or ""
    if who in dead:
        return "he is dead"
    if who in expelled:
        return "he was expelled and not readmitted"
    camp = _camp_at(run, who, e.step)
    for leader in (who, camp):
        if leader and leader in condemned and leader not in recanted:
            return f"the camp of {leader} stands condemned"
    return ""


def _camp_at(run: RunResult, who: str, step: int) -> str | None:
    for member, leader, first, last in run.camps:
        if member == who and first <= step and (last is None or step <= last):
            return leader
    return None
