"""The figures maatjes shares with coalitions, per month (``noaber_metrics``).

Pair counts come with the distinct participants behind them, so that disclosure control can
suppress a month with too few; loneliness change only ever leaves as a mean over the
participants measured again, never one person's score.
"""
from __future__ import annotations

from datetime import timedelta

from core.toolkit import Measure, Metric, _l
from plugins.maatjes import figures
from plugins.maatjes.models import END_REASONS
from plugins.maatjes.words import END_REASONS as REASON_WORDS

PAIRS = _l("pairs")


def _participants(matches) -> Measure:
    return Measure(len(matches), len({m.participant_id for m in matches}))


def _last_day(month):
    return month.next().first_day - timedelta(days=1)


def _active(_tenant, session, month):
    return _participants(figures.active_on(session, _last_day(month)))


def _started(_tenant, session, month):
    return _participants(figures.started(session, month.first_day, _last_day(month)))


def _ended(reason=None):
    def compute(_tenant, session, month):
        return _participants(figures.ended(session, month.first_day, _last_day(month), reason))
    return compute


def _waiting(_tenant, session, month):
    days = figures.waiting_days(session, _last_day(month))
    return Measure(len(days), len(days))


def _median_wait(_tenant, session, month):
    days = figures.waiting_days(session, _last_day(month))
    return Measure(figures.median_or_zero(days), len(days))


def _contacts_per_pair(_tenant, session, month):
    active = figures.active_on(session, _last_day(month))
    made = figures.contacts(session, month.first_day, _last_day(month))
    value = round(len(made) / len(active), 1) if active else 0.0
    return Measure(value, len({m.participant_id for m in active}))


def _change(field):
    def compute(_tenant, session, month):
        change = figures.loneliness_change(session, month.first_day, _last_day(month))
        return Measure(getattr(change, field), change.persons)
    return compute


ENDED_PARTS = tuple(f"maatjes.ended_{reason}" for reason in END_REASONS)

METRICS = [
    Metric("maatjes.active_pairs", _l("Active buddy pairs"), "pairs", "events", _active, unit_label=PAIRS,
           description=_l("Pairs active at the end of the month.")),
    Metric("maatjes.new_pairs", _l("New buddy pairs"), "pairs", "events", _started, unit_label=PAIRS,
           description=_l("Pairs that started (became active) in the month.")),
    Metric("maatjes.ended_pairs", _l("Buddy pairs ended"), "pairs", "events", _ended(), parts=ENDED_PARTS,
           unit_label=PAIRS, description=_l("Pairs that ended or were declined in the month, for any reason.")),
    *(Metric(f"maatjes.ended_{reason}", _l("Buddy pairs ended: %(reason)s", reason=REASON_WORDS[reason]), "pairs",
             "events", _ended(reason), unit_label=PAIRS) for reason in END_REASONS),
    Metric("maatjes.waiting", _l("Participants waiting for a buddy"), "persons", "persons", _waiting,
           description=_l("Participants without a pair at the end of the month.")),
    Metric("maatjes.median_waiting_days", _l("Median waiting days for a buddy"), "days", "quantity", _median_wait,
           aggregation="mean", unit_label=_l("days"),
           description=_l("Of the participants waiting at the end of the month.")),
    Metric("maatjes.contacts_per_pair", _l("Contacts per active buddy pair"), "contacts", "quantity",
           _contacts_per_pair, aggregation="mean", unit_label=_l("contacts"),
           description=_l("Visits, calls, messages and outings in the month, per pair active at its end.")),
    Metric("maatjes.loneliness_change", _l("Change in loneliness (De Jong Gierveld, 0-6)"), "points", "quantity",
           _change("mean_change"), aggregation="mean", unit_label=_l("points"),
           description=_l("Mean of latest minus first score of participants measured again in the month; "
                          "below zero is less lonely.")),
    Metric("maatjes.loneliness_lower_level", _l("Participants less lonely than at intake"), "percent", "quantity",
           _change("lower_share"), aggregation="mean", unit_label="%",
           description=_l("Share of participants measured again in the month whose level went down.")),
]
