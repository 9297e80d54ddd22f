"""A driver's day as a chain of rides: what it costs, and the cheapest chains.

A volunteer who drives several people in a day does not go home after each: from one
drop-off they drive on to the next pickup, and home only at the end of the day, or in
between when they would otherwise wait longer than ``WAIT_AT_MOST``. The kilometres of a
day are therefore those of its chain, and that is what a chain planner minimises and what
greedy is measured by there.

Appointments fix the pickup times, so whether a driver can do ride *j* after ride *i*
depends on those two rides only: the chains of a driver's day are the paths of a directed
acyclic graph in time order. ``Day`` holds that graph for all drivers at once as NumPy
arrays, and ``Day.cheapest`` finds each driver's chain of least reduced cost by dynamic
programming over it (the pricing step of column generation, ``master.py``).

What a chain costs the planner: its kilometres, plus ``FAIR_KM_PER_RIDE`` for each ride
times the rides the driver already drove this month (so work spreads over the volunteers),
plus ``BUSY_KM`` for each ride beyond ``FAIR_RIDES`` in the day.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import numpy as np

from plugins.transport import kernels
from plugins.transport.problem import FAIR_KM_PER_RIDE

#: the threads that price chains (the kernel releases the GIL); one per core of a small server
_PRICING = ThreadPoolExecutor(2, thread_name_prefix="noaber-pricing")


#: longer than this idle between two rides, a driver goes home in between (when there is time)
WAIT_AT_MOST = timedelta(minutes=45)
#: rides a driver does in a day before each further one costs ``BUSY_KM`` more
FAIR_RIDES = 3
BUSY_KM = 5.0
#: what leaving a ride unplanned costs: more than any chain could save, so the planner
#: plans every ride it can
UNPLANNED = 1000.0
#: ride counts the pricing tells apart: 1, 2, 3 and "4 or more" (each ride beyond costs the same)
COUNTS = FAIR_RIDES + 1


class Day:
    """The day's rides (in start order) and drivers, as arrays the planner prices chains on.

    ``able[r, d]``: driver d can do ride r on its own (``Problem.why_not`` is None, computed
    for all pairs at once). Which ride can follow which, and at what distance, is
    ``kernels.link`` on ``graph``; ``mine``, ``count``, ``pos`` and ``into`` hold every such
    link per driver (``kernels.driver_links``) for pricing and local search.
    """

    def __init__(self, problem, fair_km_per_ride: float = FAIR_KM_PER_RIDE, busy_km: float = BUSY_KM):
        self.problem = problem
        self.order = sorted(range(len(problem.rides)), key=lambda i: (problem.rides[i].start, problem.rides[i].id))
        rides = [problem.rides[i] for i in self.order]
        drivers = problem.drivers
        self.n_r, self.n_d = len(rides), len(drivers)
        roads = problem.roads
        speed = roads.speed_kmh / 3600.0  # km per second
        pickup = np.array([r.pickup for r in rides], dtype=float).reshape(-1, 2)
        dest = np.array([r.destination for r in rides], dtype=float).reshape(-1, 2)
        home = np.array([d.home for d in drivers], dtype=float).reshape(-1, 2)
        self.ride_km = np.diag(roads.km_matrix(pickup, dest)) if rides else np.zeros(0)
        self.out = roads.km_matrix(pickup, home)        # (R, D): home → pickup
        self.back = roads.km_matrix(dest, home)         # (R, D): drop-off → home
        # times in seconds from the first pickup
        since = rides[0].start.timestamp() if rides else 0.0
        start = np.array([r.start.timestamp() - since for r in rides])
        end = np.array([problem.end(r).timestamp() - since for r in rides])
        self.able = able(rides, drivers, self.out, self.back, start, end, speed, since)
        self.fair = np.array([fair_km_per_ride * d.rides_this_month for d in drivers])
        self.busy, self.fair_count = busy_km, FAIR_RIDES
        window = self._windows(drivers, start, end, since)
        self.graph = (start, end, roads.km_matrix(dest, pickup), self.out, self.back, window,
                      np.array([speed, WAIT_AT_MOST.total_seconds()]))
        self.mine, self.count, self.pos, self.into = kernels.driver_links(self.graph, self.able)
        self.home_links = kernels.home_links(self.graph, self.mine, self.count, self.into)
        # pricing in two threads, each with about half the work (a driver's grows faster
        # than the rides they can drive: the straight-on links among them)
        work = np.cumsum(self.count.astype(float) ** 2)
        middle = int(np.searchsorted(work, work[-1] / 2)) + 1 if self.n_d else 0
        self.shares = [(0, middle), (middle, self.n_d)]

    def _windows(self, drivers, start, end, since) -> np.ndarray:
        """Which of the driver's availability windows each ride falls in (-1: none)."""
        window = np.full((self.n_r, len(drivers)), -1)
        for d, driver in enumerate(drivers):
            for w, (begin, until) in enumerate(driver.available):
                inside = (start >= begin.timestamp() - since) & (end <= until.timestamp() - since) & (window[:, d] < 0)
                window[inside, d] = w
        return window

    def link(self, i: int, j: int, d: int) -> float:
        """Kilometres d drives from ride i to ride j (-1: home), inf if j cannot follow i."""
        return kernels.link(self.graph, i, j, d)

    def chain_km(self, d: int, chain: list[int]) -> float:
        """Kilometres driver d drives for *chain* (ride positions in start order)."""
        return float(kernels.chain_km(self.graph, self.ride_km, np.asarray(chain, dtype=np.int64), d))

    def chain_cost(self, d: int, chain: list[int]) -> float:
        """The planner's cost of a chain: kilometres plus the fairness terms."""
        n = len(chain)
        return self.chain_km(d, chain) + n * self.fair[d] + self.busy * max(0, n - self.fair_count)

    def follows(self, i: int, j: int, d: int) -> bool:
        """Driver d can drive ride j after ride i (and both on their own)."""
        return bool(i < j and self.able[i, d] and self.able[j, d] and self.link(i, j, d) < np.inf)

    def cheapest(self, ride_dual: np.ndarray, below: np.ndarray, per_driver: int = 3):
        """Each driver's least chain cost less the duals of its rides (for the bound), and up
        to *per_driver* chains per driver where that is below ``below[d]``. Drivers whose
        ``below`` is -inf are not priced at all (their least is inf), nor are rides whose
        dual is -inf: a dive's fixed drivers and rides.

        *ride_dual* is one value per ride, or per ride and driver.
        """
        dual = ride_dual[:, None] if ride_dual.ndim == 1 else ride_dual
        wanted = below > -np.inf  # a driver who is to have no chain is not priced (least: inf)
        node = np.where(self.able, self.ride_km[:, None] + self.fair[None, :] - dual, np.inf)
        D, M = self.mine.shape
        label, came = np.full((D, M, COUNTS), np.inf), np.full((D, M, COUNTS), -1, dtype=np.int64)
        least, top_state, top_value = np.full(D, np.inf), np.full((D, per_driver), -1), np.full((D, per_driver), np.inf)

        def share(drivers: tuple[int, int]) -> None:
            kernels.price(self.mine, self.count, self.into, *self.home_links, node, self.out, self.back,
                          float(self.busy), self.fair_count, COUNTS, *drivers, wanted, label, came, least, top_state,
                          top_value)
        list(_PRICING.map(share, self.shares))
        rows, rides = kernels.walk(came, self.mine, top_state, top_value, below, COUNTS)
        return [(d, rides[first:end].tolist()) for d, first, end in rows.tolist()], least


def able(rides, drivers, out, back, start, end, speed, since) -> np.ndarray:
    """``Problem.why_not(ride, driver) is None`` for every pair at once: checks valid, not on
    leave, the car takes the aid and the seats, home within the driver's maximum distance of
    the pickup, and the whole trip from home and back inside one availability window."""
    R, D = len(rides), len(drivers)
    if not R or not D:
        return np.zeros((R, D), dtype=bool)
    ok = np.array([d.checks_valid and not d.on_leave for d in drivers])
    aids = sorted({r.aid for r in rides})
    takes = np.array([[aid in d.takes for d in drivers] for aid in aids])               # (aids, D)
    capable = takes[[aids.index(r.aid) for r in rides]] & \
        (np.array([r.seats for r in rides])[:, None] <= np.array([d.seats for d in drivers])[None, :])
    near = out <= np.array([d.max_km for d in drivers])[None, :]
    leave, home_again = start[:, None] - out / speed, end[:, None] + back / speed
    free = np.zeros((R, D), dtype=bool)
    for d, driver in enumerate(drivers):
        for begin, until in driver.available:
            free[:, d] |= (begin.timestamp() - since <= leave[:, d]) & (home_again[:, d] <= until.timestamp() - since)
    return ok[None, :] & capable & near & free
