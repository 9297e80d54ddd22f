"""The person's language: Dutch unless they chose English, remembered in a cookie."""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, redirect, request
from flask_babel import Babel

from core.i18n.text import COOKIE, DEFAULT, LANGUAGES, TIMEZONE, TRANSLATIONS
from core.server.security import secure_cookies
from core.web.links import local_target
from core.web.permissions import public

blueprint = Blueprint("i18n", __name__)


def select_locale() -> str:
    chosen = request.cookies.get(COOKIE)
    return chosen if chosen in LANGUAGES else DEFAULT


@blueprint.post("/language")
@public
def choose_language():
    """Remember the chosen language and go back where the person was (no JavaScript needed)."""
    language = request.form.get("language")
    home = request.script_root + "/"
    response = redirect(local_target(request.form.get("next"), under=request.script_root) or home)
    if language in LANGUAGES:
        response.set_cookie(COOKIE, language, max_age=60 * 60 * 24 * 365, samesite="Lax", httponly=True,
                            secure=secure_cookies(), path=(request.script_root or "") + "/")
    return response


def init_app(app, translation_dirs: list[Path]) -> None:
    directories = [str(TRANSLATIONS), *(str(d) for d in translation_dirs)]
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = ";".join(directories)
    app.config["BABEL_DEFAULT_LOCALE"] = DEFAULT
    app.config["BABEL_DEFAULT_TIMEZONE"] = TIMEZONE.key
    Babel(app, locale_selector=select_locale)
    app.jinja_env.globals["LANGUAGES"] = LANGUAGES
    app.register_blueprint(blueprint)
