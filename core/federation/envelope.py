"""Envelopes: every federation message is a compact JWS signed with the tenant's Ed25519 key.

The payload is JSON, checked by a marshmallow schema on the way out and on the way in;
unknown fields are refused, so free text cannot travel in a field nobody looks at. Every
message from an issuer to an audience carries ``seq`` (1, 2, …) and ``prev``, the SHA-256 of
the previous envelope to that audience: a dropped, reordered or rewritten message breaks the
chain and is refused.

``alg`` is ``Ed25519`` (RFC 9864); ``EdDSA`` with an Ed25519 key is accepted from peers that
still write the older name. Nothing else is: not ``none``, not HMAC, not RSA.
"""
from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import json
import math
import re
import time
import uuid

from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import OKPKey
from marshmallow import (
    RAISE,
    Schema,
    ValidationError,
    fields,
    validate,
    validates_schema,
)

from core.errors import NoaberError
from core.metrics import AGGREGATIONS, COUNTS

ALGORITHMS = ("Ed25519", "EdDSA")
TYPES = {
    "summary": "noaber-summary+jws",
    "membership-request": "noaber-membership-request+jws",
    "membership-answer": "noaber-membership-answer+jws",
    "membership-end": "noaber-membership-end+jws",
    "key-rotation": "noaber-key-rotation+jws",
    "pull": "noaber-pull+jws",
}
#: messages that are numbered and hash-chained per issuer and audience (a pull request is not)
CHAINED = tuple(t for t in TYPES if t != "pull")
STATUSES = ("ok", "zero", "suppressed", "not_collected")
METRIC_PATTERN = re.compile(r"[a-z][a-z0-9_]*\.[a-z0-9_.]+")
METRIC_ID = validate.Regexp(METRIC_PATTERN, error="Not a metric id such as transport.km.")
PERIOD = validate.Regexp(r"\d{4}-(0[1-9]|1[0-2])-01/P1M", error="Not a month as an ISO 8601 interval (2026-10-01/P1M).")
SHA256 = validate.Regexp(r"[0-9a-f]{64}", error="Not a SHA-256 in hex.")
URL = fields.Url(required=True, require_tld=False, schemes={"https", "http"})


class Refused(NoaberError):
    """An envelope that is not accepted; ``reason`` says why (for problem+json)."""

    def __init__(self, reason: str, status: int = 400):
        super().__init__(reason)
        self.reason, self.status = reason, status


class Strict(Schema):
    class Meta:
        unknown = RAISE


class Values(fields.Field):
    """The ``values`` list, each ``{metric, value, status}`` checked in one pass.

    Not a nested schema per value: with 40 values that made the payload check the biggest
    cost of taking in a summary (docs/benchmarks.md). The rules: exactly these three keys
    (and for a coalition's summary ``communities`` and ``reporting``), a metric id, a status,
    a number exactly when the status shows one, and each metric at most once.
    """

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, list) or len(value) > 500:
            raise ValidationError("A list of at most 500 values.")
        errors = {index: problem for index, item in enumerate(value) if (problem := value_problem(item))}
        if errors:
            raise ValidationError(errors)
        if len({item["metric"] for item in value}) != len(value):  # the month's totals would count it twice
            raise ValidationError("Each metric at most once.")
        return value


#: a coalition's own summary says, per value, how many communities (neighbourhoods, at any
#: depth) stand behind it and how many of those reported it
COUNTED = {"communities", "reporting"}


PLAIN = frozenset({"metric", "value", "status"})
SHOWN = frozenset({"ok", "zero"})
#: metric ids already found well formed (a coalition sees the same few hundred again and again)
_KNOWN_METRICS: set[str] = set()


def value_problem(item) -> str | None:
    """What is wrong with one value, or None. Called 40 times per summary: kept lean."""
    if type(item) is not dict or (item.keys() != PLAIN and item.keys() - COUNTED != PLAIN):
        return "Exactly metric, value and status (a coalition's also communities and reporting)."
    if len(item) != 3:
        counted = [item[key] for key in COUNTED if key in item]
        if (len(counted) != 2 or not all(type(n) is int and n >= 0 for n in counted)
                or item["reporting"] > item["communities"]):
            return "communities and reporting go together: whole numbers, reporting at most communities."
    metric = item["metric"]
    if type(metric) is not str or metric not in _KNOWN_METRICS:
        if not isinstance(metric, str) or not METRIC_PATTERN.fullmatch(metric):
            return "Not a metric id such as transport.km."
        if len(_KNOWN_METRICS) < 10_000:
            _KNOWN_METRICS.add(metric)
    status, number = item["status"], item["value"]
    if status not in STATUSES:
        return f"Status must be one of: {', '.join(STATUSES)}."
    kind = type(number)
    if number is not None and kind is not int and (kind is not float or not math.isfinite(number)):
        return "Not a finite number."
    shown = status in SHOWN
    if shown == (number is None) or (status == "zero" and number != 0):
        return f"a {status} value must {'' if shown else 'not '}carry a number"
    return None


class Disclosure(Strict):
    policy = fields.String(required=True, validate=validate.OneOf(("k-threshold", "k-threshold+laplace", "aggregate")))
    k = fields.Integer(required=True, validate=validate.Range(min=3))
    #: the noise policy's privacy loss per count and month
    epsilon = fields.Float(validate=validate.Range(min=0.05, max=10))
    events_per_person = fields.Integer(validate=validate.Range(min=1))


class Input(Strict):
    """One member's envelope that went into a coalition's aggregate."""

    iss = URL
    seq = fields.Integer(required=True, validate=validate.Range(min=1))
    sha256 = fields.String(required=True, validate=SHA256)


class Header(Strict):
    v = fields.Integer(required=True, validate=validate.Equal(1))
    type = fields.String(required=True, validate=validate.OneOf(CHAINED))
    iss = URL
    aud = URL
    seq = fields.Integer(required=True, validate=validate.Range(min=1))
    prev = fields.String(required=True, allow_none=True, validate=SHA256)
    jti = fields.UUID(required=True)
    iat = fields.Integer(required=True)

    @validates_schema
    def chain_starts_at_one(self, data, **_):
        if (data["seq"] == 1) != (data["prev"] is None):
            raise ValidationError("prev is null exactly for seq 1", "prev")


class Summary(Header):
    period = fields.String(required=True, validate=PERIOD)
    revision = fields.Integer(required=True, validate=validate.Range(min=1))
    sdc = fields.Nested(Disclosure, required=True)
    values = Values(required=True)
    inputs = fields.List(fields.Nested(Input), validate=validate.Length(max=10000))


class MetricOffer(Strict):
    id = fields.String(required=True, validate=METRIC_ID)
    unit = fields.String(required=True, validate=validate.Length(max=20))
    counts = fields.String(required=True, validate=validate.OneOf(COUNTS))
    aggregation = fields.String(required=True, validate=validate.OneOf(AGGREGATIONS))


class MembershipRequest(Header):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    metrics = fields.List(fields.String(validate=METRIC_ID), required=True, validate=validate.Length(min=1, max=200))


class MembershipAnswer(Header):
    approved = fields.Boolean(required=True)
    metrics = fields.List(fields.Nested(MetricOffer), required=True, validate=validate.Length(max=200))
    since = fields.String(required=True, allow_none=True, validate=PERIOD)


class MembershipEnd(Header):
    pass


class KeyRotation(Header):
    jwk = fields.Dict(required=True)


class Pull(Strict):
    """A coalition asking a member's outbox for what it missed; proves who asks."""

    v = fields.Integer(required=True, validate=validate.Equal(1))
    type = fields.String(required=True, validate=validate.Equal("pull"))
    iss = URL
    aud = URL
    jti = fields.UUID(required=True)
    iat = fields.Integer(required=True)


#: one instance each: marshmallow schemas are reusable, and making one costs more than a small check
SCHEMAS = {"summary": Summary(), "membership-request": MembershipRequest(), "membership-answer": MembershipAnswer(),
           "membership-end": MembershipEnd(), "key-rotation": KeyRotation(), "pull": Pull()}


def sha256(envelope: str) -> str:
    return hashlib.sha256(envelope.encode("ascii")).hexdigest()


def new_header(kind: str, iss: str, aud: str, seq: int, prev: str | None) -> dict:
    return {"v": 1, "type": kind, "iss": iss, "aud": aud, "seq": seq, "prev": prev, "jti": str(uuid.uuid4()),
            "iat": int(time.time())}


def sign(payload: dict, private_jwk: str, kid: str) -> str:
    """The compact JWS of *payload*, after checking it against its type's schema."""
    kind = payload.get("type")
    if kind not in SCHEMAS:
        raise NoaberError(f"unknown message type {kind!r}")
    errors = SCHEMAS[kind].validate(payload)
    if errors:
        raise NoaberError(f"refusing to sign an invalid {kind}: {errors}")
    body = json.dumps(payload, separators=(",", ":"), sort_keys=True, ensure_ascii=False).encode()
    key = OKPKey.import_key(json.loads(private_jwk))
    return jws.serialize_compact({"alg": "Ed25519", "typ": TYPES[kind], "kid": kid}, body, key, algorithms=["Ed25519"])


def unverified(envelope: str) -> tuple[dict, dict]:
    """The protected header and payload, NOT verified: only to find the issuer and key."""
    try:
        head, body, _signature = envelope.split(".")
        return _b64json(head), _b64json(body)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise Refused("not a compact JWS") from None


def stored_payload(envelope: str) -> dict:
    """The payload of an envelope we verified when it came in and stored verbatim."""
    return _b64json(envelope.split(".")[1])


def _b64json(part: str) -> dict:
    value = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    if not isinstance(value, dict):
        raise ValueError("not an object")
    return value


@functools.lru_cache(maxsize=4096)
def _public_key(jwk: str) -> OKPKey:
    """A pinned key, imported once: a coalition checks each member's key a dozen times a year."""
    return OKPKey.import_key(json.loads(jwk))


def verify(envelope: str, keys: list[dict], decoded: tuple[dict, dict] | None = None) -> tuple[dict, dict]:
    """Header and payload of *envelope* if one of the pinned *keys* signed it and it is well formed.

    *decoded* is what ``unverified`` already read from this very envelope (to find the
    issuer): once the signature over those bytes holds, it is the payload, not decoded again.
    """
    header, payload = decoded or unverified(envelope)
    if header.get("alg") not in ALGORITHMS:
        raise Refused(f"algorithm {header.get('alg')!r} is not accepted; sign with Ed25519")
    known = [k for k in keys
             if k.get("kid") == header.get("kid") and k.get("kty") == "OKP" and k.get("crv") == "Ed25519"]
    if not known:
        raise Refused(f"unknown key {header.get('kid')!r}", 401)
    try:
        jws.deserialize_compact(envelope, _public_key(json.dumps(known[0], sort_keys=True)), algorithms=[header["alg"]])
    except JoseError:
        raise Refused("the signature does not match the payload", 401) from None
    kind = payload.get("type")
    if kind not in SCHEMAS or header.get("typ") != TYPES[kind]:
        raise Refused(f"unknown or mislabelled message type {kind!r}")
    errors = SCHEMAS[kind].validate(payload)
    if errors:
        raise Refused(f"invalid {kind}: {json.dumps(errors, sort_keys=True)}", 422)
    return header, payload
