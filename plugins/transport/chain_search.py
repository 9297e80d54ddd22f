"""Local search over a day's chains (``chains.py``): the planner's last step.

A chain's rides are in start order, so a driver's chain is just the set of its rides, and
whether it can be driven depends only on neighbours: each ride and the next must be
``Day.follows``. Putting ride r into a driver's chain therefore changes only the link from
the ride before it to the one after it, and all drivers can be tried at once: that is what
``Chains.insertion`` does, over NumPy arrays of every driver's neighbours of r.

``improve`` moves rides, one at a time, to the driver where they cost least (including
rides nobody drives yet), until no move saves anything. ``exchange_tails`` (2-opt*) lets two
drivers swap the rest of their day from some moment on; ``Tails`` keeps, per chain, what its
rides from each one on cost any driver, so that all moments of a pair are priced at once.
``make_room`` plans a ride nobody drives by moving the rides in its way elsewhere.
``search`` runs the three by turns; plugins/transport/README.md says what it gains.
"""
from __future__ import annotations

import time

import numpy as np

from plugins.transport.chains import Day

#: a move must save at least this much (kilometres) to be made: no churning on rounding
SAVES = 1e-6


class Chains:
    """Every driver's chain of the day, with what it costs, changed one ride at a time."""

    def __init__(self, day: Day, chains: dict[int, list[int]]):
        self.day = day
        self.member = np.zeros((day.n_d, day.n_r), dtype=bool)  # member[d, r]: d drives r
        self.driver = np.full(day.n_r, -1)
        for d, chain in chains.items():
            self.member[d, chain] = True
            self.driver[chain] = d
        self.count = self.member.sum(axis=1)
        self.links = day.links()

    def chains(self) -> dict[int, list[int]]:
        return {d: [int(r) for r in np.nonzero(self.member[d])[0]] for d in range(self.day.n_d) if self.count[d]}

    def neighbours(self, r: int) -> tuple[np.ndarray, np.ndarray]:
        """For each driver, the ride of its chain just before r and just after it (-1: none)."""
        none = np.full(self.day.n_d, -1)
        before, after = self.member[:, :r], self.member[:, r + 1:]
        prev = np.where(before.any(axis=1), r - 1 - before[:, ::-1].argmax(axis=1), -1) if r else none
        nxt = np.where(after.any(axis=1), r + 1 + after.argmax(axis=1), -1) if r + 1 < self.day.n_r else none
        return prev, nxt

    def _link(self, i: np.ndarray, j: np.ndarray, drivers: np.ndarray) -> np.ndarray:
        """Kilometres from ride i to ride j for each driver (i = -1: from home; j = -1: home)."""
        day = self.day
        inner = self.links[np.maximum(i, 0), np.maximum(j, 0), drivers]
        value = np.where(i < 0, day.out[np.maximum(j, 0), drivers], np.where(j < 0, day.back[np.maximum(i, 0), drivers], inner))
        return np.where((i < 0) & (j < 0), 0.0, value)

    def _busy(self, counts: np.ndarray) -> np.ndarray:
        """What one more ride adds for being beyond a fair day, at these counts before it."""
        return np.where(counts + 1 > self.day.fair_count, self.day.busy, 0.0)

    def insertion(self, r: int) -> np.ndarray:
        """What putting ride r into each driver's chain adds (inf where it cannot go)."""
        day, drivers = self.day, np.arange(self.day.n_d)
        prev, nxt = self.neighbours(r)
        added = (self._link(prev, np.full_like(prev, r), drivers) + self._link(np.full_like(nxt, r), nxt, drivers)
                 - self._link(prev, nxt, drivers) + day.ride_km[r] + day.fair + self._busy(self.count))
        added = np.where(day.able[r] & ~self.member[:, r], added, np.inf)
        return np.where(np.isnan(added), np.inf, added)

    def removal(self, r: int) -> float:
        """What taking ride r out of its driver's chain saves (inf if the rest cannot be driven)."""
        d = int(self.driver[r])
        self.member[d, r] = False
        self.count[d] -= 1
        try:
            added = self.insertion(r)[d]
        finally:
            self.member[d, r] = True
            self.count[d] += 1
        return float(added)

    def move(self, r: int, d: int) -> None:
        """Ride r to driver d (-1: nobody)."""
        old = int(self.driver[r])
        if old >= 0:
            self.member[old, r] = False
            self.count[old] -= 1
        if d >= 0:
            self.member[d, r] = True
            self.count[d] += 1
        self.driver[r] = d

    def cost(self, unplanned: float) -> float:
        day = self.day
        return sum(day.chain_cost(d, c) for d, c in self.chains().items()) + unplanned * int((self.driver < 0).sum())


def improve(chains: Chains, unplanned: float, passes: int = 10) -> int:
    """Move rides one by one to where they cost least, until a pass saves nothing; returns
    how many moves were made. A ride nobody drives costs *unplanned*."""
    moves = 0
    for _ in range(passes):
        moved = 0
        for r in range(chains.day.n_r):
            d = int(chains.driver[r])
            saved = chains.removal(r) if d >= 0 else unplanned
            if not np.isfinite(saved):
                continue
            added = chains.insertion(r)
            if d >= 0:
                added[d] = np.inf
            best = int(added.argmin())
            if added[best] < saved - SAVES:
                chains.move(r, best)
                moved += 1
        moves += moved
        if not moved:
            break
    return moves


class Tails:
    """Each chain's kilometres from each of its rides on, as every driver would drive them,
    so that exchanging the tails of two chains (2-opt*) is priced without walking them."""

    def __init__(self, chains: Chains):
        self.chains, self.day = chains, chains.day
        self.rides: dict[int, np.ndarray] = {}
        self.head: dict[int, np.ndarray] = {}
        self.tail: dict[int, np.ndarray] = {}
        self.able: dict[int, np.ndarray] = {}
        for d in range(self.day.n_d):
            self.update(d)

    def update(self, d: int) -> None:
        """Driver d's chain changed. ``tail[k, y]``: rides k… driven by y, from the first
        pickup to y's home; ``head[k]``: rides …k-1 driven by d, from home to the last
        drop-off; ``able[k, y]``: y can drive every ride from k on."""
        day, rides = self.day, np.nonzero(self.chains.member[d])[0]
        n = len(rides)
        self.rides[d] = rides
        if not n:
            self.tail[d] = np.zeros((1, day.n_d))
            self.head[d] = np.zeros(1)
            self.able[d] = np.ones((1, day.n_d), dtype=bool)
            return
        leg = np.vstack([self.chains.links[rides[:-1], rides[1:], :], day.back[rides[-1:], :]])  # after ride k
        on = day.ride_km[rides][:, None] + leg
        self.tail[d] = np.vstack([np.cumsum(on[::-1], axis=0)[::-1], np.zeros((1, day.n_d))])
        self.head[d] = np.concatenate([[0.0], day.out[rides[0], d] + np.cumsum(on[:, d]) - leg[:, d]])
        self.able[d] = np.vstack([np.cumprod(day.able[rides][::-1], axis=0)[::-1].astype(bool),
                                  np.ones((1, day.n_d), dtype=bool)])

    def joined(self, a: int, k_a: np.ndarray, b: int, k_b: np.ndarray) -> np.ndarray:
        """What driver a's chain costs when it keeps its first k_a rides and then drives b's
        rides from k_b on (inf where it cannot), for arrays of cut points."""
        day, mine, theirs = self.day, self.rides[a], self.rides[b]
        n_b, count = len(theirs), k_a + len(theirs) - k_b
        last = mine[np.maximum(k_a - 1, 0)] if len(mine) else np.zeros_like(k_a)
        first = theirs[np.minimum(k_b, n_b - 1)] if n_b else np.zeros_like(k_b)
        link = self.chains.links[last, first, a] if len(mine) and n_b else np.full(k_a.shape, np.inf)
        out = day.out[first, a] if n_b else np.zeros(k_a.shape)
        back = day.back[last, a] if len(mine) else np.zeros(k_a.shape)
        km = np.where(k_a == 0, np.where(k_b == n_b, 0.0, out), self.head[a][k_a]
                      + np.where(k_b == n_b, back, link)) + self.tail[b][k_b, a]
        cost = km + count * day.fair[a] + day.busy * np.maximum(0, count - day.fair_count)
        return np.where(self.able[b][k_b, a], cost, np.inf)


def exchange_tails(chains: Chains, tails: Tails) -> int:
    """2-opt*: two drivers swap the rest of their day from some moment on, where that saves;
    returns how many exchanges were made."""
    made, day = 0, chains.day
    for a in range(day.n_d):
        for b in range(a + 1, day.n_d):
            mine, theirs = tails.rides[a], tails.rides[b]
            if not len(mine) and not len(theirs):
                continue
            cuts = np.union1d(mine, theirs)
            k_a, k_b = np.searchsorted(mine, cuts), np.searchsorted(theirs, cuts)
            now = tails.joined(a, np.array([len(mine)]), a, np.array([len(mine)]))[0] \
                + tails.joined(b, np.array([len(theirs)]), b, np.array([len(theirs)]))[0]
            after = tails.joined(a, k_a, b, k_b) + tails.joined(b, k_b, a, k_a)
            best = int(after.argmin())
            if after[best] < now - SAVES:
                for r in theirs[k_b[best]:]:
                    chains.move(int(r), a)
                for r in mine[k_a[best]:]:
                    chains.move(int(r), b)
                tails.update(a)
                tails.update(b)
                made += 1
    return made


def make_room(chains: Chains, r: int, unplanned: float) -> bool:
    """Plan ride r, nobody's yet, by taking out of a driver's chain the rides in its way and
    putting those where they cost least (or leaving them unplanned), if that costs less than
    leaving r out; returns whether it did. Tries every driver who can drive r."""
    day, best = chains.day, None
    for d in np.nonzero(day.able[r])[0]:
        d = int(d)
        undo, delta = [], -unplanned
        for x in _in_the_way(chains, r, d):
            delta -= chains.removal(x)
            chains.move(x, -1)
            undo.append(x)
        added = chains.insertion(r)[d]
        if np.isfinite(delta) and np.isfinite(added):
            chains.move(r, d)
            delta += added
            for x in undo:
                costs = chains.insertion(x)
                to = int(costs.argmin())
                delta += min(costs[to], unplanned)
                chains.move(x, to if costs[to] < unplanned else -1)
            if delta < -SAVES and (best is None or delta < best[0]):
                best = (delta, {x: int(chains.driver[x]) for x in [r, *undo]})
        for x in [r, *undo]:  # back as it was, to try the next driver
            chains.move(x, -1)
        for x in undo:
            chains.move(x, d)
    if best is None:
        return False
    for x, to in best[1].items():
        chains.move(x, to)
    return True


def _in_the_way(chains: Chains, r: int, d: int) -> list[int]:
    """The rides of d's chain that r cannot be driven between: before it, those it cannot
    follow on from, and those after it that cannot follow on from it."""
    day = chains.day
    rides = np.nonzero(chains.member[d])[0]
    return [int(x) for x in rides if (x < r and not day.follows(int(x), r, d)) or (x > r and not day.follows(r, int(x), d))]


def search(chains: Chains, unplanned: float, rounds: int = 20, deadline: float = float("inf")) -> None:
    """Rides made room for, moves and tail exchanges by turns, until a round of exchanges
    finds nothing or the deadline (``time.perf_counter()``) passes."""
    for _ in range(rounds):
        for r in np.nonzero(chains.driver < 0)[0]:
            if time.perf_counter() >= deadline:
                return
            make_room(chains, int(r), unplanned)
        if time.perf_counter() >= deadline:
            return
        improve(chains, unplanned)
        if time.perf_counter() >= deadline or not exchange_tails(chains, Tails(chains)):
            return
