"""The audit log, for administrators: read only, newest first, filtered by person."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from sqlalchemy import select

from core.audit.models import AuditEvent
from core.tenancy.context import current_scope
from core.web.pagination import paginate
from core.web.permissions import requires

blueprint = Blueprint("audit", __name__, url_prefix="/audit")


@blueprint.get("/")
@requires("audit.read")
def index():
    person_id = request.args.get("person", type=int)
    query = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if person_id is not None:
        query = query.where(AuditEvent.person_id == person_id)
    page = paginate(current_scope().session, query, request.args.get("page", 1, type=int), 50, clamp=True)
    return render_template("audit/index.html", page=page, person_id=person_id)
