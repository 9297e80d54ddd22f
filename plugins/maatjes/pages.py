"""What the pages share: the blueprint, names for ids, and the pieces every page needs."""
from __future__ import annotations

from flask import Blueprint, abort, flash

from core.toolkit import current_principal, current_session, current_tenant, full_names, people
from plugins.maatjes import service
from plugins.maatjes.matching import neighbourhood
from plugins.maatjes.models import Match, Participant, Volunteer
from plugins.maatjes.words import (
    CONTACT_KINDS,
    END_REASONS,
    LEAVE_REASONS,
    PARTS,
    STATUSES,
    language_name,
    weekday_name,
)

blueprint = Blueprint("maatjes", __name__, template_folder="templates")
COORDINATE, REPORTS, BUDDY = "maatjes.coordinate", "maatjes.reports", "maatjes.buddy"


@blueprint.app_template_filter("maatjes_status")
def status_label(code: str) -> str:
    return str(STATUSES.get(code, code))


@blueprint.app_template_filter("maatjes_reason")
def reason_label(code: str | None) -> str:
    return str(END_REASONS.get(code, code or ""))


@blueprint.app_template_filter("maatjes_left")
def left_label(code: str | None) -> str:
    return str(LEAVE_REASONS.get(code, code or ""))


@blueprint.app_template_filter("maatjes_contact")
def contact_label(code: str) -> str:
    return str(CONTACT_KINDS.get(code, code))


@blueprint.app_template_filter("maatjes_languages")
def languages_label(codes) -> str:
    return ", ".join(language_name(c) for c in codes)


@blueprint.app_template_filter("maatjes_moments")
def moments_label(moments) -> str:
    return ", ".join(f"{weekday_name(m['weekday'])} {PARTS[m['part']]}" for m in moments)


def settings() -> dict:
    return current_tenant().plugin_settings("maatjes")


def actor() -> str:
    return current_principal().actor


def get_or_404(kind, row_id: int):
    return current_session().get(kind, row_id) or abort(404)


def pair_names(matches: list[Match]) -> dict[int, str]:
    """Names by person id of everyone in *matches*."""
    ids = {m.participant.person_id for m in matches} | {m.volunteer.person_id for m in matches}
    return full_names(current_session(), ids)


def intake_names(rows: list[Participant | Volunteer]) -> dict[int, str]:
    return full_names(current_session(), {r.person_id for r in rows})


def neighbourhoods(rows: list[Participant | Volunteer]) -> dict[int, str]:
    """The neighbourhood (buurt) each one lives in, by name and by person id; unknown ones left out."""
    found = people(current_session(), {r.person_id for r in rows})
    return {pid: name for pid, info in found.items() if (name := neighbourhood(info))}


def tell(exc: service.Invalid | service.Conflict) -> None:
    flash(str(exc))
