"""Local search over a day's chains (``chains.py``): the planner's last step.

A plan is ``owner[r]``, the driver of each ride (-1: nobody). A chain's rides are in start
order, so a driver's chain is just the set of rides they own, and what it costs follows
from ``Day.into``, the kilometres between each driver's rides.

Three moves, the first two compiled with Numba (``kernels.py`` says why):

- ``insert``: a ride nobody drives goes where it adds least, if any driver can fit it in;
- ``pair_sweep``: for two drivers at a time, their rides, and the rides nobody drives that
  either could take, are split between them **optimally**, by dynamic programming over
  the rides in start order (state: each one's last ride and how many they drove). That
  one move holds every exchange between two drivers: moving a ride, swapping rides,
  swapping the rest of the day (2-opt*), making room for an unplanned ride by moving the
  ride in its way. A pair is tried again only when one of the two changed;
- ``segments.exchange_segments``: for a window of the day, every driver takes the
  window's rides of one driver, which driver whose chosen **optimally** as an assignment
  problem: exchanges among three and more drivers, which no pair split can make.

``search`` (``descend``) splits pairs until none gains, then exchanges segments, splits the
pairs of the drivers that exchanged, and so on until neither gains; then, while time is
left, it **perturbs**: a few rides near a random one are taken out and put back where they
add least, the pairs of the drivers that changed are split again, and the result is kept
when it is cheaper (iterated local search). Two threads perturb at once, each from the same plan with its own
random rides (the kernels release the GIL), and the cheaper plan wins.
"""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from numba import njit

from plugins.transport.chains import UNPLANNED, Day
from plugins.transport.kernels import driven_km
from plugins.transport.segments import exchange_segments

INF = np.inf
#: pairs with more rides than this (theirs and the open ones they could take) are skipped:
#: the split's table grows with the square of it, its work with the cube
MOST_RIDES_IN_A_PAIR = 24
#: a perturbation takes out this many rides near a random one (at random between the two)
TAKEN_OUT = (2, 5)
#: perturbation stops after this many in a row that gained nothing (small days end quickly)
STALL = 300


def search(day: Day, owner: np.ndarray, deadline: float = INF, threads: int = 2) -> np.ndarray:
    """A plan no pair of drivers and no segment exchange can improve, then perturbed and
    improved again until the deadline (``time.perf_counter()`` seconds) or until perturbing
    stops paying; *owner* is changed in place and returned."""
    args, pairs = _arrays(day), _pairs(day)
    insert(owner, *args)
    clock = _Clock(deadline)
    descend(owner, pairs, np.nonzero(day.count > 0)[0], clock, args)
    if clock.time_for_one_more() and day.n_r > 1:
        near = related(day)
        with ThreadPoolExecutor(threads) as pool:
            plans = list(pool.map(lambda seed: _perturbed(owner.copy(), pairs, near, seed, deadline, args),
                                  range(threads)))
        owner[:] = min(plans, key=lambda plan: plan_cost(plan, *args))
    return owner


def descend(owner: np.ndarray, pairs: np.ndarray, users: np.ndarray, clock: _Clock, args: tuple) -> None:
    """Pair splits until no pair gains, then a sweep of segment exchanges (``segments``);
    the pairs of the drivers that exchanged again, and so on until neither gains."""
    changed, tables = np.ones(args[0].shape[0], dtype=bool), split_tables(args[7])
    while clock.time_for_one_more():
        with clock:
            if changed.any():
                changed = pair_sweep(owner, pairs, changed, tables, *args)
            else:
                changed = exchange_segments(owner, users, args)
                if not changed.any():
                    return
            insert(owner, *args)


def _perturbed(owner, pairs, near, seed, deadline, args) -> np.ndarray:
    stalled, rng, clock, tables = 0, np.random.default_rng(seed), _Clock(deadline), split_tables(args[7])
    while stalled < STALL and clock.time_for_one_more():
        with clock:
            stalled = 0 if perturb(owner, pairs, near, 1, int(rng.integers(2**31)), tables, *args) else stalled + 1
    return owner


class _Clock:
    """Starts a step only when the longest step so far, and half as much again (steps vary),
    still fits before the deadline."""

    def __init__(self, deadline: float):
        self.deadline, self.longest = deadline, 0.0

    def time_for_one_more(self) -> bool:
        return time.perf_counter() + 1.5 * self.longest < self.deadline

    def __enter__(self):
        self.started = time.perf_counter()

    def __exit__(self, *_exc):
        self.longest = max(self.longest, time.perf_counter() - self.started)


def related(day: Day) -> np.ndarray:
    """For each ride, the rides in order of how closely they go together: kilometres from
    one's drop-off to the other's pickup both ways, plus 0.3 km a minute apart."""
    start, _end, direct = day.graph[:3]
    minutes = start / 60.0
    return np.argsort(direct + direct.T + 0.3 * np.abs(minutes[:, None] - minutes[None, :]), axis=1)


def cost(day: Day, owner: np.ndarray) -> float:
    """The planner's objective for *owner*: every chain's cost, and the unplanned rides."""
    return float(plan_cost(owner, *_arrays(day)))


def owner_of(day: Day, chains: dict[int, list[int]]) -> np.ndarray:
    owner = np.full(day.n_r, -1, dtype=np.int64)
    for d, chain in chains.items():
        owner[list(chain)] = d
    return owner


def chains_of(owner: np.ndarray) -> dict[int, list[int]]:
    return {int(d): [int(r) for r in np.nonzero(owner == d)[0]] for d in np.unique(owner[owner >= 0])}


def _arrays(day: Day) -> tuple:
    return (day.pos, day.into, day.out, day.back, day.ride_km, day.fair, float(day.busy), day.fair_count,
            UNPLANNED)


def _pairs(day: Day) -> np.ndarray:
    """Pairs of drivers who could exchange a ride: both can drive something."""
    usable = np.nonzero(day.count > 0)[0]
    return np.array([(a, b) for k, a in enumerate(usable) for b in usable[k + 1:]], dtype=np.int64).reshape(-1, 2)


@njit(cache=True, nogil=True)
def chain_cost(owner, d, pos, into, out, back, ride_km, fair, busy, fair_count, unplanned):
    """What driver d's chain costs (0 for none; inf if it cannot be driven)."""
    last, n, total = -1, 0, 0.0
    for r in range(owner.shape[0]):
        if owner[r] == d:
            total += driven_km(pos, into, out, back, last, r, d) + ride_km[r] + fair[d]
            n += 1
            if n > fair_count:
                total += busy
            last = r
    if last >= 0:
        total += back[last, d]
    return total


@njit(cache=True, nogil=True)
def plan_cost(owner, pos, into, out, back, ride_km, fair, busy, fair_count, unplanned):
    total = 0.0
    for d in range(pos.shape[0]):
        total += chain_cost(owner, d, pos, into, out, back, ride_km, fair, busy, fair_count, unplanned)
    for r in range(owner.shape[0]):
        if owner[r] < 0:
            total += unplanned
    return total


@njit(cache=True, nogil=True)
def insert(owner, pos, into, out, back, ride_km, fair, busy, fair_count, unplanned):
    """Each ride nobody drives, hardest first (fewest drivers who could), where it adds least;
    returns how many were placed."""
    D = pos.shape[0]
    count = _ride_counts(owner, D)
    open_rides, options = _open_rides(owner, pos)
    placed = 0
    for k in np.argsort(options):
        r = open_rides[k]
        best, best_d = unplanned, -1
        for d in range(D):
            if pos[d, r] < 0:
                continue
            before, after = _before(owner, r, d), _after(owner, r, d)
            added = driven_km(pos, into, out, back, before, r, d) + driven_km(pos, into, out, back, r, after, d) \
                - driven_km(pos, into, out, back, before, after, d) + ride_km[r] + fair[d]
            if count[d] + 1 > fair_count:
                added += busy
            if added < best:
                best, best_d = added, d
        if best_d >= 0:
            owner[r] = best_d
            count[best_d] += 1
            placed += 1
    return placed


@njit(cache=True, nogil=True)
def _ride_counts(owner, D):
    """How many rides each of the D drivers drives in *owner*."""
    count = np.zeros(D, np.int64)
    for r in range(owner.shape[0]):
        if owner[r] >= 0:
            count[owner[r]] += 1
    return count


@njit(cache=True, nogil=True)
def _open_rides(owner, pos):
    """The rides nobody drives, and for each how many drivers could."""
    open_rides = np.nonzero(owner < 0)[0]
    options = np.zeros(open_rides.shape[0], np.int64)
    for k in range(open_rides.shape[0]):
        for d in range(pos.shape[0]):
            options[k] += pos[d, open_rides[k]] >= 0
    return open_rides, options


@njit(cache=True, nogil=True)
def _before(owner, r, d):
    """Driver d's ride just before ride r (-1: none)."""
    for q in range(r - 1, -1, -1):
        if owner[q] == d:
            return q
    return -1


@njit(cache=True, nogil=True)
def _after(owner, r, d):
    """Driver d's ride just after ride r (-1: none)."""
    for q in range(r + 1, owner.shape[0]):
        if owner[q] == d:
            return q
    return -1


@njit(cache=True, nogil=True)
def split_tables(fair_count):
    """Work space for ``pair_split``, for up to ``MOST_RIDES_IN_A_PAIR`` rides, per layer (after
    each ride) and state: its value, the state it came from, whose ride it was, and the call
    that last reached it; each layer's reached states; and the calls so far. Made once per
    search and thread and passed on: making it (13 MB) takes 3 ms, as long as a whole
    perturbation otherwise takes."""
    layers, size = MOST_RIDES_IN_A_PAIR + 1, (MOST_RIDES_IN_A_PAIR + 1) ** 2 * (fair_count + 2) ** 2
    return (np.empty((layers, size)), np.empty((layers, size), np.int64), np.empty((layers, size), np.int8),
            np.zeros((layers, size), np.int64), np.empty((layers, size), np.int64), np.zeros(1, np.int64))


@njit(cache=True, nogil=True)
def _state(la, lb, ca, cb, N, K):
    """The index of a split's state: last ride of each (0..N-1), rides of each (0..K-1)."""
    return ((la * N + lb) * K + ca) * K + cb


@njit(cache=True, nogil=True)
def _reach(t, s, total, source, who, value, came, move, stamp, live, reached, call):
    """State s of layer t reached at *total* from *source*; returns the layer's reached count."""
    if stamp[t, s] != call:
        stamp[t, s] = call
        live[t, reached] = s
        reached += 1
    elif total >= value[t, s]:
        return reached
    value[t, s], came[t, s], move[t, s] = total, source, who
    return reached


@njit(cache=True, nogil=True)
def pair_split(rides, optional, a, b, value, came, move, stamp, live, calls, pos, into, out, back, ride_km, fair,
               busy, fair_count, unplanned):
    """The cheapest split of *rides* (in start order) between drivers a and b, rides marked
    *optional* possibly to nobody at *unplanned* each; returns (cost, who) with who[t] 0
    for a, 1 for b, -1 for nobody (inf cost if no split can be driven).

    State after ride t: the last ride of each (0 none, else t + 1) and how many rides each
    drove, up to ``fair_count`` + 1 ("that many or more"). Only the states reached are
    visited (``live``; ``stamp`` tells this call's from earlier ones', so nothing is
    cleared): one of the two drove the latest ride, so some 2t of the (t + 1)² pairs of
    last rides are reached, and a pair sweep takes about a third of the time a sweep
    over all states took. The tables are ``split_tables``.
    """
    n = rides.shape[0]
    N, K = n + 1, fair_count + 2
    calls[0] += 1
    call = calls[0]
    reached = _reach(0, 0, 0.0, -1, -1, value, came, move, stamp, live, 0, call)
    for t in range(n):
        r, now_reached, reached = rides[t], reached, 0
        for q in range(now_reached):
            s = live[t, q]
            now = value[t, s]
            cb, ca, lb, la = s % K, (s // K) % K, (s // (K * K)) % N, s // (K * K * N)
            if optional[t]:
                reached = _reach(t + 1, s, now + unplanned, s, -1, value, came, move, stamp, live, reached, call)
            for who in range(2):
                d, last, c = (a, la, ca) if who == 0 else (b, lb, cb)
                if pos[d, r] < 0:
                    continue
                km = driven_km(pos, into, out, back, rides[last - 1] if last > 0 else -1, r, d)
                if km == INF:
                    continue
                step = km + ride_km[r] + fair[d] + (busy if c + 1 > fair_count else 0.0)
                c = min(c + 1, K - 1)
                ns = _state(t + 1, lb, c, cb, N, K) if who == 0 else _state(la, t + 1, ca, c, N, K)
                reached = _reach(t + 1, ns, now + step, s, who, value, came, move, stamp, live, reached, call)
    if n == 0:
        return 0.0, np.full(0, -1, np.int64)
    best, best_s = _best_end(rides, a, b, N, K, value, live, reached, back)
    who = np.full(n, -1, np.int64)
    s = best_s
    for t in range(n, 0, -1):
        if s < 0:
            break
        who[t - 1] = move[t, s]
        s = came[t, s]
    return best, who


@njit(cache=True, nogil=True)
def _best_end(rides, a, b, N, K, value, live, reached, back):
    """``pair_split``'s cheapest state after the last ride, each driver's way home added:
    (cost, state) of the first *reached* states in ``live``; (inf, -1) if none."""
    n = rides.shape[0]
    best, best_s = INF, -1
    for q in range(reached):
        s = live[n, q]
        la, lb = (s // (K * K)) // N, (s // (K * K)) % N
        total = value[n, s]
        if la > 0:
            total += back[rides[la - 1], a]
        if lb > 0:
            total += back[rides[lb - 1], b]
        if total < best:
            best, best_s = total, s
    return best, best_s


@njit(cache=True, nogil=True)
def pair_sweep(owner, pairs, changed, tables, pos, into, out, back, ride_km, fair, busy, fair_count, unplanned):
    """Re-split every pair with a member in *changed* (their rides and the open rides either
    could take) where that saves something; returns which drivers changed. *tables* is the
    split's work space (``split_tables``)."""
    R = owner.shape[0]
    now_changed = np.zeros(changed.shape[0], np.bool_)
    rides = np.empty(R, np.int64)
    optional = np.empty(R, np.bool_)
    for p in range(pairs.shape[0]):
        a, b = pairs[p, 0], pairs[p, 1]
        if not (changed[a] or changed[b] or now_changed[a] or now_changed[b]):
            continue
        n, open_rides = 0, 0
        for r in range(R):
            mine = owner[r] == a or owner[r] == b
            if mine or (owner[r] < 0 and (pos[a, r] >= 0 or pos[b, r] >= 0)):
                rides[n] = r
                optional[n] = not mine
                open_rides += not mine
                n += 1
        if n == 0 or n > MOST_RIDES_IN_A_PAIR:
            continue
        before = chain_cost(owner, a, pos, into, out, back, ride_km, fair, busy, fair_count, unplanned) + \
            chain_cost(owner, b, pos, into, out, back, ride_km, fair, busy, fair_count, unplanned) + \
            unplanned * open_rides
        after, who = pair_split(rides[:n], optional[:n], a, b, *tables, pos, into, out, back, ride_km, fair, busy,
                                fair_count, unplanned)
        if after < before - 1e-6:
            for t in range(n):
                owner[rides[t]] = a if who[t] == 0 else (b if who[t] == 1 else -1)
            now_changed[a] = True
            now_changed[b] = True
    return now_changed


@njit(cache=True, nogil=True)
def perturb(owner, pairs, near, times, seed, tables, pos, into, out, back, ride_km, fair, busy, fair_count, unplanned):
    """*times* perturbations of *owner*, each kept only when it makes the plan cheaper;
    returns whether any was kept."""
    np.random.seed(seed)
    R, D = owner.shape[0], pos.shape[0]
    now = plan_cost(owner, pos, into, out, back, ride_km, fair, busy, fair_count, unplanned)
    trial = owner.copy()
    kept = False
    for _ in range(times):
        trial[:] = owner
        changed = np.zeros(D, np.bool_)
        centre = np.random.randint(R)
        for t in range(min(R, np.random.randint(TAKEN_OUT[0], TAKEN_OUT[1] + 1))):
            r = near[centre, t]
            if trial[r] >= 0:
                changed[trial[r]] = True
                trial[r] = -1
        insert(trial, pos, into, out, back, ride_km, fair, busy, fair_count, unplanned)
        for r in range(R):
            if trial[r] >= 0 and trial[r] != owner[r]:
                changed[trial[r]] = True
        while changed.any():
            changed = pair_sweep(trial, pairs, changed, tables, pos, into, out, back, ride_km, fair, busy, fair_count,
                                 unplanned)
            insert(trial, pos, into, out, back, ride_km, fair, busy, fair_count, unplanned)
        after = plan_cost(trial, pos, into, out, back, ride_km, fair, busy, fair_count, unplanned)
        if after < now - 1e-6:
            owner[:] = trial
            now = after
            kept = True
    return kept
