"""The planner's inner loops, compiled with Numba.

Pricing a chain for every driver (``price``) runs some 700,000 link relaxations per call and
column generation calls it a hundred times and more; in NumPy it took 35 ms a call, here 5,
and 3 since it takes the links home in between from a running minimum (``home_links``).
Functions are compiled on first use and cached on disk (``cache=True``), and release the
GIL (``nogil=True``), so a planning thread does not hold up the web worker's others.
The steps of ``price`` are functions of their own, inlined into it by Numba
(``inline="always"``): called as functions, pricing took 25 to 60 % longer.

A day's *graph* is the tuple ``(start, end, direct, out, back, window, limits)``, all in
start order of the rides: pickup and drop-off times in seconds, kilometres from each
drop-off to each pickup, from each driver's home to each pickup and from each drop-off
home, which availability window of a driver each ride falls in, and ``limits`` = (speed in
km per second, longest wait in seconds before a driver goes home in between).
"""
from __future__ import annotations

import numpy as np
from numba import njit

INF = np.inf


@njit(cache=True, nogil=True)
def hop(direct_km, idle, via_home_km, same_window, dropped_at, pickup_at, speed, wait):
    """The going-home rule, on scalars: kilometres from a drop-off to the next pickup given
    the straight distance, the idle time when driving straight on (seconds), the distance
    via home, and whether both rides are in the same availability window of the driver. A
    driver drives straight on unless the rides are in two windows, or the wait is longer
    than *wait* and there is time to go home in between; inf if there is no time at all.
    (Scalars only: a Numba call with array arguments costs 100 ns in an inner loop.)"""
    if idle < 0:
        return INF
    if not same_window:
        return via_home_km
    if idle > wait and dropped_at + via_home_km / speed <= pickup_at:
        return via_home_km
    return direct_km


@njit(cache=True, nogil=True)
def link(graph, i, j, d):
    """Kilometres driver d drives from ride i's drop-off to ride j's pickup (``hop``); inf if
    j cannot follow i. i = -1 is the driver's home in the morning, j = -1 home at night."""
    start, end, direct, out, back, window, limits = graph
    if i < 0:
        return 0.0 if j < 0 else out[j, d]
    if j < 0:
        return back[i, d]
    km = direct[i, j]
    return hop(km, start[j] - end[i] - km / limits[0], back[i, d] + out[j, d], window[i, d] == window[j, d],
               end[i], start[j], limits[0], limits[1])


@njit(cache=True, nogil=True)
def chain_km(graph, ride_km, chain, d):
    """Kilometres driver d drives for *chain* (ride positions in start order), from home and
    back; inf if a ride cannot follow the one before. Column generation costs some 3,000
    chains a plan: through ``link`` from Python that took 0.1 s, a tenth of the bound's time."""
    if chain.shape[0] == 0:
        return 0.0
    km, last = 0.0, -1
    for k in range(chain.shape[0]):
        km += link(graph, last, chain[k], d) + ride_km[chain[k]]
        last = chain[k]
    return km + link(graph, last, -1, d)


@njit(cache=True, nogil=True)
def driver_links(graph, able):
    """Each driver's links between the rides they can drive, as dense per-driver arrays.

    ``mine[d, a]`` is the ride at position a of driver d's rides (in start order; -1 past
    ``count[d]``), ``pos[d, r]`` the position of ride r (-1 if d cannot drive it), and
    ``into[d, b, a]`` the kilometres from the ride at position a to the one at b (a < b;
    inf where it cannot follow). D·M² floats, M the most rides one driver can drive: up to
    43 MB for the benchmark's 300 rides and 60 drivers, less where drivers are limited.
    """
    start, end, direct, out, back, window, limits = graph
    speed, wait = limits[0], limits[1]
    R, D = able.shape
    count = np.zeros(D, np.int64)
    for d in range(D):
        for r in range(R):
            count[d] += able[r, d]
    M = max(1, count.max()) if D else 1
    mine = np.full((D, M), -1, np.int64)
    pos = np.full((D, R), -1, np.int64)
    into = np.full((D, M, M), INF)
    for d in range(D):
        n = 0
        for r in range(R):
            if able[r, d]:
                mine[d, n] = r
                pos[d, r] = n
                n += 1
        for b in range(n):
            j = mine[d, b]
            for a in range(b):
                i = mine[d, a]
                km = direct[i, j]
                into[d, b, a] = hop(km, start[j] - end[i] - km / speed, back[i, d] + out[j, d],
                                    window[i, d] == window[j, d], end[i], start[j], speed, wait)
    return mine, count, pos, into


@njit(cache=True, nogil=True)
def home_links(graph, mine, count, into):
    """What pricing needs to try far fewer links: most links of a driver's day go home in
    between, and those need not be tried one by one.

    A driver who goes home after ride i and leaves again for ride j drives back[i] +
    out[j]: what i adds does not depend on j, so the best of all such i is one lookup in a
    running minimum, if the rides are taken in the order in which the driver is home again
    (``rank``). Ride j can be reached that way from the first ``reach[d, b]`` of them,
    those home before j's driver must leave. Every other link (driving straight on after
    a wait of at most ``WAIT_AT_MOST`` or without time to go home, or between two
    availability windows) comes from a ride at position ``nearest[d, b]`` or later: those
    are tried one by one, each at its own kilometres (``into``), whichever way it goes. On
    the benchmark day that is 35 rides back on average, of some 130.

    Where a link is both "home in between" and tried one by one, the running minimum
    counts it via home, which is never shorter than its own kilometres (a straight drive
    is no longer than one via home, by the triangle inequality of the road distance; and
    via home is what a long wait drives): so counting it twice changes nothing.
    """
    start, end, direct, out, back, window, limits = graph
    speed = limits[0]
    D, M = mine.shape
    home_again, leave = np.empty(M), np.empty(M)
    rank = np.zeros((D, M), np.int64)
    reach = np.zeros((D, M), np.int64)
    nearest = np.zeros((D, M), np.int64)
    for d in range(D):
        n = count[d]
        for b in range(n):
            j = mine[d, b]
            home_again[b], leave[b] = end[j] + back[j, d] / speed, start[j] - out[j, d] / speed
        order = np.argsort(home_again[:n], kind="mergesort")
        for k in range(n):
            rank[d, order[k]] = k
        sorted_home = home_again[:n][order]
        for b in range(n):
            reach[d, b] = np.searchsorted(sorted_home, leave[b], side="right")
            nearest[d, b] = b
            for a in range(b):
                via_home = home_again[a] <= leave[b] and into[d, b, a] == back[mine[d, a], d] + out[mine[d, b], d]
                if into[d, b, a] < INF and not via_home:
                    nearest[d, b] = a
                    break
    return nearest, rank, reach


@njit(cache=True, nogil=True)
def price(mine, count, into, nearest, rank, reach, node, out, back, busy, fair_count, counts, first, last, wanted,
          label, came, least, top_state, top_value):
    """Each driver's chains of least reduced cost, by dynamic programming over the rides in
    start order, for drivers *first* to *last* - 1 (drivers are independent, so two threads
    can each take a share).

    ``node[j, d]``: what ride j adds to d's chain (its kilometres and fairness weight, less
    its dual). A label is the least reduced cost of a chain from home ending with the ride
    at position b after k + 1 rides, k < *counts*, the last count meaning "that many or
    more": each ride from ``fair_count`` + 1 on costs *busy* more. A ride's predecessors
    are the rides from ``nearest`` on, tried one by one, and the rides the driver can go
    home after in between, through a prefix minimum (a Fenwick tree over ``rank``) of
    their labels plus the way home (``home_links``).

    Only drivers *wanted* are priced, and rides with an infinite ``node`` (fixed by a dive)
    are skipped: a dive prices fewer drivers and rides at each fix.

    Fills, for its drivers, ``label`` and ``came`` (the state before each state, to walk a
    chain back; both start as inf and -1), each driver's least closed cost (home at night
    included) in ``least``, and its best end states (``position * counts + k``) with their
    costs in ``top_state`` and ``top_value`` (starting as -1 and inf).
    """
    M = mine.shape[1]
    best = np.empty(counts)
    arg = np.empty(counts, np.int64)
    tree = np.empty((M + 1, counts))          # prefix minima of label + way home, by rank
    tree_arg = np.empty((M + 1, counts), np.int64)
    for d in range(first, last):
        if wanted[d]:
            _price_driver(d, mine, count, into, nearest, rank, reach, node, out, back, busy, fair_count, counts,
                          label, came, least, top_state, top_value, best, arg, tree, tree_arg)


@njit(cache=True, nogil=True, inline="always")
def _price_driver(d, mine, count, into, nearest, rank, reach, node, out, back, busy, fair_count, counts,
                  label, came, least, top_state, top_value, best, arg, tree, tree_arg):
    """``price`` for driver d: its labels over its rides in start order. *best*, *arg*, *tree*
    and *tree_arg* are work space (the predecessors' best and the Fenwick tree)."""
    n = count[d]
    tree[:n + 1] = INF
    tree_arg[:n + 1] = -1
    for b in range(n):
        j = mine[d, b]
        here = node[j, d]
        if here == INF:
            continue  # a fixed ride: its labels stay inf, and inf goes into no prefix minimum
        label[d, b, 0] = out[j, d] + here
        _home_first(tree, tree_arg, reach[d, b], out[j, d], best, arg, counts)
        _straight_on(label, into, d, b, nearest[d, b], best, arg, counts)
        _extend(label, came, d, b, best, arg, here, busy, fair_count, counts)
        _home_after(tree, tree_arg, label, d, b, rank[d, b] + 1, n, back[j, d], counts)
        _keep_closed(label, d, b, back[j, d], least, top_state, top_value, counts)


@njit(cache=True, nogil=True, inline="always")
def _home_first(tree, tree_arg, q, out_km, best, arg, K):
    """The best of the rides the driver can go home after first, and from home to this ride
    (*out_km*), into *best* and *arg*: a prefix minimum of the Fenwick tree up to *q*."""
    for k in range(K):
        best[k] = INF
        arg[k] = -1
    while q > 0:
        for k in range(K):
            if tree[q, k] < best[k]:
                best[k] = tree[q, k]
                arg[k] = tree_arg[q, k]
        q -= q & -q
    for k in range(K):
        best[k] += out_km


@njit(cache=True, nogil=True, inline="always")
def _straight_on(label, into, d, b, nearest, best, arg, K):
    """The rides from position *nearest* to b - 1, tried one by one at their own kilometres."""
    for a in range(nearest, b):
        km = into[d, b, a]
        if km == INF:
            continue
        for k in range(K):
            value = label[d, a, k] + km
            if value < best[k]:
                best[k] = value
                arg[k] = a


@njit(cache=True, nogil=True, inline="always")
def _extend(label, came, d, b, best, arg, here, busy, fair_count, K):
    """The labels of the ride at position b after 2 and more rides, from *best*."""
    for k in range(1, K):
        # from k - 1 rides to k; the last count also from itself ("or more")
        source = k - 1
        if k == K - 1 and best[K - 1] < best[K - 2]:
            source = K - 1
        if arg[source] < 0:
            continue
        extra = busy if k + 1 > fair_count else 0.0
        label[d, b, k] = best[source] + here + extra
        came[d, b, k] = arg[source] * K + source


@njit(cache=True, nogil=True, inline="always")
def _home_after(tree, tree_arg, label, d, b, q, n, back_km, K):
    """The ride at position b, with the way home after it (*back_km*), into the prefix minima
    from rank *q* on."""
    while q <= n:
        for k in range(K):
            value = label[d, b, k] + back_km
            if value < tree[q, k]:
                tree[q, k] = value
                tree_arg[q, k] = b
        q += q & -q


@njit(cache=True, nogil=True, inline="always")
def _keep_closed(label, d, b, back_km, least, top_state, top_value, K):
    """The chains ending with the ride at position b, closed by the way home: into ``least``
    and, when among the best, into ``top_state`` and ``top_value`` (kept sorted)."""
    per_driver = top_state.shape[1]
    for k in range(K):
        closed = label[d, b, k] + back_km
        if closed < least[d]:
            least[d] = closed
        if closed < top_value[d, per_driver - 1]:
            s = per_driver - 1
            while s > 0 and top_value[d, s - 1] > closed:
                top_value[d, s] = top_value[d, s - 1]
                top_state[d, s] = top_state[d, s - 1]
                s -= 1
            top_value[d, s] = closed
            top_state[d, s] = b * K + k


@njit(cache=True, nogil=True)
def walk(came, mine, top_state, top_value, below, counts):
    """The chains ``price`` found, read back from ``came``: each driver's best end states
    whose cost is below ``below[d]``, as (driver, first, past-the-end) rows into one array
    of rides in start order. (In Python this took a sixth of a pricing call.)"""
    D, per_driver = top_state.shape
    rows = np.zeros((D * per_driver, 3), np.int64)
    rides = np.empty(D * per_driver * mine.shape[1], np.int64)
    n, used = 0, 0
    for d in range(D):
        for s in range(per_driver):
            state = top_state[d, s]
            if state < 0 or top_value[d, s] >= below[d] - 1e-6:
                break
            length = 0
            while state >= 0:
                length += 1
                state = came[d, state // counts, state % counts]
            state = top_state[d, s]
            for k in range(used + length - 1, used - 1, -1):
                rides[k] = mine[d, state // counts]
                state = came[d, state // counts, state % counts]
            rows[n, 0], rows[n, 1], rows[n, 2] = d, used, used + length
            n += 1
            used += length
    return rows[:n], rides[:used]


@njit(cache=True, nogil=True)
def driven_km(pos, into, out, back, i, j, d):
    """Kilometres d drives from ride i to ride j (-1: home), from ``driver_links``'s arrays;
    inf if d cannot. (The local search's form of ``link``: one lookup, no going-home rule.)"""
    if i < 0:
        return out[j, d] if j >= 0 else 0.0
    if j < 0:
        return back[i, d]
    a, b = pos[d, i], pos[d, j]
    if a < 0 or b < 0 or a >= b:
        return INF
    return into[d, b, a]
