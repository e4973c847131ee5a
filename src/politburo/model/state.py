"""The mutable state of one run: who holds what, who follows whom, as arrays.

Many-of-a-kind things are NumPy arrays: the seats of each body, the
provincial secretaries, and the party's members as aggregated cohorts (a
count per province and patron), never one Python object per member.
A patron of ``-1`` means "follows no contender".
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import numpy as np

from politburo.model.compiled import compiled
from politburo.model.types import BoolArray, FloatArray, IntArray
from politburo.model.world import World

UNALIGNED = -1


@dataclass(slots=True)
class Seats:
    """The seats of one body: who sits there (named or anonymous) and whom they follow."""

    actor: IntArray
    patron: IntArray
    loyalty: FloatArray
    position: FloatArray

    @property
    def size(self) -> int:
        """Number of seats."""
        return int(self.actor.shape[0])

    def copy(self) -> Seats:
        """An independent copy."""
        return Seats(
            self.actor.copy(), self.patron.copy(), self.loyalty.copy(), self.position.copy()
        )


@dataclass(slots=True)
class State:
    """Everything that changes during a run, at the end of a month.

    A few fields hold what one month's phases tell the later ones: the
    bodies sitting this month (``sitting``: by statute, plus a plenum an
    office convenes), the pretexts that have arisen, and the leader of the
    electing body's majority as the month's moves began (``majority``, whom
    the uncommitted join at the month's end).
    """

    month: int
    alive: BoolArray
    in_party: BoolArray
    exile: IntArray
    recanted: BoolArray
    sanctioned: BoolArray
    recant_month: IntArray
    reputation: FloatArray
    patron: IntArray
    loyalty: FloatArray
    position: FloatArray
    evidence: FloatArray
    factional: FloatArray
    openness: FloatArray
    enmity: FloatArray
    allied: BoolArray
    office_holder: IntArray
    seats: list[Seats]
    secretary: IntArray
    members: FloatArray
    member_position: FloatArray
    published: BoolArray
    line: int
    last_recruitment: IntArray
    candidate: BoolArray
    barred_until: IntArray
    condemned: BoolArray
    last_blow: IntArray
    sitting: BoolArray
    contender_list: list[int] = field(default_factory=list)
    pretexts: list[tuple[int, int]] = field(default_factory=list)
    pretext_boost: float = 0.0
    struggle_open: bool = False
    majority: int = -1

    def copy(self) -> State:
        """An independent copy: a run may change it without touching the original."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        for name, value in values.items():
            if isinstance(value, np.ndarray):
                values[name] = value.copy()
            elif isinstance(value, list):
                values[name] = [v.copy() if isinstance(v, Seats) else v for v in value]
        return State(**values)

    def members_centre(self) -> FloatArray:
        """The party members' mean position on the policy axes, weighted by membership."""
        weights = self.members.sum(axis=1)
        return np.asarray(
            (self.member_position * weights[:, None]).sum(axis=0) / weights.sum(), dtype=np.float64
        )

    def active(self, world: World) -> IntArray:
        """Contenders still in the fight: alive, in the party, not recanted."""
        return active_contenders(world.contenders, self.alive, self.in_party, self.recanted)

    def side_share(self, body: int, leader: int) -> float:
        """Share of ``body``'s seats whose patron is ``leader`` or one of his allies."""
        size = self.seats[body].size
        if leader < 0 or size == 0:
            return 0.0
        counts = self.follower_counts(body)
        return sum(int(counts[m]) for m in self.side_of(leader)) / size

    def side_of(self, leader: int) -> list[int]:
        """``leader`` and the contenders allied with him."""
        row = self.allied[leader].tolist()
        return [c for c in self.contender_list if row[c] and c != leader] + [leader]

    def in_body(self, body: int, actor: int) -> bool:
        """Whether ``actor`` holds a seat in ``body``."""
        return actor in self.seats[body].actor.tolist()

    def vacate(
        self, body: int, actor: int, successor: int = UNALIGNED, loyalty: float = 0.0
    ) -> None:
        """Empty ``actor``'s seat in ``body``.

        The seat passes to an anonymous member following ``successor`` (a man
        co-opted from that camp) or, by default, to no one until an election.
        """
        seats = self.seats[body]
        where = seats.actor == actor
        seats.actor[where] = -1
        seats.patron[where] = successor
        seats.loyalty[where] = loyalty if successor != UNALIGNED else 0.0

    def seat_patrons(self, body: int) -> IntArray:
        """Each seat's patron, named seats following their holder's current patron."""
        seats = self.seats[body]
        # An anonymous seat's actor -1 reads some actor's patron, which ``where`` discards.
        return np.where(seats.actor >= 0, self.patron[seats.actor], seats.patron)

    def follower_counts(self, body: int) -> IntArray:
        """How many of ``body``'s seats follow each actor (named seats: their holder's patron)."""
        seats = self.seats[body]
        return count_followers(seats.actor, seats.patron, self.patron)

    def offices_held(self, actor: int) -> list[int]:
        """Indices of the offices ``actor`` holds."""
        return [i for i, holder in enumerate(self.office_holder.tolist()) if holder == actor]


@compiled
def active_contenders(
    contenders: IntArray, alive: BoolArray, in_party: BoolArray, recanted: BoolArray
) -> IntArray:
    """The contenders alive, in the party and not recanted."""
    keep = np.zeros(contenders.shape[0], dtype=np.bool_)
    for i in range(contenders.shape[0]):
        c = contenders[i]
        keep[i] = alive[c] and in_party[c] and not recanted[c]
    return contenders[keep]


@compiled
def count_followers(seat_actor: IntArray, seat_patron: IntArray, patron: IntArray) -> IntArray:
    """How many seats follow each actor: a named seat its holder's patron, an anonymous its own."""
    counts = np.zeros(patron.shape[0], dtype=np.int64)
    for i in range(seat_actor.shape[0]):
        holder = seat_actor[i]
        follows = patron[holder] if holder >= 0 else seat_patron[i]
        if follows >= 0:
            counts[follows] += 1
    return counts


#: The start of the worlds run lately, kept to copy: building it reads the whole scenario.
_STARTS: dict[int, tuple[World, State]] = {}


def initial_state(world: World) -> State:
    """The state at the start of the calendar, from the scenario's initial conditions."""
    start = _STARTS.get(id(world))
    if start is None or start[0] is not world:
        if len(_STARTS) >= 16:
            _STARTS.clear()
        start = _STARTS[id(world)] = (world, _build_initial_state(world))
    return start[1].copy()


def _build_initial_state(world: World) -> State:
    scenario = world.scenario
    n = world.n_actors
    index = {a: i for i, a in enumerate(world.actor_ids)}
    patron = np.full(n, UNALIGNED, dtype=np.int64)
    loyalty = np.zeros(n)
    for i, actor in enumerate(scenario.actors):
        if actor.contender:
            patron[i] = i
            loyalty[i] = 1.0
        elif actor.patron is not None:
            patron[i] = index[actor.patron]
            loyalty[i] = actor.loyalty
    dims = world.n_axes
    seats = []
    for body in scenario.bodies:
        size = body.size
        actor_arr = np.full(size, -1, dtype=np.int64)
        actor_arr[: len(body.members)] = [index[m] for m in body.members]
        seats.append(
            Seats(
                actor=actor_arr,
                patron=np.full(size, UNALIGNED, dtype=np.int64),
                loyalty=np.zeros(size),
                position=np.zeros((size, dims)),
            )
        )
    office_holder = np.full(world.n_offices, -1, dtype=np.int64)
    for office, its_seats in zip(scenario.offices, world.office_seats, strict=True):
        for seat, holder in zip(its_seats, office.holders_at_start, strict=False):
            office_holder[seat] = index[holder]
    secretary, members, member_position = _provinces(world, index)
    state = State(
        month=0,
        alive=np.ones(n, dtype=np.bool_),
        in_party=np.ones(n, dtype=np.bool_),
        exile=np.zeros(n, dtype=np.int64),
        recanted=np.zeros(n, dtype=np.bool_),
        sanctioned=np.zeros(n, dtype=np.bool_),
        recant_month=np.full(n, -1, dtype=np.int64),
        reputation=world.reputation0.copy(),
        patron=patron,
        loyalty=loyalty,
        position=world.doctrine0.copy(),
        evidence=np.zeros(n),
        factional=np.zeros(n),
        openness=np.zeros(n),
        enmity=np.zeros((n, n)),
        allied=np.zeros((n, n), dtype=np.bool_),
        office_holder=office_holder,
        seats=seats,
        secretary=secretary,
        members=members,
        member_position=member_position,
        published=np.array([d.published for d in scenario.doctrines], dtype=np.bool_),
        line=_initial_line(world, members, member_position),
        last_recruitment=np.full(world.n_offices, -10_000, dtype=np.int64),
        candidate=_marked(n, world.top_candidates),
        barred_until=np.full(n, -1, dtype=np.int64),
        condemned=np.zeros(n, dtype=np.bool_),
        last_blow=np.full(n, -10_000, dtype=np.int64),
        sitting=np.zeros(len(world.body_ids), dtype=np.bool_),
        contender_list=world.contenders.tolist(),
        # Without a leader to die, the struggle is open from the first month.
        struggle_open=world.leader < 0,
    )
    _seed_anonymous_seats(world, state)
    align_institution_men(world, state)
    for group in world.alliances:
        for a in group:
            for b in group:
                state.allied[a, b] = a != b
    return state


def align_institution_men(world: World, state: State) -> None:
    """Put each man who follows an office in the camp of its holder, or in none.

    He takes the camp of the first seat's holder who is alive, in the party
    and not himself; with no such holder he follows no one (see
    ``mechanisms.institutions``).
    """
    for follower, office in world.institution_men:
        camp = UNALIGNED
        for seat in world.office_seats[office]:
            holder = int(state.office_holder[seat])
            if (
                holder >= 0
                and holder != follower
                and state.alive[holder]
                and state.in_party[holder]
            ):
                camp = int(state.patron[holder])
                break
        state.patron[follower] = camp
        state.loyalty[follower] = world.institution_loyalty[follower] if camp >= 0 else 0.0


def _marked(n: int, who: tuple[int, ...]) -> BoolArray:
    out = np.zeros(n, dtype=np.bool_)
    out[list(who)] = True
    return out


def _initial_line(world: World, members: FloatArray, member_position: FloatArray) -> int:
    """The party line at the start: the published doctrine nearest the members' centre."""
    published = [i for i, d in enumerate(world.scenario.doctrines) if d.published]
    if not published:
        return -1
    weights = members.sum(axis=1)
    centre = (member_position * weights[:, None]).sum(axis=0) / weights.sum()
    distances = [float(np.linalg.norm(world.doctrine_positions[i] - centre)) for i in published]
    return published[int(np.argmin(distances))]


def _provinces(world: World, index: dict[str, int]) -> tuple[IntArray, FloatArray, FloatArray]:
    """Secretaries' patrons, members by patron (last column unaligned) and positions."""
    scenario = world.scenario
    n = world.n_actors
    rows_secretary: list[int] = []
    rows_members: list[FloatArray] = []
    rows_position: list[tuple[float, ...]] = []

    def cohort(total: int, shares: dict[str, float]) -> FloatArray:
        row = np.zeros(n + 1)
        for key, share in shares.items():
            row[index[key]] = total * share
        row[n] = total - row[:n].sum()
        return row

    for p in scenario.provinces:
        rows_secretary.append(index[p.secretary_patron] if p.secretary_patron else UNALIGNED)
        rows_members.append(cohort(p.members, p.member_shares))
        rows_position.append(p.doctrine)
    for g in scenario.province_groups:
        # Secretaries' allegiances are dealt out in the stated proportions, in order,
        # so that the same scenario always starts from the same map.
        quotas = [(index[k], round(share * g.count)) for k, share in g.secretaries_loyal.items()]
        allegiance = [who for who, count in quotas for _ in range(count)]
        allegiance += [UNALIGNED] * (g.count - len(allegiance))
        for k in range(g.count):
            rows_secretary.append(allegiance[k])
            rows_members.append(cohort(g.members, g.member_shares))
            rows_position.append(g.doctrine)
    return (
        np.array(rows_secretary, dtype=np.int64),
        np.array(rows_members, dtype=np.float64),
        np.array(rows_position, dtype=np.float64),
    )


def _seed_anonymous_seats(world: World, state: State) -> None:
    """Give anonymous seats the allegiances of the organisations that sent them.

    At the start, anonymous members of the bodies follow contenders in the
    proportion that provincial secretaries do: the circular flow of power
    had been running before the scenario opens.
    """
    total = len(state.secretary)
    counts = np.bincount(state.secretary + 1, minlength=world.n_actors + 1)
    mean_position = state.members_centre()
    for seats in state.seats:
        anonymous = np.flatnonzero(seats.actor < 0)
        # Deterministic apportionment: largest remainders over secretaries' allegiances.
        quotas = counts * len(anonymous) / max(total, 1)
        whole = np.floor(quotas).astype(np.int64)
        remainder = len(anonymous) - int(whole.sum())
        order = np.argsort(-(quotas - whole), kind="stable")
        whole[order[:remainder]] += 1
        patrons = np.repeat(np.arange(-1, world.n_actors), whole)
        seats.patron[anonymous] = patrons
        seats.loyalty[anonymous] = np.where(patrons >= 0, world.params.follower_loyalty, 0.0)
        seats.position[anonymous] = mean_position
