"""The baseline for benchmarks/api_lists.py: bare Flask + sqlite3 serving the same JSON bodies
as noaber's list routes, from a copy of the same tenant's database. No tenant, no token, no
validation, no audit entry: what those cost is what the benchmark measures."""
from __future__ import annotations

import os
import sqlite3
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import Flask, jsonify, request

app = Flask(__name__)
app.json.sort_keys = False
DATABASE = os.environ.get("BARE_DATABASE", "bare.sqlite3")
DUTCH = ZoneInfo("Europe/Amsterdam")
_connection: sqlite3.Connection | None = None


def connection() -> sqlite3.Connection:
    # One connection kept open per worker: the fastest plain way, so the baseline is a hard one.
    global _connection
    if _connection is None:
        _connection = sqlite3.connect(DATABASE, check_same_thread=False)
        _connection.row_factory = sqlite3.Row
    return _connection


def moment(text: str | None) -> str | None:
    """A stored UTC moment as noaber answers it: ISO 8601 with its offset."""
    return None if text is None else datetime.fromisoformat(text).replace(tzinfo=UTC).isoformat()


PEOPLE = """SELECT p.*, a.street, a.house_number, a.house_number_suffix, a.postcode, a.city, a.latitude,
    a.longitude, a.municipality_code, a.neighbourhood_code, a.located_by
    FROM core_person p LEFT JOIN core_address a ON a.id = p.address_id WHERE p.erased_at IS NULL
    ORDER BY p.family_name, p.given_name, p.id LIMIT ? OFFSET ?"""
ADDRESS = ("street", "house_number", "house_number_suffix", "postcode", "city", "latitude", "longitude",
           "municipality_code", "neighbourhood_code", "located_by")


@app.get("/people")
def people():
    size, page = request.args.get("page_size", 10, type=int), request.args.get("page", 1, type=int)
    rows = connection().execute(PEOPLE, (size, (page - 1) * size)).fetchall()
    return jsonify([{"id": r["id"], "given_name": r["given_name"], "family_name": r["family_name"],
                     "date_of_birth": r["date_of_birth"], "email": r["email"], "phone": r["phone"],
                     "is_resident": bool(r["is_resident"]), "is_volunteer": bool(r["is_volunteer"]),
                     "household_id": r["household_id"],
                     "address": {k: r[k] for k in ADDRESS} if r["postcode"] is not None else None,
                     "updated_at": moment(r["updated_at"])} for r in rows])


RIDES = """SELECT id, rider_person_id, pickup_text, destination_text, destination_lat, destination_lon, appointment_at,
    pickup_at, aid, companion, waits, driver_notes, status, driver_id, return_of_id, km_driven FROM transport_ride
    WHERE pickup_at >= ? AND pickup_at < ? ORDER BY pickup_at, id"""


@app.get("/rides")
def rides():
    day = date.fromisoformat(request.args["day"])
    start = datetime(day.year, day.month, day.day, tzinfo=DUTCH).astimezone(UTC)
    end = (datetime(day.year, day.month, day.day, tzinfo=DUTCH) + timedelta(days=1)).astimezone(UTC)
    bounds = (start.replace(tzinfo=None).isoformat(" "), end.replace(tzinfo=None).isoformat(" "))
    return jsonify([{"id": r["id"], "rider_person_id": r["rider_person_id"], "pickup_text": r["pickup_text"],
                     "destination_text": r["destination_text"], "destination_lat": r["destination_lat"],
                     "destination_lon": r["destination_lon"], "appointment_at": moment(r["appointment_at"]),
                     "pickup_at": moment(r["pickup_at"]), "aid": r["aid"], "companion": bool(r["companion"]),
                     "waits": bool(r["waits"]), "driver_notes": r["driver_notes"], "status": r["status"],
                     "driver_id": r["driver_id"], "return_of_id": r["return_of_id"], "km_driven": r["km_driven"],
                     "located": r["destination_lat"] is not None and r["destination_lon"] is not None}
                    for r in connection().execute(RIDES, bounds)])


@app.get("/drivers")
def drivers():
    db = connection()
    hours: dict[int, list] = {}
    for r in db.execute("SELECT driver_id, weekday, starts, ends FROM transport_availability ORDER BY id"):
        hours.setdefault(r["driver_id"], []).append(
            {"weekday": r["weekday"], "from": r["starts"][:5], "until": r["ends"][:5]})
    return jsonify([{"id": r["id"], "person_id": r["person_id"], "takes": takes(r), "seats": r["seats"],
                     "max_km": r["max_km"], "active": bool(r["active"]), "availability": hours.get(r["id"], [])}
                    for r in db.execute("SELECT * FROM transport_driver ORDER BY id")])


def takes(row) -> list[str]:
    """As ``Driver.takes``: an adapted car takes a folding wheelchair too."""
    found = {"none"}
    found |= {"walker"} if row["takes_walker"] else set()
    found |= {"folding_wheelchair"} if row["takes_folding_wheelchair"] or row["takes_wheelchair"] else set()
    found |= {"wheelchair"} if row["takes_wheelchair"] else set()
    return sorted(found)


COALITION = os.environ.get("BARE_COALITION", "bare-coalition.sqlite3")
_coalition: sqlite3.Connection | None = None
FIGURES = """SELECT metric, period, status, SUM(count), SUM(total) FROM core_federation_period_total
    WHERE period >= ? AND period <= ? GROUP BY metric, period, status"""


def coalition() -> sqlite3.Connection:
    global _coalition
    if _coalition is None:
        _coalition = sqlite3.connect(COALITION, check_same_thread=False)
    return _coalition


def last_twelve_months() -> tuple[str, str]:
    first_of_this_month = date.today().replace(day=1)
    last = first_of_this_month - timedelta(days=1)
    first = date(last.year - (last.month < 12), (last.month % 12) + 1, 1)
    return first.strftime("%Y-%m"), last.strftime("%Y-%m")


@app.get("/figures")
def figures():
    """The coalition's months' totals as DHIS2 dataValueSets: reported values, summed per metric and month."""
    db = coalition()
    members = db.execute("SELECT count(*) FROM core_membership WHERE side = 'member' AND status = 'active'"
                         ).fetchone()[0]
    region = "NL01"
    cells: dict[tuple[str, str], list] = {}
    for metric, period, status, count, total in db.execute(FIGURES, last_twelve_months()):
        cell = cells.setdefault((metric, period), [0, 0, 0.0, False])  # reporting, suppressed, total, any value
        if status in ("ok", "zero"):
            cell[0], cell[2], cell[3] = cell[0] + count, cell[2] + (total or 0), True
        elif status == "suppressed":
            cell[1] += count
    return jsonify({"dataValues": [
        {"dataElement": metric, "period": period.replace("-", ""), "orgUnit": region, "value": f"{round(total, 1):g}",
         "comment": f"{reporting}/{members} members reporting, {suppressed} suppressed"}
        for (metric, period), (reporting, suppressed, total, valued) in sorted(cells.items()) if valued]})
