"""Failed sign-ins slow down one e-mail address from one client, and one client as a whole:
never an account for everyone, and never differently for addresses with and without an
account, in answers or in time (issue 23, findings 3 and 4)."""
from __future__ import annotations

import statistics
import time
from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from core.accounts import passwords, service, throttle
from core.accounts.models import SignInFailures
from core.audit.models import AuditEvent
from core.storage.base import utcnow
from core.testing import csrf_token

PASSWORD = "correct horse battery"
KNOWN, UNKNOWN = "coordinator@de-es.nl", "nobody@de-es.nl"


@pytest.fixture
def de_es(make_tenant, make_account):
    make_tenant("de-es")
    make_account("de-es", KNOWN)


def attempt(client, email, password, address="10.0.0.1"):
    """One sign-in through the form, from client *address*."""
    token = csrf_token(client, "/t/de-es/sign-in")
    return client.post("/t/de-es/sign-in", data={"email": email, "password": password, "csrf_token": token},
                       environ_base={"REMOTE_ADDR": address})


def test_wrong_passwords_from_elsewhere_do_not_lock_the_owner_out(de_es, client):
    for _ in range(throttle.PER_EMAIL.lock_after):
        attempt(client, KNOWN, "an attacker's guess", address="203.0.113.9")
    assert attempt(client, KNOWN, PASSWORD, address="203.0.113.9").status_code == 429
    assert attempt(client, KNOWN, PASSWORD, address="198.51.100.4").status_code == 302  # the coordinator, at home


def test_known_and_unknown_addresses_get_the_same_answers(de_es, app):
    answers = {}
    for email in (KNOWN, UNKNOWN):
        client = app.test_client()
        answers[email] = [(r.status_code, r.headers.get("Retry-After"))
                          for r in (attempt(client, email, "wrong password!") for _ in range(7))]
    assert answers[KNOWN] == answers[UNKNOWN]
    assert [status for status, _wait in answers[UNKNOWN]] == [401] * 5 + [429] * 2


def test_one_client_trying_many_addresses_is_slowed(de_es, client):
    statuses = [attempt(client, f"guess{number}@de-es.nl", "wrong password!", address="203.0.113.7").status_code
                for number in range(throttle.PER_ADDRESS.free + 1)]
    assert statuses == [401] * throttle.PER_ADDRESS.free + [429]
    assert attempt(client, KNOWN, PASSWORD, address="203.0.113.7").status_code == 429  # the whole client waits
    assert attempt(client, KNOWN, PASSWORD, address="203.0.113.8").status_code == 302  # its neighbour does not


def lock_out(session, email, address):
    """Wrong passwords for *email* from *address*, waiting each time as long as told, until it locks."""
    now = utcnow()
    for _ in range(throttle.PER_EMAIL.lock_after):
        now += throttle.blocked_for(session, email, address, now) or timedelta(0)
        with pytest.raises(service.SignInRefused):
            service.sign_in(session, email, "wrong password!", address, now)
    return now


def test_lockouts_are_in_the_audit_log(de_es, instance):
    with instance.storage.session(instance.tenants.get("de-es")) as session:
        lock_out(session, KNOWN, "203.0.113.9")
        lock_out(session, UNKNOWN, "203.0.113.9")
        events = session.scalars(select(AuditEvent).where(AuditEvent.action == "sign_in_locked")).all()
    assert [(event.actor, event.detail.split(" locked")[0]) for event in events] == [
        ("address:203.0.113.9", "account 1"), ("address:203.0.113.9", "an e-mail address without account")]


def test_an_administrator_unlocks_an_address(de_es, make_account, client, app, sign_in):
    for _ in range(throttle.PER_EMAIL.lock_after):
        attempt(client, KNOWN, "wrong password!", address="203.0.113.9")
    make_account("de-es", "admin@de-es.nl", ("admin",))
    admin = app.test_client()
    sign_in(admin, "de-es", "admin@de-es.nl")
    assert "geblokkeerd na mislukte pogingen" in admin.get("/t/de-es/admin/accounts/").text
    token = csrf_token(admin, "/t/de-es/admin/accounts/1")
    assert admin.post("/t/de-es/admin/accounts/1/unlock", data={"csrf_token": token}).status_code == 302
    assert attempt(client, KNOWN, PASSWORD, address="203.0.113.9").status_code == 302


@pytest.fixture
def real_hashing(monkeypatch):
    """argon2 at a cost that dominates a request, as in production (the tests' own is minimal)."""
    hasher = PasswordHasher(time_cost=2, memory_cost=32 * 1024, parallelism=1)
    monkeypatch.setattr(passwords, "_hasher", hasher)
    monkeypatch.setattr(passwords, "_DUMMY", hasher.hash("not a real password; keeps timing even"))


def test_sign_in_takes_as_long_for_unknown_addresses(de_es, app, make_account, real_hashing):
    tries = 15
    for number in range(tries):  # each known address is tried once, so none is ever slowed
        make_account("de-es", f"known{number}@de-es.nl")
    client = app.test_client()
    token = csrf_token(client, "/t/de-es/sign-in")
    times = {"known": [], "nobody": []}
    for number in range(tries):  # interleaved, each pair from a client address of its own
        for who, spent in times.items():
            started = time.perf_counter()
            response = client.post("/t/de-es/sign-in", data={"email": f"{who}{number}@de-es.nl",
                                                             "password": "wrong password!", "csrf_token": token},
                                   environ_base={"REMOTE_ADDR": f"10.1.{number}.1"})
            spent.append(time.perf_counter() - started)
            assert response.status_code == 401
    known, unknown = statistics.median(times["known"]), statistics.median(times["nobody"])
    # Without the dummy hash an unknown address answers in a fraction of the time (5 ms against 120).
    assert 0.7 < unknown / known < 1.4, (known, unknown)


def test_counts_are_forgotten_an_hour_after_the_last_failure(de_es, instance):
    with instance.storage.session(instance.tenants.get("de-es")) as session:
        now = lock_out(session, UNKNOWN, "203.0.113.9")
        assert session.scalar(select(SignInFailures.failures).where(SignInFailures.email == UNKNOWN)) == 10
        later = now + throttle.FORGET_AFTER + timedelta(seconds=1)
        with pytest.raises(service.SignInRefused) as refused:  # anyone's attempt clears what is stale
            service.sign_in(session, KNOWN, "wrong password!", "198.51.100.4", later)
        assert refused.value.retry_after is None
        assert set(session.scalars(select(SignInFailures.email))) == {KNOWN, ""}
