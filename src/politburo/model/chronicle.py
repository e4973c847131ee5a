"""Turning the engine's indices into logged events with names, dates and sources."""

from __future__ import annotations

from politburo.model.events import Event, Kind, Mechanism
from politburo.model.state import State
from politburo.model.voting import Tally
from politburo.model.world import World


def event(
    world: World,
    state: State,
    kind: Kind,
    mechanism: Mechanism,
    *,
    actor: int = -1,
    target: int = -1,
    others: tuple[int, ...] = (),
    body: int = -1,
    office: int = -1,
    doctrine: int = -1,
    tally: Tally | None = None,
    amount: float | None = None,
    reasons: tuple[str, ...] = (),
    source: str | None = None,
) -> Event:
    """An event of the current month, its indices resolved to the scenario's ids.

    ``source`` is for what the scenario itself brings (a scheduled death, a
    congress, a shock): an event the engine decided has no source, since
    citing the source of an office or a doctrine beside it would pass an
    invented event for a recorded one.
    """
    ids = world.actor_ids
    return Event(
        step=state.month,
        month=world.month_labels[state.month],
        kind=kind,
        mechanism=mechanism,
        actor=ids[actor] if actor >= 0 else None,
        target=ids[target] if target >= 0 else None,
        others=tuple(ids[o] for o in others),
        body=world.body_ids[body] if body >= 0 else None,
        office=world.office_ids[office] if office >= 0 else None,
        doctrine=world.doctrine_ids[doctrine] if doctrine >= 0 else None,
        votes_for=tally.votes_for if tally else None,
        votes_against=tally.votes_against if tally else None,
        votes_abstain=tally.votes_abstain if tally else None,
        amount=amount,
        reasons=reasons,
        source=world.source_text(source),
    )
