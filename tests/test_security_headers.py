"""Security headers on every answer, pages and API alike; cookies HttpOnly, SameSite=Lax, Secure over HTTPS."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

import core
from core.instance import Instance

HTTP, HTTPS = "http://localhost", "https://localhost"


@pytest.fixture
def de_es(make_tenant):
    make_tenant("de-es", plugins=["example", "transport"])


def policy(response) -> dict[str, str]:
    directives = (part.strip().split(" ", 1) for part in response.headers["Content-Security-Policy"].split(";"))
    return {name: value for name, value in directives}


@pytest.mark.parametrize("path", [
    "/t/de-es/sign-in",                 # a page
    "/t/de-es/example/",                # a plugin's page
    "/t/de-es/api/v1/openapi.json",     # the API
    "/t/de-es/api/v1/people",           # an API refusal (401 problem+json)
    "/t/nergens/api/v1/people",         # no such tenant (404)
    "/t/de-es/static/noaber.css",       # a static file
])
def test_every_answer_carries_the_headers(de_es, client, path):
    response = client.get(path, base_url=HTTP)
    csp = policy(response)
    assert csp["default-src"] == "'self'" and csp["frame-ancestors"] == "'none'"
    assert csp["object-src"] == "'none'" and csp["base-uri"] == "'self'" and csp["form-action"] == "'self'"
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "script-src" not in csp and "style-src" not in csp  # so default-src 'self' holds for both
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP: a browser would ignore it anyway


def test_hsts_over_https_only(de_es, client):
    assert client.get("/t/de-es/sign-in", base_url=HTTPS).headers["Strict-Transport-Security"] == "max-age=31536000"
    assert "Strict-Transport-Security" not in client.get("/t/de-es/sign-in", base_url=HTTP).headers


def cookie_attributes(response) -> dict[str, set[str]]:
    cookies = {}
    for header in response.headers.getlist("Set-Cookie"):
        name, _, rest = header.partition("=")
        cookies[name] = {part.strip().split("=")[0].lower() if not part.strip().lower().startswith("samesite")
                         else part.strip().lower() for part in rest.split(";")[1:]}
    return cookies


@pytest.mark.parametrize("base, secure", [(HTTP, False), (HTTPS, True)])
def test_the_anonymous_session_cookie(de_es, client, base, secure):
    """The first page with a form sets the session cookie (its CSRF token) before anyone signs in."""
    cookies = cookie_attributes(client.get("/t/de-es/sign-in", base_url=base))
    assert {"httponly", "samesite=lax"} <= cookies["noaber_session"]
    assert ("secure" in cookies["noaber_session"]) is secure


@pytest.mark.parametrize("base, secure", [(HTTP, False), (HTTPS, True)])
def test_the_signed_in_session_cookie(de_es, client, make_account, base, secure):
    from core.testing import csrf_token
    make_account("de-es", "kees@de-es.nl")
    token = csrf_token(client, f"{base}/t/de-es/sign-in")
    response = client.post("/t/de-es/sign-in", base_url=base, headers={"Referer": f"{base}/t/de-es/sign-in"},
                           data={"email": "kees@de-es.nl", "password": "correct horse battery", "csrf_token": token})
    assert response.status_code == 302
    cookies = cookie_attributes(response)
    assert {"httponly", "samesite=lax"} <= cookies["noaber_session"]
    assert ("secure" in cookies["noaber_session"]) is secure


@pytest.mark.parametrize("base, secure", [(HTTP, False), (HTTPS, True)])
def test_the_language_cookie(de_es, client, base, secure):
    from core.testing import csrf_token
    token = csrf_token(client, f"{base}/t/de-es/sign-in")
    response = client.post("/t/de-es/language", base_url=base, headers={"Referer": f"{base}/t/de-es/sign-in"},
                           data={"language": "en", "next": "/t/de-es/", "csrf_token": token})
    assert response.status_code == 302
    cookies = cookie_attributes(response)
    assert {"httponly", "samesite=lax"} <= cookies["noaber_lang"]
    assert ("secure" in cookies["noaber_lang"]) is secure


def test_cookies_secure_always_when_asked(de_es, app, client):
    app.config["NOABER_COOKIE_SECURE"] = "always"
    assert "secure" in cookie_attributes(client.get("/t/de-es/sign-in", base_url=HTTP))["noaber_session"]


INLINE = re.compile(r"""\sstyle\s*=|<style\b|<script(?![^>]*\ssrc=)|\son[a-z]+\s*=\s*["']|javascript:""", re.I)


def template_files() -> list[Path]:
    """core's templates and those of every installed plugin."""
    folders = [Path(core.__file__).parent / "templates"]
    folders += [Path(info.module.__file__).parent / "templates" for info in Instance().plugins.info.values()]
    return sorted(path for folder in folders if folder.is_dir() for path in folder.rglob("*.html"))


def test_no_template_needs_what_the_policy_blocks(noaber_env):
    """No inline style, <style>, inline <script> or event handler attribute: the CSP would block them.
    (The browser tests check the pages themselves; this finds it without a browser.)"""
    files = template_files()
    assert any(path.parts[-2:] == ("volunteers", "hours.html") for path in files)
    found = {str(path): match.group(0) for path in files if (match := INLINE.search(path.read_text()))}
    assert found == {}
