"""The ride planner against the greedy nearest-free-driver baseline, on one synthetic day.

    .venv/bin/python benchmarks/transport_planner.py [--rides 300] [--drivers 60] [--seconds 2] [--seed 2026]

Both plan the same rides with the same drivers (wheelchairs, leave, expired checks,
capability and distance limits, overlapping appointments), and both are costed the same way:
the kilometres each driver's day really takes (drive on from a drop-off to the next pickup,
home in between only after a long wait; ``plugins/transport/chains.py``). Reported:
kilometres, unplanned rides, the planner's gap to the bound it proved, and run times.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from random import Random

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from plugins.transport import synthetic  # noqa: E402
from plugins.transport.planner import Problem, check, greedy, plan, prepare  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rides", type=int, default=300)
    parser.add_argument("--drivers", type=int, default=60)
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=1,
                        help="plan the day this many times: local search is random, and how far it gets depends on "
                             "timing")
    args = parser.parse_args()
    rng, day = Random(args.seed), date(2026, 11, 23)
    problem = Problem(synthetic.day_of_rides(rng, day, args.rides), synthetic.drivers(rng, day, args.drivers))
    loading = prepare()  # as plan() does once per process, outside its clock: compiled code ready
    baseline = greedy(problem)
    runs = sorted((plan(problem, time_limit=args.seconds) for _ in range(args.repeat)), key=lambda r: r.gap)
    result = runs[len(runs) // 2]  # the median run
    assert check(problem, baseline.assignments) == [] and all(check(problem, r.assignments) == [] for r in runs)
    print(f"{args.rides} rides, {args.drivers} drivers, seed {args.seed}, time limit {args.seconds} s\n")
    print(f"{'':28}{'planner':>12}{'greedy':>12}   aim")
    print(f"{'kilometres':28}{result.kilometres:>12.0f}{baseline.kilometres:>12.0f}   planner ≥ 15 % fewer"
          f" ({1 - result.kilometres / baseline.kilometres:.1%})")
    print(f"{'unplanned rides':28}{len(result.unplanned):>12}{len(baseline.unplanned):>12}   planner ≤ greedy")
    print(f"{'objective':28}{result.objective:>12.1f}{baseline.objective:>12.1f}")
    print(f"{'gap to proven bound':28}{result.gap:>12.2%}{'':>12}   ≤ 1 % (bound {result.bound:.1f})")
    print(f"{'run time, s':28}{result.seconds:>12.2f}{baseline.seconds:>12.2f}   < 2 s")
    if args.repeat > 1:
        print(f"{'over ' + str(args.repeat) + ' runs':28}gap {runs[0].gap:.2%} to {runs[-1].gap:.2%}, kilometres "
              f"{min(r.kilometres for r in runs):.0f} to {max(r.kilometres for r in runs):.0f}, "
              f"{min(r.seconds for r in runs):.2f} to {max(r.seconds for r in runs):.2f} s (the median run above)")
    print(f"\nplanner: {result.status}; making the compiled code ready (prepare) first took {loading:.2f} s"
          " (once per process)")
    print(f"unplanned, planner: {dict(Counter(result.unplanned.values()))}; "
          f"greedy: {dict(Counter(baseline.unplanned.values()))}")


if __name__ == "__main__":
    main()
