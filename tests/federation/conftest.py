"""Two instances in their own processes: a neighbourhood with a month of rides, and a coalition."""
from __future__ import annotations

import pytest
from peers import month_of_rides, peer_instances


@pytest.fixture
def two(tmp_path, noaber_database_url):
    """(neighbourhood, coalition) instances, not yet serving: the test says when each is up."""
    from core.tenancy.admin import create_tenant
    with peer_instances(tmp_path, noaber_database_url, 2) as (buurt, regio):
        create_tenant(buurt.instance, "de-es", "Zorgcoöperatie De Es", "neighbourhood", ["transport"], (), "GM0153")
        create_tenant(regio.instance, "twente", "Coalitie Twente", "coalition", [], (), "PV23")
        month_of_rides(buurt.instance, "de-es")
        yield buurt, regio


@pytest.fixture
def pair(two):
    """(neighbourhood, coalition) instances, each serving its own tenant."""
    buurt, regio = two
    with buurt.serving(), regio.serving():
        yield buurt, regio
