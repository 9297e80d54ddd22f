"""Zeggenschap: members decide together — proposals, secret votes on every channel, a
neighbourhood budget shared fairly (Method of Equal Shares), the members' meeting.

The hook implementations stay thin; the work is in service.py, counting.py and ballots.py.
"""
from __future__ import annotations

from core import hookimpl
from plugins.zeggenschap import models, schemas  # noqa: F401  (models: the tables, for migrations)


@hookimpl
def noaber_settings_schema():
    return schemas.Statutes()
