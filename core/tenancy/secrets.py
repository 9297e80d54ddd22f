"""The instance secret, and keys derived from it per tenant and purpose.

Deriving a key per tenant means a cookie or token signed for one tenant never verifies
at another, even on the same instance.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

SECRET_FILE = ".noaber-secret"


def instance_secret(tenants_root: Path) -> bytes:
    """``NOABER_SECRET_KEY``, else a random secret kept (0600) at the top of the tenants root."""
    configured = os.environ.get("NOABER_SECRET_KEY")
    if configured:
        return configured.encode()
    path = tenants_root / SECRET_FILE
    try:
        return path.read_bytes().strip()
    except FileNotFoundError:
        tenants_root.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another worker made it first
            return path.read_bytes().strip()
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_urlsafe(48).encode())
        return path.read_bytes().strip()


def derived_key(secret: bytes, purpose: str, slug: str) -> bytes:
    return hmac.new(secret, f"{purpose}:{slug}".encode(), hashlib.sha256).digest()
