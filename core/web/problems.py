"""Errors as ``application/problem+json`` (RFC 9457) for the API, as a readable page elsewhere."""
from __future__ import annotations

from flask import Response, json, render_template, request
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

PROBLEM_JSON = "application/problem+json"

#: what a person reads on an error page, translated (the API keeps HTTP's names)
PAGE_TEXT = {
    400: (_l("This request is not right"), _l("Check what you filled in, and try again.")),
    401: (_l("Sign in first"), None),
    403: (_l("No access"), _l("You may not use this page.")),
    404: (_l("Not found"), _l("This page does not exist (any more).")),
    405: (_l("Not allowed"), _l("This page cannot do that.")),
    422: (_l("Not valid"), _l("One or more fields are not right.")),
    429: (_l("Too many requests"), _l("Please wait a little, then try again.")),
    500: (_l("Something went wrong"), _l("Something went wrong on our side. Please try again later.")),
    503: (_l("Not available for now"), _l("Please try again in a while.")),
}


def page_abort(status: int, detail: str, page_detail: str):
    """Abort with an English detail for the API and a translated one for the error page."""
    from flask import abort
    try:
        abort(status, detail)
    except HTTPException as exc:
        exc.page_detail = page_detail
        raise


def try_again_in(seconds: float) -> str:
    """"Try again in 30 seconds" / "in 1 minute" / "in 12 minutes": the real wait, in words."""
    seconds = max(1, int(seconds + 0.999))
    if seconds < 60:
        return ngettext("Try again in %(num)d second.", "Try again in %(num)d seconds.", seconds)
    minutes = -(-seconds // 60)
    return ngettext("Try again in %(num)d minute.", "Try again in %(num)d minutes.", minutes)


def refuse(status: int, message: str):
    """Stop the request with *status* and a sentence a person can act on, on the page and in the API."""
    page_abort(status, str(message), str(message))


def wants_problem_json() -> bool:
    if request.path.startswith(("/api/", "/.well-known/", "/federation/inbox", "/federation/outbox")):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json", PROBLEM_JSON])
    return best in ("application/json", PROBLEM_JSON)


def problem(status: int, title: str, detail: str | None = None, errors: dict | None = None,
            headers: dict | None = None) -> Response:
    body = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = errors  # field name -> list of messages, as marshmallow gives them
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_JSON)
    response.headers.update(headers or {})
    return response


def describe(error: HTTPException) -> tuple[str | None, dict | None]:
    """Detail and field messages of an HTTP error raised by flask, webargs or our code."""
    data = getattr(error, "data", None) or {}
    errors = data.get("errors") or data.get("messages")
    if isinstance(errors, dict) and len(errors) == 1 and next(iter(errors)) in ("query", "json", "form", "path"):
        errors = next(iter(errors.values()))  # webargs nests by location; one location is the norm
    detail = data.get("message") or error.description
    if detail and detail == type(error).description:
        detail = None
    if errors and not detail:
        detail = "Some fields are not valid; see errors."
    return detail, errors


def handle_http_exception(error: HTTPException):
    if error.code is None:
        return error
    detail, errors = describe(error)
    headers = dict(error.get_headers()) if error.response is None else {}
    headers.pop("Content-Type", None)
    if wants_problem_json():
        return problem(error.code, error.name, detail, errors, headers)
    title, generic = PAGE_TEXT.get(error.code, (error.name, None))
    if isinstance(error, CSRFError):
        generic = _l("The form had expired. Please try again.")
    page = render_template("core/error.html", status=error.code, title=title,
                           detail=getattr(error, "page_detail", None) or generic)
    return Response(page, status=error.code, headers=headers, mimetype="text/html")


def init_app(app) -> None:
    app.register_error_handler(HTTPException, handle_http_exception)
