"""The typed event log of a run: what happened, in which body, by which mechanism."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    """What an event is; bodies are named by role (top, electing), never by a country's name."""

    LEADER_DIED = "leader_died"
    DIED = "died"
    CONGRESS = "congress"
    PLENUM_CONVENED = "plenum_convened"
    CONGRESS_VOTE = "congress_vote"
    ELECTED_TOP = "top_elected"
    ELECTED_CANDIDATE = "candidate_elected"
    OFFICE_APPOINTED = "office_appointed"
    OFFICE_REMOVED = "office_removed"
    TOP_DEMOTED = "top_demoted"
    TOP_REMOVED = "top_removed"
    ELECTING_REMOVED = "electing_removed"
    EXPELLED = "expelled"
    EXILED = "exiled"
    DEPORTED = "deported"
    READMITTED = "readmitted"
    RECANTED = "recanted"
    CAPITULATED = "capitulated"
    CAMP_SANCTIONED = "camp_sanctioned"
    MOTION_FAILED = "motion_failed"
    ATTACK = "attack"
    ALLIANCE_FORMED = "alliance_formed"
    ALLIANCE_BROKEN = "alliance_broken"
    DOCTRINE_PUBLISHED = "doctrine_published"
    DOCTRINE_ADOPTED = "doctrine_adopted"
    RECRUITMENT_DRIVE = "recruitment_drive"
    SECRETARIES_APPOINTED = "secretaries_appointed"
    PRETEXT = "pretext"
    SHOCK = "shock"
    REVELATION = "revelation"
    COUP = "coup"
    WINNER = "winner"


class Mechanism(StrEnum):
    """The mechanism of the model that produced an event (see docs/model.md)."""

    SUCCESSION = "succession"
    LIVES = "lives"
    CIRCULAR_FLOW = "circular flow of power"
    PATRONAGE = "patronage"
    RECRUITMENT = "recruitment"
    REPUTATION = "reputation"
    ALLIANCE = "alliance"
    DOCTRINE = "doctrine"
    MOTION = "motion"
    RECANTATION = "recantation"
    CAMPS = "camps"
    PRETEXT = "pretext"
    SHOCK = "shock"
    COUP = "coup"
    STATUTE = "statute"


@dataclass(frozen=True, slots=True)
class Event:
    """One thing that happened in a run, with the reasons that drove it.

    ``amount`` is the quantity the event is about, where it has one:
    secretaries placed, members admitted, reputation lost to an attack or shock.
    """

    step: int
    month: str
    kind: Kind
    mechanism: Mechanism
    actor: str | None = None
    target: str | None = None
    others: tuple[str, ...] = ()
    body: str | None = None
    office: str | None = None
    doctrine: str | None = None
    votes_for: int | None = None
    votes_against: int | None = None
    votes_abstain: int | None = None
    amount: float | None = None
    reasons: tuple[str, ...] = ()
    source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The event as plain JSON-ready values."""
        out = asdict(self)
        out["kind"] = self.kind.value
        out["mechanism"] = self.mechanism.value
        out["others"] = list(self.others)
        out["reasons"] = list(self.reasons)
        return out
