"""Sign-in through a real OpenID provider (node-oidc-provider in its own process) and Chromium."""
from __future__ import annotations

import subprocess
import time

import pytest
import requests
from browser import PEERS, require
from servers import free_port, isolated_instance, running


@pytest.fixture(scope="module")
def provider_and_site(tmp_path_factory, noaber_database_url):
    require("oidc-provider (tests/peers)", (PEERS / "oidc-provider").exists())
    from core.accounts.service import create_account
    from core.tenancy.admin import create_tenant
    site_port, provider_port = free_port(), free_port()
    site = f"http://127.0.0.1:{site_port}/t/de-es"
    issuer = f"http://127.0.0.1:{provider_port}"
    provider = subprocess.Popen(["node", "oidc-provider.mjs", str(provider_port), "noaber-de-es", "provider-secret",
                                 f"{site}/sign-in/oidc/callback"], cwd=PEERS.parent,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    _wait_for(f"{issuer}/.well-known/openid-configuration", provider)
    root = tmp_path_factory.mktemp("oidc") / "tenants"
    try:
        with isolated_instance(root, noaber_database_url, DE_ES_OIDC_SECRET="provider-secret") as instance:
            tenant = create_tenant(instance, "de-es", "Zorgcoöperatie De Es")
            config = tenant.folder / "tenant.toml"
            config.write_text(config.read_text() + f'\n[oidc]\nissuer = "{issuer}"\nclient_id = "noaber-de-es"\n'
                              'client_secret_env = "DE_ES_OIDC_SECRET"\nlabel = "Inloggen met Buurtaccount"\n')
            with instance.storage.session(instance.tenants.get("de-es")) as session:
                create_account(session, "anna@example.org", None, ("coordinator",))
                session.commit()
            with running("serve", "--port", str(site_port), "--workers", "1"):
                yield site
    finally:
        provider.terminate()
        provider.wait(timeout=10)


def _wait_for(url, process, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the OpenID provider stopped:\n{process.stdout.read()}")
        try:
            if requests.get(url, timeout=1).ok:
                return
        except requests.ConnectionError:
            time.sleep(0.1)
    raise AssertionError("the OpenID provider did not start")


def sign_in_at_provider(page, site, login):
    page.goto(f"{site}/sign-in")
    page.get_by_role("link", name="Inloggen met Buurtaccount").click()
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("anything")
    page.locator("button[type=submit]").click()
    page.wait_for_load_state()
    if "/interaction/" in page.url:  # the provider asks to consent to sharing e-mail and profile
        page.locator("button[type=submit]").click()
    page.wait_for_url(f"{site}/**")


def test_sign_in_through_the_tenants_openid_provider(browser, provider_and_site):
    site = provider_and_site
    page = browser.new_page()
    sign_in_at_provider(page, site, "anna")
    assert page.url == f"{site}/"
    assert "anna@example.org" in page.content()
    assert page.goto(f"{site}/account").status == 200
    page.close()


def test_no_account_no_entry(browser, provider_and_site):
    site = provider_and_site
    page = browser.new_page()
    sign_in_at_provider(page, site, "zoe")
    assert page.url.startswith(f"{site}/sign-in")
    assert "Er is hier geen account voor zoe@example.org" in page.content()
    page.close()


@pytest.mark.parametrize("claims, expected", [
    ({"sub": "1", "email": "anna@example.org", "email_verified": True}, "anna@example.org"),
    ({"sub": "2", "email": "anna@example.org", "email_verified": False}, None),
    ({"sub": "3", "email": "anna@example.org"}, None),
    ({"sub": "4", "email": "nobody@example.org", "email_verified": True}, None),
])
def test_accounts_match_only_a_verified_address(make_tenant, make_account, instance, claims, expected):
    from core.accounts.oidc import match_account
    make_tenant("de-es")
    make_account("de-es", "anna@example.org")
    with instance.storage.session(instance.tenants.get("de-es")) as session:
        found = match_account(session, {"iss": "https://login.example.org", **claims})
        assert (found.email if found else None) == expected


def test_a_linked_account_is_not_taken_over_by_another_subject(make_tenant, make_account, instance):
    from core.accounts.oidc import match_account
    make_tenant("de-es")
    make_account("de-es", "anna@example.org")
    with instance.storage.session(instance.tenants.get("de-es")) as session:
        first = match_account(session, {"iss": "i", "sub": "1", "email": "anna@example.org", "email_verified": True})
        assert first.oidc_subject == "i|1"
        assert match_account(session, {"iss": "i", "sub": "1"}).email == "anna@example.org"  # by subject from now on
        assert match_account(session, {"iss": "i", "sub": "2", "email": "anna@example.org",
                                       "email_verified": True}) is None


@pytest.mark.parametrize("section, message", [
    ('issuer = "not a url"\nclient_id = "x"\nclient_secret = "y"\n', "oidc.issuer: Not a valid URL."),
    ('issuer = "https://login.example.org"\nclient_id = "x"\n', "Give client_secret or client_secret_env"),
])
def test_oidc_settings_are_checked(make_tenant, instance, section, message):
    from core.errors import TenantConfigError
    from core.testing import write_config
    tenant = make_tenant("de-es")
    config = tenant.folder / "tenant.toml"
    write_config(config, config.read_text() + "\n[oidc]\n" + section)
    with pytest.raises(TenantConfigError, match=message):
        instance.tenants.get("de-es")
