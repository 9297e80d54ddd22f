"""Tenant folders, tenant.toml, and the registry that follows them while the server runs."""
from __future__ import annotations

import pytest

from core.errors import TenantConfigError, UnknownTenant
from core.tenancy.tenants import check_slug
from core.testing import write_config


@pytest.mark.parametrize("slug", ["a", "A-b", "de_es", "x" * 41, "../etc", "de es", "", "ü-buurt"])
def test_slug_refused(slug):
    with pytest.raises(TenantConfigError, match="2 to 40 characters"):
        check_slug(slug)


@pytest.mark.parametrize("slug", ["de-es", "b2", "x" * 40, "0-9"])
def test_slug_accepted(slug):
    assert check_slug(slug) == slug


def write_tenant(instance, slug, text):
    folder = instance.tenants_root / slug
    folder.mkdir(parents=True, exist_ok=True)
    write_config(folder / "tenant.toml", text)
    return folder


@pytest.mark.parametrize("text, message", [
    ("name = 'x'\nkind = 'village'\n", "kind: Must be one of: neighbourhood, coalition"),
    ("kind = 'coalition'\n", "name: Missing data for required field"),
    ("name = 'x'\n[plugins]\nenabled = ['nope']\n",
     "unknown plugin 'nope' (installed: example, transport, zeggenschap)"),
    ("name = 'x'\n[plugins]\nenabled = ['example']\n[plugins.example]\nmax_age_days = 0\n",
     "[plugins.example] max_age_days: Must be greater than or equal to 1"),
    ("name = 'x'\n[plugins]\nenabled = ['example']\n[plugins.example]\ncolour = 'red'\n",
     "[plugins.example] colour: Unknown field"),
    ("name = 'x'\nhosts = ['Not A Host']\n", "hosts[0]: Not a host name"),
    ("name = 'x\n", "not valid TOML"),
    ("name = 'x'\nsurprise = 1\n", "surprise: Unknown field"),
])
def test_broken_config_is_explained(instance, text, message):
    write_tenant(instance, "de-es", text)
    with pytest.raises(TenantConfigError) as info:
        instance.tenants.get("de-es")
    assert message in str(info.value)
    assert "de-es/tenant.toml" in str(info.value)


def test_plugin_settings_are_validated_and_defaulted(instance):
    write_tenant(instance, "de-es", "name = 'De Es'\n[plugins]\nenabled = ['example']\n"
                                    "[plugins.example]\ntitle = 'Mededelingen'\n")
    tenant = instance.tenants.get("de-es")
    assert tenant.plugin_settings("example") == {"title": "Mededelingen", "max_age_days": 30}
    assert tenant.plugins == ("example",)


def test_registry_follows_changes_without_restart(instance):
    with pytest.raises(UnknownTenant):
        instance.tenants.get("de-es")
    folder = write_tenant(instance, "de-es", "name = 'De Es'\n")
    assert instance.tenants.get("de-es").name == "De Es"
    write_config(folder / "tenant.toml", "name = 'De Es (nieuw)'\n")
    assert instance.tenants.get("de-es").name == "De Es (nieuw)"
    (folder / "tenant.toml").unlink()
    with pytest.raises(UnknownTenant):
        instance.tenants.get("de-es")


def test_host_lookup_ignores_port_and_case(instance):
    write_tenant(instance, "de-es", "name = 'De Es'\nhosts = ['de-es.example.org']\n")
    assert instance.tenants.by_host("DE-ES.example.org:8443").slug == "de-es"
    assert instance.tenants.by_host("other.example.org") is None


def test_host_claimed_by_two_tenants_serves_neither(instance):
    write_tenant(instance, "de-es", "name = 'A'\nhosts = ['buurt.example.org']\n")
    write_tenant(instance, "de-linde", "name = 'B'\nhosts = ['buurt.example.org']\n")
    assert instance.tenants.by_host("buurt.example.org") is None


def test_host_moved_between_tenants_follows(instance):
    a = write_tenant(instance, "de-es", "name = 'A'\nhosts = ['buurt.example.org']\n")
    assert instance.tenants.by_host("buurt.example.org").slug == "de-es"
    write_config(a / "tenant.toml", "name = 'A'\n")
    write_tenant(instance, "de-linde", "name = 'B'\nhosts = ['buurt.example.org']\n")
    instance.tenants._hosts_scanned = float("-inf")  # as if the rescan interval had passed
    assert instance.tenants.by_host("buurt.example.org").slug == "de-linde"


def test_example_tenant_in_repo_is_valid(instance):
    from pathlib import Path

    from core.instance import Instance
    repo_tenants = Path(__file__).resolve().parent.parent / "tenants"
    tenant = Instance(tenants_root=repo_tenants).tenants.get("example")
    assert tenant.plugins == ("example",)
    assert tenant.kind == "neighbourhood"


def test_the_example_tenant_in_the_repository_loads_with_every_setting(tmp_path):
    import shutil
    from pathlib import Path

    from core.instance import Instance
    shutil.copytree(Path(__file__).parent.parent / "tenants" / "example", tmp_path / "example")
    tenant = Instance(tenants_root=tmp_path).tenants.get("example")
    assert tenant.federation == {"k": 5, "noise": "none", "epsilon": 1.0, "events_per_person": 10}
    assert tenant.region == "BU03630000" and list(tenant.plugins) == ["example"]
