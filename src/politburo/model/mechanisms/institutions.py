"""Institutions' blocs: men whose loyalty is to an office, not to a man.

A named actor may follow an office (``Actor.follows_office``): the army's
elders follow whoever holds the defence ministry, a republic's delegation
whoever leads the republic. He is in the camp of the office's holder (the
holder himself if he is a contender, else the contender the holder
follows), with the strength of tie the scenario gives him; with the office
vacant, or held by a man who follows no one, or by himself, he follows no
one. An office of several seats is followed through its first seat that has
a holder. The bloc is brought in line with its office as the month opens
(after the calendar's deaths and chance's shocks) and as it closes (after
the elections and the drifts), so that a change of holder in the actors'
moves counts from the month's end; in between, the bloc's men are not
anyone's personal followers: they share no sanction of a camp (``camps``).
"""

from __future__ import annotations

import numpy as np

from politburo.model.events import Event
from politburo.model.state import State, align_institution_men
from politburo.model.world import World


def follow_offices(world: World, state: State, rng: np.random.Generator) -> list[Event]:
    """Every institution's man joins the camp of his office's holder, or no camp.

    Draws nothing and logs nothing: a bloc's allegiance shows in the camps
    it is counted in.
    """
    align_institution_men(world, state)
    return []
