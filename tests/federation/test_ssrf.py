"""A stranger's membership request makes us fetch its keys: never from this machine or a private
network, never with what went wrong in the answer, and not over and over (issue 23, finding 5)."""
from __future__ import annotations

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from core.accounts.limits import reset as reset_sign_in_limits
from core.federation import limits
from core.server.app import create_app

ME = "http://127.0.0.1:8000/t/de-es"  # De Es's identity: the instance's default public URL


class Listener(BaseHTTPRequestHandler):
    """A service on this machine that must never hear from the inbox: it counts what reaches it."""

    hits: list[str] = []

    def do_GET(self):  # the name http.server calls
        Listener.hits.append(self.path)
        body = b'{"secret": "the answer of an internal service"}'
        self.send_response(404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def listener():
    Listener.hits = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Listener)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def b64(value: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()


def membership_request(iss: str, kind: str = "membership-request") -> str:
    """Unsigned, as anyone can send it: the inbox must fetch *iss*'s keys before it can tell."""
    header = {"alg": "Ed25519", "kid": "whatever", "typ": "noaber+jws"}
    payload = {"v": 1, "type": kind, "iss": iss, "aud": ME, "seq": 1, "prev": None, "iat": 0}
    return f"{b64(header)}.{b64(payload)}.{b64({'not': 'a signature'})}"


@pytest.fixture
def inbox(make_tenant, instance):
    """POST to De Es's inbox from client *address*, with the rate limits on, as in production."""
    make_tenant("de-es")
    client = create_app(instance, {"TESTING": True}).test_client()
    limits.reset()
    reset_sign_in_limits()

    def post(text: str, address: str = "203.0.113.5"):
        return client.post("/t/de-es/federation/inbox", data=text, content_type="application/jose",
                           environ_base={"REMOTE_ADDR": address})
    yield post
    limits.reset()


@pytest.mark.parametrize("where", ["{listener}", "http://localhost:{port}", "http://[::1]:{port}"])
def test_the_inbox_never_calls_this_machine(inbox, listener, monkeypatch, where):
    monkeypatch.delenv("NOABER_ALLOW_PRIVATE_PEERS")
    iss = where.format(listener=listener, port=listener.rsplit(":", 1)[1])
    response = inbox(membership_request(iss))
    assert response.status_code == 400 and response.content_type == "application/problem+json"
    assert response.get_json()["detail"] == f"could not fetch the keys of {iss!r} from its own address"
    assert Listener.hits == []


def test_what_went_wrong_stays_in_our_log(inbox, listener):
    response = inbox(membership_request(listener))  # private peers allowed (tests): it is fetched, and fails
    assert Listener.hits == ["/.well-known/noaber"]
    detail = response.get_json()["detail"]
    assert response.status_code == 400 and detail == f"could not fetch the keys of {listener!r} from its own address"
    assert "404" not in detail and "secret" not in detail


def test_strangers_requests_from_one_address_are_limited(inbox, listener):
    answers = [inbox(membership_request(f"{listener}/t/n{number}")).status_code for number in range(11)]
    assert answers == [400] * 10 + [429]
    assert len(Listener.hits) == 10  # the eleventh made no call
    assert inbox(membership_request(f"{listener}/t/other"), address="203.0.113.6").status_code == 400


def test_envelopes_from_one_sender_are_limited(inbox):
    sender = "https://regio.example.org/t/twente"
    answers = [inbox(membership_request(sender, "summary")).status_code for _ in range(301)]
    assert answers == [403] * 300 + [429]  # 403: not a peer of De Es; then not even looked at
    assert inbox(membership_request("https://other.example.org", "summary")).status_code == 403
    assert inbox(membership_request(sender, "summary"), address="198.51.100.7").status_code == 403  # the real one


def test_asking_a_member_on_a_private_address_says_why(cli, monkeypatch):
    monkeypatch.delenv("NOABER_ALLOW_PRIVATE_PEERS")
    assert cli("init", "twente", "--name", "Coalitie Twente", "--kind", "coalition").code == 0
    asked = cli("membership", "ask", "twente", "http://127.0.0.1:9/t/de-es", "--metrics", "transport.riders")
    assert asked.code == 2 and "on this machine or a private network" in asked.err
