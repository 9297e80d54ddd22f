"""Dutch first, complete English: every message translated, catalogues compiled, choice remembered."""
from __future__ import annotations

import io

import pytest
from babel.messages.mofile import read_mo

from core.i18n.catalogues import compiled, component_dirs, extract, load_po, po_path
from core.instance import installed_plugins
from core.testing import csrf_token

COMPONENTS = sorted(component_dirs(installed_plugins()).items())


@pytest.mark.parametrize("name, folder", COMPONENTS, ids=[c[0] for c in COMPONENTS])
def test_every_message_has_a_dutch_translation(name, folder):
    catalogue = load_po(po_path(folder, "nl"), "nl")
    def untranslated(message) -> bool:
        found = catalogue.get(message.id)
        strings = found.string if found is not None and isinstance(found.string, tuple) else (found and found.string,)
        return found is None or found.fuzzy or not all(strings)
    missing = [m.id for m in extract(folder) if m.id and untranslated(m)]
    assert missing == [], f"run `noaber translations update {name}` and translate these"


@pytest.mark.parametrize("name, folder", COMPONENTS, ids=[c[0] for c in COMPONENTS])
def test_compiled_catalogue_matches_the_po_file(name, folder):
    committed = po_path(folder, "nl").with_suffix(".mo").read_bytes()
    assert translations_in(committed) == translations_in(compiled(folder, "nl")), \
        f"run `noaber translations compile {name}`"


def translations_in(mo: bytes) -> dict:
    """What a compiled catalogue translates; the header (which names Babel's version) aside."""
    return {(m.context, str(m.id)): m.string for m in read_mo(io.BytesIO(mo)) if m.id}


def test_dutch_by_default_english_on_request(make_tenant, client):
    make_tenant("de-es", plugins=["example"])
    dutch = client.get("/t/de-es/sign-in")
    assert '<html lang="nl">' in dutch.text and "Wachtwoord vergeten?" in dutch.text
    token = csrf_token(client, "/t/de-es/sign-in")
    chosen = client.post("/t/de-es/language", data={"language": "en", "next": "/t/de-es/example/", "csrf_token": token})
    assert chosen.status_code == 302 and chosen.headers["Location"] == "/t/de-es/example/"
    english = client.get("/t/de-es/sign-in")
    assert '<html lang="en">' in english.text and "Forgot your password?" in english.text
    board = client.get("/t/de-es/example/").text
    assert "Posted" in board and "Geplaatst" not in board


@pytest.mark.parametrize("target", [
    "/\t/evil.example.org", "/t/de-es/\r\n/x", "/t/de-es/../other/", "/t/de-es/%2e%2e/other/",
    "https://evil.example.org/",
    "//evil.example.org",
    "/t/other/",
    "/t/de-es//evil.org",
])
def test_language_switch_stays_on_this_site(make_tenant, client, target):
    make_tenant("de-es")
    token = csrf_token(client, "/t/de-es/sign-in")
    response = client.post("/t/de-es/language", data={"language": "en", "next": target, "csrf_token": token})
    assert response.headers["Location"] == "/t/de-es/"


@pytest.mark.parametrize("target", ["/\t/evil.example.org", "\t//evil.example.org", "/\r\n/evil.example.org"])
def test_language_switch_on_a_tenants_own_host_stays_there(make_tenant, client, target):
    make_tenant("de-es", hosts=["de-es.example.org"])
    token = csrf_token(client, "http://de-es.example.org/sign-in")
    response = client.post("http://de-es.example.org/language",
                           data={"language": "en", "next": target, "csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_stored_text_is_dutch_without_a_request():
    """A claim's description is made by the demo and by jobs too, where there is no request."""
    from core.i18n.text import TRANSLATIONS, dutch_text
    gettext = dutch_text(TRANSLATIONS)
    assert gettext("Neighbourhood: %(name)s", name="Stadskern") == "Buurt: Stadskern"
    assert gettext("a message no catalogue has") == "a message no catalogue has"


def test_an_exact_amount_is_read_only_from_a_string_its_pattern_allows():
    from decimal import Decimal

    from marshmallow import Schema, ValidationError

    from core.toolkit import CLAIM_COSTS, DecimalString

    class Costs(Schema):
        costs = DecimalString(CLAIM_COSTS, 2, "12.50")
    assert Costs().load({"costs": "12.5"}) == {"costs": Decimal("12.5")}
    assert Costs().dump({"costs": Decimal("12.5")}) == {"costs": "12.50"}
    for wrong in (12.5, "12.505", "0", "250.01", "1e2", "-3"):
        with pytest.raises(ValidationError):
            Costs().load({"costs": wrong})


def test_a_typed_amount_is_read_the_dutch_way_and_exactly():
    from decimal import Decimal

    from werkzeug.datastructures import MultiDict
    from wtforms import Form

    from core.toolkit import CLAIM_COSTS, ExactAmountField

    class Costs(Form):
        costs = ExactAmountField("Costs", pattern=CLAIM_COSTS, message="Give the costs in euro.")
    for typed, amount in (("12,50", Decimal("12.50")), ("12.5", Decimal("12.5")), ("", None)):
        form = Costs(MultiDict({"costs": typed}))
        assert form.validate() and form.costs.data == amount
    wrong = Costs(MultiDict({"costs": "12,505"}))
    assert not wrong.validate() and wrong.costs.errors == ["Give the costs in euro."]
    assert wrong.costs._value() == "12,505"  # shown back as typed
    assert Costs(data={"costs": Decimal("7.50")}).costs._value() == "7,50"
