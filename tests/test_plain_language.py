"""Dutch pages say everything in Dutch: no message left in English, no framework jargon, no codes.

The demo's data is rendered page by page in Dutch (the default); every English message id of
the catalogues that has a Dutch translation must not appear in a page's text, nor WTForms'
own English messages, nor their jargon-laden Dutch ("float-waarde").
"""
from __future__ import annotations

import html
import random
import re

import pytest
from babel.messages.pofile import read_po

from core.i18n.catalogues import component_dirs, po_path
from core.instance import installed_plugins, tenant_context
from core.testing import csrf_token

PAGES = ["/", "/people/", "/people/1", "/people/1/edit", "/people/new", "/account", "/audit/",
         "/admin/accounts/", "/example/", "/example/new", "/transport/", "/transport/week", "/transport/rides/new",
         "/transport/rides/new?rider=2", "/transport/rides/1", "/transport/my", "/transport/drivers/",
         "/transport/drivers/1", "/transport/drivers/new", "/transport/statements", "/transport/reports",
         "/transport/series", "/transport/series/new", "/transport/series/1", "/federation/", "/federation/shared",
         "/volunteers/hours", "/places/", "/places/1", "/daycare/", "/daycare/groups/1", "/daycare/groups/new",
         "/daycare/groups/1/edit", "/daycare/sessions/1", "/daycare/sessions/1/paper", "/daycare/report",
         "/zeggenschap/", "/zeggenschap/votes/1", "/zeggenschap/votes/2", "/zeggenschap/votes/2/letters",
         "/zeggenschap/votes/2/paper", "/zeggenschap/code", "/zeggenschap/decisions"]
#: what WTForms and its Dutch catalogue say that a volunteer should never read
JARGON = ["float", "Not a valid", "Invalid", "decimal value", "integer value", "Ongeldige", "geheel getal-waarde"]


def english_messages() -> set[str]:
    """Message ids (at least three words) whose Dutch differs: seen on a Dutch page, they are untranslated."""
    found = set()
    for _name, folder in component_dirs(installed_plugins()).items():
        with po_path(folder, "nl").open("rb") as handle:
            for message in read_po(handle):
                text = message.id if isinstance(message.id, str) else message.id[0]
                plain = re.sub(r"%\(\w+\)[sd]|%%", "", text).strip()
                if message.string and message.string != text and len(plain.split()) >= 3 and "%" not in plain:
                    found.add(plain)
    return found


def visible_text(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<input[^>]*type=\"hidden\"[^>]*>", " ", page)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


@pytest.fixture
def buurt(make_tenant, make_account, instance):
    tenant = make_tenant("de-es", plugins=["example", "transport", "daycare", "zeggenschap"])
    with tenant_context("de-es", instance) as scope:
        scope.instance.hooks(tenant).noaber_demo_data(tenant=tenant, session=scope.session, rng=random.Random(3))
        scope.session.commit()
    make_account("de-es", "admin@de-es.nl", ("admin",))


#: a number written the English way ("14.2"); Dutch writes 14,2 (dates and times have no such dot), and
#: groups thousands with a dot before a decimal comma ("€ 1.800,00"), which is not English
ENGLISH_DECIMAL = re.compile(r"(?<![\d.:/-])\d+\.\d+(?![\d.:/-]|,\d)")


def problems_on(text: str, english: set[str]) -> list[str]:
    return sorted({message for message in english if message in text} |
                  {word for word in JARGON if re.search(rf"\b{re.escape(word)}\b", text)} |
                  {f"number {number}" for number in ENGLISH_DECIMAL.findall(text)})


def test_no_english_and_no_jargon_on_dutch_pages(buurt, client, sign_in):
    sign_in(client, "de-es", "admin@de-es.nl")
    english, found = english_messages(), {}
    for path in PAGES:
        response = client.get(f"/t/de-es{path}")
        assert response.status_code == 200, path
        found[path] = problems_on(visible_text(response.text), english)
    assert {path: messages for path, messages in found.items() if messages} == {}


def test_form_errors_are_plain_dutch(buurt, client, sign_in):
    sign_in(client, "de-es", "admin@de-es.nl")
    english = english_messages()
    form = "/t/de-es/transport/rides/new?rider=2"
    answer = client.post(form, data={"csrf_token": csrf_token(client, form), "rider": "2", "day": "morgen",
                                     "appointment": "half tien", "place": "0", "destination": "Tandarts",
                                     "destination_number": "vier", "latitude": "noord"})
    assert answer.status_code == 422
    assert problems_on(visible_text(answer.text), english) == []
    driver = "/t/de-es/transport/drivers/new"
    answer = client.post(driver, data={"csrf_token": csrf_token(client, driver), "person": "1", "seats": "twee",
                                       "max_km": "veel"})
    assert problems_on(visible_text(answer.text), english) == []
    group = "/t/de-es/daycare/groups/new"
    answer = client.post(group, data={"csrf_token": csrf_token(client, group), "name": "x", "place": "1",
                                      "capacity": "veel", "starts_on": "morgen", "slot_1-weekday": "1",
                                      "slot_1-starts": "tien uur"})
    assert answer.status_code == 422
    assert problems_on(visible_text(answer.text), english) == []
    sheet = "/t/de-es/daycare/sessions/1"
    helper = client.post(f"{sheet}/volunteers", data={"csrf_token": csrf_token(client, sheet), "person": "1",
                                                      "hours": "drie"}, follow_redirects=True)
    assert problems_on(visible_text(helper.text), english) == []


def test_the_checker_finds_an_untranslated_message():
    english = english_messages()
    assert problems_on("Niets aan de hand. Pick a known place, or give the destination's name and address.",
                       english) == ["Pick a known place, or give the destination's name and address."]
    assert problems_on("Ongeldige float-waarde", english) == ["Ongeldige", "float"]
    assert problems_on("14.2 km, om 10:30 op 31-10-2026, 14,2 km", english) == ["number 14.2"]
