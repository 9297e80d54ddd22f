"""Who did something, as people read it: the audit log and a ride's history keep "account:12";
a page shows "Anna de Vries"."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.accounts.models import Account, ApiClient
from core.i18n.text import _
from core.people.directory import full_names


def actor_names(session: Session, actors: Iterable[str]) -> dict[str, str]:
    """``{"account:12": "Anna de Vries", "client:nbr_…": "Planbord (programma)", "cli": "…"}``."""
    actors = set(actors)
    names = {actor: _plain(actor) for actor in actors}
    accounts = {int(a.split(":", 1)[1]) for a in actors if a.startswith("account:") and a[8:].isdigit()}
    if accounts:
        rows = session.execute(select(Account.id, Account.email, Account.person_id).where(Account.id.in_(accounts)))
        rows = rows.all()
        people = full_names(session, {person_id for _id, _email, person_id in rows if person_id})
        names.update({f"account:{id_}": people.get(person_id) or email for id_, email, person_id in rows})
    clients = {a.split(":", 1)[1] for a in actors if a.startswith("client:")}
    if clients:
        for client_id, name in session.execute(select(ApiClient.client_id, ApiClient.name)
                                               .where(ApiClient.client_id.in_(clients))):
            names[f"client:{client_id}"] = _("%(name)s (a program)", name=name)
    return names


def _plain(actor: str) -> str:
    """What is not an account or a client: the command line, the planner, a plugin that asked."""
    known = {"cli": _("an administrator, on the command line"), "planner": _("the planner"),
             "system": _("the system"), "demo": _("the demo")}
    return known.get(actor, actor if ":" not in actor else _("someone no longer known"))
