"""The blueprint the page modules add their routes to (views.py gathers them)."""
from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("daycare", __name__, template_folder="templates")
