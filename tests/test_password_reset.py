"""Forgotten passwords, through a real SMTP server on localhost (aiosmtpd)."""
from __future__ import annotations

import re
import time
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from servers import free_port

from core.testing import csrf_token


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def wait_for(self, count: int, seconds: float = 10):
        deadline = time.monotonic() + seconds
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages


@pytest.fixture
def inbox(monkeypatch):
    handler = Inbox()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("NOABER_SMTP_URL", f"smtp://127.0.0.1:{port}")
    monkeypatch.setenv("NOABER_MAIL_FROM", "noreply@de-es.nl")
    yield handler
    controller.stop()


@pytest.fixture
def de_es(make_tenant, make_account):
    make_tenant("de-es", name="Zorgcoöperatie De Es")
    make_account("de-es", "coordinator@de-es.nl")


def ask_for_link(client, email):
    token = csrf_token(client, "/t/de-es/password/forgot")
    return client.post("/t/de-es/password/forgot", data={"email": email, "csrf_token": token})


#: links in mails start at the instance's public URL (NOABER_PUBLIC_URL; its default in tests)
BASE = "http://127.0.0.1:8000"


def reset(client, link, password, repeat=None):
    path = link.removeprefix(BASE)
    token = csrf_token(client, path)
    return client.post(path, data={"password": password, "repeat": repeat or password, "csrf_token": token})


def test_reset_by_mailed_link(de_es, client, inbox, sign_in):
    answer = ask_for_link(client, "coordinator@de-es.nl")
    assert answer.status_code == 302
    mail = inbox.wait_for(1)[0]
    assert mail["To"] == "coordinator@de-es.nl" and "Zorgcoöperatie De Es" in mail["From"]
    assert mail["Subject"] == "Nieuw wachtwoord instellen voor Zorgcoöperatie De Es"
    link = re.search(rf"{BASE}/t/de-es/password/reset/\S+", mail.get_content()).group(0)

    mismatch = reset(client, link, "a new long password", "another long password")
    assert mismatch.status_code == 422 and "De wachtwoorden verschillen." in mismatch.text
    assert reset(client, link, "a new long password").status_code == 302
    sign_in(client, "de-es", "coordinator@de-es.nl", "a new long password")

    used_again = client.get(link.removeprefix(BASE))
    assert used_again.status_code == 404 and "Link niet geldig" in used_again.text


def test_unknown_address_gets_the_same_answer_and_no_mail(de_es, client, inbox):
    known = ask_for_link(client, "coordinator@de-es.nl")
    unknown = ask_for_link(client, "stranger@example.org")
    assert (known.status_code, known.headers["Location"]) == (unknown.status_code, unknown.headers["Location"])
    assert len(inbox.wait_for(2, seconds=1)) == 1


def test_tampered_or_foreign_links_do_not_work(de_es, make_tenant, make_account, client, inbox):
    make_tenant("bloemkwartier")
    make_account("bloemkwartier", "coordinator@de-es.nl")
    ask_for_link(client, "coordinator@de-es.nl")
    link = re.search(rf"{BASE}/t/de-es/password/reset/(\S+)", inbox.wait_for(1)[0].get_content())
    token = link.group(1)
    assert client.get(f"/t/bloemkwartier/password/reset/{token}").status_code == 404  # signed for de-es only
    # change a whole character inside the signature: the last one also holds padding bits,
    # so changing only that one can leave the signature the same
    flipped = "A" if token[-5] != "A" else "B"
    assert client.get(f"/t/de-es/password/reset/{token[:-5]}{flipped}{token[-4:]}").status_code == 404


def test_mail_server_down_does_not_break_the_page(de_es, client, monkeypatch):
    monkeypatch.setenv("NOABER_SMTP_URL", f"smtp://127.0.0.1:{free_port()}")
    assert ask_for_link(client, "coordinator@de-es.nl").status_code == 302


def test_a_forged_host_gets_no_mail_and_no_link(de_es, client, inbox):
    token = csrf_token(client, "/t/de-es/password/forgot")
    forged = client.post("/t/de-es/password/forgot", data={"email": "coordinator@de-es.nl", "csrf_token": token},
                         headers={"Host": "evil.example"})
    assert forged.status_code == 400 and "evil.example" in forged.text
    assert inbox.wait_for(1, seconds=1) == []


@pytest.mark.parametrize("public_url, hosts, host, link", [
    ("https://zorg.example.org", (), "zorg.example.org", "https://zorg.example.org/t/de-es/password/reset/"),
    ("https://zorg.example.org", ("de-es.example.org",), "zorg.example.org", "https://de-es.example.org/password/reset/"),
    ("http://zorg.intern", ("de-es.intern",), "de-es.intern", "http://de-es.intern/password/reset/"),
    (None, ("de-es.example.org", "de-es.localhost"), "de-es.localhost", "https://de-es.example.org/password/reset/"),
])
def test_links_in_mail_start_at_the_tenants_public_address(monkeypatch, make_tenant, make_account, inbox,
                                                           public_url, hosts, host, link):
    if public_url:
        monkeypatch.setenv("NOABER_PUBLIC_URL", public_url)
    from core.server.app import create_app
    make_tenant("de-es", hosts=hosts)
    make_account("de-es", "coordinator@de-es.nl")
    app = create_app(config={"TESTING": True, "RATELIMIT_ENABLED": False})  # the instance of NOABER_PUBLIC_URL
    client = app.test_client()
    path = "/password/forgot" if host in hosts else "/t/de-es/password/forgot"
    try:
        token = csrf_token(client, f"http://{host}{path}")
        assert client.post(f"http://{host}{path}", data={"email": "coordinator@de-es.nl",
                                                        "csrf_token": token}).status_code == 302
    finally:
        app.extensions["noaber"].storage.dispose()
    assert link in inbox.wait_for(1)[0].get_content()
