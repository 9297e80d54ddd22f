"""Shared helpers for noaber's own tests; the fixtures themselves live in core.testing."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
#: the entry point group fake plugins are installed in, so the real plugins stay out of the way
FAKE_PLUGINS = "noaber.test_plugins"


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(noaber_env, capsys):
    """Run the ``noaber`` command in this process: ``cli("init", "de-es", "--name", "De Es")``."""
    from core.cli.main import main

    def run(*args) -> Result:
        capsys.readouterr()
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)
    return run


@pytest.fixture
def run_noaber(noaber_env):
    """Run ``noaber`` in a child process, as a person or a script would."""
    def run(*args, env=None, timeout=60) -> Result:
        full_env = {**os.environ, **(env or {})}
        proc = subprocess.run([sys.executable, "-m", "core", *args], capture_output=True, text=True,
                              env=full_env, timeout=timeout, cwd=REPO)
        return Result(proc.returncode, proc.stdout, proc.stderr)
    return run


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run (Playwright's sync API allows one at a time)."""
    from browser import AXE, CHROMIUM_ARGS, chromium_path, require
    executable = chromium_path()
    require("Chromium", executable is not None)
    require("axe-core (tests/peers)", AXE.exists())
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def fake_plugin(tmp_path, monkeypatch):
    """Install a plugin the way pip would: a module plus a dist-info with an entry point."""
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))

    def install(name: str, source: str, group: str = FAKE_PLUGINS):
        (site / f"{name}.py").write_text(textwrap.dedent(source))
        dist = site / f"{name}-0.1.dist-info"
        dist.mkdir()
        (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n")
        (dist / "entry_points.txt").write_text(f"[{group}]\n{name} = {name}\n")
        return site
    yield install
    for name in [m for m in sys.modules if m.startswith("nb_")]:
        del sys.modules[name]
