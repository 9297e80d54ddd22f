"""gurobipy (proprietary) comes along as a declared dependency of pabutools 1.2.3, but counting does not
need it: with it hidden, a budget vote is counted all the same, and noaber's own code never imports it."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

COUNT_WITHOUT_GUROBIPY = """
import sys
sys.modules["gurobipy"] = None  # as if uninstalled: any import of it fails
from decimal import Decimal
from plugins.zeggenschap import counting
projects = [counting.Project(1, Decimal("600")), counting.Project(2, Decimal("400")),
            counting.Project(3, Decimal("400"))]
count = counting.count_budget(projects, [(1, 2)] * 6 + [(3,)] * 4, Decimal("1000"), "seed")
print(count.selected, count.greedy, sys.modules["gurobipy"])
"""


def test_a_budget_vote_is_counted_without_gurobipy():
    run = subprocess.run([sys.executable, "-c", COUNT_WITHOUT_GUROBIPY], capture_output=True, text=True,
                         cwd=REPO, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["[2,", "3]", "[1,", "2]", "None"]


def test_noaber_never_imports_gurobipy():
    sources = [path for folder in ("core", "plugins") for path in (REPO / folder).rglob("*.py")]
    assert sources and not [path for path in sources if "gurobipy" in path.read_text(encoding="utf-8")]
