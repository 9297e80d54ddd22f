"""The web interface in a real browser: sign in, every page of the shell, axe-core finds no serious
accessibility problem, the keyboard reaches the content first, and it all works without JavaScript."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from browser import AXE
from coalition_data import fill_coalition
from servers import free_port, isolated_instance, running

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def site(tmp_path_factory, noaber_database_url):
    """One server for the module: a neighbourhood with people, an admin, and the notice board."""
    from core.tenancy.admin import create_tenant
    root = tmp_path_factory.mktemp("browser") / "tenants"
    with isolated_instance(root, noaber_database_url, NOABER_PDOK_URL="http://127.0.0.1:9/off") as instance:
        _fill(instance, create_tenant(instance, "de-es", "Zorgcoöperatie De Es", plugins=["example", "transport"]))
        fill_coalition(instance, create_tenant(instance, "regio", "Coalitie Oost", "coalition"))
        _account(instance, "regio")
        port = free_port()
        with running("serve", "--port", str(port), "--workers", "1"):
            yield f"http://127.0.0.1:{port}/t/de-es"


def _fill(instance, tenant):
    import random

    from core.accounts.service import create_account
    with instance.storage.session(tenant) as session:
        instance.hooks(tenant).noaber_demo_data(tenant=tenant, session=session, rng=random.Random(7))
        create_account(session, "admin@de-es.nl", PASSWORD, ("admin",))
        session.commit()


def _account(instance, slug):
    from core.accounts.service import create_account
    with instance.storage.session(instance.tenants.get(slug)) as session:
        create_account(session, "admin@de-es.nl", PASSWORD, ("admin",))
        session.commit()


def sign_in(page, site):
    page.goto(f"{site}/sign-in")
    page.get_by_label("E-mailadres").fill("admin@de-es.nl")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{site}/")


PAGES = ["/", "/people/", "/people/1", "/people/1/edit", "/people/new", "/people/1/privacy/", "/account",
         "/admin/accounts/", "/admin/accounts/1", "/admin/accounts/new", "/audit/", "/example/", "/example/new",
         "/transport/", "/transport/rides/new", "/transport/rides/1", "/transport/my",
         "/transport/drivers/", "/transport/drivers/1", "/transport/drivers/new", "/transport/statements",
         "/transport/reports", "/transport/week", "/transport/series", "/transport/series/new", "/transport/series/1",
         "/federation/", "/federation/shared", "/federation/dashboard", "/volunteers/hours",
         "/places/", "/places/new", "/places/1", "/transport/rides/new?rider=2"]


def serious_violations(page) -> list[str]:
    """axe-core's serious findings; axe is in the page through an init script (see below)."""
    result = page.evaluate("async () => await axe.run(document, "
                           "{runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def test_every_shell_page_passes_axe(browser, site):
    """…and needs nothing the Content-Security-Policy blocks: the browser reports no violation."""
    context = browser.new_context()
    # Through DevTools, as the extension does: the pages' CSP allows no script of ours in them.
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    blocked: list[str] = []
    page.on("console", lambda message: blocked.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text else None)
    problems = {}
    for path in ["/sign-in", "/password/forgot"]:
        page.goto(site + path)
        problems[path] = serious_violations(page)
    sign_in(page, site)
    for path in PAGES:
        response = page.goto(site + path)
        assert response.status == 200, path
        assert "default-src 'self'" in response.headers["content-security-policy"], path
        problems[path] = serious_violations(page)
    context.close()
    assert {path: found for path, found in problems.items() if found} == {}
    assert blocked == []


def test_keyboard_reaches_the_skip_link_first_and_it_works(browser, site):
    page = browser.new_page()
    page.goto(f"{site}/sign-in")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Naar de inhoud"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#content"
    page.close()


def test_works_without_javascript_and_in_english(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, site)
    page.get_by_role("button", name="English").click()
    page.goto(f"{site}/people/new")
    page.get_by_label("Given name").fill("Bep")
    page.get_by_label("Family name").fill("Zonderscript")
    page.get_by_role("button", name="Save").click()
    assert "Bep Zonderscript" in page.content()
    page.goto(f"{site}/people/?q=Zonderscript")
    assert "Zonderscript, Bep" in page.content()
    context.close()


def test_comfortable_on_a_phone(browser, site):
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2)
    page = context.new_page()
    sign_in(page, site)
    for path in ("/", "/people/", "/people/1"):
        page.goto(site + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways on a phone ({overflow} px)"
    context.close()


def test_a_ride_is_taken_by_picking_a_place_without_javascript_or_coordinates(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, site)
    page.goto(f"{site}/transport/rides/new")
    page.get_by_label("Passagier").select_option(index=1)
    page.get_by_role("button", name="Verder").click()
    assert not page.get_by_label("Breedtegraad").is_visible()  # folded away under "advanced"
    page.get_by_label("Datum").fill((date.today() + timedelta(days=3)).isoformat())
    page.get_by_label("Afspraak om").fill("10:30")
    page.get_by_label("Bekende plek").select_option(label="Fysiotherapie Oost")
    page.get_by_role("button", name="Rit aanvragen").click()
    assert "De rit is aangevraagd." in page.content() and "Fysiotherapie Oost" in page.content()
    context.close()


def test_the_coalition_dashboard_marks_a_month_that_misses_a_neighbourhood(browser, site):
    coalition = site.replace("/t/de-es", "/t/regio")
    context = browser.new_context()
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    sign_in(page, coalition)
    page.goto(f"{coalition}/federation/dashboard")
    assert page.locator("svg rect.bar.incomplete").count() == 2 and page.locator("svg rect.bar").count() == 3
    assert "1 van 2 buurten" in page.content() and "Niet elke buurt zit in dit totaal" in page.content()
    page.get_by_text("De getallen als tabel").first.click()
    assert page.get_by_role("cell", name="1 van 2 buurten, 1 verborgen").first.is_visible()
    assert serious_violations(page) == []
    context.close()


def test_planning_a_week_works_without_javascript_and_its_pages_pass_axe(browser, site):
    """The plan button is a form; the job's page refreshes itself while it runs, and says what came of it."""
    from core.instance import tenant_context
    from core.jobs.models import Job
    from core.storage.base import utcnow
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, site)
    page.goto(f"{site}/transport/week")
    page.get_by_role("button", name="De open ritten van deze week plannen").click()
    page.wait_for_url("**/transport/planning/**")
    assert "ritten aangeboden" in page.content()  # planned at once here (the tests' jobs are immediate)
    context.close()
    with tenant_context("de-es") as scope:  # a week half planned, as a worker leaves it between two days
        scope.session.add(Job(id="f" * 32, kind="transport.plan_week", params='{"monday": "2030-06-03"}',
                              state="running", done=3, total=7, requested_by="account:1", started_at=utcnow()))
        scope.session.commit()
    context = browser.new_context()
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    sign_in(page, site)
    page.goto(f"{site}/transport/planning/{'f' * 32}?refresh=off")
    assert page.locator("progress").get_attribute("value") == "3" and "3 van 7 dagen gepland" in page.content()
    assert serious_violations(page) == []
    page.goto(f"{site}/transport/planning/{'f' * 32}")
    assert page.locator('meta[http-equiv="refresh"]').count() == 1
    context.close()
