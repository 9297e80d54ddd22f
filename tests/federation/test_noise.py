"""The optional noise policy: OpenDP's discrete Laplace on counts, the same release while the truth holds."""
from __future__ import annotations

import pytest
from peers import LAST_MONTH, month_of_rides
from sqlalchemy import select, update

from core.errors import TenantConfigError
from core.federation import envelope, summaries
from core.federation.models import Release
from core.federation.outbox import Here
from core.tenancy.keys import active_key
from core.testing import write_config


def with_noise(instance, make_tenant, slug="de-es", extra='noise = "laplace"\nepsilon = 0.05\n'):
    tenant = make_tenant(slug, plugins=["transport"])
    path = tenant.folder / "tenant.toml"
    write_config(path, path.read_text(encoding="utf-8") + f"\n[federation]\n{extra}")
    month_of_rides(instance, slug)
    return instance.tenants.get(slug)


def snapshot(instance, tenant):
    with instance.storage.session(tenant) as session:
        cells, sdc, _ = summaries.snapshot(Here(instance, tenant, session), LAST_MONTH)
        session.commit()
    return cells, sdc


def test_counts_get_noise_kilometres_do_not_and_an_unchanged_month_resends_the_same(instance, make_tenant):
    tenant = with_noise(instance, make_tenant)
    first, sdc = snapshot(instance, tenant)
    again, _ = snapshot(instance, tenant)
    assert first == again  # fresh noise on every resend could be averaged away
    assert sdc == {"policy": "k-threshold+laplace", "k": 5, "epsilon": 0.05, "events_per_person": 10}
    truth = {"transport.rides_completed": 12, "transport.riders": 6}
    noised = {metric: first[metric]["value"] for metric in truth}
    assert noised != truth  # scales 200 and 20: both unchanged has a chance of about 1 in 16,000
    assert all(isinstance(v, int) and v >= 0 for v in noised.values())
    assert first["transport.km"]["status"] == "suppressed"  # one driver: k still applies, and km get no noise
    with instance.storage.session(tenant) as session:
        key = active_key(session)
    payload = {**envelope.new_header("summary", "https://a.example.org", "https://b.example.org", 1, None),
               "period": LAST_MONTH.interval(), "revision": 1, "sdc": sdc, "values": list(first.values())}
    envelope.sign(payload, key.private_jwk, key.kid)  # the policy is part of what a coalition verifies


def test_a_changed_count_gets_fresh_noise_the_others_keep_theirs(instance, make_tenant):
    from plugins.transport.models import Ride
    tenant = with_noise(instance, make_tenant)
    snapshot(instance, tenant)
    with instance.storage.session(tenant) as session:
        before = {r.metric: (r.true_value, r.released) for r in session.scalars(select(Release))}
        ride = session.scalar(select(Ride).where(Ride.status == "completed").limit(1))
        session.execute(update(Ride).where(Ride.id == ride.id).values(status="no_show"))
        session.commit()
    snapshot(instance, tenant)
    with instance.storage.session(tenant) as session:
        after = {r.metric: (r.true_value, r.released) for r in session.scalars(select(Release))}
    assert before["transport.rides_completed"][0] == 12 and after["transport.rides_completed"][0] == 11
    assert after["transport.riders"] == before["transport.riders"]  # still six riders: the same release


@pytest.mark.parametrize("extra, message", [('noise = "gaussian"\n', "Must be one of"),
                                            ('noise = "laplace"\nepsilon = 50\n', "less than or equal to 10")])
def test_a_policy_that_does_not_exist_or_protects_nothing_is_refused(instance, make_tenant, extra, message):
    with pytest.raises(TenantConfigError, match=message):
        with_noise(instance, make_tenant, extra=extra)
