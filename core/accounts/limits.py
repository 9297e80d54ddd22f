"""Rate limits per client address on sign-in, password reset and the token endpoint.

On top of the slowing per e-mail address and client address in ``throttle``. Built on the ``limits`` library
(the engine under Flask-Limiter) as a decorator, so that the few limited routes pay for
the check and no other request does. Counting is per process unless
``NOABER_RATELIMIT_STORAGE`` names a shared store (``redis://127.0.0.1:6379``): with several
workers or app servers, use Redis. Its keys start with ``NOABER_REDIS_PREFIX`` (default
``noaber``), so that instances sharing one Redis count apart.
"""
from __future__ import annotations

import os
import time
from functools import wraps

from flask import current_app, request
from limits import parse_many, storage, strategies
from werkzeug.exceptions import TooManyRequests

from core.i18n.text import _
from core.web.problems import try_again_in

#: sign-in and password-reset attempts from one address
SIGN_IN_LIMIT = "20 per minute;200 per hour"

_where = os.environ.get("NOABER_RATELIMIT_STORAGE", "memory://")
_storage = storage.storage_from_string(_where, **(
    {"key_prefix": os.environ.get("NOABER_REDIS_PREFIX", "noaber") + "-limits"} if _where.startswith("redis") else {}))
_limiter = strategies.FixedWindowRateLimiter(_storage)


def limit(rule: str, methods=("POST",)):
    """Refuse (429, with Retry-After) a client address that exceeds *rule* on this route."""
    items = parse_many(rule)

    def decorate(view):
        @wraps(view)
        def limited(*args, **kwargs):
            if request.method in methods and current_app.config.get("RATELIMIT_ENABLED", True):
                for item in items:
                    if not _limiter.hit(item, request.endpoint, request.remote_addr or "-"):
                        stats = _limiter.get_window_stats(item, request.endpoint, request.remote_addr or "-")
                        wait = max(1, int(stats.reset_time - time.time()))
                        refused = TooManyRequests(f"Too many attempts from this address; wait {wait} s.",
                                                  retry_after=wait)
                        too_many = _("Too many attempts from this address.")
                        refused.page_detail = f"{too_many} {try_again_in(wait)}"
                        raise refused
            return view(*args, **kwargs)
        return limited
    return decorate


def reset() -> None:
    """Forget every count (for tests)."""
    _storage.reset()
