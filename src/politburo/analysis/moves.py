"""A legal move in one plain line, and what it does, for a person choosing among them.

The page and the terminal game show each move the engine offers the
player's actor with a short label ("Move in the Central Committee to expel
Leon Trotsky") and a one-line explanation of the mechanism it sets going,
with the odds of carrying the vote where the move is a motion. A kind of
move this module does not know yet is shown by its name, so a new move from
the model appears at once, if plainly worded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from politburo.model.mechanisms import coup
from politburo.model.mechanisms.motions import motion_contest
from politburo.model.policy import Move, MoveKind
from politburo.model.state import State
from politburo.model.voting import carry_odds
from politburo.model.world import World
from politburo.scenario.schema import MotionKind

__all__ = ["MoveText", "describe_move"]

#: What each motion asks the body to do, with the target's name and the office.
_MOTIONS: dict[MotionKind, str] = {
    MotionKind.REMOVE_OFFICE: "remove {target} as {office}",
    MotionKind.DEMOTE_TOP: "demote {target} to candidate member of the {top}",
    MotionKind.REMOVE_TOP: "remove {target} from the {top}",
    MotionKind.REMOVE_ELECTING: "remove {target} from the {electing}",
    MotionKind.EXPEL: "expel {target} from the party",
    MotionKind.EXILE: "send {target} into internal exile",
    MotionKind.DEPORT: "deport {target} abroad",
    MotionKind.READMIT: "readmit {target} to the party",
}


@dataclass(frozen=True, slots=True)
class MoveText:
    """A move as a person reads it.

    Attributes:
        label: What the move is, in a few words.
        explanation: What it sets going, in one line.
    """

    label: str
    explanation: str


def describe_move(world: World, state: State, actor: int, move: Move) -> MoveText:
    """``move`` of ``actor`` in words, as the state stands when he chooses it."""
    describe = _DESCRIBERS.get(move.kind)
    if describe is None:
        return MoveText(move.kind.replace("_", " ").capitalize(), "a move of the model")
    return describe(world, state, actor, move)


def _name(world: World, actor: int) -> str:
    return world.actor_names[actor] if actor >= 0 else "no one"


def _wait(world: World, state: State, actor: int, move: Move) -> MoveText:
    return MoveText("Wait", "bide your time: nothing spent, nothing risked this month")


def _ally(world: World, state: State, actor: int, move: Move) -> MoveText:
    cost = world.params.enemy_alliance_cost * float(min(1.0, state.enmity[actor, move.target]))
    price = f"; an uneasy alliance with a recent enemy costs each {cost:.2f} reputation"
    return MoveText(
        f"Ally with {_name(world, move.target)}",
        "your followers and his vote together and you do not attack each other"
        + (price if cost > 0.005 else ""),
    )


def _break(world: World, state: State, actor: int, move: Move) -> MoveText:
    return MoveText(
        f"Break with {_name(world, move.target)}",
        "end the alliance: his followers no longer vote with yours",
    )


def _recruit(world: World, state: State, actor: int, move: Move) -> MoveText:
    return MoveText(
        f"Launch a recruitment drive as {world.office_names[move.office]}",
        "new members join the party; their loyalty to you grows with your readiness "
        f"to use office for faction ({world.tempers[actor].readiness:.2f})",
    )


def _attack(world: World, state: State, actor: int, move: Move) -> MoveText:
    return MoveText(
        f"Attack {_name(world, move.target)} openly",
        "costs you reputation (more from the minority, under the ban on factions); "
        "hurts him as far as evidence stands against him",
    )


def _pretext(world: World, state: State, actor: int, move: Move) -> MoveText:
    return MoveText(
        f"Use the pretext against {_name(world, move.target)}",
        "the charge adds evidence against him, which later attacks and motions draw on",
    )


def _motion(world: World, state: State, actor: int, move: Move) -> MoveText:
    if move.motion is None:
        return MoveText("Propose a motion", "a vote in a body")
    wording = _MOTIONS.get(move.motion, move.motion.value.replace("_", " ") + " {target}")
    what = wording.format(
        target=_name(world, move.target),
        office=world.office_names[move.office] if move.office >= 0 else "",
        top=world.body_names[world.top],
        electing=world.body_names[world.electing],
    )
    body = world.body_names[move.body]
    odds = carry_odds(
        world,
        state,
        move.body,
        motion_contest(world, state, actor, move.target, move.motion, move.office),
    )
    convening = f"you convene the {body}; " if move.convene else ""
    return MoveText(
        f"Move in the {body} to {what}",
        f"{convening}a vote: it should carry with a chance of about {odds:.0%}; "
        "a motion that fails costs its mover",
    )


def _publish(world: World, state: State, actor: int, move: Move) -> MoveText:
    return MoveText(
        f"Publish {world.doctrine_names[move.doctrine]}",
        "set out your programme: members near it lean your way; your reputation gains "
        "as far as it appeals to them",
    )


def _adopt(world: World, state: State, actor: int, move: Move) -> MoveText:
    return MoveText(
        f"Ask the {world.body_names[move.body]} to adopt "
        f"{world.doctrine_names[move.doctrine]} as the line",
        "a vote: adopted, the line pulls members toward your doctrine and counts "
        "as evidence against those far from it",
    )


def _recant(world: World, state: State, actor: int, move: Move) -> MoveText:
    return MoveText(
        "Recant and submit to the majority",
        "ends your fight at a cost in reputation; the party may readmit you later",
    )


def _coup(world: World, state: State, actor: int, move: Move) -> MoveText:
    own, others = coup.forces_named(world, state, actor)
    return MoveText(
        f"Turn the {own} against the party's bodies",
        f"a coup: its odds rest on your standing with the {own} and on the side the "
        f"{others} take; if it fails you are arrested",
    )


_DESCRIBERS: dict[str, Callable[[World, State, int, Move], MoveText]] = {
    MoveKind.WAIT: _wait,
    MoveKind.ALLY: _ally,
    MoveKind.BREAK: _break,
    MoveKind.RECRUIT: _recruit,
    MoveKind.ATTACK: _attack,
    MoveKind.USE_PRETEXT: _pretext,
    MoveKind.PROPOSE: _motion,
    MoveKind.READMIT: _motion,
    MoveKind.PUBLISH: _publish,
    MoveKind.ADOPT: _adopt,
    MoveKind.RECANT: _recant,
    MoveKind.COUP: _coup,
}
