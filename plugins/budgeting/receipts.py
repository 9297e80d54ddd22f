"""Receipts: PDF, JPEG or PNG up to 10 MB, kept in the tenant's own folder, one file per expense."""
from __future__ import annotations

from pathlib import Path

from core.toolkit import NoaberError

MAX_BYTES = 10 * 1024 * 1024
#: media type → how such a file starts, so a renamed file of another kind is refused
KINDS = {"application/pdf": b"%PDF", "image/jpeg": b"\xff\xd8\xff", "image/png": b"\x89PNG\r\n\x1a\n"}
SUFFIX = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


class UnsupportedReceipt(NoaberError):
    """Not a PDF, JPEG or PNG (an answer 415)."""


class ReceiptTooLarge(NoaberError):
    """Over 10 MB (an answer 413)."""


def folder(tenant) -> Path:
    return tenant.data_dir / "budgeting" / "receipts"


def path_of(tenant, expense) -> Path:
    return folder(tenant) / f"{expense.id}.{SUFFIX[expense.receipt_type]}"


def check(data: bytes, content_type: str) -> str:
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind not in KINDS or not data.startswith(KINDS[kind]):
        raise UnsupportedReceipt("a receipt is a PDF, JPEG or PNG file")
    if len(data) > MAX_BYTES:
        raise ReceiptTooLarge("a receipt is at most 10 MB")
    return kind


def store(tenant, expense, data: bytes, content_type: str) -> None:
    kind = check(data, content_type)
    if expense.receipt_type:
        path_of(tenant, expense).unlink(missing_ok=True)
    expense.receipt_type = kind
    target = path_of(tenant, expense)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def read(tenant, expense) -> bytes | None:
    if not expense.receipt_type:
        return None
    path = path_of(tenant, expense)
    return path.read_bytes() if path.exists() else None


def remove(tenant, expense) -> None:
    if expense.receipt_type:
        path_of(tenant, expense).unlink(missing_ok=True)
        expense.receipt_type = ""
