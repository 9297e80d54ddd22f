"""Privacy rights: export everything about a person, or erase it, across core and every enabled plugin."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from core.instance import installed_plugins, tenant_context
from core.people.models import Person
from core.privacy.service import plugins_missing_privacy_hooks
from core.testing import csrf_token
from plugins.example import service as board
from plugins.example.models import Notice


@pytest.fixture
def admin(make_tenant, make_account, app, sign_in, instance):
    make_tenant("de-es", plugins=["example"])
    make_account("de-es", "admin@de-es.nl", ("admin",))
    client = app.test_client()
    sign_in(client, "de-es", "admin@de-es.nl")
    return client


@pytest.fixture
def anna(admin, instance):
    """A person with data in core (contact, address, note, consent, account) and in the example plugin."""
    from core.accounts.service import create_account
    from core.people.models import Address, Consent, PersonNote
    with tenant_context("de-es", instance) as scope:
        person = Person(given_name="Anna", family_name="Zwartkop", email="anna@example.org", phone="06-1111 2222",
                        address=Address(street="Lindelaan", house_number=4, house_number_suffix="", postcode="7511JM",
                                        city="Enschede", neighbourhood_code="BU01530110", latitude=52.2, longitude=6.9))
        person.notes.append(PersonNote(text="Zwartkop heeft een kat.", visibility="coordinators"))
        person.consents.append(Consent(purpose="example.name_on_board", granted=True))
        scope.session.add(person)
        scope.session.flush()
        create_account(scope.session, "anna@example.org", "correct horse battery", ("member",), person.id)
        board.post_notice(scope.session, "Fiets te koop", "Bel Anna Zwartkop", author_person_id=person.id)
        scope.session.commit()
        return person.id


def test_export_covers_core_and_plugins(admin, anna, instance):
    page = f"/t/de-es/people/{anna}/privacy/"
    response = admin.post(f"{page}export", data={"csrf_token": csrf_token(admin, page)})
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    core = data["parts"]["core"]
    assert core["person"]["family_name"] == "Zwartkop" and core["address"]["postcode"] == "7511JM"
    assert core["notes"][0]["text"] == "Zwartkop heeft een kat." and core["accounts"][0]["email"] == "anna@example.org"
    assert data["parts"]["example"][0]["title"] == "Fiets te koop"
    assert any(event["action"] == "export" for event in export_after(admin, anna)["parts"]["core"]["access_log"])


def export_after(admin, person_id):
    page = f"/t/de-es/people/{person_id}/privacy/"
    return json.loads(admin.post(f"{page}export", data={"csrf_token": csrf_token(admin, page)}).data)


def test_erase_leaves_nothing_that_identifies(admin, anna, instance):
    page = f"/t/de-es/people/{anna}/privacy/"
    refused = admin.post(f"{page}erase", data={"csrf_token": csrf_token(admin, page)})
    assert refused.status_code == 422  # the confirmation box was not ticked
    done = admin.post(f"{page}erase", data={"csrf_token": csrf_token(admin, page), "confirm": "y"})
    assert done.status_code == 302
    assert admin.get(f"/t/de-es/people/{anna}").status_code == 404
    with tenant_context("de-es", instance) as scope:
        rows = scope.session.execute(select(Person)).scalars().all() + scope.session.scalars(select(Notice)).all()
        dump = " ".join(repr(vars(row)) for row in rows)
        assert "Zwartkop" not in dump and "Anna" not in dump and "06-1111" not in dump and "Lindelaan" not in dump
        person = scope.session.get(Person, anna)
        assert person.erased_at is not None and person.address.neighbourhood_code == "BU01530110"
        kept = scope.session.scalars(select(Notice).where(Notice.title == "Fiets te koop")).one()
        assert kept.author_person_id is None and kept.body == ""  # the board keeps the notice, not the person
    assert "Zwartkop" not in admin.get("/t/de-es/people/").text


def test_erase_is_all_or_nothing(admin, anna, instance, monkeypatch):
    def broken(session, person_id):
        raise RuntimeError("disk full")
    monkeypatch.setattr(board, "forget_author", broken)
    page = f"/t/de-es/people/{anna}/privacy/"
    with pytest.raises(RuntimeError):
        admin.post(f"{page}erase", data={"csrf_token": csrf_token(admin, page), "confirm": "y"})
    with tenant_context("de-es", instance) as scope:
        assert scope.session.get(Person, anna).family_name == "Zwartkop"


def test_every_plugin_with_person_tables_implements_export_and_erase():
    assert plugins_missing_privacy_hooks(installed_plugins()) == []


def test_a_plugin_without_privacy_hooks_is_found(tmp_path, monkeypatch):
    """The check above can fail: a plugin that links rows to people but cannot export or erase them."""
    import textwrap

    from core.instance import load_plugins
    from core.storage.base import Base
    site = tmp_path / "site"
    site.mkdir()
    (site / "nb_forgetful.py").write_text(textwrap.dedent("""
        from sqlalchemy import Column, ForeignKey, Integer, Table
        from core.storage.base import Base
        visits = Table("nb_forgetful_visit", Base.metadata, Column("id", Integer, primary_key=True),
                       Column("person_id", ForeignKey("core_person.id")))
    """))
    dist = site / "nb_forgetful-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: nb_forgetful\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[noaber.test_privacy]\nnb_forgetful = nb_forgetful\n")
    monkeypatch.syspath_prepend(str(site))
    try:
        assert plugins_missing_privacy_hooks(load_plugins(group="noaber.test_privacy")) == ["nb_forgetful"]
    finally:
        Base.metadata.remove(Base.metadata.tables["nb_forgetful_visit"])
        monkeypatch.delitem(__import__("sys").modules, "nb_forgetful", raising=False)


def test_only_admins_reach_privacy_actions(admin, anna, make_account, app, sign_in):
    make_account("de-es", "coordinator@de-es.nl", ("coordinator",))
    coordinator = app.test_client()
    sign_in(coordinator, "de-es", "coordinator@de-es.nl")
    page = f"/t/de-es/people/{anna}/privacy/"
    assert coordinator.get(page).status_code == 403
    assert coordinator.post(f"{page}erase", data={"csrf_token": csrf_token(coordinator, "/t/de-es/account"),
                                                  "confirm": "y"}).status_code == 403
