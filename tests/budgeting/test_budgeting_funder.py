"""The funder's report per grant: the page and the PDF with the same figures, goals beside the results
of the period from the other plugins' metrics (transport's rides), explanations per line."""
from __future__ import annotations

import random
import re
import zlib
from datetime import date
from decimal import Decimal

import pytest
from budgeting_clients import bearer

from core.metrics import Measure, Metric
from core.testing import csrf_token, write_config
from plugins.budgeting.results import months_between, period_results

BASE = "/t/de-es/budgeting"
API = "/t/de-es/api/v1/budgeting"
ACCOUNT = ('\n[plugins.budgeting]\naccount_name = "Zorgcooperatie De Es"\niban = "NL44RABO0123456789"\n'
           'kvk = "40123456"\n')


@pytest.fixture
def neighbourhood(make_tenant, instance):
    """``de-es`` with budgeting and transport, and the demo of both: rides this year, a subsidy for the year."""
    tenant = make_tenant("de-es", plugins=["budgeting", "transport"])
    path = tenant.folder / "tenant.toml"
    write_config(path, path.read_text(encoding="utf-8") + ACCOUNT)
    with instance.storage.session(tenant) as session:
        instance.hooks(tenant).noaber_demo_data(tenant=tenant, session=session, rng=random.Random(5))
        session.commit()
    return tenant


def pdf_text(data: bytes) -> str:
    """The text a PDF shows, from its (Flate-compressed) content streams, without a PDF library."""
    shown = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            stream = zlib.decompress(stream)
        except zlib.error:
            pass
        for literal in re.findall(rb"\(((?:[^()\\]|\\.)*)\)\s*Tj", stream):
            shown.append(re.sub(rb"\\(.)", rb"\1", literal).decode("cp1252"))
    return " ".join(" ".join(shown).replace("\xa0", " ").split())  # a cell's wrapped lines read as one


def signed_in_treasurer(client, make_account, sign_in):
    make_account("de-es", "penning@de-es.nl", roles=("treasurer",))
    sign_in(client, "de-es", "penning@de-es.nl")


def test_the_pdf_has_the_cover_lines_funding_expenses_and_a_place_to_sign(
        client, make_account, sign_in, neighbourhood):
    signed_in_treasurer(client, make_account, sign_in)
    page = client.get(f"{BASE}/grants/1")
    assert page.status_code == 200 and f'href="{BASE}/grants/1/funder-report.pdf"' in page.text
    answer = client.get(f"{BASE}/grants/1/funder-report.pdf")
    assert answer.status_code == 200 and answer.content_type == "application/pdf"
    assert answer.data.startswith(b"%PDF-") and answer.data.rstrip().endswith(b"%%EOF")
    text = pdf_text(answer.data)
    year = date.today().year
    for shown in (f"SUB-{year}-0413", "De Es", "NL44RABO0123456789", "40123456", "€ 12.000,00", "€ 9.000,00",
                  "Koffieochtenden", "Huur zaal januari", "€ 300,00", "Handtekening"):
        assert shown in text, shown
    assert "€ 9.000,00" in page.text.replace("\xa0", " ")  # received: the same figure on the page


def test_the_report_shows_the_goals_beside_the_rides_driven_in_the_period(client, make_account, sign_in,
                                                                           neighbourhood):
    signed_in_treasurer(client, make_account, sign_in)
    saved = client.post(f"{BASE}/grants/1/texts", data={
        "csrf_token": csrf_token(client, f"{BASE}/grants/1"), "texts-goals": "Iedereen komt mee: 500 ritten",
        "texts-explanation_1": "Meer koffieochtenden dan gepland"})
    assert saved.status_code == 302
    page = client.get(f"{BASE}/grants/1").text
    rides = re.search(r'<th scope="row">Gereden ritten</th><td>([0-9.]+) ritten</td><td>totaal</td>', page)
    assert "Iedereen komt mee: 500 ritten" in page and rides and int(rides[1].replace(".", "")) > 0
    assert "Meer koffieochtenden dan gepland" in page
    text = pdf_text(client.get(f"{BASE}/grants/1/funder-report.pdf").data)
    assert "Iedereen komt mee: 500 ritten" in text and f"{rides[1]} ritten" in text
    assert "Meer koffieochtenden dan gepland" in text


def test_the_api_writes_goals_and_explanations_and_gives_the_pdf(client, cli, neighbourhood):
    treasurer = bearer(cli, client, "Penningmeester")
    grant = client.get(f"{API}/grants/2", headers=treasurer).get_json()
    line_id = grant["lines"][0]["line_id"]
    changed = client.patch(f"{API}/grants/2", headers=treasurer, json={
        "goals": "Een buurtfeest voor iedereen", "explanations": [{"line_id": line_id, "explanation": "Regen"}]})
    assert changed.status_code == 200 and changed.get_json()["goals"] == "Een buurtfeest voor iedereen"
    assert changed.get_json()["lines"][0]["explanation"] == "Regen"
    stray = client.patch(f"{API}/grants/2", headers=treasurer, json={
        "explanations": [{"line_id": 999, "explanation": "x"}]})
    assert stray.status_code == 422 and "explanations" in stray.get_json()["errors"]
    pdf = client.get(f"{API}/grants/2/report.pdf", headers=treasurer)
    assert pdf.status_code == 200 and pdf.content_type == "application/pdf"
    assert "Een buurtfeest voor iedereen" in pdf_text(pdf.data)
    assert client.get(f"{API}/grants/99/report.pdf", headers=treasurer).status_code == 404


def test_a_name_the_standard_fonts_cannot_write_does_not_break_the_pdf(client, cli, neighbourhood):
    treasurer = bearer(cli, client, "Penningmeester")
    client.patch(f"{API}/grants/1", headers=treasurer, json={"goals": "Łódź – Ğüneş 😊 «ok»"})
    pdf = client.get(f"{API}/grants/1/report.pdf", headers=treasurer)
    text = pdf_text(pdf.data)
    assert pdf.status_code == 200 and "Lódz – Günes ? «ok»" in text, text[:600]


def metric(metric_id, counts="events", aggregation="sum"):
    return Metric(metric_id, metric_id, "rides", counts, compute=lambda *a: None, aggregation=aggregation)


def test_results_add_up_events_take_the_busiest_month_for_persons_and_weigh_averages():
    rides, riders = metric("transport.rides"), metric("transport.riders", "persons")
    rate, money = metric("daycare.rate", "quantity", "mean"), metric("budgeting.income", "money")
    months = {3: [(rides, Measure(10.0, 4)), (riders, Measure(4.0, 4)), (rate, Measure(0.5, 2)),
                  (money, Measure(99.0, 1))],
              4: [(rides, Measure(2.5, 2)), (riders, Measure(6.0, 6)), (rate, Measure(0.8, 8)),
                  (money, Measure(1.0, 1))]}

    def figures(month, exclude=()):  # as tenant_figures: the excluded plugins' metrics are not there
        return [(m, measure) for m, measure in months.get(month.month, []) if m.id.split(".")[0] not in exclude]
    results = period_results(figures, date(2026, 3, 15), date(2026, 4, 2))
    assert {r.label: (r.value, r.how) for r in results} == {
        "transport.rides": (Decimal("12.5"), "total"), "transport.riders": (Decimal(6), "highest"),
        "daycare.rate": (Decimal("0.7"), "average")}


def test_the_months_of_a_period_are_clipped_to_it():
    assert [str(m) for m in months_between(date(2026, 11, 20), date(2027, 1, 3))] == ["2026-11", "2026-12",
                                                                                      "2027-01"]
    assert months_between(date(2026, 12, 1), date(2026, 11, 30)) == []


def test_a_grant_runs_at_most_five_years_within_this_century(client, cli, books):
    treasurer = bearer(cli, client, "Penningmeester")
    for starts_on, ends_on in (("2026-01-01", "2031-01-01"), ("0001-01-01", "0001-12-31"),
                               ("2025-01-01", "2024-12-31")):
        answer = client.post(f"{API}/grants", headers=treasurer, json={
            "funder": "Fonds", "reference": "F-1", "amount": "100.00", "starts_on": starts_on, "ends_on": ends_on})
        assert answer.status_code == 422 and answer.get_json()["errors"], (starts_on, answer.text)
    five = client.post(f"{API}/grants", headers=treasurer, json={
        "funder": "Fonds", "reference": "F-1", "amount": "100.00", "starts_on": "2026-01-01", "ends_on": "2030-12-31"})
    assert five.status_code == 201


def test_the_longest_texts_the_api_takes_still_make_a_pdf(client, cli, books):
    """A table row cannot run over a page: long free text (conditions, explanations) goes in paragraphs."""
    treasurer = bearer(cli, client, "Penningmeester")
    line = client.post(f"{API}/lines", headers=treasurer, json={
        "year": 2026, "category": "other", "name": "W" * 120, "amount": "10.00"}).get_json()
    grant = client.post(f"{API}/grants", headers=treasurer, json={
        "funder": "W" * 120, "reference": "W" * 80, "amount": "10.00", "starts_on": "2026-01-01",
        "ends_on": "2026-02-01", "conditions": "W" * 2000, "goals": "W " * 1000,
        "lines": [{"line_id": line["id"], "amount": "10.00", "explanation": "W" * 2000}]}).get_json()
    pdf = client.get(f"{API}/grants/{grant['id']}/report.pdf", headers=treasurer)
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")
