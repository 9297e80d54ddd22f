"""Many drivers exchange parts of their day at once: the segment move of the local search.

``chain_search``'s pair split re-plans two drivers at a time. Some better plans need three
or more to change together: Anna takes Bert's rides between ten and twelve, Bert takes
Carla's, Carla takes Anna's. For one *window* of the day (the rides from position t1 up to
t2 in start order), each driver keeps their rides before and after it and takes the
window's rides of exactly one driver: their own, someone else's, or none (a driver who
drives nothing in the window has an empty segment to offer). Which driver takes whose
segment is a linear assignment problem, solved exactly by SciPy's
``linear_sum_assignment``; its cost for driver d and segment s is what d's day costs with s
in the middle: the kilometres to, through and from the segment, its rides' kilometres and
fairness weight, and the busy-day term for d's new number of rides.

``exchange_segments`` sweeps windows of a few widths over the day, each overlapping the
last by half. On the benchmark day a sweep solves 264 assignments in about 45 ms (35 to
cost them, 12 to solve them).
"""
from __future__ import annotations

import numpy as np
from numba import njit
from scipy.optimize import linear_sum_assignment

from plugins.transport.kernels import driven_km

#: window widths, in rides, swept in this order, each window overlapping the last by half;
#: first comes the whole day (drivers exchange the rest of their day from its first ride)
WIDTHS = (5, 10, 20, 40, 80)
#: a segment a driver cannot drive (any finite cost is far below this)
CANNOT = 1e9


def exchange_segments(owner: np.ndarray, users: np.ndarray, args: tuple) -> np.ndarray:
    """One sweep of segment exchanges over the day among drivers *users*; *owner* is changed
    in place. Returns which drivers' days changed (a flag per driver)."""
    R = owner.shape[0]
    changed = np.zeros(args[0].shape[0], dtype=bool)
    windows = [(0, R)] + [(t1, min(R, t1 + width)) for width in WIDTHS for t1 in range(0, R, max(1, width // 2))]
    for t1, t2 in windows:
        changed[exchange_window(owner, users, t1, t2, args)] = True
    return changed


def exchange_window(owner: np.ndarray, users: np.ndarray, t1: int, t2: int, args: tuple) -> np.ndarray:
    """The best exchange of the segments in rides t1..t2-1 (``owner`` changed in place when
    it saves anything); returns the drivers who took another segment."""
    cost = segment_costs(owner, users, t1, t2, *args)
    rows, cols = linear_sum_assignment(cost)
    moved = rows != cols
    if cost[rows, rows].sum() - cost[rows, cols].sum() <= 1e-6:
        return users[:0]
    window = owner[t1:t2].copy()
    for i, j in zip(rows[moved], cols[moved], strict=True):
        owner[t1:t2][window == users[j]] = users[i]
    return users[rows[moved]]


@njit(cache=True, nogil=True)
def segment_costs(owner, users, t1, t2, pos, into, out, back, ride_km, fair, busy, fair_count, unplanned):
    """The assignment's costs for the window of rides t1..t2-1: ``cost[i, j]`` what the day of
    driver ``users[i]`` costs with the window's rides of ``users[j]`` (less what does not
    depend on j), ``CANNOT`` where they cannot drive them."""
    U = users.shape[0]
    index = np.full(pos.shape[0], -1, np.int64)
    for i in range(U):
        index[users[i]] = i
    head, tail, rides, seg, size = _window_parts(owner, index, U, t1, t2)
    cost = np.full((U, U), CANNOT)
    for i in range(U):
        _cost_row(cost, i, users[i], rides[i] - size[i], head[i], tail[i], seg, size, pos, into, out, back, ride_km,
                  fair, busy, fair_count)
    return cost


@njit(cache=True, nogil=True, inline="always")
def _window_parts(owner, index, U, t1, t2):
    """For each of the U drivers (``index``: a driver's row, -1 for none), around the window
    t1..t2-1: the last ride before it, the first after it (-1: none), how many rides in all,
    and the window's rides (``seg``, the first ``size`` of each row)."""
    head = np.full(U, -1, np.int64)   # each one's last ride before the window
    tail = np.full(U, -1, np.int64)   # and first after it
    rides = np.zeros(U, np.int64)     # and how many rides in all
    seg = np.empty((U, max(1, t2 - t1)), np.int64)
    size = np.zeros(U, np.int64)
    for r in range(owner.shape[0]):
        d = owner[r]
        if d < 0 or index[d] < 0:
            continue
        i = index[d]
        rides[i] += 1
        if r < t1:
            head[i] = r
        elif r < t2:
            seg[i, size[i]] = r
            size[i] += 1
        elif tail[i] < 0:
            tail[i] = r
    return head, tail, rides, seg, size


@njit(cache=True, nogil=True, inline="always")
def _cost_row(cost, i, d, rest, head, tail, seg, size, pos, into, out, back, ride_km, fair, busy, fair_count):
    """Row i of the costs: driver d, with *rest* rides outside the window, the last before
    it *head* and the first after it *tail* (-1: none), taking each segment in turn."""
    for j in range(seg.shape[0]):
        total, last = 0.0, head
        for k in range(size[j]):
            r = seg[j, k]
            if pos[d, r] < 0:
                total = np.inf
                break
            total += driven_km(pos, into, out, back, last, r, d) + ride_km[r] + fair[d]
            last = r
        total += driven_km(pos, into, out, back, last, tail, d)  # 0 for a driver with no rides
        n = rest + size[j]
        if n > fair_count:
            total += busy * (n - fair_count)
        if total < np.inf:
            cost[i, j] = total
