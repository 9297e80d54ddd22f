"""The treasurer's pages in a real browser: axe-core finds no serious problem, and an expense goes from the
form (with a photo of the receipt) to approval without JavaScript."""
from __future__ import annotations

import random

import pytest
from browser import AXE
from servers import free_port, isolated_instance, running

PASSWORD = "correct horse battery"
PAGES = ["/budgeting/", "/budgeting/budget", "/budgeting/expenses/new", "/budgeting/approvals", "/budgeting/bank",
         "/budgeting/members", "/budgeting/grants/1", "/budgeting/grants/2"]
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(scope="module")
def books_site(tmp_path_factory, noaber_database_url):
    from core.accounts.service import create_account
    from core.tenancy.admin import create_tenant
    root = tmp_path_factory.mktemp("budgeting-browser") / "tenants"
    with isolated_instance(root, noaber_database_url, NOABER_PDOK_URL="http://127.0.0.1:9/off") as instance:
        tenant = create_tenant(instance, "de-es", "Zorgcoöperatie De Es", plugins=["budgeting"])
        with instance.storage.session(tenant) as session:
            instance.hooks(tenant).noaber_demo_data(tenant=tenant, session=session, rng=random.Random(7))
            create_account(session, "penning@de-es.nl", PASSWORD, ("treasurer",))
            create_account(session, "vrijwilliger@de-es.nl", PASSWORD, ("volunteer",))
            session.commit()
        port = free_port()
        with running("serve", "--port", str(port), "--workers", "1"):
            yield f"http://127.0.0.1:{port}/t/de-es"


def sign_in(page, site, email):
    page.goto(f"{site}/sign-in")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{site}/")


def serious(page) -> list[str]:
    result = page.evaluate("async () => await axe.run(document, "
                           "{runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})")
    return [f"{v['id']}: {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def test_the_treasurer_s_pages_pass_axe(browser, books_site):
    context = browser.new_context()
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    sign_in(page, books_site, "penning@de-es.nl")
    problems = {}
    for path in PAGES:
        assert page.goto(books_site + path).status == 200, path
        problems[path] = serious(page)
    context.close()
    assert {path: found for path, found in problems.items() if found} == {}


def test_an_expense_from_a_phone_to_approval_without_javascript(browser, books_site, tmp_path):
    receipt = tmp_path / "bon.png"
    receipt.write_bytes(PNG)
    phone = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 740})
    page = phone.new_page()
    sign_in(page, books_site, "vrijwilliger@de-es.nl")
    page.goto(f"{books_site}/budgeting/expenses/new")
    page.get_by_label("Datum van de rekening of aankoop").fill("2026-03-03")
    page.get_by_label("Bedrag in euro").fill("12.40")
    page.get_by_label("Waarvoor was het").fill("Bloemen voor mevrouw Smit")
    page.get_by_label("Betalen aan (naam)").fill("Henk Jansen")
    page.get_by_label("Hun IBAN (rekeningnummer)").fill("NL91 ABNA 0417 1643 00")
    page.get_by_label("Foto of pdf van de bon").set_input_files(str(receipt))
    page.get_by_role("button", name="Indienen").click()
    assert "de uitgave is ingediend" in page.content()
    phone.close()
    desk = browser.new_context(java_script_enabled=False)
    page = desk.new_page()
    sign_in(page, books_site, "penning@de-es.nl")
    page.goto(f"{books_site}/budgeting/approvals")
    row = page.get_by_role("row").filter(has_text="Bloemen voor mevrouw Smit")
    row.get_by_role("button", name="Goedkeuren").click()
    assert "Goedgekeurd." in page.content() and "Bloemen voor mevrouw Smit" not in page.content()
    desk.close()
