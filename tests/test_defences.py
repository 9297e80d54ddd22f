"""Each defence on its own: a test here fails when that one layer alone is taken away, even with
every other layer in place (each was tried by planting the bug and seeing the test fail).

- the session's tenant check (core/accounts/principal.py): a cookie that verifies here but was
  made for another tenant signs nobody in;
- the per-tenant session signing key (core/accounts/sessions.py): another tenant's cookie does
  not even verify here;
- disclosure control (core/federation/disclosure.py): exactly k persons are published, k − 1 are not.
"""
from __future__ import annotations

import flask
import pytest

from core.accounts.models import AccountSession
from core.federation.disclosure import DEFAULT_K, MIN_K, Policy, protect
from core.metrics import Measure, Metric
from core.storage.base import utcnow
from core.testing import csrf_token

PAGE = "/people/"  # a page for coordinators


@pytest.fixture
def two_tenants(make_tenant, make_account):
    """Two neighbourhoods on one instance, each with its own coordinator, both account 1."""
    make_tenant("de-es")
    make_tenant("bloemkwartier")
    assert make_account("de-es", "kees@de-es.nl") == make_account("bloemkwartier", "bep@bloemkwartier.nl") == 1


def cookie_signed_for(app, slug: str, content: dict) -> str:
    """A session cookie as *slug*'s own session interface signs it."""
    with app.test_request_context("/", environ_base={"noaber.slug": slug}):
        return app.session_interface.get_signing_serializer(app).dumps(content)


def session_seen_by(app, slug: str, cookie: str) -> dict:
    """What *slug*'s session interface reads from this cookie."""
    with app.test_request_context("/", environ_base={"noaber.slug": slug},
                                  headers={"Cookie": f"noaber_session={cookie}"}):
        return dict(app.session_interface.open_session(app, flask.request))


def signed_in_cookie(client, sign_in, slug: str, email: str) -> str:
    sign_in(client, slug, email)
    return client.get_cookie("noaber_session", path=f"/t/{slug}/").value


def test_a_cookie_made_for_another_tenant_signs_nobody_in(two_tenants, app, client, instance):
    """The tenant check alone: even a cookie that verifies here (as with one key for all
    tenants) and names a session that exists here is refused when it names another tenant."""
    sid = "s" * 43
    with instance.storage.session(instance.tenants.get("bloemkwartier")) as session:
        session.add(AccountSession(id=sid, account_id=1, created_at=utcnow()))
        session.commit()
    forged = cookie_signed_for(app, "bloemkwartier", {"tenant": "de-es", "sid": sid})
    assert session_seen_by(app, "bloemkwartier", forged)["sid"] == sid  # it does verify here
    client.set_cookie("noaber_session", forged, path="/t/bloemkwartier/")
    answer = client.get(f"/t/bloemkwartier{PAGE}")
    assert answer.status_code == 302 and "/t/bloemkwartier/sign-in" in answer.headers["Location"]
    own = cookie_signed_for(app, "bloemkwartier", {"tenant": "bloemkwartier", "sid": sid})
    client.set_cookie("noaber_session", own, path="/t/bloemkwartier/")
    assert client.get(f"/t/bloemkwartier{PAGE}").status_code == 200  # the same cookie, for here, works


def test_another_tenants_cookie_does_not_even_verify(two_tenants, app, client, sign_in):
    """The per-tenant key alone: de-es's real cookie read at bloemkwartier is an empty session,
    so nothing of it (not the tenant, not the account) reaches the tenant check, or the page."""
    cookie = signed_in_cookie(client, sign_in, "de-es", "kees@de-es.nl")
    assert session_seen_by(app, "de-es", cookie)["sid"]
    assert session_seen_by(app, "bloemkwartier", cookie) == {}
    fresh = app.test_client()
    fresh.set_cookie("noaber_session", cookie, path="/t/bloemkwartier/")
    assert fresh.get(f"/t/bloemkwartier{PAGE}").status_code == 302


def test_a_cookie_for_one_tenant_is_refused_by_the_other(two_tenants, app, client, sign_in):
    """Both layers at once, end to end, with a real sign-in: the page, and what was refused stays so."""
    cookie = signed_in_cookie(client, sign_in, "de-es", "kees@de-es.nl")
    assert client.get(f"/t/de-es{PAGE}").status_code == 200
    other = app.test_client()
    other.set_cookie("noaber_session", cookie, path="/t/bloemkwartier/")
    token = csrf_token(other, "/t/bloemkwartier/sign-in")  # the form works; the session is a new, empty one
    assert other.post("/t/bloemkwartier/people/new", data={"csrf_token": token, "given_name": "Inbreker",
                                                           "family_name": "X"}).status_code == 302
    assert "Inbreker" not in client.get(f"/t/de-es{PAGE}").text


# -- disclosure control: the boundary itself ---------------------------------------------------

def metric(name: str) -> Metric:
    return Metric(f"t.{name}", name, "rides", "events", lambda *_: None)


@pytest.mark.parametrize("k", [MIN_K, DEFAULT_K, 8])
def test_exactly_k_persons_are_published_and_one_fewer_are_not(k):
    exactly, fewer = metric("exactly"), metric("fewer")
    got = {cell["metric"]: cell for cell in protect([(exactly, Measure(40, k)), (fewer, Measure(40, k - 1))],
                                                    Policy(k))}
    assert got["t.exactly"] == {"metric": "t.exactly", "value": 40, "status": "ok"}
    assert got["t.fewer"] == {"metric": "t.fewer", "value": None, "status": "suppressed"}
