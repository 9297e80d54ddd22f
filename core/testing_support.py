"""Helpers for tests that change a tenant.toml the way an administrator would."""
from __future__ import annotations

import os
import re
from pathlib import Path

from core.tenant_admin import toml_string


def set_enabled(folder: Path, plugins: list[str]) -> None:
    """Rewrite the ``enabled = [...]`` line and make sure the change is seen as one."""
    path = folder / "tenant.toml"
    text = path.read_text(encoding="utf-8")
    line = f"enabled = [{', '.join(map(toml_string, plugins))}]"
    text, count = re.subn(r"(?m)^enabled = \[.*\]$", line, text)
    if count != 1:
        raise ValueError(f"{path}: no single 'enabled = [...]' line to change")
    write_config(path, text)


def write_config(path: Path, text: str) -> None:
    """Write *text* so that the registry notices even within one filesystem tick."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    if path.stat().st_mtime_ns == before:
        os.utime(path, ns=(before + 1_000_000, before + 1_000_000))
