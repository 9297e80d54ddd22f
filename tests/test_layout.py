"""The shape of the code stays as docs/architecture.md draws it.

Read from the source (every import, also inside functions; only ``if TYPE_CHECKING:``
blocks do not count): no import circles in core and the plugins; core's parts import only
the parts below them; core never imports a plugin; a plugin imports from core nothing but
the hook marker and ``core.toolkit``, and never another plugin; at most 12 modules at core's
top level.
"""
from __future__ import annotations

import ast
import sys
from functools import cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

#: core's parts from the bottom up: a part imports only from parts on an earlier line (the picture
#: in docs/architecture.md). Parts on one line do not import each other.
LAYERS = [
    ["errors", "hookspecs", "i18n", "mail"],
    ["storage"],
    ["tenancy"],
    ["jobs"],
    ["metrics"],
    ["web"],
    ["plugins"],
    ["audit"],
    ["people"],
    ["calendar", "federation", "places", "volunteers"],
    ["accounts"],
    ["privacy"],
    ["builtin"],
    ["instance"],
    ["server", "backup"],
    ["cli"],
    ["toolkit", "testing", "__main__"],
]
LAYER_OF = {part: level for level, parts in enumerate(LAYERS) for part in parts}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    found = {}
    for top in ("core", "plugins"):
        for path in (REPO / top).rglob("*.py"):
            found[module_name(path)] = path
    return found


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return getattr(test, "id", None) == "TYPE_CHECKING" or getattr(test, "attr", None) == "TYPE_CHECKING"


def _imported(node, package: str) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
    # "from a import b" imports module a.b when there is one, else a name from a
    return [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules() else base for alias in node.names]


@cache
def imports_of(name: str) -> frozenset[str]:
    """The project modules *name* imports, wherever in the file."""
    path = modules()[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def visit(node):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _type_checking(child):
                continue
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                found.update(_imported(child, package))
            visit(child)
    visit(ast.parse(path.read_text(encoding="utf-8")))
    return frozenset(target for target in found if target in modules() and target != name)


def circles() -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def connect(module):
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in imports_of(module):
            if target not in index:
                connect(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = []
            while not group or group[-1] != module:
                group.append(stack.pop())
                on_stack.discard(group[-1])
            if len(group) > 1:
                found.append(sorted(group))
    for module in sorted(modules()):
        if module not in index:
            connect(module)
    return found


def core_part(module: str) -> str | None:
    parts = module.split(".")
    return None if parts[0] != "core" or len(parts) == 1 else parts[1]


def test_no_import_circles_in_core_and_the_plugins():
    assert circles() == []


def test_the_circle_check_finds_a_circle_made_inside_a_function(tmp_path, monkeypatch):
    (tmp_path / "core").mkdir()
    (tmp_path / "plugins").mkdir()
    (tmp_path / "core" / "a.py").write_text("import core.b\n")
    (tmp_path / "core" / "b.py").write_text("def f():\n    from core import a\n")
    (tmp_path / "core" / "c.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import core.a\n")
    (tmp_path / "core" / "__init__.py").write_text("")
    monkeypatch.setattr(sys.modules[__name__], "REPO", tmp_path)
    modules.cache_clear()
    imports_of.cache_clear()
    try:
        assert circles() == [["core.a", "core.b"]]
    finally:
        modules.cache_clear()
        imports_of.cache_clear()


def test_every_part_of_core_has_a_place_in_the_picture():
    parts = {core_part(m) for m in modules()} - {None}
    assert parts == set(LAYER_OF), "add the part to LAYERS here and to the picture in docs/architecture.md"


@pytest.mark.parametrize("part", sorted(LAYER_OF))
def test_a_part_imports_only_the_parts_below_it(part):
    upward = sorted(f"{module} -> {target}" for module in modules() if core_part(module) == part
                    for target in imports_of(module)
                    if core_part(target) not in (None, part) and LAYER_OF[core_part(target)] >= LAYER_OF[part])
    assert upward == []


def test_core_never_imports_a_plugin():
    assert sorted(f"{m} -> {t}" for m in modules() if m.startswith("core")
                  for t in imports_of(m) if t.startswith("plugins")) == []


def test_a_plugin_imports_only_the_toolkit_of_core_and_no_other_plugin():
    wrong = []
    for module in (m for m in modules() if m.startswith("plugins.")):
        own = ".".join(module.split(".")[:2])
        for target in imports_of(module):
            if target not in ("core", "core.toolkit") and target != own and not target.startswith(own + "."):
                wrong.append(f"{module} -> {target}")
    assert wrong == []


def test_at_most_twelve_modules_at_cores_top_level():
    top = sorted(p.name for p in (REPO / "core").glob("*.py"))
    assert len(top) <= 12, top


def test_test_files_have_names_unique_across_the_suite():
    """tests/ has no packages: two test files of one name in two folders are one module to pytest, and
    the second is not collected at all ("import file mismatch") — name a plugin's tests after it."""
    names = [path.name for path in (REPO / "tests").rglob("test_*.py")]
    assert sorted(name for name in set(names) if names.count(name) > 1) == []
