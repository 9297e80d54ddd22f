"""docs/ stays true to the code: every hook documented with its exact signature."""
from __future__ import annotations

import inspect
import re
from pathlib import Path

from core import hookspecs

DOCS = Path(__file__).resolve().parent.parent / "docs"


def documented_hooks() -> dict[str, str]:
    text = (DOCS / "hooks.md").read_text()
    return {m.group(1): m.group(2) for m in re.finditer(r"^### (noaber_\w+)\((.*)\)$", text, re.M)}


def specified_hooks() -> dict[str, str]:
    return {name: ", ".join(inspect.signature(func).parameters)
            for name, func in inspect.getmembers(hookspecs, inspect.isfunction) if name.startswith("noaber_")}


def test_every_hook_is_documented_with_its_signature():
    assert documented_hooks() == specified_hooks()


def test_documented_scope_matches_the_spec():
    text = (DOCS / "hooks.md").read_text()
    tenant_part = text[text.index("## Tenant-scoped hooks"):]  # the privacy hooks follow, also per tenant
    documented_tenant = set(re.findall(r"^### (noaber_\w+)\(", tenant_part, re.M))
    assert documented_tenant == hookspecs.TENANT_SCOPED


def test_every_hookspec_has_a_docstring_with_an_example():
    for name, func in inspect.getmembers(hookspecs, inspect.isfunction):
        if name.startswith("noaber_"):
            assert "@hookimpl" in (func.__doc__ or ""), name


def test_every_name_of_the_toolkit_is_documented():
    from core import toolkit
    headings = " ".join(re.findall(r"^### (.+)$", (DOCS / "toolkit.md").read_text(), re.M))
    documented = set(re.findall(r"`(\w+)", headings))
    assert set(toolkit.__all__) - documented == set()
    assert all(hasattr(toolkit, name) for name in toolkit.__all__)
