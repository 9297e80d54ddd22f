"""Headless Chromium (Debian's package) through Playwright, for the tests that look at pages as people do."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

PEERS = Path(__file__).parent / "peers" / "node_modules"
AXE = PEERS / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str | None:
    return os.environ.get("NOABER_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def require(what: str, present: bool) -> None:
    """In CI a missing tool fails the run; elsewhere the test says what to install and is skipped."""
    if present:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is missing; .ci/run installs it")
    pytest.skip(f"{what} is not installed (apt-get install chromium; cd tests/peers && npm ci)")
