"""E-mail to a person who got a place from the waiting list (where there is an address)."""
from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _

from core.toolkit import current_tenant, person, send_mail
from plugins.daycare.models import Enrolment
from plugins.daycare.schedule import sessions_between, today


def tell_promoted(db, promoted: list[Enrolment]) -> int:
    """One message per promoted person; returns how many were sent. After the commit: a place
    that was rolled back is never announced."""
    tenant, sent = current_tenant(), 0
    for enrolment in promoted:
        who = person(db, enrolment.person_id)
        if who is None or not who.email:
            continue
        first = next((s for s in sessions_between(db, enrolment.group_id, today(), None) if not s.cancelled), None)
        body = render_template("daycare/promoted_mail.txt", person=who, group=enrolment.group, first=first,
                               tenant=tenant)
        sent += send_mail(who.email, f"{tenant.name}: {_('A place for you at %(group)s', group=enrolment.group.name)}",
                          body, tenant.name)
    return sent
