"""Larger versions of a scenario, one dimension at a time, for benchmarks of how a run's cost grows.

Two builders, each returning a :class:`~politburo.scenario.schema.Scenario`
that passes :func:`~politburo.scenario.schema.cross_check` whenever the base
does:

* :func:`scaled_scenario` enlarges everything at once by an integer factor
  (bodies, provinces and their members).
* :func:`grown_scenario` enlarges one dimension at a time (the number of
  provinces, the members of each, the named men who contend for nothing,
  the number of contenders), so that a benchmark can fit how the engine's
  cost grows with each: the targets are linear in the first three, and the
  exact voting power of the contenders' blocs is exponential in the last.

Copies are told apart by ids ending ``_x2``, ``_x3``... (the first copy keeps
the original's id, so what names it still does); nothing here is tied to one
country.
"""

from __future__ import annotations

import re
from typing import Any

from politburo.scenario.limits import MAX_GROUP_PROVINCES
from politburo.scenario.schema import Role, Scenario

__all__ = ["grown_scenario", "scaled_scenario"]

_VERSIONED = re.compile(r"^(?P<stem>.+)-v(?P<version>\d+)$")
_IDENT_MAX = 40


def _suffixed(ident: str, suffix: str) -> str:
    """``ident`` with ``suffix`` appended, shortened to fit an identifier's length."""
    return ident[: _IDENT_MAX - len(suffix)] + suffix


def _copy_provinces(data: dict[str, Any], copies: int, members: int) -> None:
    """Copy each province and group ``copies`` times, each with ``members`` times its members.

    A group that would stand for more provinces than the format allows
    (:data:`~politburo.scenario.limits.MAX_GROUP_PROVINCES`) is split into
    several groups whose extra prefixes end ``x2``, ``x3``...
    """
    provinces: list[dict[str, Any]] = []
    for province in data["provinces"]:
        for copy in range(copies):
            clone = dict(province, members=province["members"] * members)
            if copy:
                clone["id"] = _suffixed(province["id"], f"_x{copy + 1}")
                clone["name"] = f"{province['name']} ({copy + 1})"
            provinces.append(clone)
    data["provinces"] = provinces
    groups: list[dict[str, Any]] = []
    for group in data["province_groups"]:
        remaining = group["count"] * copies
        part = 0
        while remaining > 0:
            count = min(remaining, MAX_GROUP_PROVINCES)
            prefix = group["prefix"] if part == 0 else _suffixed(group["prefix"], f"x{part + 1}")
            groups.append(
                dict(group, prefix=prefix, count=count, members=group["members"] * members)
            )
            remaining -= count
            part += 1
    data["province_groups"] = groups


def _renamed(base: Scenario, data: dict[str, Any], tag: str, title: str) -> Scenario:
    """``data`` as a scenario: ``tag`` before the version of its id, ``title`` in its title."""
    match = _VERSIONED.match(base.id)
    stem, version = (match["stem"], match["version"]) if match else (base.id, "1")
    data["id"] = f"{stem}-{tag}-v{version}"
    data["title"] = f"{base.title} ({title})"
    return Scenario.model_validate(data)


def scaled_scenario(base: Scenario, factor: int) -> Scenario:
    """Enlarge a scenario by an integer factor, for benchmarks.

    Every body's size and every congress's ``body_sizes`` are multiplied by
    ``factor``; so are the number of provinces and the members of each, so
    total membership grows by ``factor ** 2``. Each listed province is
    copied ``factor`` times, and each province group's count is multiplied
    (see :func:`grown_scenario`). Named members, traits, offices, doctrines
    and the calendar are unchanged. The result must keep the format's other
    limits (a body's seats, the number of provinces), or it is refused like
    any scenario.

    Args:
        base: The scenario to enlarge.
        factor: The multiplier; 1 returns ``base`` itself.

    Returns:
        The enlarged scenario, with ``-x<factor>`` inserted before the version
        in its id and ``(scaled x<factor>)`` appended to its title.

    Raises:
        ValueError: ``factor`` is below 1, or the enlarged scenario exceeds a
            limit of the format (pydantic's ``ValidationError``).
    """
    if factor < 1:
        raise ValueError(f"factor must be at least 1, not {factor}")
    if factor == 1:
        return base
    data: dict[str, Any] = base.model_dump()
    for body in data["bodies"]:
        body["size"] *= factor
    for event in data["events"]:
        event["body_sizes"] = {key: size * factor for key, size in event["body_sizes"].items()}
    _copy_provinces(data, factor, factor)
    return _renamed(base, data, f"x{factor}", f"scaled x{factor}")


def grown_scenario(
    base: Scenario,
    *,
    provinces: int = 1,
    members: int = 1,
    others: int = 1,
    contenders: int | None = None,
) -> Scenario:
    """Enlarge a scenario along the dimensions asked for, leaving everything else as it is.

    Args:
        base: The scenario to enlarge.
        provinces: Copy every province (and multiply every province group's
            count) this many times; each copy has the original's members, so
            the party's membership grows by the same factor.
        members: Multiply the members of every province and province group
            (the number of provinces is unchanged).
        others: Copy every named actor who is neither a contender nor the
            leader this many times. A copy has the original's traits,
            careers, patron and loyalty (so he joins the same camp), holds
            no office, and sits in the same bodies as the original except
            the top one, each of which gains a seat for him, so that the
            anonymous seats stay as many.
        contenders: Make this many actors contenders (at least as many as
            the base has), by promoting named men who are neither contenders
            nor the leader: first the top body's members and candidates,
            then the other bodies' members, then the rest, each in the
            scenario's order. A promoted man leaves his patron's camp.

    Returns:
        The enlarged scenario, with a tag inserted before the version in its
        id (``p4`` for four times the provinces, ``m4``, ``o4``, ``c14``)
        and the same in words appended to its title; ``base`` itself when
        nothing is enlarged.

    Raises:
        ValueError: A factor is below 1, ``contenders`` is fewer than the
            base's or more than it has men to promote, or the result
            exceeds a limit of the format (pydantic's ``ValidationError``).
    """
    for name, factor in (("provinces", provinces), ("members", members), ("others", others)):
        if factor < 1:
            raise ValueError(f"{name} must be a factor of at least 1, not {factor}")
    data: dict[str, Any] = base.model_dump()
    tags: list[tuple[str, str]] = []
    if provinces > 1 or members > 1:
        _copy_provinces(data, provinces, members)
    if provinces > 1:
        tags.append((f"p{provinces}", f"provinces x{provinces}"))
    if members > 1:
        tags.append((f"m{members}", f"members x{members}"))
    if others > 1:
        _copy_others(data, others)
        tags.append((f"o{others}", f"non-contenders x{others}"))
    held = sum(1 for actor in base.actors if actor.contender)
    if contenders is not None and contenders != held:
        _promote(data, contenders, held)
        tags.append((f"c{contenders}", f"{contenders} contenders"))
    if not tags:
        return base
    return _renamed(
        base, data, "-".join(tag for tag, _ in tags), ", ".join(words for _, words in tags)
    )


def _copy_others(data: dict[str, Any], copies: int) -> None:
    """Copy each named man who is neither contender nor leader ``copies`` times (see above)."""
    top = {body["id"] for body in data["bodies"] if body["role"] == Role.TOP}
    added: list[dict[str, Any]] = []
    for actor in data["actors"]:
        if actor["contender"] or actor["leader"]:
            continue
        for copy in range(2, copies + 1):
            clone = dict(actor, id=_suffixed(actor["id"], f"_x{copy}"), aliases=())
            clone["name"] = f"{actor['name']} ({copy})"
            added.append(clone)
            for body in data["bodies"]:
                if body["id"] in top:
                    continue
                if actor["id"] in body["members"]:
                    body["members"] = (*body["members"], clone["id"])
                    body["size"] += 1
                if actor["id"] in body["candidates"]:
                    body["candidates"] = (*body["candidates"], clone["id"])
    data["actors"] = [*data["actors"], *added]


def _promote(data: dict[str, Any], contenders: int, held: int) -> None:
    """Make ``contenders - held`` more actors contenders, in :func:`grown_scenario`'s order."""
    if contenders < held:
        raise ValueError(
            f"contenders must be at least the {held} the scenario has, not {contenders}"
        )
    bodies = data["bodies"]
    top = [b for b in bodies if b["role"] == Role.TOP]
    ranks = [
        {a for b in top for a in (*b["members"], *b["candidates"])},
        {a for b in bodies for a in b["members"]},
    ]
    eligible = [a for a in data["actors"] if not a["contender"] and not a["leader"]]
    order = sorted(
        range(len(eligible)),
        key=lambda i: (next((r for r, ids in enumerate(ranks) if eligible[i]["id"] in ids), 2), i),
    )
    wanted = contenders - held
    if wanted > len(order):
        raise ValueError(
            f"contenders: the scenario has {held} and {len(order)} men to promote, "
            f"not enough for {contenders}"
        )
    for i in order[:wanted]:
        eligible[i]["contender"] = True
        eligible[i]["patron"] = None
