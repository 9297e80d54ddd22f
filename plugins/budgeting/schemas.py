"""``[plugins.budgeting]`` settings."""
from __future__ import annotations

from marshmallow import Schema, fields, validate


def _euro(default: str, high: int):
    return fields.Decimal(load_default=default, places=2, as_string=True, validate=validate.Range(min=0, max=high))


class BudgetingSettings(Schema):
    #: the association's account payments go out from; without it a payment batch says what is missing
    account_name = fields.String(load_default="", validate=validate.Length(max=70))
    iban = fields.String(load_default="", validate=validate.Length(max=34))
    bic = fields.String(load_default="", validate=validate.Length(max=11))
    #: on the funder's report's cover
    kvk = fields.String(load_default="", validate=validate.Length(max=8))
    rsin = fields.String(load_default="", validate=validate.Length(max=9))
    #: untaxed travel allowance per km (2025: €0.23)
    km_rate = _euro("0.23", 2)
    #: the untaxed volunteer allowance (vrijwilligersvergoeding), 2025 figures
    allowance_month = _euro("210.00", 10000)
    allowance_year = _euro("2100.00", 100000)
    #: the tenant's own categories besides the standard ones
    categories = fields.List(fields.String(validate=validate.Regexp(r"^[a-z][a-z0-9_]{1,39}$")), load_default=list)
    #: a public page with the members' report
    public_report = fields.Boolean(load_default=False)
