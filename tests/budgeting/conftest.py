"""A neighbourhood keeping its books: a treasurer's and a coordinator's API clients, a volunteer, the account."""
from __future__ import annotations

import pytest
from budgeting_clients import bearer

from core.instance import tenant_context
from core.people.models import Person
from core.testing import write_config

ACCOUNT = ('\n[plugins.budgeting]\naccount_name = "Zorgcooperatie De Es"\niban = "NL44RABO0123456789"\n'
           'bic = "RABONL2U"\n')


@pytest.fixture
def books(make_tenant, instance):
    """``de-es`` with budgeting (and transport) and its bank account; a volunteer's person id."""
    tenant = make_tenant("de-es", plugins=["budgeting", "transport"])
    path = tenant.folder / "tenant.toml"
    write_config(path, path.read_text(encoding="utf-8") + ACCOUNT)
    with tenant_context("de-es", instance) as scope:
        volunteer = Person(given_name="Henk", family_name="Jansen", is_volunteer=True)
        scope.session.add(volunteer)
        scope.session.commit()
        return {"volunteer": volunteer.id}


@pytest.fixture
def treasurer(books, cli, client):
    return bearer(cli, client, "Penningmeester")


@pytest.fixture
def coordinator(books, cli, client):
    return bearer(cli, client, "Coordinator")
