"""Three instances: a neighbourhood, its regional coalition, and a national coalition above that.

The region has a single member, so this is also the design note's single-member case: the
levels above learn nothing beyond what De Es itself published.
"""
from __future__ import annotations

from datetime import date

from peers import LAST_MONTH, METRICS, join, month_of_rides, peer_instances
from sqlalchemy import select

from core.federation import consent, envelope, outbox, summaries
from core.federation.models import Membership, Message
from core.tenancy.admin import create_tenant


def test_a_region_passes_its_members_figures_up_with_their_inputs(tmp_path, noaber_database_url):
    with peer_instances(tmp_path, noaber_database_url, 3) as (buurt, regio, land):
        create_tenant(buurt.instance, "de-es", "Zorgcoöperatie De Es", "neighbourhood", ["transport"], (), "GM0153")
        create_tenant(regio.instance, "twente", "Coalitie Twente", "coalition", [], (), "PV23")
        create_tenant(land.instance, "nederland", "Landelijk Netwerk", "coalition", [], (), "NL01")
        month_of_rides(buurt.instance, "de-es")
        with buurt.serving(), regio.serving(), land.serving():
            join(buurt, regio)
            national = land.here("nederland")
            consent.ask(national, regio.url("twente"), METRICS)
            national.session.commit()
            outbox.deliver(national)
            region = regio.here("twente")
            request = region.session.scalar(select(Membership).where(Membership.side == "coalition"))
            consent.answer(region, request, METRICS, since=LAST_MONTH)
            region.session.commit()
            outbox.deliver(region)

            neighbourhood = buurt.here("de-es")
            summaries.publish(neighbourhood, date.today())
            neighbourhood.session.commit()
            outbox.deliver(neighbourhood)
            assert summaries.publish(region, date.today()) == 1
            region.session.commit()
            assert outbox.deliver(region)["delivered"] == 1

            published = _summary(neighbourhood, "out")
            upward = _summary(national, "in")
        assert upward["iss"] == regio.url("twente") and upward["sdc"]["policy"] == "aggregate"
        source = buurt.here("de-es").session.scalar(select(Message).where(Message.type == "summary"))
        assert upward["inputs"] == [{"iss": buurt.url("de-es"), "seq": published["seq"], "sha256": source.sha256}]
        # one member: every figure above is exactly what De Es published, a hidden one stays hidden
        theirs = {v["metric"]: (v["value"], v["status"]) for v in published["values"]}
        above = {v["metric"]: (v["value"], v["status"]) for v in upward["values"]}
        assert above == {**theirs, "transport.unmet_need": (None, "not_collected")}  # De Es kept that one back
        assert theirs["transport.km"] == (None, "suppressed")
        counted = {v["metric"]: (v["communities"], v["reporting"]) for v in upward["values"] if "communities" in v}
        assert counted["transport.rides_completed"] == (1, 1) and counted["transport.km"] == (1, 0)


def _summary(here, direction: str) -> dict:
    text = here.session.scalar(select(Message.envelope).where(Message.direction == direction,
                                                              Message.type == "summary"))
    return envelope.unverified(text)[1]
