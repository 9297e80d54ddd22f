"""Rate limits on the inbox: per sender, and per client address for strangers' membership requests.

Anyone may post a membership request, and for each one from a stranger we fetch the
stranger's keys before any signature can be checked: without a limit, the inbox is a way
to make this server call out, over and over (issue 23). Counted with the ``limits``
library in ``NOABER_RATELIMIT_STORAGE``, as the sign-in limits are: per worker without
it; share it (Redis) when there are several.
"""
from __future__ import annotations

import os

from limits import parse_many, storage, strategies

#: envelopes claimed to come from one sender, at one client address; a member sends a few a
#: month, a year's backlog at most
PER_SENDER = parse_many("300 per minute")
#: membership requests from strangers (their keys are fetched) per client address
FIRST_CONTACT = parse_many("10 per minute;60 per hour")

_storage = storage.storage_from_string(os.environ.get("NOABER_RATELIMIT_STORAGE", "memory://"))
_limiter = strategies.FixedWindowRateLimiter(_storage)


def allowed(items, key: str) -> bool:
    """Count one for *key* under every rule in *items*; False once one of them is exceeded."""
    return all(_limiter.hit(item, "federation", key[:300]) for item in items)


def reset() -> None:
    """Forget every count (for tests)."""
    _storage.reset()
