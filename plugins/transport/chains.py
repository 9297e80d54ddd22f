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

from datetime import timedelta

import numpy as np


#: longer than this idle between two rides, a driver goes home in between (when there is time)
WAIT_AT_MOST = timedelta(minutes=45)
#: what a ride weighs, in kilometres, for each ride the driver already drove this month
FAIR_KM_PER_RIDE = 0.2
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

    ``able[r, d]``: driver d can do ride r on its own (``Problem.why_not`` is None).
    ``preds[j]`` are the rides a driver can do just before j; ``arc[j][p, d]`` the kilometres
    from the p-th of them to j's pickup for driver d (direct, or via home), inf where not.
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
        direct = roads.km_matrix(dest, pickup)          # (R, R): drop-off i → pickup j
        start = np.array([r.start.timestamp() for r in rides])
        end = np.array([problem.end(r).timestamp() for r in rides])
        self.able = np.array([[problem.why_not(r, d) is None for d in drivers] for r in rides], dtype=bool
                             ).reshape(self.n_r, self.n_d)
        window = self._windows(rides, drivers, start, end)
        self.fair = np.array([fair_km_per_ride * d.rides_this_month for d in drivers])
        self.busy, self.fair_count = busy_km, FAIR_RIDES
        idle = start[None, :] - end[:, None] - direct / speed    # (i, j): waiting when driving on
        wait = WAIT_AT_MOST.total_seconds()
        self.preds: list[np.ndarray] = []
        self.arc: list[np.ndarray] = []
        for j in range(self.n_r):
            p = np.nonzero((idle[:j, j] >= 0) & self.able[:j].any(axis=1))[0] if self.able[j].any() else np.zeros(0, int)
            via_home = self.back[p] + self.out[j][None, :]
            home_fits = end[p, None] + (self.back[p] + self.out[j][None, :]) / speed <= start[j]
            go_home = (window[p] != window[j][None, :]) | ((idle[p, j] > wait)[:, None] & home_fits)
            cost = np.where(go_home, via_home, direct[p, j][:, None])
            allowed = self.able[p] & self.able[j][None, :]
            self.preds.append(p)
            self.arc.append(np.where(allowed, cost, np.inf))

    def links(self) -> np.ndarray:
        """``links[i, j, d]``: kilometres from ride i to ride j's pickup for driver d (inf where d
        cannot drive j after i), as one dense array for local search (made once, on demand)."""
        if getattr(self, "_links", None) is None:
            self._links = np.full((self.n_r, self.n_r, self.n_d), np.inf)
            for j, p in enumerate(self.preds):
                self._links[p, j] = self.arc[j]
        return self._links

    @staticmethod
    def _windows(rides, drivers, start, end) -> np.ndarray:
        """Which of the driver's availability windows each ride falls in (-1: none)."""
        window = np.full((len(rides), len(drivers)), -1)
        for d, driver in enumerate(drivers):
            for w, (since, until) in enumerate(driver.available):
                inside = (start >= since.timestamp()) & (end <= until.timestamp()) & (window[:, d] < 0)
                window[inside, d] = w
        return window

    def chain_km(self, d: int, chain: list[int]) -> float:
        """Kilometres driver d drives for *chain* (ride positions in start order)."""
        if not chain:
            return 0.0
        km = self.out[chain[0], d] + self.back[chain[-1], d] + float(self.ride_km[chain].sum())
        for i, j in zip(chain, chain[1:]):
            km += float(self.arc[j][np.searchsorted(self.preds[j], i), d])
        return float(km)

    def chain_cost(self, d: int, chain: list[int]) -> float:
        """The planner's cost of a chain: kilometres plus the fairness terms."""
        n = len(chain)
        return self.chain_km(d, chain) + n * self.fair[d] + self.busy * max(0, n - self.fair_count)

    def follows(self, i: int, j: int, d: int) -> bool:
        k = np.searchsorted(self.preds[j], i)
        return k < len(self.preds[j]) and self.preds[j][k] == i and np.isfinite(self.arc[j][k, d])

    def cheapest(self, ride_dual: np.ndarray, below: np.ndarray, per_driver: int = 3):
        """Each driver's least chain cost less the duals of its rides (for the bound), and up
        to *per_driver* chains per driver where that is below ``below[d]``.

        The labels hold, for each ride j, count of rides k and driver d, the least reduced cost
        of a chain from home ending with j; the count is kept because rides beyond a fair day
        cost extra.
        """
        R, D, K = self.n_r, self.n_d, COUNTS
        dual = ride_dual[:, None] if ride_dual.ndim == 1 else ride_dual                # per ride, or per ride and driver
        node = self.ride_km[:, None] + self.fair[None, :] - dual                      # (R, D)
        node = np.where(self.able, node, np.inf)
        label = np.full((K, R, D), np.inf)
        came = np.full((K, R, D), -1, dtype=np.int64)   # flattened (k', position of i) before j
        label[0] = self.out + node
        extra = np.array([self.busy if k + 1 > self.fair_count else 0.0 for k in range(K)])[:, None]
        states = np.arange(K)[:, None] * R
        for j in range(R):
            p = self.preds[j]
            if not len(p):
                continue
            via = label[:, p, :] + self.arc[j][None, :, :]                    # (K, |p|, D)
            best = via.argmin(axis=1)                                         # (K, D)
            value = np.take_along_axis(via, best[:, None, :], axis=1)[:, 0, :]
            source = states + p[best]
            # one ride more: count k-1 → k, and "K or more" stays K or more
            stay = value[K - 1] < value[K - 2]
            label[1:K - 1, j] = value[:K - 2] + node[j] + extra[1:K - 1]
            came[1:K - 1, j] = source[:K - 2]
            label[K - 1, j] = np.where(stay, value[K - 1], value[K - 2]) + node[j] + extra[K - 1]
            came[K - 1, j] = np.where(stay, source[K - 1], source[K - 2])
        closed = label + self.back[None, :, :]
        flat = closed.reshape(K * R, D)
        least = flat.min(axis=0) if R else np.zeros(D)
        chains = []
        for d in range(D):
            for state in np.argsort(flat[:, d])[:per_driver]:
                if flat[state, d] >= below[d] - 1e-6:
                    break
                chains.append((d, self._walk(came, int(state), d)))
        return chains, least

    def _walk(self, came: np.ndarray, state: int, d: int) -> list[int]:
        chain = []
        k, j = divmod(state, self.n_r)
        while True:
            chain.append(j)
            previous = came[k, j, d]
            if previous < 0:
                return chain[::-1]
            k, j = divmod(int(previous), self.n_r)
