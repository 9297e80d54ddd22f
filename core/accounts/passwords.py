"""Password hashing with argon2id (argon2-cffi's recommended parameters)."""
from __future__ import annotations

import os

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import lazy_gettext as _l

# NOABER_FAST_PASSWORD_HASHING=1 is for test suites only (as Django's test hasher): it keeps
# argon2id but with minimal cost, so hundreds of test sign-ins take seconds, not minutes.
_hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1) \
    if os.environ.get("NOABER_FAST_PASSWORD_HASHING") == "1" else PasswordHasher()
#: verified against when an e-mail address is unknown, so both cases take as long
_DUMMY = _hasher.hash("not a real password; keeps timing even")

MIN_LENGTH = 10
MAX_LENGTH = 200


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def weakness(password: str, email: str = "") -> str | None:
    """Why a new password is refused, or None. Length is what matters (NIST SP 800-63B)."""
    if len(password) < MIN_LENGTH:
        return _l("Use at least %(count)d characters.", count=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _l("Use at most %(count)d characters.", count=MAX_LENGTH)
    if email and password.lower() == email.lower():
        return _l("Do not use your e-mail address as password.")
    return None
