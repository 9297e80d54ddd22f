"""Rate limits per client address, on top of the per-account slowing in service.sign_in.

Storage is per process unless ``NOABER_RATELIMIT_STORAGE`` names a shared one
(``redis://127.0.0.1:6379``): with several workers, use Redis.
"""
from __future__ import annotations

import os

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=True,
                  storage_uri=os.environ.get("NOABER_RATELIMIT_STORAGE", "memory://"))

#: sign-in and password-reset attempts from one address
SIGN_IN_LIMIT = "20 per minute;200 per hour"
