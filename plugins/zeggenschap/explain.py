"""What a closed vote's result says, for its page: the chart's bars, and why Equal Shares chose
otherwise than greedy would have, in plain words."""
from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal

from core.toolkit import _
from plugins.zeggenschap.models import Vote


@dataclass
class Row:
    id: int
    title: str
    votes: int
    cost: Decimal | None
    selected: bool
    greedy: bool
    #: the bar's length in the chart, 0 to 100
    width: int
    paid: str = ""


def rows(vote: Vote, result: dict) -> list[Row]:
    most = max([o["votes"] for o in result["options"]] + [1])
    greedy = set(result.get("greedy_selected") or [])
    found = []
    for option in result["options"]:
        cost = Decimal(option["cost"]) if option["cost"] is not None else None
        found.append(Row(option["id"], title_of(vote.kind, option["title"]), option["votes"], cost,
                         option["selected"], option["id"] in greedy, round(100 * option["votes"] / most),
                         paid_by(result.get("sharing", {}).get(str(option["id"])))))
    return found


def title_of(kind: str, title: str) -> str:
    """A proposal vote's own options in the reader's language."""
    if kind != "proposal":
        return title
    return {"for": _("For"), "against": _("Against"), "abstain": _("Abstain")}.get(title, title)


def euros(amount) -> str:
    from flask_babel import format_currency
    return format_currency(Decimal(amount), "EUR")


def paid_by(sharing: dict | None) -> str:
    if not sharing:
        return ""
    if sharing["least"] == sharing["most"]:
        return _("%(payers)d supporters paid %(amount)s each.", payers=sharing["payers"], amount=euros(sharing["most"]))
    return _("%(payers)d supporters paid between %(least)s and %(most)s each.", payers=sharing["payers"],
             least=euros(sharing["least"]), most=euros(sharing["most"]))


def differences(result: dict, found: list[Row]) -> list[str]:
    """Why Equal Shares and greedy differ, project by project."""
    if result.get("method") != "equal_shares_add1" or not result["quorum_met"]:
        return []
    lines = []
    for row in found:
        if row.selected and not row.greedy:
            lines.append(_("%(title)s is chosen with Equal Shares, not with greedy: its %(votes)d supporters "
                           "could pay for it together from their own equal shares, even though other projects "
                           "had more votes.", title=row.title, votes=row.votes))
        elif row.greedy and not row.selected:
            lines.append(_("%(title)s would be chosen with greedy, not with Equal Shares: its supporters had "
                           "already spent their shares on other projects they wanted, and the rest of the money "
                           "belongs to other voters.", title=row.title))
    return lines or [_("Here Equal Shares and greedy choose the same projects.")]


def result_of(vote: Vote) -> dict | None:
    return json.loads(vote.result) if vote.result else None
