"""A budget vote's anonymous ballots as a Pabulib file (pabulib.org/format), so anyone can recount.

Voters are numbered 1, 2, … after a shuffle: the number says nothing about who or when.
"""
from __future__ import annotations

import json
import random

from core.toolkit import TIMEZONE
from plugins.zeggenschap.models import Vote


def _clean(text: str) -> str:
    """A field may hold no separator and no line break."""
    return " ".join((text or "").replace(";", ",").split())


def pb_file(vote: Vote, ballots: list[tuple[int, ...]], unit: str) -> str:
    result = json.loads(vote.result)
    counts = {o["id"]: o for o in result["options"]}
    shuffled = [ballot for ballot in ballots if ballot]  # a blank ballot has no line in the format
    random.Random(result["seed"]).shuffle(shuffled)
    begin, end = (moment.astimezone(TIMEZONE).strftime("%d.%m.%Y") for moment in (vote.opens_at, vote.closes_at))
    budget = vote.budget if vote.budget is not None else 0
    lines = ["META", "key;value", f"description;{_clean(vote.title)}", "country;Netherlands", f"unit;{_clean(unit)}",
             f"instance;{vote.opens_at.astimezone(TIMEZONE).year}", f"num_projects;{len(vote.options)}",
             f"num_votes;{len(shuffled)}", f"budget;{budget}", "vote_type;approval",
             f"rule;{'equalshares/add1' if vote.kind == 'budget' else 'greedy'}",
             f"date_begin;{begin}", f"date_end;{end}", "language;nl", "currency;EUR",
             "PROJECTS", "project_id;cost;votes;name;selected"]
    lines += [f"{o.id};{o.cost or 0};{counts[o.id]['votes']};{_clean(o.title)};{int(counts[o.id]['selected'])}"
              for o in vote.options]
    lines += ["VOTES", "voter_id;vote"]
    lines += [f"{number};{','.join(map(str, ballot))}" for number, ballot in enumerate(shuffled, start=1)]
    return "\n".join(lines) + "\n"
