"""Disclosure control: small cells are suppressed, and a total never gives a hidden part away."""
from __future__ import annotations

import pytest

from core.errors import NoaberError
from core.federation.disclosure import Policy, protect
from core.metrics import Measure, Metric


def metric(name, parts=()):
    return Metric(f"t.{name}", name, "rides", "events", lambda *_: None, parts=parts)


TOTAL = metric("total", parts=("t.a", "t.b", "t.c"))
A, B, C = metric("a"), metric("b"), metric("c")


def cells(results, k=5):
    return {cell["metric"]: (cell["value"], cell["status"]) for cell in protect(results, Policy(k))}


def test_values_from_fewer_than_k_persons_are_suppressed_zero_stays_zero():
    got = cells([(A, Measure(12, 7)), (B, Measure(3, 2)), (C, Measure(0, 0))])
    assert got == {"t.a": (12, "ok"), "t.b": (None, "suppressed"), "t.c": (0, "zero")}


def test_a_lone_hidden_part_takes_the_total_with_it():
    got = cells([(TOTAL, Measure(40, 20)), (A, Measure(25, 12)), (B, Measure(12, 6)), (C, Measure(3, 2))])
    assert got == {"t.total": (None, "suppressed"), "t.a": (25, "ok"), "t.b": (12, "ok"), "t.c": (None, "suppressed")}


def test_two_hidden_parts_leave_the_total_alone():
    got = cells([(TOTAL, Measure(40, 20)), (A, Measure(34, 12)), (B, Measure(3, 2)), (C, Measure(3, 2))])
    assert got["t.total"] == (40, "ok")  # 40 − 34 = 6 is b and c together, not either of them


def test_k_can_be_raised_but_never_below_three():
    assert cells([(A, Measure(12, 7))], k=8) == {"t.a": (None, "suppressed")}
    with pytest.raises(NoaberError, match="at least 3"):
        Policy(2)
