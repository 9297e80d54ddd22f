"""Euros as people write them, and IBANs checked by schwifty (check digits, and a known Dutch bank)."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from core.toolkit import NoaberError

CENT = Decimal("0.01")


def cents(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def clean_iban(text: str) -> str:
    """The IBAN in its compact form, or a NoaberError saying what is wrong with it."""
    try:
        iban = IBAN(text)
    except SchwiftyException as exc:
        raise NoaberError(f"{text!r} is not a valid IBAN: {exc}") from None
    if iban.country_code == "NL" and iban.bank is None:
        raise NoaberError(f"{text!r}: no Dutch bank has the code {iban.bank_code}")
    return iban.compact


def euro(value: Decimal) -> str:
    """€ 1.234,50, as a Dutch treasurer writes it."""
    text = f"{cents(value):,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"€ {text}"
