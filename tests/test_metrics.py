"""Metrics: declared by plugins, computed per month in Dutch time, printed by ``noaber metrics``."""
from __future__ import annotations

import json
from datetime import datetime, UTC

import pytest

from core.errors import NoaberError, PluginError
from core.instance import load_plugins, tenant_context
from core.metrics import Month

GROUP = "noaber.test_plugins"  # where the fake_plugin fixture installs


def test_a_month_runs_from_midnight_to_midnight_in_dutch_time():
    october = Month.parse("2026-10")
    assert october.start == datetime(2026, 9, 30, 22, 0, tzinfo=UTC)  # summer time
    assert october.end == datetime(2026, 10, 31, 23, 0, tzinfo=UTC)   # winter time
    assert october.interval() == "2026-10-01/P1M"
    assert (str(Month(2026, 12).next()), str(Month(2027, 1).previous())) == ("2027-01", "2026-12")


@pytest.mark.parametrize("text", ["2026-13", "2026-1", "oktober", "2026-10-01", ""])
def test_a_month_that_is_not_one_is_refused(text):
    with pytest.raises(NoaberError, match="is not a month"):
        Month.parse(text)


def test_metric_ids_carry_the_plugin_name(fake_plugin):
    fake_plugin("nb_metrics", """
        from core import hookimpl
        from core.metrics import Measure, Metric

        @hookimpl
        def noaber_metrics():
            return [Metric("rides", "Rides", "rides", "events", lambda t, s, m: Measure(0, 0))]
    """)
    with pytest.raises(PluginError, match="'rides': ids start with 'nb_metrics.'"):
        load_plugins(group=GROUP)


def test_a_metric_must_say_what_it_counts():
    from core.metrics import Metric
    with pytest.raises(PluginError, match="counts must be one of events, persons, money, quantity"):
        Metric("x.y", "Y", "y", "things", lambda t, s, m: None)


def test_only_the_tenants_enabled_plugins_count(instance, make_tenant, cli):
    make_tenant("de-es", plugins=["example"])
    result = cli("metrics", "de-es", "--period", "2026-10", "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["period"] == "2026-10-01/P1M"
    assert [v["metric"] for v in data["values"]] == ["core.volunteer_hours", "core.volunteer_value", "core.volunteers",
                                                     "example.notices"]  # core's own, and no transport


def test_metrics_command_prints_a_table_and_refuses_a_bad_month(instance, make_tenant, cli):
    make_tenant("de-es", plugins=["example", "transport"])
    table = cli("metrics", "de-es", "--period", "2026-10")
    assert table.code == 0, table.err
    assert "transport.rides_completed" in table.out and "Rides completed" in table.out
    bad = cli("metrics", "de-es", "--period", "oktober")
    assert (bad.code, bad.err.strip()) == (2, "noaber: 'oktober' is not a month: write it as YYYY-MM, e.g. 2026-10")
    assert cli("metrics", "nergens").code == 2


def test_a_tenants_own_figures_leave_out_what_it_excludes(instance, make_tenant):
    from core.toolkit import tenant_figures
    make_tenant("de-es", plugins=["example", "transport"])
    with tenant_context("de-es", instance):
        every = {metric.id for metric, _measure in tenant_figures(Month(2026, 10))}
        without = {metric.id for metric, _measure in tenant_figures(Month(2026, 10), exclude=("transport", "core"))}
    assert {"core.volunteers", "example.notices", "transport.rides_completed"} <= every
    assert without == {"example.notices"}
