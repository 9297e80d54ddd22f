"""Signing in and out, slowing and locking, CSRF, sessions bound to one tenant."""
from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest

from sqlalchemy import func, select

from core.accounts import service, throttle
from core.accounts.models import Account, SignInFailures
from core.storage.base import utcnow
from core.testing import csrf_token

PASSWORD = "correct horse battery"


@pytest.fixture
def de_es(make_tenant, make_account):
    make_tenant("de-es", plugins=["example"])
    make_account("de-es", "coordinator@de-es.nl", ("coordinator",))
    return "de-es"


def post_sign_in(client, email, password, slug="de-es"):
    token = csrf_token(client, f"/t/{slug}/sign-in")
    return client.post(f"/t/{slug}/sign-in", data={"email": email, "password": password, "csrf_token": token})


def test_sign_in_and_out(de_es, client, sign_in):
    assert client.get("/t/de-es/account").status_code == 302
    sign_in(client, "de-es", "Coordinator@de-es.nl")  # e-mail addresses are not case-sensitive
    page = client.get("/t/de-es/account")
    assert page.status_code == 200 and "coordinator@de-es.nl" in page.text
    token = csrf_token(client, "/t/de-es/account")
    assert client.post("/t/de-es/sign-out", data={"csrf_token": token}).status_code == 302
    assert client.get("/t/de-es/account").status_code == 302


def test_wrong_password_is_refused_without_telling_which_part(de_es, client):
    for email in ("coordinator@de-es.nl", "nobody@de-es.nl"):
        response = post_sign_in(client, email, "wrong password!")
        assert response.status_code == 401
        assert "E-mailadres of wachtwoord klopt niet." in response.text


def test_brute_force_is_slowed_then_locked(de_es, client, instance):
    for _ in range(throttle.PER_EMAIL.free):
        assert post_sign_in(client, "coordinator@de-es.nl", "wrong password!").status_code == 401
    slowed = post_sign_in(client, "coordinator@de-es.nl", PASSWORD)  # even the right password waits now
    assert slowed.status_code == 429 and 0 < int(slowed.headers["Retry-After"]) <= 30
    wait = int(slowed.headers["Retry-After"])  # the page says the same wait, in words, with the right plural
    said = re.search(r"Te veel pogingen\. Probeer het over (\d+) seconden? opnieuw\.", slowed.text)
    assert said and abs(int(said.group(1)) - wait) <= 1
    assert ("seconde opnieuw" in slowed.text) == (int(said.group(1)) == 1)


def test_the_wait_is_said_in_words_with_the_right_plural(app):
    from core.web.problems import try_again_in
    with app.test_request_context("/"):
        assert [try_again_in(s) for s in (1, 30, 60, 61, 3600)] == [
            "Probeer het over 1 seconde opnieuw.", "Probeer het over 30 seconden opnieuw.",
            "Probeer het over 1 minuut opnieuw.", "Probeer het over 2 minuten opnieuw.",
            "Probeer het over 60 minuten opnieuw."]


def test_waits_double_and_lock_for_an_address_and_client(de_es, instance):
    now = utcnow()
    with instance.storage.session(instance.tenants.get("de-es")) as session:
        waits = []
        for _attempt in range(throttle.PER_EMAIL.lock_after):
            wait = throttle.blocked_for(session, "coordinator@de-es.nl", "10.0.0.1", now)
            if wait:
                now += wait  # a patient attacker waits exactly as long as told
            with pytest.raises(service.SignInRefused):
                service.sign_in(session, "coordinator@de-es.nl", "wrong password!", "10.0.0.1", now)
            if wait := throttle.blocked_for(session, "coordinator@de-es.nl", "10.0.0.1", now):
                waits.append(wait)
        assert waits[:4] == [timedelta(seconds=30), timedelta(seconds=60), timedelta(seconds=120),
                             timedelta(seconds=240)]
        assert waits[-1] == throttle.LOCK_FOR
        with pytest.raises(service.SignInRefused) as refused:
            service.sign_in(session, "coordinator@de-es.nl", PASSWORD, "10.0.0.1", now + timedelta(minutes=59))
        assert refused.value.retry_after == timedelta(minutes=1)
        assert service.sign_in(session, "coordinator@de-es.nl", PASSWORD, "10.0.0.1", now + timedelta(minutes=61))
        assert session.scalar(select(func.count()).select_from(SignInFailures)
                              .where(SignInFailures.email == "coordinator@de-es.nl")) == 0


def test_sign_in_attempts_per_address_are_rate_limited(de_es, instance):
    from core.accounts.limits import reset
    from core.server.app import create_app
    client = create_app(instance, {"TESTING": True}).test_client()  # limits on, as in production
    reset()
    try:
        statuses = [post_sign_in(client, f"nobody{i}@de-es.nl", "wrong password!") for i in range(21)]
    finally:
        reset()
    assert [r.status_code for r in statuses] == [401] * 20 + [429]
    assert 0 < int(statuses[20].headers["Retry-After"]) <= 60
    wait = int(statuses[20].headers["Retry-After"])
    said = re.search(r"Te veel pogingen vanaf dit adres\. Probeer het over (\d+) seconden? opnieuw\.",
                     statuses[20].text)
    assert said and abs(int(said.group(1)) - wait) <= 1  # the page says the wait the header gives


@pytest.mark.parametrize("path, data", [
    ("/t/de-es/sign-in", {"email": "coordinator@de-es.nl", "password": PASSWORD}),
    ("/t/de-es/password/forgot", {"email": "coordinator@de-es.nl"}),
    ("/t/de-es/language", {"language": "en"}),
    ("/t/de-es/example/new", {"title": "Zonder token"}),
])
def test_form_posts_without_csrf_token_are_refused(de_es, client, sign_in, path, data):
    sign_in(client, "de-es", "coordinator@de-es.nl")
    response = client.post(path, data=data)
    assert response.status_code == 400
    assert "CSRF" in response.text or "verlopen" in response.text
    assert "Zonder token" not in client.get("/t/de-es/example/").text


def test_session_cookie_is_scoped_and_protected(de_es, client):
    response = post_sign_in(client, "coordinator@de-es.nl", PASSWORD)
    cookie = response.headers["Set-Cookie"]
    assert "Path=/t/de-es/" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain http in tests; see the next test


def test_session_cookie_is_secure_over_https(de_es, app):
    client = app.test_client()
    token = csrf_token(client, "https://localhost/t/de-es/sign-in")
    form = {"email": "coordinator@de-es.nl", "password": PASSWORD, "csrf_token": token}
    # over HTTPS the CSRF check also wants a Referer from this site, as browsers send it
    assert client.post("https://localhost/t/de-es/sign-in", data=form).status_code == 400
    response = client.post("https://localhost/t/de-es/sign-in", data=form,
                           headers={"Referer": "https://localhost/t/de-es/sign-in"})
    assert "Secure" in response.headers["Set-Cookie"]


def test_one_tenants_session_cookie_gets_nothing_from_another(de_es, make_tenant, make_account, client, app):
    make_tenant("bloemkwartier", plugins=["example"])
    make_account("bloemkwartier", "coordinator@de-es.nl", ("admin",))  # same address, other tenant
    response = post_sign_in(client, "coordinator@de-es.nl", PASSWORD)
    value = re.search(r"noaber_session=([^;]+)", response.headers["Set-Cookie"]).group(1)
    stranger = app.test_client()
    stranger.set_cookie("noaber_session", value, path="/t/bloemkwartier/")
    assert stranger.get("/t/bloemkwartier/account").status_code == 302  # to sign-in: not signed in
    assert stranger.get("/t/bloemkwartier/example/new").status_code == 302


def test_sign_out_everywhere_voids_other_sessions(de_es, app, sign_in):
    phone, laptop = app.test_client(), app.test_client()
    sign_in(phone, "de-es", "coordinator@de-es.nl")
    sign_in(laptop, "de-es", "coordinator@de-es.nl")
    token = csrf_token(laptop, "/t/de-es/account")
    assert laptop.post("/t/de-es/account/sign-out-everywhere", data={"csrf_token": token}).status_code == 302
    assert laptop.get("/t/de-es/account").status_code == 200
    assert phone.get("/t/de-es/account").status_code == 302


def test_a_copied_cookie_stops_working_at_sign_out(de_es, app, client, sign_in):
    response = sign_in(client, "de-es", "coordinator@de-es.nl")
    value = re.search(r"noaber_session=([^;]+)", response.headers["Set-Cookie"]).group(1)
    copy, phone = app.test_client(), app.test_client()
    copy.set_cookie("noaber_session", value, path="/t/de-es/")
    sign_in(phone, "de-es", "coordinator@de-es.nl")
    assert copy.get("/t/de-es/account").status_code == 200
    token = csrf_token(client, "/t/de-es/account")
    assert client.post("/t/de-es/sign-out", data={"csrf_token": token}).status_code == 302
    assert copy.get("/t/de-es/account").status_code == 302  # to sign-in: the session ended on the server
    assert phone.get("/t/de-es/account").status_code == 200  # another device's session is its own


def test_change_password(de_es, app, sign_in, client):
    sign_in(client, "de-es", "coordinator@de-es.nl")
    token = csrf_token(client, "/t/de-es/account")
    wrong = client.post("/t/de-es/account/password", data={
        "csrf_token": token, "current": "not it at all", "password": "a new long password",
        "repeat": "a new long password"})
    assert wrong.status_code == 422 and "Dit is niet uw huidige wachtwoord." in wrong.text
    short = client.post("/t/de-es/account/password", data={
        "csrf_token": token, "current": PASSWORD, "password": "short", "repeat": "short"})
    assert short.status_code == 422
    done = client.post("/t/de-es/account/password", data={
        "csrf_token": token, "current": PASSWORD, "password": "a new long password", "repeat": "a new long password"})
    assert done.status_code == 302
    fresh = app.test_client()
    assert post_sign_in(fresh, "coordinator@de-es.nl", PASSWORD).status_code == 401
    assert post_sign_in(fresh, "coordinator@de-es.nl", "a new long password").status_code == 302


@pytest.mark.parametrize("target", ["//evil.example.org/", "https://evil.example.org/", "/\\evil.example.org"])
def test_sign_in_never_redirects_elsewhere(de_es, client, target):
    token = csrf_token(client, "/t/de-es/sign-in")
    response = client.post("/t/de-es/sign-in", data={
        "email": "coordinator@de-es.nl", "password": PASSWORD, "csrf_token": token, "next": target})
    assert response.headers["Location"] == "/t/de-es/"


@pytest.mark.parametrize("target", ["/\t/evil.example", "/%09/evil.example", "\t//evil.example", "/\\/evil.example",
                                    "/\r\n/evil.example", "/./\t/evil.example",
                                    "https:/\t/evil.example", "/%2F/evil.example"])
def test_sign_in_on_a_tenants_own_host_never_redirects_elsewhere(make_tenant, make_account, client, target):
    make_tenant("de-es", hosts=["de-es.example.org"])
    make_account("de-es", "coordinator@de-es.nl")
    token = csrf_token(client, "http://de-es.example.org/sign-in")
    response = client.post("http://de-es.example.org/sign-in", query_string={"next": target}, data={
        "email": "coordinator@de-es.nl", "password": PASSWORD, "csrf_token": token, "next": target})
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_a_next_with_a_line_break_is_no_header_and_no_error(de_es, client):
    token = csrf_token(client, "/t/de-es/sign-in")
    response = client.post("/t/de-es/sign-in", data={"email": "coordinator@de-es.nl", "password": PASSWORD,
                                                     "csrf_token": token, "next": "/example/\r\nSet-Cookie: a=b"})
    assert response.status_code == 302 and response.headers["Location"].startswith("/t/de-es/example/")
    assert "a=b" not in " ".join(response.headers.getlist("Set-Cookie"))


def test_sign_in_returns_to_the_page_asked_for(de_es, client):
    asked = client.get("/t/de-es/example/new")
    assert asked.status_code == 302 and "next=/example/new" in asked.headers["Location"]
    token = csrf_token(client, "/t/de-es/sign-in")
    response = client.post("/t/de-es/sign-in", data={
        "email": "coordinator@de-es.nl", "password": PASSWORD, "csrf_token": token, "next": "/example/new"})
    assert response.headers["Location"] == "/t/de-es/example/new"


def test_user_add_prints_json_once(cli, make_tenant, instance):
    make_tenant("de-es")
    result = cli("user", "add", "de-es", "Admin@De-Es.nl", "--role", "admin", "--json")
    assert result.code == 0
    created = json.loads(result.out)
    assert created["email"] == "admin@de-es.nl" and len(created["password"]) >= 20
    with instance.storage.session(instance.tenants.get("de-es")) as session:
        account = service.sign_in(session, created["email"], created["password"])
        assert account.roles == {"admin"}


@pytest.mark.parametrize("args, message", [
    (["user", "add", "de-es", "not-an-address", "--role", "admin", "--json"],
     "'not-an-address' is not an e-mail address"),
    (["user", "add", "de-es", "a@b.nl", "--role", "boss", "--json"], "'boss' is not one of"),
    (["user", "add", "nergens", "a@b.nl", "--role", "admin", "--json"], "no tenant 'nergens'"),
])
def test_user_add_refuses_bad_input(cli, make_tenant, instance, args, message):
    make_tenant("de-es")
    result = cli(*args)
    assert result.code == 2 and message in result.err and result.err.count("\n") == 1
    with instance.storage.session(instance.tenants.get("de-es")) as session:
        assert session.query(Account).count() == 0
