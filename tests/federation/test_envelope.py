"""Envelopes: signed with Ed25519, checked on the way out and in, refused for every way of cheating."""
from __future__ import annotations

import base64
import json

import pytest
from joserfc import jws
from joserfc.errors import SecurityWarning
from joserfc.jwk import OctKey, OKPKey

from core.errors import NoaberError
from core.federation import envelope

NEIGHBOURHOOD = "https://de-es.example.org"
COALITION = "https://regio.example.org/t/twente"


def keypair():
    key = OKPKey.generate_key("Ed25519")
    private = json.dumps(key.as_dict(private=True))
    public = {**key.as_dict(private=False), "kid": key.thumbprint()}
    return private, key.thumbprint(), public


def summary(**changes) -> dict:
    payload = {**envelope.new_header("summary", NEIGHBOURHOOD, COALITION, 1, None), "period": "2026-10-01/P1M",
               "revision": 1, "sdc": {"policy": "k-threshold", "k": 5},
               "values": [{"metric": "transport.rides_completed", "value": 42, "status": "ok"},
                          {"metric": "transport.unmet_need", "value": None, "status": "suppressed"},
                          {"metric": "transport.km", "value": 0, "status": "zero"}]}
    return {**payload, **changes}


def test_a_signed_summary_verifies_against_the_pinned_key():
    private, kid, public = keypair()
    signed = envelope.sign(summary(), private, kid)
    header, payload = envelope.verify(signed, [public])
    assert header == {"alg": "Ed25519", "typ": "noaber-summary+jws", "kid": kid}
    assert payload["values"][0] == {"metric": "transport.rides_completed", "value": 42, "status": "ok"}
    assert envelope.sha256(signed) == envelope.sha256(signed) and len(envelope.sha256(signed)) == 64


@pytest.mark.parametrize("change, message", [
    ({"values": [{"metric": "transport.km", "value": 3, "status": "suppressed"}]}, "must not carry a number"),
    ({"values": [{"metric": "transport.km", "value": None, "status": "ok"}]}, "must carry a number"),
    ({"values": [{"metric": "Riet de Vries", "value": 1, "status": "ok"}]}, "Not a metric id"),
    ({"values": [{"metric": "transport.km", "value": 3, "status": "ok"}] * 2}, "Each metric at most once"),
    ({"note": "mevrouw De Vries was ziek"}, "Unknown field"),
    ({"period": "oktober"}, "Not a month"),
    ({"seq": 2}, "prev is null exactly for seq 1"),
    ({"sdc": {"policy": "k-threshold", "k": 2}}, "greater than or equal to 3"),
])
def test_nothing_malformed_is_signed(change, message):
    private, kid, _ = keypair()
    with pytest.raises(NoaberError, match=message):
        envelope.sign(summary(**change), private, kid)


def forge(header: dict, payload: dict, key) -> str:
    return jws.serialize_compact(header, json.dumps(payload).encode(), key, algorithms=[header["alg"]])


def test_alg_none_hmac_unknown_keys_and_tampering_are_refused():
    private, kid, public = keypair()
    signed = envelope.sign(summary(), private, kid)
    head, body, signature = signed.split(".")
    b64 = lambda value: base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()  # noqa: E731
    none = f"{b64({'alg': 'none', 'typ': 'noaber-summary+jws', 'kid': kid})}.{body}."
    hmac = forge({"alg": "HS256", "typ": "noaber-summary+jws", "kid": kid}, summary(), OctKey.generate_key(256))
    _, other_kid, other_public = keypair()
    stranger = OKPKey.generate_key("Ed25519")
    unknown = forge({"alg": "Ed25519", "typ": "noaber-summary+jws", "kid": stranger.thumbprint()}, summary(), stranger)
    impostor = forge({"alg": "Ed25519", "typ": "noaber-summary+jws", "kid": kid}, summary(), stranger)
    tampered_values = summary(values=[{"metric": "transport.rides_completed", "value": 4200, "status": "ok"}])
    tampered = f"{head}.{b64(tampered_values)}.{signature}"
    cases = {none: "algorithm 'none'", hmac: "algorithm 'HS256'", unknown: "unknown key", impostor: "signature",
             tampered: "signature", "not.a.jws.at.all": "not a compact JWS", "e30.e30": "not a compact JWS"}
    for forged, reason in cases.items():
        with pytest.raises(envelope.Refused, match=reason):
            envelope.verify(forged, [public, other_public])


def test_a_well_signed_but_invalid_payload_is_refused_with_the_field():
    private, kid, public = keypair()
    key = OKPKey.import_key(json.loads(private))
    bad = forge({"alg": "Ed25519", "typ": "noaber-summary+jws", "kid": kid}, summary(name="Riet"), key)
    with pytest.raises(envelope.Refused, match="name") as refused:
        envelope.verify(bad, [public])
    assert refused.value.status == 422


def test_the_older_eddsa_name_is_accepted_from_peers():
    private, kid, public = keypair()
    key = OKPKey.import_key(json.loads(private))
    with pytest.warns(SecurityWarning, match="EdDSA is deprecated"):  # joserfc's, for RFC 9864; accepted all the same
        older = forge({"alg": "EdDSA", "typ": "noaber-summary+jws", "kid": kid}, summary(), key)
        assert envelope.verify(older, [public])[1]["iss"] == NEIGHBOURHOOD
