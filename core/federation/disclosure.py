"""Disclosure control at the source: what leaves a tenant cannot single anyone out.

A value computed from fewer than *k* distinct persons is suppressed (k = 5 by default,
never below 3). Where a metric is declared as the total of others, and exactly one of its
parts would be suppressed while the total and the rest are published, the total minus the
rest would give the hidden part away: then the total is suppressed too (secondary
suppression). The total rather than another part, because the parts (rides completed,
unmet need) are what coalitions look at; the total only adds them up. Every coalition gets the same protected
values, so that comparing what two coalitions received reveals nothing more.
"""
from __future__ import annotations

from dataclasses import dataclass

from core.errors import NoaberError

MIN_K = 3
DEFAULT_K = 5


@dataclass(frozen=True)
class Policy:
    k: int = DEFAULT_K

    def __post_init__(self):
        if self.k < MIN_K:
            raise NoaberError(f"k must be at least {MIN_K}; {self.k} would let small groups be recognised")

    def describe(self) -> dict:
        return {"policy": "k-threshold", "k": self.k}


def protect(results, policy: Policy) -> list[dict]:
    """``[{metric, value, status}]`` from ``[(Metric, Measure)]``, ready for an envelope."""
    cells = {metric.id: _primary(metric, measure, policy) for metric, measure in results}
    while any([_secondary(cells, metric) for metric, _measure in results]):
        pass  # hiding one cell can expose another total: repeat until nothing changes
    return [cells[metric.id] for metric, _ in results]


def _primary(metric, measure, policy: Policy) -> dict:
    if measure.value == 0:
        return {"metric": metric.id, "value": 0, "status": "zero"}
    if measure.persons < policy.k:
        return {"metric": metric.id, "value": None, "status": "suppressed"}
    value = int(measure.value) if float(measure.value).is_integer() else round(float(measure.value), 1)
    return {"metric": metric.id, "value": value, "status": "ok"}


def _secondary(cells: dict, total_metric) -> bool:
    """Hide one more cell if the total would give a lone suppressed part away; True if it did."""
    parts = [cells[p] for p in total_metric.parts if p in cells]
    total = cells.get(total_metric.id)
    hidden = [c for c in parts if c["status"] == "suppressed"]
    if total is None or total["status"] == "suppressed" or len(hidden) != 1:
        return False
    total.update(value=None, status="suppressed")
    return True
