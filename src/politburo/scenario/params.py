"""Global model parameters: one set, shared by every scenario.

Each parameter has a meaning and a plausible range (the ``ge``/``le``
bounds, which calibration and sensitivity analysis respect). Their values
live in ``params/default.yaml``; no scenario may carry its own.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


def _p(low: float, high: float, meaning: str) -> Any:
    """A parameter field with its plausible range and meaning."""
    return Field(ge=low, le=high, description=meaning)


class Params(BaseModel):
    """The named weights and rates of every mechanism."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # --- voting: log-odds terms of a member's choice among for, abstain, against
    vote_loyalty: float = _p(0.0, 8.0, "log-odds weight of loyalty to the patron's side")
    vote_doctrine: float = _p(0.0, 6.0, "log-odds per unit of doctrinal distance between the sides")
    vote_reputation: float = _p(
        0.0, 8.0, "log-odds per unit of reputation difference between the sides"
    )
    vote_bandwagon: float = _p(
        0.0, 8.0, "log-odds per unit of seat-share lead of a side (fear of the winner)"
    )
    vote_faction_ban: float = _p(0.0, 4.0, "log-odds against a side that is an organised faction")
    vote_evidence: float = _p(0.0, 6.0, "log-odds per unit of evidence held against the target")
    vote_abstain: float = _p(-4.0, 2.0, "log-odds of abstaining rather than taking a side")
    vote_status_quo: float = _p(
        0.0, 8.0, "log-odds against the harshest sanction; milder motions in proportion"
    )

    # --- patronage and the circular flow of power
    appointment_rate: float = _p(
        0.0,
        0.2,
        "expected monthly share of the posts held by others that the appointing office fills",
    )
    merit_loyalty: float = _p(
        0.0, 1.0, "chance that a secretary appointed on merit still follows the appointer"
    )
    secretary_control: float = _p(
        0.0, 1.0, "share of a province's congress delegates its secretary picks"
    )
    slate_bias: float = _p(
        1.0,
        4.0,
        "exponent by which a congress over-rewards its majority when electing the electing body",
    )
    recruitment_size: float = _p(0.0, 1.0, "size of a recruitment wave as a share of membership")
    recruitment_interval: float = _p(
        1.0, 60.0, "months between two recruitment waves of one office"
    )
    follower_loyalty: float = _p(
        0.0, 1.0, "strength of a placed member's tie to the patron who placed him"
    )
    member_drift: float = _p(
        0.0, 0.2, "monthly share of members whose loyalty lapses when their patron has fallen"
    )

    # --- reputation
    attack_cost: float = _p(0.0, 0.3, "reputation an open attack costs the attacker")
    faction_ban_cost: float = _p(
        0.0, 0.3, "extra cost of an attack made from the minority, against the ban on factions"
    )
    attack_damage: float = _p(
        0.0, 0.5, "reputation an attack takes from its target at full evidence"
    )
    seniority_weight: float = _p(
        0.0, 1.0, "share of a target's exposure that comes from his lack of seniority"
    )
    reputation_recovery: float = _p(
        0.0, 0.2, "monthly pull of reputation back toward its level at the start"
    )
    enemy_alliance_cost: float = _p(
        0.0, 0.5, "reputation lost for allying with a recent enemy, per unit of enmity"
    )
    enmity_decay: float = _p(0.5, 1.0, "monthly factor by which remembered enmity fades")
    recant_cost: float = _p(0.0, 0.6, "reputation the beaten pay to submit")

    # --- threat, patience and alliances
    threat_force_weight: float = _p(
        0.0, 1.0, "share of a rival's threat that comes from command of force"
    )
    threat_doctrine_weight: float = _p(
        0.0, 1.0, "share of a rival's threat that grows with his doctrinal distance"
    )
    concealment: float = _p(
        0.0, 1.0, "share of a fully patient actor's strength hidden until he acts openly"
    )
    alliance_rate: float = _p(
        0.0, 1.0, "monthly chance a fully flexible actor acts on an alliance motive"
    )
    alliance_margin: float = _p(0.0, 1.0, "threat gap over himself that makes an actor seek allies")
    defeated_threshold: float = _p(
        0.0, 0.5, "threat below which a rival no longer needs to be balanced"
    )
    organised_threshold: float = _p(
        0.0, 1.0, "factional score above which a rival camp counts as an organised opposition"
    )
    attack_rate: float = _p(
        0.0, 1.0, "monthly chance a fully combative actor acts once his threshold is met"
    )

    # --- doctrine
    doctrine_pull: float = _p(
        0.0, 0.3, "monthly share of the distance members move toward the party line"
    )
    publish_gain: float = _p(
        0.0, 0.3, "reputation a published doctrine gains at full appeal to members"
    )
    deviation_evidence: float = _p(
        0.0, 1.0, "evidence against an actor per unit of distance from the party line"
    )

    # --- force
    coup_threshold: float = _p(
        0.0,
        1.0,
        "how far hopelessness times lack of restraint must go before a coup is tried",
    )
    coup_steepness: float = _p(
        0.0, 20.0, "log-odds of a coup's success per unit of force-loyalty lead"
    )

    # --- pretexts and recantation
    pretext_rate: float = _p(0.0, 0.2, "monthly chance of a pretext against any contender")
    opposition_pretext_rate: float = _p(
        0.0, 0.5, "monthly chance of a pretext against an organised opposition"
    )
    pretext_evidence: float = _p(0.0, 1.0, "evidence a used pretext adds against its target")
    evidence_decay: float = _p(0.5, 1.0, "monthly factor by which evidence against an actor fades")
    readmit_after: float = _p(
        0.0, 24.0, "months after recanting before readmission is put to a vote"
    )
    capitulation_bar: float = _p(
        0.0, 60.0, "months a man who recanted or capitulated is kept from top posts and offices"
    )
