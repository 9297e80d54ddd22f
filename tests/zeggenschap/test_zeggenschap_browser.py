"""zeggenschap in a real browser: its pages pass axe-core, and a member ticks projects, has them added up
with the "bereken" button and votes, all without JavaScript."""
from __future__ import annotations

import random
from datetime import datetime, timedelta, UTC
from decimal import Decimal

import pytest
from browser import AXE
from servers import free_port, isolated_instance, running

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def site(tmp_path_factory, noaber_database_url):
    from core.tenancy.admin import create_tenant
    root = tmp_path_factory.mktemp("browser") / "tenants"
    with isolated_instance(root, noaber_database_url, NOABER_PDOK_URL="http://127.0.0.1:9/off") as instance:
        tenant = create_tenant(instance, "de-es", "Zorgcoöperatie De Es", plugins=["zeggenschap"])
        votes = _fill(instance, tenant)
        port = free_port()
        with running("serve", "--port", str(port), "--workers", "1"):
            yield f"http://127.0.0.1:{port}/t/de-es", *votes


def _fill(instance, tenant) -> int:
    from core.accounts.service import create_account
    from core.jobs.models import Job
    from plugins.zeggenschap import demo, service
    from plugins.zeggenschap.models import Member
    with instance.storage.session(tenant) as session:
        instance.hooks(tenant).noaber_demo_data(tenant=tenant, session=session, rng=random.Random(7))
        create_account(session, "admin@de-es.nl", PASSWORD, ("admin",))
        member = session.query(Member).order_by(Member.id.desc()).first().person_id
        create_account(session, "lid@de-es.nl", PASSWORD, ("member",), member)
        now = datetime.now(UTC)
        vote = service.create_vote(session, demo.STATUTES, {
            "title": "Buurtbudget volgend jaar", "kind": "budget", "eligible": "members", "budget": Decimal("5000"),
            "opens_at": now - timedelta(hours=1), "closes_at": now + timedelta(days=5),
            "options": [{"title": "Bloembakken", "cost": Decimal("1200.50")},
                        {"title": "Buurtfeest", "cost": Decimal("2000")}]})
        # a vote the job worker is counting, its last round sharing out 3,100 of the 5,000 euros
        counting = service.create_vote(session, demo.STATUTES, {
            "title": "Buurtbudget groot", "kind": "budget", "eligible": "members", "budget": Decimal("5000"),
            "opens_at": now - timedelta(days=2), "closes_at": now - timedelta(days=1),
            "options": [{"title": "Bloembakken", "cost": Decimal("1200.50")}]})
        counting.closed_at = now - timedelta(hours=1)
        counting.count_job = "c" * 32
        session.add(Job(id="c" * 32, kind="zeggenschap.count", params=f'{{"vote_id": {counting.id}}}',
                        state="running", done=3100, total=5000, requested_by="account:1"))
        session.commit()
        return vote.id, counting.id


def sign_in(page, site, email):
    page.goto(f"{site}/sign-in")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{site}/")


def serious_violations(page) -> list[str]:
    result = page.evaluate("async () => await axe.run(document, "
                           "{runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def test_pages_pass_axe(browser, site):
    base, budget_vote, counting = site
    context = browser.new_context()
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    problems = {}
    page.goto(f"{base}/zeggenschap/code")
    problems["/zeggenschap/code"] = serious_violations(page)
    sign_in(page, base, "admin@de-es.nl")
    for path in ["/zeggenschap/", "/zeggenschap/votes/1", "/zeggenschap/votes/2", "/zeggenschap/votes/2/letters",
                 "/zeggenschap/votes/2/paper", "/zeggenschap/votes/2/proxies", "/zeggenschap/decisions",
                 "/zeggenschap/meetings/2", "/zeggenschap/meetings/new", "/zeggenschap/votes/new",
                 f"/zeggenschap/votes/{budget_vote}", f"/zeggenschap/votes/{counting}?refresh=off"]:
        response = page.goto(base + path)
        assert response.status == 200, path
        problems[path] = serious_violations(page)
    assert page.locator("progress").get_attribute("value") == "3100"  # the count going, on the last page
    context.close()
    assert {path: found for path, found in problems.items() if found} == {}


def test_a_member_adds_up_and_votes_without_javascript(browser, site):
    base, budget_vote, _counting = site
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, base, "lid@de-es.nl")
    page.goto(f"{base}/zeggenschap/votes/{budget_vote}")
    page.get_by_label("Bloembakken").check()
    page.get_by_label("Buurtfeest").check()
    page.get_by_role("button", name="Bereken wat ik aanvinkte").click()
    assert "€\xa03.200,50" in page.get_by_role("status").inner_text()
    assert page.get_by_label("Bloembakken").is_checked()
    page.get_by_role("button", name="Breng mijn stem uit").click()
    assert "Uw stem is binnen" in page.content()
    assert page.get_by_label("Bloembakken").count() == 0
    context.close()
