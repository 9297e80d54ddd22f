"""API clients of the books' tenant. A module of its own, not conftest.py: ``from conftest import`` finds
whichever folder's conftest was imported first when the whole suite runs (see tests/federation/peers.py)."""
from __future__ import annotations

import base64
import json

SCOPES = "budgeting.read,budgeting.manage,budgeting.submit"


def bearer(cli, client, name: str, scopes: str = SCOPES) -> dict:
    credentials = json.loads(cli("client", "add", "de-es", name, "--scopes", scopes, "--json").out)
    pair = f"{credentials['client_id']}:{credentials['client_secret']}".encode()
    response = client.post("/t/de-es/oauth/token", data={"grant_type": "client_credentials"},
                           headers={"Authorization": "Basic " + base64.b64encode(pair).decode()})
    return {"Authorization": "Bearer " + response.get_json()["access_token"]}
