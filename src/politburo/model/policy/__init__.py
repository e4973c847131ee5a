"""How an actor chooses his move each month, and what each move does.

The interface is a game's: ``LegalMoves`` lists what the rules allow, and a
``Policy`` chooses among them with the run's generator, giving its reasons.
``TraitPolicy`` plays every actor from his traits; a person or a search can
stand in for any actor by passing another ``Policy`` to ``simulate``.

- ``legal``: what a player sees and answers (``Situation``, ``LegalMoves``,
  ``Move``, ``Decision``, the ``Policy`` interface, ``MoveRule``);
- ``moves``: every kind of move, its legality rule and executor registered
  together in ``MOVES``;
- ``traits``: ``TraitPolicy``, an ordered list of motives.
"""

from politburo.model.policy.legal import (
    Decision,
    Executor,
    LegalMoves,
    LegalRule,
    Move,
    MoveRule,
    Policy,
    Situation,
)
from politburo.model.policy.moves import MOVES, WAIT, MoveKind
from politburo.model.policy.traits import MOTIVES, Motive, TraitPolicy

__all__ = [
    "MOTIVES",
    "MOVES",
    "WAIT",
    "Decision",
    "Executor",
    "LegalMoves",
    "LegalRule",
    "Motive",
    "Move",
    "MoveKind",
    "MoveRule",
    "Policy",
    "Situation",
    "TraitPolicy",
]
