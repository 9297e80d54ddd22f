"""docs/plugins.md works as printed: its files become a plugin whose own tests pass."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "docs"
FILE_LINE = re.compile(r"^(?:#|\{#) file: (\S+)(?: #\})?$")


def tutorial_files() -> dict[str, str]:
    files = {}
    for block in re.findall(r"^```\w*\n(.*?)^```$", (DOCS / "plugins.md").read_text(), re.M | re.S):
        first, _, rest = block.partition("\n")
        match = FILE_LINE.match(first)
        if match:
            files[match.group(1)] = rest
    return files


def write_project(root: Path) -> dict:
    for name, text in tutorial_files().items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    # What `pip install -e .` records: the distribution and its entry points.
    dist = root / f"{project['name'].replace('-', '_')}-{project['version']}.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {project['name']}\nVersion: {project['version']}\n")
    lines = [f"[{group}]\n" + "".join(f"{k} = {v}\n" for k, v in eps.items())
             for group, eps in project["entry-points"].items()]
    (dist / "entry_points.txt").write_text("\n".join(lines))
    return project


def run(args, root: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=root, env=env, capture_output=True, text=True, timeout=300)


def test_tutorial_plugin_migrates_and_passes_its_own_tests(tmp_path, noaber_env):
    assert set(tutorial_files()) == {"pyproject.toml", "noaber_lending/models.py", "noaber_lending/views.py",
                                     "noaber_lending/templates/lending/items.html", "noaber_lending/__init__.py",
                                     "tests/test_lending.py"}
    root = tmp_path / "noaber-lending"
    write_project(root)
    env = {**os.environ, "PYTHONPATH": str(root)}

    (root / "noaber_lending" / "migrations").mkdir()
    made = run(["core", "revision", "lending", "-m", "create items"], root, env)
    assert made.returncode == 0, made.stderr
    migration = next((root / "noaber_lending" / "migrations").glob("*_create_items.py")).read_text()
    assert "op.create_table('lending_item'" in migration

    listed = run(["core", "plugins"], root, env)
    assert re.search(r"^lending\s+0\.1\.0\s+-\s+Uitleen", listed.stdout, re.M), listed.stdout

    tests = run(["pytest", "-q", "-p", "no:cacheprovider", "tests/test_lending.py"], root, env)
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "2 passed" in tests.stdout


def test_the_tutorial_uses_only_the_toolkit_of_core():
    imported = set()
    for name, text in tutorial_files().items():
        if name.endswith(".py") and not name.startswith("tests/"):
            imported |= set(re.findall(r"^from (core[\w.]*) import|^import (core[\w.]*)", text, re.M))
    assert {a or b for a, b in imported} == {"core", "core.toolkit"}
