"""The protocol end to end between two instances over real HTTP: consent, push, pull, aggregation."""
from __future__ import annotations

from datetime import date

import pytest
from peers import LAST_MONTH, METRICS, coalition_side, join, member_side
from sqlalchemy import select

from core.cli.federation import federate_tenant
from core.errors import NoaberError
from core.federation import aggregate, consent, http, inbox, outbox, summaries
from core.federation.models import Message, PeriodTotal


def test_consent_then_summaries_then_aggregates(pair):
    buurt, regio = pair
    join(buurt, regio)
    here, membership = coalition_side(regio)
    assert (membership.status, membership.shared) == ("active", METRICS[:3])
    assert membership.peer.name == "Zorgcoöperatie De Es" and membership.peer.region == "GM0153"

    here = buurt.here("de-es")
    assert summaries.publish(here, date.today()) == 1
    here.session.commit()
    assert summaries.publish(here, date.today()) == 0  # unchanged: nothing new to send
    assert outbox.deliver(here)["delivered"] == 1

    here, _ = coalition_side(regio)
    cells = aggregate.cells(here.session, [LAST_MONTH], {})
    period = str(LAST_MONTH)
    assert cells[("transport.rides_completed", period)].value == 12
    assert cells[("transport.riders", period)].value == 6
    # one driver drove every kilometre: that is about one person, so it never left De Es
    assert (cells[("transport.km", period)].value, cells[("transport.km", period)].suppressed) == (None, 1)
    assert ("transport.unmet_need", period) not in cells  # not shared, never sent
    assert cells[("transport.riders", period)].coverage == 1.0


def test_a_coalition_pulls_what_it_missed_in_order(pair):
    buurt, regio = pair
    join(buurt, regio)
    here = buurt.here("de-es")
    summaries.publish(here, date.today())
    here.session.commit()  # queued but never posted: the coalition fetches it itself
    coalition, membership = coalition_side(regio)
    assert inbox.pull(coalition, membership.peer_id) == 1
    assert inbox.pull(coalition, membership.peer_id) == 0
    got = coalition.session.scalars(select(Message.seq).where(Message.direction == "in")).all()
    assert sorted(got) == [1, 2]  # the answer, then the summary


def test_a_federation_run_leaves_the_coalitions_months_counted(pair):
    buurt, regio = pair
    join(buurt, regio)
    here = buurt.here("de-es")
    summaries.publish(here, date.today())
    here.session.commit()  # queued: the coalition's run pulls it
    assert federate_tenant(regio.instance, regio.instance.tenants.get("twente"))["pulled"] == 1
    coalition, _ = coalition_side(regio)
    totals = {(row.metric, row.status): (row.count, row.total) for row in coalition.session.scalars(
        select(PeriodTotal).where(PeriodTotal.period == str(LAST_MONTH)))}
    assert totals[("transport.rides_completed", "ok")] == (1, 12)  # ready before anyone opens the dashboard
    assert totals[("transport.km", "suppressed")] == (1, None)


def test_a_member_that_cannot_be_reached_does_not_stop_the_run(pair, monkeypatch):
    buurt, regio = pair
    join(buurt, regio)
    here = buurt.here("de-es")
    summaries.publish(here, date.today())
    here.session.commit()
    coalition, membership = coalition_side(regio)
    monkeypatch.setattr(inbox, "PULL_GROUP", 1)  # the same member twice, as two groups
    tries = []

    def fetch(here, peer, after):
        tries.append(peer.url)
        if len(tries) == 1:
            raise http.Unreachable("connection refused")
        return inbox.fetch_outbox(here, peer, after)

    assert inbox.pull_members(coalition, [membership.peer_id, membership.peer_id], fetch) == 1
    assert tries == [buurt.url("de-es")] * 2  # the first failed, the run went on


def test_nothing_is_sent_outside_an_active_membership(pair):
    buurt, regio = pair
    join(buurt, regio, approve=[])  # declined
    here, membership = member_side(buurt)
    assert membership.status == "declined"
    assert summaries.publish(here, date.today()) == 0
    coalition, membership = coalition_side(regio)
    assert membership.status == "declined"
    with pytest.raises(NoaberError, match="no open request"):
        consent.answer(*member_side(buurt), METRICS)
