"""The trait policy: every actor played from his traits, by an ordered list of motives.

A motive looks at an actor's legal moves and temper and either decides or
passes; he acts on the first motive that decides, and waits if none does.
Each motive draws its own chances from the run's generator, so the order of
``MOTIVES`` is part of the model: moving a motive changes every later draw.
docs/model.md (7.13) states each motive.

Patience is a threshold on the state of the struggle, never a date: an
actor attacks openly only when his own followers would carry the electing
body against his target with at least that probability.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from politburo.model.mechanisms.alliances import ally_to_drop, partner_for
from politburo.model.mechanisms.coup import tempted
from politburo.model.mechanisms.doctrines import adoption_contest
from politburo.model.mechanisms.motions import motion_contest
from politburo.model.policy.legal import Decision, LegalMoves, Move, Situation
from politburo.model.policy.moves import WAIT, MoveKind
from politburo.model.state import State
from politburo.model.voting import carry_odds, contest
from politburo.model.world import Temper, World

#: A reason to act: a decision, or None to leave the choice to the next motive.
Motive = Callable[[LegalMoves, Temper, np.random.Generator], Decision | None]


def odds(m: LegalMoves, rival: int, own_only: bool = False) -> float:
    """Chance his side (or, with ``own_only``, his own followers) carries the electing body.

    Judged once a month: an actor reads the balance as it stands when he
    first weighs it, and does not recount after every move of the others.
    """
    if rival < 0:
        return 1.0
    key = (m.actor, rival, own_only)
    cache = m.situation.odds
    if key not in cache:
        c = contest(m.world, m.state, m.actor, rival, own_only=own_only)
        cache[key] = carry_odds(m.world, m.state, m.world.electing, c)
    return cache[key]


def _down_to(world: World, chance: float) -> str:
    return f"his chance of carrying the {world.body_names[world.electing]} is down to {chance:.0%}"


def recant(m: LegalMoves, temper: Temper, rng: np.random.Generator) -> Decision | None:
    """Under a fresh blow, submit as readily as he yields, the more surely the worse his odds.

    Open only to a man who has himself been sanctioned or condemned, in the
    month a blow falls on him or an ally and the next; one who never yields
    (``yielding`` 0) never recants, whatever the odds.
    """
    world, state, actor = m.world, m.state, m.actor
    if not (rng.random() < temper.yielding and MoveKind.RECANT in m):
        return None
    rival = state.majority
    if rival == actor:
        return None
    chance = 0.0 if rival < 0 or not state.in_party[actor] else odds(m, rival)
    if rng.random() >= 1.0 - chance:
        return None
    beaten = "he has been sanctioned" if state.sanctioned[actor] else "his camp stands condemned"
    return Decision(
        m.of(MoveKind.RECANT)[0],
        (beaten, _down_to(world, chance), f"readiness to recant {temper.yielding:.2f}"),
    )


def coup(m: LegalMoves, temper: Temper, rng: np.random.Generator) -> Decision | None:
    """Turn his force on the party when his position is hopeless enough to overcome restraint."""
    world, state, actor = m.world, m.state, m.actor
    could_be_tempted = 1.0 - temper.restraint > world.params.coup_threshold
    if not (state.struggle_open and could_be_tempted and MoveKind.COUP in m):
        return None
    rival = m.situation.threats.greatest(actor, m.allies)
    if rival < 0:
        return None
    chance = odds(m, rival)
    if not tempted(world, actor, 1.0 - chance):
        return None
    return Decision(
        m.of(MoveKind.COUP)[0],
        (
            _down_to(world, chance),
            f"restraint from force {temper.restraint:.2f} gives way",
        ),
    )


def readmit(m: LegalMoves, temper: Temper, rng: np.random.Generator) -> Decision | None:
    """The majority's leader takes back a rival who has recanted."""
    if not (rng.random() < m.world.params.attack_rate and MoveKind.READMIT in m):
        return None
    move = m.of(MoveKind.READMIT)[0]
    name = m.world.actor_names[move.target]
    return Decision(move, (f"{name} has recanted and is no longer a threat",))


def alliances(m: LegalMoves, temper: Temper, rng: np.random.Generator) -> Decision | None:
    """Drop an ally who has served or grown too strong; else seek a partner against a threat."""
    world, state, actor = m.world, m.state, m.actor
    if not rng.random() < world.params.alliance_rate * temper.flexibility:
        return None
    threats = m.situation.threats
    if MoveKind.BREAK in m:
        ally, why = ally_to_drop(world, state, actor, threats)
        if ally >= 0:
            return Decision(Move(MoveKind.BREAK, target=ally), (why,))
    partner, enemy = partner_for(world, state, actor, threats)
    offered = partner >= 0 and any(move.target == partner for move in m.of(MoveKind.ALLY))
    if not (offered and rng.random() < world.tempers[partner].flexibility):
        return None
    return Decision(
        Move(MoveKind.ALLY, target=partner, partner_of=enemy),
        (
            f"{world.actor_names[enemy]} threatens both ({threats.of(enemy):.2f} against "
            f"{threats.own(actor):.2f} and {threats.of(partner):.2f})",
        ),
    )


def recruit(m: LegalMoves, temper: Temper, rng: np.random.Generator) -> Decision | None:
    """Once the struggle is open, use a recruiting office as readily as he would abuse it."""
    recruits = m.state.struggle_open and rng.random() < temper.readiness
    if not (recruits and MoveKind.RECRUIT in m):
        return None
    return Decision(
        m.of(MoveKind.RECRUIT)[0],
        (f"readiness to use office for faction {temper.readiness:.2f}",),
    )


def offensive(m: LegalMoves, temper: Temper, rng: np.random.Generator) -> Decision | None:
    """Once the struggle is open, as often as he is combative: strike, hound, or push his line."""
    if not m.state.struggle_open:
        return None
    if not rng.random() < m.world.params.attack_rate * temper.combativeness:
        return None
    return strike(m, temper, rng) or hound(m, temper) or push_line(m, temper)


def strike(m: LegalMoves, temper: Temper, rng: np.random.Generator) -> Decision | None:
    """An open move against the greatest threat, if the odds meet his patience.

    A patient man lets his allies fight his battles: while an ally carries
    more of the fight against the target than he does (more enmity), he
    stays back with probability equal to his patience.
    """
    world, state, actor = m.world, m.state, m.actor
    threats = m.situation.threats
    target = threats.greatest(actor, m.allies)
    if target < 0:
        return None
    patience = temper.patience
    own_part = state.enmity[actor, target]
    if any(state.enmity[a, target] > own_part for a in m.allies) and rng.random() < patience:
        return None
    chance = odds(m, target, own_only=True)
    if chance < patience:
        return None
    why = (
        f"{world.actor_names[target]} is the greatest threat ({threats.of(target):.2f})",
        f"his own followers would carry the {world.body_names[world.electing]} "
        f"against him ({chance:.0%}; patience {patience:.2f})",
    )
    for move in m.against(MoveKind.USE_PRETEXT, target):
        return Decision(move, why)
    for move in m.against(MoveKind.PROPOSE, target):
        if move.motion is None:
            continue
        c = motion_contest(world, state, actor, target, move.motion, move.office)
        motion_odds = carry_odds(world, state, move.body, c)
        if motion_odds >= patience:
            return Decision(move, (*why, f"the motion should carry ({motion_odds:.0%})"))
    for move in m.against(MoveKind.ATTACK, target):
        return Decision(move, why)
    return None


def hound(m: LegalMoves, temper: Temper) -> Decision | None:
    """Carry the sanctions on against a rival already expelled who has not recanted."""
    world, state, actor = m.world, m.state, m.actor
    outcasts = ~state.in_party & state.alive & ~state.recanted & (state.exile < 2)
    if not outcasts[world.contenders].any():
        return None
    patience = temper.patience
    for move in m.of(MoveKind.PROPOSE):
        if move.motion is None or state.in_party[move.target]:
            continue
        c = motion_contest(world, state, actor, move.target, move.motion, move.office)
        chance = carry_odds(world, state, move.body, c)
        if chance >= patience:
            return Decision(
                move,
                (
                    f"{world.actor_names[move.target]}, expelled, has not recanted",
                    f"the motion should carry ({chance:.0%}; patience {patience:.2f})",
                ),
            )
    return None


def push_line(m: LegalMoves, temper: Temper) -> Decision | None:
    """Propose his doctrine as the party's line, if he expects to carry it."""
    if MoveKind.ADOPT not in m:
        return None
    move = m.of(MoveKind.ADOPT)[0]
    contest_ = adoption_contest(m.world, m.state, m.actor, move.doctrine)
    chance = carry_odds(m.world, m.state, move.body, contest_)
    if chance < temper.patience:
        return None
    return Decision(move, (f"he expects to carry it ({chance:.0%})",))


def publish(m: LegalMoves, temper: Temper, rng: np.random.Generator) -> Decision | None:
    """Once the struggle is open, set out his programme, the sooner the less patient he is."""
    if not m.state.struggle_open:
        return None
    impatient = rng.random() < m.world.params.attack_rate * (1.0 - temper.patience)
    if not (impatient and MoveKind.PUBLISH in m):
        return None
    return Decision(m.of(MoveKind.PUBLISH)[0], ("he is impatient to set out his programme",))


#: The motives of the trait policy, the first to decide winning.
MOTIVES: tuple[Motive, ...] = (
    recant,
    coup,
    readmit,
    alliances,
    recruit,
    offensive,
    publish,
)


class TraitPolicy:
    """Plays an actor from his traits: the default for every actor."""

    def __init__(self, motives: Sequence[Motive] = MOTIVES) -> None:
        self.motives = tuple(motives)

    def choose(
        self,
        world: World,
        state: State,
        actor: int,
        moves: LegalMoves,
        situation: Situation,
        rng: np.random.Generator,
    ) -> Decision:
        """Act on the first motive that decides; wait if none does."""
        temper = world.tempers[actor]
        for motive in self.motives:
            decision = motive(moves, temper, rng)
            if decision is not None:
                return decision
        return WAIT
