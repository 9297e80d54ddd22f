"""``[plugins.transport]`` settings."""
from __future__ import annotations

from decimal import Decimal

from marshmallow import Schema, fields, validate


class TransportSettings(Schema):
    #: road kilometres per straight-line kilometre
    detour_factor = fields.Float(load_default=1.3, validate=validate.Range(min=1.0, max=2.5))
    speed_kmh = fields.Float(load_default=35.0, validate=validate.Range(min=10, max=100))
    #: what the rider pays per kilometre (AutoMaatje: about €0.30-0.35), paid to the driver
    #: a Decimal whether given or not (a string default would stay a string: marshmallow does not load it)
    rate_per_km = fields.Decimal(load_default=Decimal("0.33"), places=2, as_string=True,
                                 validate=validate.Range(min=0, max=2))
    #: drivers' kilometres are offered to the budget as claims (``noaber_reimbursement_claims``);
    #: off where riders pay their drivers directly and nothing goes through the books
    reimburse_drivers = fields.Boolean(load_default=True)
