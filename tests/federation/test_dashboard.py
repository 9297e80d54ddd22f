"""A coalition's dashboard tells the truth: a month a member's figure is missing from is marked,
per month, and not drawn as if the work had dropped."""
from __future__ import annotations

import re

import pytest
from coalition_data import METRIC, fill_coalition, months_back

from core.federation import aggregate


@pytest.fixture
def regio(make_tenant, make_account, instance):
    """A coalition of two neighbourhoods over three months (tests/coalition_data.py)."""
    tenant = make_tenant("regio", kind="coalition")
    fill_coalition(instance, tenant)
    make_account("regio", "analist@regio.nl", ("coordinator",))
    return tenant


def test_each_month_says_how_many_neighbourhoods_its_total_rests_on(regio, client, sign_in):
    sign_in(client, "regio", "analist@regio.nl")
    page = client.get("/t/regio/federation/dashboard").text
    second = months_back(3)[1]
    table = page[page.index("<tbody>"):page.index("</tbody>")]
    cells = re.findall(r"<td>(.*?)</td>", table, re.S)[-3:]
    assert "390" in cells[0] and "2 van 2 buurten" in cells[0] and "*" not in cells[0].split("<br>")[0]
    assert "210 *" in cells[1] and "1 van 2 buurten" in cells[1] and "1 verborgen" in cells[1]
    assert "205 *" in cells[2] and "1 van 2 buurten" in cells[2]
    assert "Niet elke buurt zit in dit totaal" in page
    assert str(second) not in page  # months by name ("oktober 2026"), not as codes
    assert re.search(r'<th scope="col">[a-z]+ \d{4}</th>', page)


def test_the_chart_draws_months_that_miss_a_neighbourhood_open_and_names_the_months(regio, client, sign_in):
    sign_in(client, "regio", "analist@regio.nl")
    page = client.get("/t/regio/federation/dashboard").text
    chart = page[page.index("<svg"):page.index("</svg>")]
    bars = re.findall(r'<rect class="bar( incomplete)?"', chart)
    assert bars == ["", " incomplete", " incomplete"]  # the complete month filled, the others open
    assert "2 van 2" not in chart and "1 van 2 buurten" in chart
    assert len(re.findall(r'<text class="month"[^>]*>[a-z]{3}</text>', chart)) == 12
    assert '<text class="scale" x="34" y="16" text-anchor="end">390</text>' in chart
    assert "De getallen als tabel" in page


def test_a_complete_month_is_complete_and_a_silent_member_makes_it_incomplete(regio, instance):
    with instance.storage.session(regio) as session:
        table = aggregate.cells(session, months_back(3), {METRIC: "sum"})
    first, second, third = (table[(METRIC, str(m))] for m in months_back(3))
    assert (first.complete, second.complete, third.complete) == (True, False, False)
    assert (third.communities_reporting, third.communities) == (1, 2)
