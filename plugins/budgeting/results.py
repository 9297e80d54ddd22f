"""The results of a grant's period from the other plugins' metrics (rides driven, day activities held…).

Metrics are computed per month; over a period they combine as each one's nature allows: events,
hours, kilometres add up; distinct persons do not (the same rider rides every month), so the highest
month is shown; a rate or a median is averaged over the months it was measured in, weighted by the
persons behind it. Budgeting's own money metrics are left out: the report has the money already."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from core.toolkit import Measure, Metric, Month, _l

#: how a result was combined over the months, as the report says it
HOW = {"total": _l("total"), "highest": _l("highest in a month"), "average": _l("average per month"),
       "lowest": _l("lowest in a month")}


@dataclass
class Result:
    label: str
    value: Decimal
    unit: str
    how: str


#: each month costs a round of every metric: a grant runs at most five years (the API refuses longer ones)
MAX_MONTHS = 60


def months_between(start: date, end: date) -> list[Month]:
    """The months from *start*'s up to and including *end*'s (at most MAX_MONTHS); none when *end* is before
    *start*."""
    months, month, last = [], Month.of(start), Month.of(end)
    while end >= start and (month.year, month.month) <= (last.year, last.month) and len(months) < MAX_MONTHS:
        months.append(month)
        month = month.next()
    return months


def period_results(figures: Callable[..., list[tuple[Metric, Measure]]], start: date,
                   end: date) -> list[Result]:
    """Every metric (but budgeting's own) combined over the months from *start* to *end*; those that
    stayed zero are left out (nothing of that kind happened in the period)."""
    per_metric: dict[str, tuple[Metric, list[Measure]]] = {}
    for month in months_between(start, end):
        for metric, measure in figures(month, exclude=("budgeting",)):
            per_metric.setdefault(metric.id, (metric, []))[1].append(measure)
    results = [combined(metric, measures) for metric, measures in per_metric.values()]
    return [result for result in results if result is not None and result.value]


def combined(metric: Metric, measures: list[Measure]) -> Result | None:
    values = [exact(m.value) for m in measures]
    if metric.counts == "persons" or metric.aggregation == "max":
        how, value = "highest", max(values, default=Decimal(0))
    elif metric.aggregation == "min":
        how, value = "lowest", min((exact(m.value) for m in measures if m.persons), default=Decimal(0))
    elif metric.aggregation == "mean":
        weights = sum(m.persons for m in measures)
        if not weights:
            return None
        how, value = "average", sum((exact(m.value) * m.persons for m in measures), Decimal(0)) / weights
    else:
        how, value = "total", sum(values, Decimal(0))
    return Result(metric.label, shown(value), metric.shown_unit, how)


def exact(value: float) -> Decimal:
    """A metric's float as the decimal it stands for (repr: 0.1 is 0.1, not 0.1000000000000000055…)."""
    return Decimal(repr(float(value)))


def shown(value: Decimal) -> Decimal:
    """Whole numbers as they are, others to one decimal: a report reads 1.234 rides and 12,5 hours."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.quantize(Decimal("0.1"))
