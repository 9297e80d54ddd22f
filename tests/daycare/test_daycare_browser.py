"""Day activities in a real browser: every page passes axe-core, and a coordinator enrols someone
and fills in the attendance sheet with JavaScript off."""
from __future__ import annotations

import random

import pytest
from browser import AXE
from servers import free_port, isolated_instance, running
from test_browser import PASSWORD, serious_violations, sign_in

PAGES = ["/daycare/", "/daycare/groups/1", "/daycare/groups/new", "/daycare/groups/1/edit", "/daycare/sessions/1",
         "/daycare/sessions/1/paper", "/daycare/report", "/people/1"]


@pytest.fixture(scope="module")
def site(tmp_path_factory, noaber_database_url):
    """A neighbourhood with transport and day activities and their demo data, and an admin."""
    from core.accounts.service import create_account
    from core.tenancy.admin import create_tenant
    root = tmp_path_factory.mktemp("daycare-browser") / "tenants"
    with isolated_instance(root, noaber_database_url, NOABER_PDOK_URL="http://127.0.0.1:9/off") as instance:
        tenant = create_tenant(instance, "de-es", "Zorgcoöperatie De Es", plugins=["transport", "daycare"])
        with instance.storage.session(tenant) as session:
            instance.hooks(tenant).noaber_demo_data(tenant=tenant, session=session, rng=random.Random(7))
            create_account(session, "admin@de-es.nl", PASSWORD, ("admin",))
            session.commit()
        port = free_port()
        with running("serve", "--port", str(port), "--workers", "1"):
            yield f"http://127.0.0.1:{port}/t/de-es"


def test_every_daycare_page_passes_axe(browser, site):
    context = browser.new_context()
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    sign_in(page, site)
    problems = {}
    for path in PAGES:
        response = page.goto(site + path)
        assert response.status == 200, path
        problems[path] = serious_violations(page)
    context.close()
    assert {path: found for path, found in problems.items() if found} == {}


def test_enrol_and_fill_in_attendance_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, site)
    page.goto(f"{site}/daycare/groups/3")
    waiting_before = page.get_by_role("heading", name="Wachtlijst").first.text_content()
    page.get_by_label("Wie").select_option(index=0)
    page.get_by_role("button", name="Inschrijven").click()
    assert page.get_by_text("Ingeschreven").first.is_visible() or page.get_by_text("wachtlijst").first.is_visible()
    page.goto(f"{site}/daycare/groups/1")
    page.get_by_role("link", name="presentielijst").first.click()
    first = page.locator("fieldset").first
    first.get_by_label("Afwezig", exact=True).check()
    first.get_by_label("Waarom afwezig").select_option("transport")
    page.get_by_role("button", name="Aanwezigheid opslaan").click()
    assert page.get_by_text("Aanwezigheid opgeslagen.").is_visible()
    assert page.locator("fieldset").first.get_by_label("Afwezig", exact=True).is_checked()
    assert waiting_before
    context.close()
