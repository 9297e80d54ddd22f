"""The planner's compiled code is made ready once per process, before a plan's clock runs."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

PREPARE_THEN_PLAN = textwrap.dedent("""
    from datetime import date
    from random import Random
    from numba.core.registry import CPUDispatcher
    from plugins.transport import chain_search, kernels, segments, synthetic
    from plugins.transport.planner import Problem, plan, prepare

    def compiled():
        return {(module.__name__, name): len(function.signatures) for module in (kernels, chain_search, segments)
                for name, function in vars(module).items() if isinstance(function, CPUDispatcher)}

    prepare()
    ready = compiled()
    rng, day = Random(11), date(2026, 11, 23)
    result = plan(Problem(synthetic.day_of_rides(rng, day, 80), synthetic.drivers(rng, day, 16)), time_limit=10)
    print(ready[("plugins.transport.chain_search", "perturb")], compiled() == ready, result.gap < 0.1)
""")


def test_after_prepare_a_plan_has_nothing_left_to_compile():
    # a new process, as a server's worker is: what other tests planned here does not count
    proc = subprocess.run([sys.executable, "-c", PREPARE_THEN_PLAN], capture_output=True, text=True, cwd=REPO,
                          timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["1", "True", "True"]  # the search ran in prepare, and the plan searched too


def test_noaber_transport_prepare_says_when_the_planner_is_ready(cli):
    result = cli("transport", "prepare")
    assert result.code == 0 and "The ride planner is ready" in result.out


def test_the_demo_compiles_the_planner_in_a_child_process(noaber_env):
    from plugins.transport.demo import prepare_planner_in_background
    prepare_planner_in_background.cache_clear()  # not the child of a demo that ran before in this process
    child = prepare_planner_in_background()
    assert prepare_planner_in_background() is child  # once per demo
    assert child.args[-2:] == ["transport", "prepare"] and child.wait(timeout=600) == 0
