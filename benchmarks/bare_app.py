"""The baseline: a bare Flask app serving the same notice list from one sqlite3 file."""
from __future__ import annotations

import os
import sqlite3

from flask import Flask, jsonify

app = Flask(__name__)
DATABASE = os.environ.get("BARE_DATABASE", "bare.sqlite3")


_connection: sqlite3.Connection | None = None


def connection() -> sqlite3.Connection:
    # One connection kept open per worker: the fastest plain way, so the baseline is a hard one.
    global _connection
    if _connection is None:
        _connection = sqlite3.connect(DATABASE, check_same_thread=False)
    return _connection


@app.get("/api/notices")
def notices():
    rows = connection().execute(
        "SELECT id, title, body, posted_at FROM example_notice ORDER BY posted_at DESC, id DESC").fetchall()
    return jsonify([{"id": r[0], "title": r[1], "body": r[2], "posted_at": r[3]} for r in rows])


@app.get("/api/notices-tutorial")
def notices_tutorial():
    """As the Flask tutorial does it: a connection per request, closed at the end."""
    db = sqlite3.connect(DATABASE)
    try:
        rows = db.execute(
            "SELECT id, title, body, posted_at FROM example_notice ORDER BY posted_at DESC, id DESC").fetchall()
    finally:
        db.close()
    return jsonify([{"id": r[0], "title": r[1], "body": r[2], "posted_at": r[3]} for r in rows])
