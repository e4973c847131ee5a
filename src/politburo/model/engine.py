"""The month-by-month engine: one run of a scenario, from a seed.

Each month: the calendar's events (a death, a congress, a shock); the bodies
that meet by statute; the appointing office's placements; chance's
pretexts; each actor's move, in an order drawn at random; the elections that
fill vacancies; then the slow drifts (reputation, loyalty, doctrine) and the
winner rule. One ``numpy.random.Generator`` drives everything, so a seed
and the inputs fix the run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from politburo.model.chronicle import event
from politburo.model.events import Event, Kind, Mechanism
from politburo.model.mechanisms import (
    alliances,
    circular_flow,
    doctrines,
    motions,
    patronage,
    pretexts,
)
from politburo.model.mechanisms.bandwagon import realign
from politburo.model.mechanisms.coup import stage_coup
from politburo.model.mechanisms.recantation import recant
from politburo.model.mechanisms.reputation import attack, monthly_drift
from politburo.model.mechanisms.threat import threats as measure_threats
from politburo.model.policy import (
    Decision,
    LegalMoves,
    MoveKind,
    Policy,
    Situation,
    TraitPolicy,
    with_plenum,
)
from politburo.model.result import RunResult, Series
from politburo.model.state import State, initial_state
from politburo.model.types import BoolArray
from politburo.model.winner import winner as find_winner
from politburo.model.world import World, build_world
from politburo.scenario.params import Params
from politburo.scenario.schema import Role, ScheduledEvent, ScheduledKind

DEFAULT_POLICY = TraitPolicy()


def simulate(
    scenario: object,
    seed: int | np.random.SeedSequence = 0,
    interventions: Sequence[str] = (),
    *,
    params: Params | None = None,
    levers: Sequence[str] = (),
    policies: Mapping[str, Policy] | None = None,
) -> RunResult:
    """Play ``scenario`` from ``seed`` and return its events, series and winner.

    ``scenario`` is a ``Scenario`` or anything ``load_scenario`` accepts (a
    bundled id or a path); ``levers`` are the scenario's named
    counterfactuals to switch on; ``interventions`` are ``--set`` overrides
    such as ``"stalin.patience=0.2"``, applied after the levers; ``policies``
    maps actor ids to a ``Policy`` that plays that actor instead of his traits.
    """
    from politburo.scenario.levers import apply_levers
    from politburo.scenario.loading import load_params, load_scenario
    from politburo.scenario.overrides import apply_overrides
    from politburo.scenario.schema import Scenario

    base = scenario if isinstance(scenario, Scenario) else load_scenario(str(scenario))
    base_params = params if params is not None else load_params()
    levered, levered_params = apply_levers(base, base_params, list(levers))
    changed, changed_params = apply_overrides(levered, levered_params, list(interventions))
    world = build_world(changed, changed_params)
    applied = tuple(f"lever:{name}" for name in levers) + tuple(interventions)
    return run_world(world, seed, applied, policies or {})


def run_world(
    world: World,
    seed: int | np.random.SeedSequence,
    interventions: tuple[str, ...] = (),
    policies: Mapping[str, Policy] | None = None,
) -> RunResult:
    """Play a compiled world from ``seed``."""
    rng = np.random.default_rng(seed)
    chosen = {world.actor_ids.index(k): v for k, v in (policies or {}).items()}
    state = initial_state(world)
    events: list[Event] = []
    series = Series()
    won_by, won_in = -1, -1
    for month in range(world.months):
        state.month = month
        events.extend(_month(world, state, rng, chosen))
        if won_by < 0:
            won_by = find_winner(world, state)
            if won_by >= 0:
                won_in = month
                events.append(
                    event(
                        world,
                        state,
                        Kind.WINNER,
                        Mechanism.STATUTE,
                        actor=won_by,
                        reasons=(
                            "every other contender has left the top body or recanted",
                            "his own followers hold a majority of the "
                            f"{world.body_names[world.top]} and the "
                            f"{world.body_names[world.electing]}",
                        ),
                    )
                )
        series.record(world, state)
    seed_value = seed if isinstance(seed, int) else int(seed.generate_state(1)[0])
    return RunResult.build(world, seed_value, interventions, events, series, won_by, won_in)


def _scheduled(world: World, state: State, item: ScheduledEvent) -> list[Event]:
    if item.kind is ScheduledKind.LEADER_DIES and item.actor is not None:
        dead = world.actor_ids.index(item.actor)
        reasons = ["no successor named: the offices pass to a collective leadership"]
        if item.successor is not None:
            heir = world.actor_ids.index(item.successor)
            state.reputation[heir] = min(1.0, state.reputation[heir] + item.endorsement)
            reasons = [
                f"he names {world.actor_names[heir]} his heir",
                f"{world.actor_names[heir]} gains {item.endorsement:.2f} reputation by it",
            ]
        state.alive[dead] = False
        state.struggle_open = True
        state.office_holder[state.office_holder == dead] = -1
        for body in range(len(state.seats)):
            state.vacate(body, dead)
        return [
            event(
                world,
                state,
                Kind.LEADER_DIED,
                Mechanism.SUCCESSION,
                actor=dead,
                reasons=tuple(reasons),
                source=item.source,
            )
        ]
    if item.kind is ScheduledKind.SHOCK:
        return [pretexts.shock(world, state, item)]
    if item.kind is ScheduledKind.REVELATION and item.office is not None:
        return pretexts.revelation(world, state, item)
    return []


def _congress(
    world: World, state: State, item: ScheduledEvent, rng: np.random.Generator
) -> list[Event]:
    for body_id, size in item.body_sizes.items():
        body = world.body_ids.index(body_id)
        state.seats[body] = circular_flow.resize(state.seats[body], size)
    circular_flow.choose_delegates(world, state, rng)
    out = [
        event(
            world,
            state,
            Kind.CONGRESS,
            Mechanism.STATUTE,
            body=world.congress,
            reasons=(item.name,),
            source=item.source,
        )
    ]
    out.extend(circular_flow.report_vote(world, state, rng))
    out.extend(circular_flow.elect_bodies(world, state))
    out.extend(circular_flow.reelect_top(world, state))
    return out


def _month(
    world: World, state: State, rng: np.random.Generator, chosen: Mapping[int, Policy]
) -> list[Event]:
    out: list[Event] = []
    congress = None
    for item in world.schedule[state.month]:
        if item.kind is ScheduledKind.CONGRESS:
            congress = item
        else:
            out.extend(_scheduled(world, state, item))
    if world.leader < 0:
        state.struggle_open = True
    out.extend(pretexts.random_shocks(world, state, rng))
    meeting = world.sittings[state.month].copy()  # a plenum may yet be convened
    if congress is not None:
        out.extend(_congress(world, state, congress, rng))
    out.extend(patronage.appoint_secretaries(world, state, rng))
    patronage.city_secretaries(world, state)
    pretexts.arise(world, state, rng)
    situation = Situation(
        measure_threats(world, state),
        meeting,
        circular_flow.majority_leader(world, state, world.electing),
    )
    # Those who can still move: the dead and those who have submitted are out.
    movers = world.contenders[(state.alive & ~state.recanted)[world.contenders]]
    for actor in rng.permutation(movers).tolist():
        moves = LegalMoves(world, state, actor, situation)
        policy = chosen.get(actor, DEFAULT_POLICY)
        decision = policy.choose(world, state, actor, moves, situation, rng)
        out.extend(_execute(world, state, actor, decision, meeting, rng))
    if meeting[world.electing]:
        out.extend(circular_flow.fill_top_vacancies(world, state))
        for body in meeting.nonzero()[0].tolist():
            out.extend(circular_flow.fill_offices(world, state, body))
        patronage.city_secretaries(world, state)
    monthly_drift(world, state)
    realign(world, state, situation.majority, rng)
    doctrines.pull_toward_line(world, state)
    return out


def _execute(
    world: World,
    state: State,
    actor: int,
    decision: Decision,
    meeting: BoolArray,
    rng: np.random.Generator,
) -> list[Event]:
    """Carry out ``actor``'s decision and log it with its reasons."""
    move = decision.move
    reasons = decision.reasons
    kind = move.kind
    if kind is MoveKind.WAIT:
        return []
    if kind is MoveKind.RECANT:
        return [recant(world, state, actor, reasons)]
    if kind is MoveKind.COUP:
        return stage_coup(world, state, actor, rng)
    if kind is MoveKind.ALLY:
        return [alliances.form(world, state, actor, move.target, move.partner_of)]
    if kind is MoveKind.BREAK:
        return [alliances.dissolve(world, state, actor, move.target, reasons[0] if reasons else "")]
    if kind is MoveKind.RECRUIT:
        return [patronage.recruitment_wave(world, state, actor, move.office)]
    if kind is MoveKind.PUBLISH:
        return [doctrines.publish(world, state, actor, move.doctrine)]
    if kind is MoveKind.ADOPT:
        return [
            *_convene(world, state, actor, move.body, meeting),
            doctrines.propose_adoption(world, state, actor, move.doctrine, move.body, rng),
        ]
    if kind is MoveKind.USE_PRETEXT:
        return [pretexts.use_pretext(world, state, actor, move.target)]
    if kind is MoveKind.ATTACK:
        damage = attack(world, state, actor, move.target)
        return [
            event(
                world,
                state,
                Kind.ATTACK,
                Mechanism.REPUTATION,
                actor=actor,
                target=move.target,
                amount=damage,
                reasons=(
                    *reasons,
                    f"{world.actor_names[move.target]} loses {damage:.2f} reputation",
                ),
            )
        ]
    if kind in (MoveKind.PROPOSE, MoveKind.READMIT) and move.motion is not None:
        convened = _convene(world, state, actor, move.body, meeting)
        result = motions.propose(
            world, state, actor, move.target, move.motion, move.office, move.body, rng, reasons
        )
        return [*convened, result]
    return []


def _convene(world: World, state: State, actor: int, body: int, meeting: BoolArray) -> list[Event]:
    """Call the electing body together when it would not meet this month by statute."""
    if meeting[body] or world.body_roles[body] is Role.CONGRESS:
        return []
    meeting[:] = with_plenum(world, meeting)
    return [
        event(
            world,
            state,
            Kind.PLENUM_CONVENED,
            Mechanism.STATUTE,
            actor=actor,
            body=body,
            reasons=("his office has the power to convene it",),
        )
    ]
