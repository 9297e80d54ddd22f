"""HTTP to peers: fetching a peer's metadata and keys, posting envelopes, pulling an outbox.

Short timeouts, no redirects followed (a peer's URLs are its identity), and a user agent
that says who we are. Only these functions talk to the network, so the rules for where we
may talk to are in one place (``service``): peers of a membership, or the issuer of a
membership request whose keys we must fetch to check its signature.
"""
from __future__ import annotations

import requests

from core.errors import NoaberError
from core.federation.identity import check_peer_url

TIMEOUT = (5, 20)
HEADERS = {"User-Agent": "noaber-federation/1"}
JOSE = "application/jose"


class Unreachable(NoaberError):
    """The peer did not answer, or answered with a server error: try again later."""


def fetch_peer(url: str) -> tuple[dict, list[dict]]:
    """Metadata and public keys of the tenant at base *url*, checked to belong to it."""
    url = check_peer_url(url)
    metadata = _get_json(f"{url}/.well-known/noaber")
    if metadata.get("id") != url:
        raise NoaberError(f"{url} says it is {metadata.get('id')!r}: use the address it gives for itself")
    jwks_uri = metadata.get("jwks_uri", "")
    if not jwks_uri.startswith(f"{url}/"):
        raise NoaberError(f"{url}: its keys must be published under its own address")
    keys = _get_json(jwks_uri).get("keys")
    if not isinstance(keys, list) or not keys:
        raise NoaberError(f"{url} publishes no keys")
    return metadata, keys


def _get_json(url: str) -> dict:
    try:
        response = requests.get(url, timeout=TIMEOUT, headers=HEADERS, allow_redirects=False)
    except requests.RequestException as exc:
        raise Unreachable(f"{url}: {type(exc).__name__}") from None
    if response.status_code != 200:
        raise (Unreachable if response.status_code >= 500 else NoaberError)(f"{url}: HTTP {response.status_code}")
    try:
        value = response.json()
    except ValueError:
        raise NoaberError(f"{url}: not JSON") from None
    if not isinstance(value, dict):
        raise NoaberError(f"{url}: not a JSON object")
    return value


def post_envelope(inbox: str, envelope: str) -> tuple[int, str]:
    """POST one envelope; returns the status and the problem's detail (or "")."""
    try:
        response = requests.post(inbox, data=envelope.encode("ascii"), timeout=TIMEOUT, allow_redirects=False,
                                 headers={**HEADERS, "Content-Type": JOSE})
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
        response = requests.get(outbox, params={"after": after}, timeout=TIMEOUT, allow_redirects=False,
                                headers={**HEADERS, "Authorization": f"Noaber {token}"})
    except requests.RequestException as exc:
        raise Unreachable(f"{outbox}: {type(exc).__name__}") from None
    if response.status_code != 200:
        raise (Unreachable if response.status_code >= 500 else NoaberError)(f"{outbox}: HTTP {response.status_code}")
    items = response.json().get("envelopes", [])
    return [item for item in items if isinstance(item, str)]
