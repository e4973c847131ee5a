"""The one error raised for bad input: scenarios, parameter files, overrides, records.

Bad input must give a short, clear message that names the file, the line
where it is known, the field and the problem, never a traceback. Every
loader collects all the problems it finds into one :class:`InputError`, so
that a user fixes a file in one pass rather than one complaint at a time;
the command line prints it and exits with code 2.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one piece of input.

    Attributes:
        file: The file it was read from, or a pseudo-file such as ``--set``.
        line: The 1-based line in that file, or None where it is not known.
        field: The dotted path of the field, e.g. ``actors[3].traits.patience``
            or ``offices[1].holder``, a record's column name, or an override's
            left-hand side; empty when the problem concerns no one field.
        message: What is wrong, in a short phrase.
    """

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class InputError(Exception):
    """Bad input, with every problem found in it.

    Attributes:
        problems: The problems, in the order they were found.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        super().__init__(self.problems)

    @classmethod
    def one(
        cls, file: str, message: str, *, line: int | None = None, field: str = ""
    ) -> InputError:
        """An error holding a single problem.

        Args:
            file: The file (or pseudo-file) the problem is in.
            message: What is wrong.
            line: The 1-based line, if known.
            field: The dotted field path, if any.

        Returns:
            The error, ready to raise.
        """
        return cls([Problem(file=file, line=line, field=field, message=message)])

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)


_SHOWN = 60
"""Longest quotation of a value in a message, in characters."""


def shown(value: object) -> str:
    """A value as an error quotes it: its repr, cut short when long, a long number rounded."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**15:
        return f"{float(value):.3g}" if abs(value) < 10**308 else "a number too large to show"
    text = repr(value)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."


#: difflib's ratio at which a name is offered as what the user meant: loose,
#: for names the user chose (an actor's id, a field).
CLOSE = 0.6

#: The ratio for a closed vocabulary whose words share long stems
#: (``politburo_removed``, ``politburo_demoted``): only a slip of a letter or
#: two reaches it (``ofice_removed`` 0.96, ``arrest`` 0.86), while a different
#: word that merely looks alike stays below (``removed`` and ``cc_removed``
#: 0.82, ``politburo_elected`` and ``politburo_demoted`` 0.82).
TYPO = 0.85


def closest(word: str, candidates: Iterable[str], cutoff: float = CLOSE) -> str | None:
    """The valid name closest to a misspelt one, if any is close.

    Args:
        word: The name as the user wrote it.
        candidates: The valid names.
        cutoff: The least difflib ratio that counts as close.

    Returns:
        The closest candidate, or None.
    """
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=cutoff)
    return close[0] if close else None


def did_you_mean(word: str, candidates: Iterable[str], cutoff: float = CLOSE) -> str:
    """A hint naming the valid name closest to a misspelt one.

    Args:
        word: The name as the user wrote it.
        candidates: The valid names.
        cutoff: The least difflib ratio that counts as close.

    Returns:
        `` (did you mean 'x'?)`` for the closest candidate, or an empty
        string when none is close.
    """
    match = closest(word, candidates, cutoff)
    return "" if match is None else f" (did you mean {match!r}?)"
