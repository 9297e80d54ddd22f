"""Federation: signed monthly summaries from neighbourhoods to the coalitions they chose.

docs/federation.md is the protocol; this package implements it:

* ``identity`` — a tenant's identity (its base URL), metadata and public keys;
* ``envelope`` — compact JWS messages (Ed25519) over marshmallow-checked payloads;
* ``disclosure`` — suppression of small cells before anything leaves the tenant.
"""
