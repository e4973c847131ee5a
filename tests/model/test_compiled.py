"""The compiled steps of the engine agree with the plain NumPy formulas they replace.

Each test scrambles a ussr-1924 state at random (followers, loyalties,
positions, alliances, who is out of the fight) and checks one compiled step
against a direct NumPy statement of the same rule, written here as the oracle.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from politburo.model.mechanisms.bandwagon import realign
from politburo.model.mechanisms.majority import majority_leader, sides
from politburo.model.mechanisms.pretexts import arise
from politburo.model.mechanisms.reputation import monthly_drift
from politburo.model.mechanisms.threat import threats
from politburo.model.result import Series
from politburo.model.state import UNALIGNED, State, initial_state
from politburo.model.voting import carry_odds, contest, seat_utilities, vote_shares
from politburo.model.voting_power import shapley_shubik
from politburo.model.world import World, build_world
from politburo.scenario.loading import load_params, load_scenario

SEEDS = range(8)


@pytest.fixture(scope="module")
def world() -> World:
    return build_world(load_scenario("ussr-1924"), load_params())


def scrambled(world: World, seed: int) -> State:
    """A start state with random followers, loyalties, positions, alliances and losses."""
    rng = np.random.default_rng(seed)
    state = initial_state(world)
    contenders = world.contenders
    followers = np.flatnonzero(~world.is_contender)
    state.patron[followers] = rng.choice(np.append(contenders, UNALIGNED), followers.size)
    state.loyalty[:] = rng.random(world.n_actors)
    state.position[:] = rng.uniform(-1, 1, state.position.shape)
    state.reputation[:] = rng.random(world.n_actors)
    for seats in state.seats:
        seats.patron[:] = rng.choice(np.append(contenders, UNALIGNED), seats.size)
        seats.loyalty[:] = rng.random(seats.size)
        seats.position[:] = rng.uniform(-1, 1, seats.position.shape)
    a, b = rng.choice(contenders, 2, replace=False)
    state.allied[a, b] = state.allied[b, a] = True
    state.recanted[rng.choice(contenders)] = True
    return state


def reference_patrons(state: State, body: int) -> np.ndarray:
    seats = state.seats[body]
    named = seats.actor >= 0
    out = seats.patron.copy()
    out[named] = state.patron[seats.actor[named]]
    return out


def reference_utilities(world: World, state: State, body: int, proposer: int, target: int):
    p = world.params
    c = contest(world, state, proposer, target)
    seats = state.seats[body]
    named = seats.actor >= 0
    safe = np.maximum(seats.actor, 0)
    patrons = reference_patrons(state, body)
    loyalty = np.where(named, state.loyalty[safe], seats.loyalty)
    positions = np.where(named[:, None], state.position[safe], seats.position)
    in_for, in_against = c.for_side[patrons], c.against_side[patrons]
    dist_for = np.linalg.norm(positions - state.position[proposer], axis=1)
    dist_against = np.linalg.norm(positions - state.position[target], axis=1)
    u = (
        p.vote_loyalty * loyalty * (in_for.astype(float) - in_against)
        + p.vote_doctrine * (dist_against - dist_for)
        + p.vote_reputation * (state.reputation[proposer] - state.reputation[target])
        + p.vote_bandwagon * (in_for.sum() - in_against.sum()) / seats.size
        + p.vote_evidence * state.evidence[target]
        + p.vote_faction_ban * (state.factional[target] - state.factional[proposer])
    )
    half = np.clip(u / 2, -30, 30)
    total = np.exp(half) + np.exp(-half) + math.exp(p.vote_abstain)
    p_for, p_against = np.exp(half) / total, np.exp(-half) / total
    contender = named & world.is_contender[safe]
    p_for = np.where(contender & c.for_side[safe], 1.0, p_for)
    p_against = np.where(contender & c.for_side[safe], 0.0, p_against)
    p_for = np.where(contender & c.against_side[safe], 0.0, p_for)
    p_against = np.where(contender & c.against_side[safe], 1.0, p_against)
    return c, u, p_for, p_against


@pytest.mark.parametrize("seed", SEEDS)
def test_seat_utilities_and_vote_shares_match_the_numpy_formula(world: World, seed: int) -> None:
    state = scrambled(world, seed)
    stalin, trotsky = world.actor_ids.index("stalin"), world.actor_ids.index("trotsky")
    for body in (world.top, world.electing, world.congress):
        c, u, p_for, p_against = reference_utilities(world, state, body, stalin, trotsky)
        assert seat_utilities(world, state, body, c) == pytest.approx(u, rel=1e-12, abs=1e-12)
        got_for, got_against = vote_shares(world, state, body, c)
        assert got_for == pytest.approx(p_for, abs=1e-12)
        assert got_against == pytest.approx(p_against, abs=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
def test_carry_odds_match_the_normal_approximation_in_numpy(world: World, seed: int) -> None:
    state = scrambled(world, seed)
    stalin, zinoviev = world.actor_ids.index("stalin"), world.actor_ids.index("zinoviev")
    body = world.electing
    c, _, p_for, p_against = reference_utilities(world, state, body, stalin, zinoviev)
    q = world.majority(body, None)
    mean = float((p_for - q * (p_for + p_against)).sum())
    first = (1 - q) * p_for - q * p_against
    variance = float(((1 - q) ** 2 * p_for + q * q * p_against - first**2).sum())
    z = (mean - min(q, 1 - q) / 2) / math.sqrt(2 * variance)
    assert carry_odds(world, state, body, c) == pytest.approx(0.5 * (1 + math.erf(z)), abs=1e-9)


@pytest.mark.parametrize("seed", SEEDS)
def test_follower_counts_match_a_bincount_of_the_seats_patrons(world: World, seed: int) -> None:
    state = scrambled(world, seed)
    for body in range(len(state.seats)):
        patrons = reference_patrons(state, body)
        expected = np.bincount(patrons + 1, minlength=world.n_actors + 1)[1:]
        assert state.follower_counts(body).tolist() == expected.tolist()


@pytest.mark.parametrize("seed", SEEDS)
def test_political_threat_is_the_voting_power_of_blocs_sharing_the_uncommitted(seed: int) -> None:
    # Without force in the threat, a contender's threat is his bloc's voting power alone.
    params = load_params().model_copy(update={"threat_force_weight": 0.0})
    world = build_world(load_scenario("ussr-1924"), params)
    state = scrambled(world, seed)
    leaders = state.active(world)
    expected = np.zeros(leaders.size)
    for body in (world.top, world.electing):
        patrons = reference_patrons(state, body)
        counts = np.array([(patrons == leader).sum() for leader in leaders], dtype=float)
        pull = np.exp(world.params.vote_reputation * state.reputation[leaders])
        seats = counts + (patrons.size - counts.sum()) * pull / pull.sum()
        weights = np.rint(seats).astype(np.int64)
        quota = int(np.floor(weights.sum() * world.body_majority[body])) + 1
        expected += shapley_shubik(weights, quota) / 2
    measured = threats(world, state)
    assert [measured.own(leader) for leader in leaders.tolist()] == pytest.approx(
        expected.tolist(), rel=1e-12, abs=1e-12
    )


@pytest.mark.parametrize("seed", SEEDS)
def test_sides_rank_by_seats_then_own_seats_then_index(world: World, seed: int) -> None:
    state = scrambled(world, seed)
    body = world.electing
    patrons = reference_patrons(state, body)
    own = {int(c): int((patrons == c).sum()) for c in world.contenders}
    expected = []
    for leader in state.active(world).tolist():
        side = [c for c in world.contenders.tolist() if c == leader or state.allied[leader, c]]
        expected.append((leader, side, sum(own[m] for m in side)))
    expected.sort(key=lambda s: (-s[2], -own[s[0]], s[0]))
    got = sides(world, state, body)
    assert [(leader, side.tolist(), seats) for leader, side, seats in got] == expected
    largest = expected[0][1]
    assert majority_leader(world, state, body) == max((own[m], m) for m in largest)[1]


@pytest.mark.parametrize("seed", SEEDS)
def test_monthly_series_are_shares_of_seats_and_secretaries(world: World, seed: int) -> None:
    state = scrambled(world, seed)
    series = Series()
    series.record(world, state)
    values = series.arrays()
    c = world.contenders
    assert values["reputation"][0].tolist() == state.reputation[c].tolist()
    for name, body in (("top_seats", world.top), ("electing_seats", world.electing)):
        patrons = reference_patrons(state, body)
        expected = [(patrons == k).mean() for k in c]
        assert values[name][0] == pytest.approx(expected, abs=1e-15)
    expected = [(state.secretary == k).mean() for k in c]
    assert values["secretaries"][0] == pytest.approx(expected, abs=1e-15)


def reference_realign(world: World, state: State, leader: int, rng: np.random.Generator) -> None:
    """Bandwagoning stated in NumPy: members and seats lapse, the uncommitted join the leader."""
    p = world.params
    out = ~(state.alive & state.in_party & ~state.recanted)
    moving = state.members[:, :-1] * p.member_drift * out
    state.members[:, :-1] -= moving
    state.members[:, -1] += moving.sum(axis=1)
    patron = state.patron  # named followers stay in a fallen patron's camp
    standing = [state.seats[body] for body in world.standing_bodies]
    for seats in standing:
        lapsed = (seats.patron >= 0) & out[np.maximum(seats.patron, 0)]
        seats.patron[lapsed], seats.loyalty[lapsed] = UNALIGNED, 0.0
    if leader < 0 or out[leader]:
        return
    electing = reference_patrons(state, world.electing)
    joining = p.member_drift * (electing == leader).sum() / electing.size
    uncommitted = (patron == UNALIGNED) & ~world.is_contender & state.alive & state.in_party
    joins = uncommitted & (rng.random(world.n_actors) < joining)
    patron[joins], state.loyalty[joins] = leader, p.follower_loyalty
    free = [np.flatnonzero((seats.actor < 0) & (seats.patron == UNALIGNED)) for seats in standing]
    draws = rng.random(sum(f.size for f in free))
    start = 0
    for seats, seats_free in zip(standing, free, strict=True):
        joined = seats_free[draws[start : start + seats_free.size] < joining]
        seats.patron[joined], seats.loyalty[joined] = leader, p.follower_loyalty
        start += seats_free.size


@pytest.mark.parametrize("majority", [True, False])
@pytest.mark.parametrize("seed", SEEDS)
def test_realign_matches_bandwagoning_stated_in_numpy(
    world: World, seed: int, majority: bool
) -> None:
    fast = build_world(world.scenario, world.params.model_copy(update={"member_drift": 1.0}))
    state = scrambled(fast, seed)
    rng = np.random.default_rng(seed)
    state.members[:] = rng.random(state.members.shape)
    for seats in state.seats:  # many uncommitted seats, so that some join
        seats.patron[rng.random(seats.size) < 0.5] = UNALIGNED
    state.allied[state.recanted, :] = state.allied[:, state.recanted] = False  # as recanting does
    expected = state.copy()
    leader = majority_leader(fast, state, fast.electing) if majority else -1
    before = sum(int((s.patron == leader).sum()) for s in state.seats)
    fallen = np.flatnonzero(state.recanted)
    state.majority = leader
    realign(fast, state, np.random.default_rng(seed))
    reference_realign(fast, expected, leader, np.random.default_rng(seed))
    assert state.patron.tolist() == expected.patron.tolist()
    assert state.loyalty == pytest.approx(expected.loyalty, abs=1e-15)
    assert state.members == pytest.approx(expected.members, rel=1e-12)
    for got, want in zip(state.seats, expected.seats, strict=True):
        assert got.patron.tolist() == want.patron.tolist()
        assert got.loyalty == pytest.approx(want.loyalty, abs=1e-15)
    # Seats of the fallen lapse whether or not someone holds the majority.
    assert not any(np.isin(state.seats[b].patron, fallen).any() for b in fast.standing_bodies)
    if majority:
        assert sum(int((s.patron == leader).sum()) for s in state.seats) > before  # seats joined


@pytest.mark.parametrize("seed", SEEDS)
def test_monthly_drift_matches_recovery_and_decay_in_numpy(world: World, seed: int) -> None:
    state = scrambled(world, seed)
    rng = np.random.default_rng(seed)
    for values in (state.enmity, state.evidence, state.factional, state.openness):
        values[:] = rng.random(values.shape)
    p = world.params
    expected = state.copy()
    expected.reputation += p.reputation_recovery * (world.reputation0 - expected.reputation)
    monthly_drift(world, state, rng)
    assert state.reputation.tolist() == expected.reputation.tolist()
    assert state.enmity.tolist() == (expected.enmity * p.enmity_decay).tolist()
    for name in ("evidence", "factional", "openness"):
        faded = getattr(expected, name) * p.evidence_decay
        assert getattr(state, name).tolist() == faded.tolist()


@pytest.mark.parametrize("seed", SEEDS)
def test_pretexts_arise_against_leaders_at_their_rate(world: World, seed: int) -> None:
    state = scrambled(world, seed)
    state.factional[:] = np.random.default_rng(seed).random(world.n_actors)
    state.pretext_boost = 0.5  # enough pretexts that some arise
    p = world.params
    leaders = state.active(world)
    rates = p.pretext_rate + p.opposition_pretext_rate * state.factional[leaders] + 0.5
    expected = leaders[np.random.default_rng(seed).random(leaders.size) < rates].tolist()
    assert expected, "the test needs at least one pretext"
    arise(world, state, np.random.default_rng(seed))
    assert [leader for leader, _ in state.pretexts] == expected
    for leader, culprit in state.pretexts:
        assert culprit == leader or state.patron[culprit] == leader
