"""HTTP to peers: fetching a peer's metadata and keys, posting envelopes, pulling an outbox.

Short timeouts, no redirects followed (a peer's URLs are its identity), and a user agent
that says who we are. Only these functions talk to the network, so the rules for where we
may talk to are in one place (``service``): peers of a membership, or the issuer of a
membership request whose keys we must fetch to check its signature.

A peer's name is resolved once, and the connection goes to the address that was checked
(requests-hardened), so a name cannot point at this machine or its network after the check
(DNS rebinding). Private, loopback and link-local addresses are refused: a stranger's
membership request must not make us call into our own network (issue 23). Peers on this
machine or a private network (the demo, tests, a test set-up) need
``NOABER_ALLOW_PRIVATE_PEERS=1``.
"""
from __future__ import annotations

import json
import os

import requests
import urllib3
from requests_hardened import Config, HTTPSession
from requests_hardened.ip_filter import InvalidIPAddress

from core.errors import NoaberError
from core.federation.identity import check_peer_url

#: (connect, read) seconds: envelopes and outboxes, sent and pulled by ``noaber federate``
TIMEOUT = (5, 20)
#: a peer's metadata and keys, fetched while a membership request from it waits for an answer
FETCH_TIMEOUT = (3, 5)
#: metadata or keys larger than this are not a peer's
MAX_DOCUMENT = 64 * 1024
USER_AGENT = "noaber-federation/1"
JOSE = "application/jose"


def private_peers_allowed() -> bool:
    """``NOABER_ALLOW_PRIVATE_PEERS=1``: peers may be on this machine or a private network."""
    return os.environ.get("NOABER_ALLOW_PRIVATE_PEERS") == "1"


def _session() -> requests.Session:
    return HTTPSession(Config(ip_filter_enable=not private_peers_allowed(), ip_filter_allow_loopback_ips=False,
                              never_redirect=True, default_timeout=TIMEOUT, user_agent_override=USER_AGENT))


class Unreachable(NoaberError):
    """The peer did not answer, or answered with a server error: try again later."""


def fetch_peer(url: str) -> tuple[dict, list[dict]]:
    """Metadata and public keys of the tenant at base *url*, checked to belong to it."""
    url = check_peer_url(url)
    metadata = _get_json(f"{url}/.well-known/noaber")
    if metadata.get("id") != url:
        raise NoaberError(f"{url} says it is {metadata.get('id')!r}: use the address it gives for itself")
    jwks_uri, inbox, outbox = (str(metadata.get(name, "")) for name in ("jwks_uri", "inbox", "outbox"))
    if not all(address.startswith(f"{url}/") for address in (jwks_uri, inbox, outbox)):
        raise NoaberError(f"{url}: its keys, inbox and outbox must be under its own address")
    keys = _get_json(jwks_uri).get("keys")
    if not isinstance(keys, list) or not keys:
        raise NoaberError(f"{url} publishes no keys")
    return metadata, keys


def _get_json(url: str) -> dict:
    try:
        with _session() as session, session.get(url, timeout=FETCH_TIMEOUT, stream=True) as response:
            if response.status_code != 200:
                raise (Unreachable if response.status_code >= 500 else NoaberError)(
                    f"{url}: HTTP {response.status_code}")
            body = response.raw.read(MAX_DOCUMENT + 1, decode_content=True)
    except InvalidIPAddress:
        raise NoaberError(f"{url}: its address is on this machine or a private network, where peers are not "
                          "called (NOABER_ALLOW_PRIVATE_PEERS=1 allows it, for a test set-up)") from None
    except (requests.RequestException, urllib3.exceptions.HTTPError) as exc:  # the body is read by urllib3
        raise Unreachable(f"{url}: {type(exc).__name__}") from None
    if len(body) > MAX_DOCUMENT:
        raise NoaberError(f"{url}: larger than {MAX_DOCUMENT} bytes")
    try:
        value = json.loads(body)
    except ValueError:
        raise NoaberError(f"{url}: not JSON") from None
    if not isinstance(value, dict):
        raise NoaberError(f"{url}: not a JSON object")
    return value


def post_envelope(inbox: str, envelope: str) -> tuple[int, str]:
    """POST one envelope; returns the status and the problem's detail (or "")."""
    try:
        with _session() as session:
            response = session.post(inbox, data=envelope.encode("ascii"), headers={"Content-Type": JOSE})
    except requests.RequestException as exc:
        return 0, f"{type(exc).__name__}"
    detail = ""
    if response.status_code >= 400:
        try:
            detail = str(response.json().get("detail", ""))[:250]
        except ValueError:
            detail = response.text[:250]
    return response.status_code, detail


def pull_outbox(outbox: str, token: str, after: int) -> list[str]:
    """Envelopes addressed to us with a seq above *after*, oldest first."""
    try:
        with _session() as session:
            response = session.get(outbox, params={"after": after}, headers={"Authorization": f"Noaber {token}"})
    except requests.RequestException as exc:
        raise Unreachable(f"{outbox}: {type(exc).__name__}") from None
    if response.status_code != 200:
        raise (Unreachable if response.status_code >= 500 else NoaberError)(f"{outbox}: HTTP {response.status_code}")
    items = response.json().get("envelopes", [])
    return [item for item in items if isinstance(item, str)]
