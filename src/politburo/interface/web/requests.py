"""What a request may ask, checked by pydantic before anything is played.

Every value is bounded: ids match the scenario format's pattern, levers and
overrides are few and short, an override sets a number (``ACTOR.TRAIT=0.3``
or ``PARAMETER=0.3``) and nothing else, seeds are 32-bit. Whether a lever,
actor or parameter exists is then checked by the library, which words the
problem as the command line does.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, TypeVar
from urllib.parse import urlencode

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from politburo.experiments.versions import package_version, params_tag
from politburo.interface.web.pages import Refusal, problems_of
from politburo.scenario.params import Params

__all__ = ["GameRequest", "RunRequest", "WhatIfRequest", "validated"]

MAX_SEED = 2**32 - 1
M = TypeVar("M", bound=BaseModel)
Ident = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
Override = Annotated[
    str,
    Field(
        pattern=r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?=-?[0-9]+(\.[0-9]+)?$",
        max_length=80,
        description="ACTOR.TRAIT=NUMBER or PARAMETER=NUMBER",
    ),
]


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    scenario: str = Field(max_length=200)

    @field_validator("scenario")
    @classmethod
    def _an_id_not_a_path(cls, value: str) -> str:
        if "/" in value or "\\" in value or ".." in value or value.startswith("~"):
            raise ValueError(
                f"{value[:80]!r} looks like a file path; name a scenario by its id "
                "(the server never reads a path from a request)"
            )
        return value


class RunRequest(_Request):
    """One run to replay: the permalink's fields.

    Attributes:
        scenario: The scenario's id.
        seed: The seed, or the root seed of an ensemble when ``run`` is given.
        run: The index of a run in the ensemble from root ``seed`` (a typical run).
        levers: The levers pulled.
        overrides: The overrides set.
        v: The package version the link was made with.
        p: The parameters' short hash the link was made with.
    """

    seed: int = Field(0, ge=0, le=MAX_SEED)
    run: int | None = Field(None, ge=0, le=100_000)
    levers: tuple[Ident, ...] = Field((), max_length=16)
    overrides: tuple[Override, ...] = Field((), max_length=64)
    v: str | None = Field(None, max_length=40)
    p: str | None = Field(None, max_length=40)

    def query(self, params: Params) -> str:
        """The permalink's query string, stamped with this version and ``params``."""
        pairs: list[tuple[str, Any]] = [("scenario", self.scenario), ("seed", self.seed)]
        pairs += [("run", self.run)] if self.run is not None else []
        pairs += [("lever", lever) for lever in self.levers]
        pairs += [("set", override) for override in self.overrides]
        pairs += [("v", package_version()), ("p", params_tag(params))]
        return urlencode(pairs)

    def other_version(self, params: Params) -> str | None:
        """What made the link, if not this version with ``params``; None if it is this one."""
        made = (self.v or package_version(), self.p or params_tag(params))
        if made == (package_version(), params_tag(params)):
            return None
        return f"version {made[0]} with parameters {made[1]}"


class WhatIfRequest(_Request):
    """A what-if: levers and overrides against the baseline, on the same seeds."""

    levers: tuple[Ident, ...] = Field((), max_length=16)
    overrides: tuple[Override, ...] = Field((), max_length=128)
    runs: int = Field(200, ge=2, le=1_000_000)
    seed: int = Field(0, ge=0, le=MAX_SEED)


class GameRequest(_Request):
    """A new game: the scenario, the contender played and the seed."""

    actor: Ident
    seed: int = Field(0, ge=0, le=MAX_SEED)


def validated(model: type[M], data: Mapping[str, Any]) -> M:
    """``data`` as a ``model``, or a refusal (422) naming each bad field."""
    try:
        return model.model_validate(dict(data))
    except ValidationError as error:
        raise Refusal(422, "The request is not valid.", problems_of(error)) from None
