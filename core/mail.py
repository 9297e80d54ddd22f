"""Sending e-mail through the instance's SMTP server.

``NOABER_SMTP_URL``: ``smtp://user:password@host:587`` (STARTTLS when the server offers
it), ``smtps://…:465`` (TLS from the start), or ``smtp://host:25`` without login.
``NOABER_MAIL_FROM`` is the sender address. Without ``NOABER_SMTP_URL`` nothing is
sent: the message is written to the log instead (for development and the demo).
"""
from __future__ import annotations

import logging
import os
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formataddr
from urllib.parse import unquote, urlsplit

log = logging.getLogger("noaber.mail")


def send_mail(to: str, subject: str, body: str, sender_name: str) -> bool:
    """Send a plain-text message; return whether an SMTP server accepted it."""
    message = EmailMessage()
    message["From"] = formataddr((sender_name, os.environ.get("NOABER_MAIL_FROM", "noaber@localhost")))
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    url = os.environ.get("NOABER_SMTP_URL")
    if not url:
        log.warning("NOABER_SMTP_URL is not set; not sent:\n%s", message)
        return False
    try:
        _deliver(urlsplit(url), message)
    except (OSError, smtplib.SMTPException) as exc:
        log.error("mail to the SMTP server failed: %r", exc)
        return False
    return True


def _deliver(url, message: EmailMessage) -> None:
    if url.scheme == "smtps":
        client = smtplib.SMTP_SSL(url.hostname, url.port or 465, context=ssl.create_default_context(), timeout=20)
    else:
        client = smtplib.SMTP(url.hostname, url.port or 25, timeout=20)
    with client:
        if url.scheme == "smtp" and client.has_extn("starttls"):
            client.starttls(context=ssl.create_default_context())
        if url.username:
            client.login(unquote(url.username), unquote(url.password or ""))
        client.send_message(message)
