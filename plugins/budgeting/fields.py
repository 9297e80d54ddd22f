"""Money in the API: a decimal string with at most two places, more than zero ("42.50"); never a float."""
from __future__ import annotations

from marshmallow import fields

from core.toolkit import DecimalString

#: 0.01 up to 9,999,999,999.99; no zero, no sign, no third decimal, no exponent
AMOUNT = r"^(0\.(0[1-9]|[1-9][0-9]?)|[1-9][0-9]{0,9}(\.[0-9]{1,2})?)$"
#: a claim's kilometres or euros: up to 999,999.99, which its column holds with the amount it makes
QUANTITY = r"^(0\.(0[1-9]|[1-9][0-9]?)|[1-9][0-9]{0,5}(\.[0-9]{1,2})?)$"
#: the same as AMOUNT and zero (kilometres or euros of a claim may not be zero either, but a budget line may be)
AMOUNT_OR_ZERO = r"^(0(\.[0-9]{1,2})?|[1-9][0-9]{0,9}(\.[0-9]{1,2})?)$"


class Money(DecimalString):
    """A Decimal read only from a string that matches the pattern, written as a string with two places."""

    def __init__(self, pattern: str = AMOUNT, **kwargs):
        kwargs.setdefault("error_messages", {"invalid": "an amount in euro as a string with at most two decimals, "
                                                        "more than zero, e.g. \"42.50\""})
        super().__init__(pattern, 2, "42.50", **kwargs)


#: a share in per cent, 0 to 100 with at most two decimals
PERCENT = r"^(100(\.0{1,2})?|[0-9]{1,2}(\.[0-9]{1,2})?)$"


def Figure(places: int = 2, **kwargs) -> fields.Decimal:  # noqa: N802  a field, named as fields are
    """An amount or a percentage in an answer: a decimal string (it may be negative: a difference)."""
    return fields.Decimal(places=places, as_string=True, metadata={"type": "string", **kwargs.pop("metadata", {})},
                          **kwargs)
