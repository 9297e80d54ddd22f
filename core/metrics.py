"""Metrics: the figures a neighbourhood can share, declared by plugins, computed per month.

A plugin declares each metric once (``noaber_metrics`` hook) with what it counts, so that
disclosure control and aggregation know how to treat it, and a function that computes it
for one month from the tenant's own tables. The result carries, next to the value, how many
distinct persons it was computed from: a cell from too few people is suppressed before it
ever leaves the tenant (see core.federation).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from collections.abc import Callable

from core.errors import NoaberError, PluginError
from core.i18n.text import TIMEZONE, _l

#: what a metric counts: events (rides, visits), distinct persons, money (euro), or a
#: quantity measured over events (kilometres, hours)
COUNTS = ("events", "persons", "money", "quantity")
#: how a coalition combines its members' values
AGGREGATIONS = ("sum", "max", "min", "mean")
PERIOD_RE = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")


@dataclass(frozen=True)
class Measure:
    """One month's value of one metric, and the distinct persons behind it."""

    value: float
    persons: int


#: units any plugin may use without a label of its own
UNIT_LABELS = {"persons": _l("persons"), "hours": _l("hours"), "km": "km", "euro": "€"}


@dataclass(frozen=True)
class Metric:
    """A figure a plugin can share: ``id`` starts with the plugin's name and a dot."""

    id: str
    label: str
    unit: str
    counts: str
    compute: Callable = field(compare=False, repr=False)
    aggregation: str = "sum"
    description: str = ""
    #: ids of metrics this one is the sum of (for secondary suppression)
    parts: tuple[str, ...] = ()
    #: the unit as people read it (translated); ``unit`` itself is a code that travels to coalitions
    unit_label: str = ""
    #: core's figures that add up what plugins give (volunteer hours) get the tenant's hooks as a
    #: fourth argument: ``compute(tenant, session, month, hooks)``
    needs_hooks: bool = False

    @property
    def shown_unit(self) -> str:
        return str(self.unit_label or UNIT_LABELS.get(self.unit, self.unit))

    def __post_init__(self):
        if self.counts not in COUNTS:
            raise PluginError(f"metric {self.id!r}: counts must be one of {', '.join(COUNTS)}, not {self.counts!r}")
        if self.aggregation not in AGGREGATIONS:
            raise PluginError(f"metric {self.id!r}: aggregation must be one of {', '.join(AGGREGATIONS)}")


@dataclass(frozen=True)
class Month:
    """A calendar month as the neighbourhood lives it (Dutch time)."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        match = PERIOD_RE.fullmatch(text.strip())
        if not match:
            raise NoaberError(f"{text!r} is not a month: write it as YYYY-MM, e.g. 2026-10")
        return cls(int(match[1]), int(match[2]))

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    def next(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def previous(self) -> Month:
        return Month(self.year - (self.month == 1), (self.month - 2) % 12 + 1)

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first_day, time(), tzinfo=TIMEZONE)

    @property
    def end(self) -> datetime:
        """The first moment of the next month (exclusive)."""
        return self.next().start

    def interval(self) -> str:
        """ISO 8601 interval, as summaries carry it: ``2026-10-01/P1M``."""
        return f"{self.first_day.isoformat()}/P1M"

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def collect_metrics(pm) -> dict[str, tuple[str, Metric]]:
    """``{id: (plugin, Metric)}`` from every installed plugin; called once at start-up."""
    metrics: dict[str, tuple[str, Metric]] = {}
    for impl in pm.hook.noaber_metrics.get_hookimpls():
        owner = impl.plugin_name
        for metric in impl.function() or ():
            if not metric.id.startswith(f"{owner}."):
                raise PluginError(f"plugin {owner!r} declares metric {metric.id!r}: ids start with '{owner}.'")
            if metric.id in metrics:
                raise PluginError(f"metric {metric.id!r} is declared twice")
            metrics[metric.id] = (owner, metric)
    return dict(sorted(metrics.items()))


def installed_metrics(plugins) -> dict[str, Metric]:
    """Every metric any installed plugin declares, by id (a coalition passes on any of them)."""
    return {metric_id: metric for metric_id, (_owner, metric) in plugins.metrics.items()}


def declared_metrics(plugins, enabled) -> list[Metric]:
    """The metrics of core and of the *enabled* plugins, in id order."""
    return [metric for owner, metric in plugins.metrics.values() if owner == "core" or owner in enabled]


def compute(plugins, tenant, session, month: Month, exclude: tuple[str, ...] = ()) -> list[tuple[Metric, Measure]]:
    """Every metric of the tenant's enabled plugins for one month, in id order; none of the plugins
    named in *exclude* (they are not computed at all)."""
    hooks = plugins.for_tenant(tenant)
    wanted = [metric for metric in declared_metrics(plugins, tenant.plugins)
              if metric.id.split(".", 1)[0] not in exclude]
    return [(metric, metric.compute(tenant, session, month, hooks) if metric.needs_hooks
             else metric.compute(tenant, session, month)) for metric in wanted]
