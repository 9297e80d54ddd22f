"""The buddy programme's pages in a real browser: axe-core finds no serious problem, they fit a
tablet held upright (intake at someone's kitchen table), and a measurement works without JavaScript."""
from __future__ import annotations

import pytest
from browser import AXE
from servers import free_port, isolated_instance, running
from test_browser import serious_violations

PASSWORD = "correct horse battery"
PAGES = ["/maatjes/", "/maatjes/mine", "/maatjes/pairs", "/maatjes/pairs?status=active", "/maatjes/pairs/1",
         "/maatjes/pairs/7",
         "/maatjes/waiting", "/maatjes/plan", "/maatjes/participants", "/maatjes/participants/1",
         "/maatjes/participants/12", "/maatjes/participants/new", "/maatjes/volunteers", "/maatjes/volunteers/new",
         "/maatjes/volunteers/1/edit", "/maatjes/participants/1/loneliness", "/maatjes/report",
         "/maatjes/participants/1/leave", "/maatjes/participants/10/leave",
         "/maatjes/participants/10", "/maatjes/volunteers/1/leave"]


@pytest.fixture(scope="module")
def site(tmp_path_factory, noaber_database_url):
    """A neighbourhood with the demo's buddy programme, and a coordinator."""
    import random

    from core.accounts.service import create_account
    from core.tenancy.admin import create_tenant
    root = tmp_path_factory.mktemp("browser") / "tenants"
    with isolated_instance(root, noaber_database_url, NOABER_PDOK_URL="http://127.0.0.1:9/off") as instance:
        tenant = create_tenant(instance, "de-es", "Zorgcoöperatie De Es", plugins=["maatjes"])
        with instance.storage.session(tenant) as session:
            instance.hooks(tenant).noaber_demo_data(tenant=tenant, session=session, rng=random.Random(7))
            create_account(session, "coordinator@de-es.nl", PASSWORD, ("coordinator",))
            session.commit()
        port = free_port()
        with running("serve", "--port", str(port), "--workers", "1"):
            yield f"http://127.0.0.1:{port}/t/de-es"


def sign_in(page, site):
    page.goto(f"{site}/sign-in")
    page.get_by_label("E-mailadres").fill("coordinator@de-es.nl")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{site}/")


def test_the_buddy_pages_pass_axe_and_fit_a_tablet(browser, site):
    context = browser.new_context(viewport={"width": 768, "height": 1024})
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    sign_in(page, site)
    problems = {}
    for path in PAGES:
        response = page.goto(site + path)
        assert response.status == 200, path
        problems[path] = serious_violations(page)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways on a tablet ({overflow} px)"
    context.close()
    assert {path: found for path, found in problems.items() if found} == {}


def test_a_measurement_is_taken_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, site)
    page.goto(f"{site}/maatjes/participants/1/loneliness")
    answers = ["ja", "min of meer", "nee", "nee", "ja", "ja"]
    for group, answer in zip(page.get_by_role("group").all()[-6:], answers, strict=True):
        group.get_by_label(answer, exact=True).check()
    page.get_by_role("button", name="Meting opslaan").click()
    assert "Score 3 van 6: matig eenzaam." in page.content()
    context.close()


def test_leaving_the_programme_is_recorded_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, site)
    page.goto(f"{site}/maatjes/waiting")
    page.get_by_role("table").first.get_by_role("link").first.click()  # who waits longest
    page.get_by_role("link", name="Vastleggen dat hij of zij gestopt is met het maatjesproject").click()
    page.get_by_label("Waarom hij of zij stopte").select_option("no_longer_wanted")
    page.get_by_role("button", name="Vastleggen dat hij of zij gestopt is").click()
    assert "Gestopt met het maatjesproject op" in page.content() and "wilde het niet meer" in page.content()
    context.close()
