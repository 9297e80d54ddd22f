"""A year of money for ``noaber demo``: a municipal subsidy and a fund grant (with their goals, for the funder's
report), expenses in every state with receipts, volunteers' claims (drivers' kilometres from transport), a
payment batch and a bank statement with a booking (bank costs) left on the review list."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from random import Random

from core.toolkit import Month, list_people
from plugins.budgeting import claims, payments, receipts, service, statements
from plugins.budgeting.bankfile import Line as BankLine
from plugins.budgeting.bankfile import camt053
from plugins.budgeting.models import Expense

DEMO_ACCOUNT = {"account_name": "Zorgcooperatie De Es", "iban": "NL44RABO0123456789", "bic": "RABONL2U"}
SUBMITTER, APPROVER = "demo:coordinator", "demo:treasurer"
#: (category, name, budget)
BUDGET = [("activities", "Koffieochtenden", "2500.00"), ("activities", "Buurtfeest", "1800.00"),
          ("activities", "Uitstapjes maatjes", "900.00"),
          ("volunteers", "Onkostenvergoedingen vrijwilligers", "3000.00"),
          ("volunteers", "Vrijwilligersavond", "600.00"), ("transport", "Kilometervergoeding chauffeurs", "4000.00"),
          ("housing", "Huur buurthuis", "3600.00"), ("communication", "Buurtkrant en website", "1200.00"),
          ("organisation", "Bank en verzekering", "630.00")]
#: (line, day of year, amount, what, payee, IBAN)
BILLS = [("Koffieochtenden", 20, "86.40", "Koffie, thee en koek januari", "Supermarkt Oost", "NL20INGB0001234567"),
         ("Koffieochtenden", 50, "92.15", "Koffie, thee en koek februari", "Supermarkt Oost", "NL20INGB0001234567"),
         ("Huur buurthuis", 31, "300.00", "Huur zaal januari", "Stichting Buurthuis", "NL91ABNA0417164300"),
         ("Huur buurthuis", 59, "300.00", "Huur zaal februari", "Stichting Buurthuis", "NL91ABNA0417164300"),
         ("Buurtkrant en website", 45, "412.50", "Drukwerk buurtkrant voorjaar", "Drukkerij Twente",
          "NL69INGB0123456789"),
         ("Bank en verzekering", 40, "318.00", "Vrijwilligersverzekering", "Verzekeraar Oost", "NL02ABNA0123456789"),
         ("Buurtfeest", 75, "645.00", "Tent en muziek buurtfeest", "Verhuur De Molen", "NL44RABO0123456789"),
         ("Uitstapjes maatjes", 80, "120.00", "Entree museum (6 koppels)", "Rijksmuseum Twenthe",
          "NL20INGB0001234567"),
         ("Vrijwilligersavond", 85, "240.00", "Hapjes vrijwilligersavond", "Cafetaria 't Hoekje",
          "NL91ABNA0417164300")]
#: what the grants are for, as in the applications; the funder's report shows the period's results beside them
SUBSIDY_GOALS = ("Ouderen in de wijk blijven meedoen: elke week een koffieochtend, vrijwillige chauffeurs die "
                 "bewoners naar het ziekenhuis en de dagbesteding brengen, en een buurthuis dat open is.")
FUND_GOALS = ("Een buurtfeest voor alle bewoners en uitstapjes voor maatjes, zodat eenzame bewoners nieuwe mensen "
              "leren kennen.")
EXPLANATIONS = {"Kilometervergoeding chauffeurs": "De chauffeurs declareren per maand; de ritten van dit jaar "
                                                  "worden nog uitbetaald."}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n% demo bon\n%%EOF\n"


def add_demo_budgeting(tenant, session, rng: Random, hooks=None) -> None:
    year = date.today().year
    lines = {name: service.add_line(session, year, category, name, Decimal(amount))
             for category, name, amount in BUDGET}
    subsidy = service.add_grant(session, "Gemeente", f"SUB-{year}-0413", Decimal("12000.00"), date(year, 1, 1),
                                date(year, 12, 31), [{"line_id": lines[n].id, "amount": lines[n].amount,
                                                      "explanation": EXPLANATIONS.get(n, "")}
                                                      for n in ("Koffieochtenden", "Huur buurthuis",
                                                                "Kilometervergoeding chauffeurs")],
                                advance_percent=Decimal(75), report_due_on=date(year + 1, 4, 1),
                                conditions="75 % voorschot; eindverslag voor 1 april", goals=SUBSIDY_GOALS)
    fund = service.add_grant(session, "Oranje Fonds", f"OF-{year}-1182", Decimal("2500.00"), date(year, 3, 1),
                             date(year, 12, 31), [{"line_id": lines["Buurtfeest"].id, "amount": Decimal("1500.00")},
                                                  {"line_id": lines["Uitstapjes maatjes"].id,
                                                   "amount": Decimal("1000.00")}],
                             conditions="Eindverslag met foto's", goals=FUND_GOALS)
    _income(session, year, subsidy, fund, rng)
    expenses = [_bill(tenant, session, lines[name], date(year, 1, 1) + timedelta(days=day), *rest)
                for name, day, *rest in BILLS]
    _states(session, expenses)
    _claims(tenant, session, hooks, year)
    own = tenant.plugin_settings("budgeting")
    settings = {**own, **{k: v for k, v in DEMO_ACCOUNT.items() if not own.get(k)}}
    batch = payments.make_batch(session, settings, date(year, 4, 2), APPROVER)
    service.approve(expenses[5], APPROVER)  # for the next batch
    _statement(session, settings, batch, fund, year)


def _income(session, year, subsidy, fund, rng) -> None:
    service.add_income(session, date(year, 1, 15), Decimal("9000.00"), "municipality", "Voorschot subsidie (75 %)",
                       grant_id=subsidy.id)
    service.add_income(session, date(year, 3, 20), Decimal("1250.00"), "fund", "Eerste termijn Oranje Fonds",
                       grant_id=fund.id)
    service.add_income(session, date(year, 4, 3), Decimal("1250.00"), "fund", "Tweede termijn Oranje Fonds",
                       grant_id=fund.id, reference=f"OF-{year}-1182 termijn 2", received=False)
    members = 30 + rng.randrange(20)
    service.add_income(session, date(year, 2, 1), Decimal("12.50") * members, "membership",
                       f"Contributie {members} leden")
    service.add_income(session, date(year, 3, 10), Decimal("250.00"), "gift", "Gift van de bakker")


def _bill(tenant, session, line, on, amount, what, payee, iban) -> Expense:
    expense = service.submit_expense(session, SUBMITTER, on, Decimal(amount), line.id, what, payee, iban)
    data, kind = (PDF, "application/pdf") if expense.id % 2 else (PNG, "image/png")
    receipts.store(tenant, expense, data, kind)
    return expense


def _states(session, expenses) -> None:
    """Five go in the batch (four paid, one still on its way), one rejected, the rest submitted."""
    for expense in expenses[:5]:
        service.approve(expense, APPROVER)
    service.reject(expenses[6], APPROVER, "Geen bon van de muziek; graag de factuur erbij")


def _claims(tenant, session, hooks, year) -> None:
    settings = tenant.plugin_settings("budgeting") or {"km_rate": Decimal("0.23"), "allowance_month": Decimal(210),
                                                       "allowance_year": Decimal(2100)}
    volunteers = [p for p in sorted(list_people(session), key=lambda p: p.id) if p.is_volunteer][:3]
    for person in volunteers:
        claims.add_claim(session, settings, SUBMITTER, person.id, Month(year, 2), "allowance", Decimal("50.00"),
                         "Vrijwilligersvergoeding februari")
    if volunteers:
        claims.add_claim(session, settings, SUBMITTER, volunteers[0].id, Month(year, 3), "km", Decimal("84"),
                         "Boodschappenritten maart")
    if hooks is not None:  # what other plugins offer (transport's drivers' kilometres), last month and this
        today = Month.of(date.today())
        for month in (today.previous(), today):
            claims.collect(session, hooks, tenant, settings, month)


def _statement(session, settings, batch, fund, year) -> None:
    """The bank paid the batch (but one) a day later and the fund's second part came in; one booking waits for
    review."""
    day = batch.execution_date + timedelta(days=1)
    in_batch = session.query(Expense).filter_by(batch_id=batch.id).order_by(Expense.id).all()
    paid = [BankLine(f"RABO{year}{e.id:06d}", day, -e.amount, e.payee_name, e.payee_iban, e.end_to_end_id,
                     e.description) for e in in_batch[:-1]]
    came = [BankLine(f"RABO{year}F0002", day, Decimal("1250.00"), "Stichting Oranje Fonds", "NL59RABO0300066553",
                     remittance=f"OF-{year}-1182 termijn 2"),
            BankLine(f"RABO{year}K0001", day, Decimal("-7.50"), "Rabobank", "NL44RABO0123456789",
                     remittance="Kosten betaalpakket")]
    statements.import_statement(session, camt053(settings["iban"], f"STMT-{year}-04", day, Decimal("9000.00"),
                                                 paid + came), "demo:treasurer")
