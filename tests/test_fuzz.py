"""Schemathesis over a served tenant: every operation of core and of every installed plugin.

The tenant has every installed plugin enabled and demo data in it; the fuzzer reads the
tenant's own OpenAPI document, signs in as a client holding every scope, and sends
generated requests over real HTTP to ``noaber serve``: examples, edge values (coverage),
random cases (fuzzing) and sequences along the document's links (stateful). Any server
error, status code the document does not list, or answer that breaks its schema fails.
A plugin installed later is in the document, so it is fuzzed without a change here.

``NOABER_FUZZ_EXAMPLES`` sets the cases per operation and phase (default 25, about a minute
on two cores); ``NOABER_FUZZ_SEED`` the seed (fixed, so a failure can be replayed).
"""
from __future__ import annotations

import os
import random
import subprocess
import sys

import requests
from servers import free_port, isolated_instance, running

from core.accounts.clients import create_client, declared_scopes
from core.tenancy.admin import create_tenant

EXAMPLES = int(os.environ.get("NOABER_FUZZ_EXAMPLES", "25"))
SEED = int(os.environ.get("NOABER_FUZZ_SEED", "2026"))
CHECKS = "not_a_server_error,status_code_conformance,response_schema_conformance"


def fuzz_tenant(instance, slug: str = "fuzz") -> dict:
    """A tenant with every installed plugin and its demo data; credentials of a client with every scope."""
    tenant = create_tenant(instance, slug, "Fuzz", plugins=sorted(instance.plugins.info))
    config = tenant.folder / "tenant.toml"
    config.write_text('geocoder = "off"\n' + config.read_text())  # no address leaves the machine
    tenant = instance.tenants.get(slug)
    with instance.storage.session(tenant) as session:
        instance.hooks(tenant).noaber_demo_data(tenant=tenant, session=session, rng=random.Random(SEED))
        client, secret = create_client(session, "fuzzer", sorted(declared_scopes(instance, tenant)),
                                       declared_scopes(instance, tenant))
        session.commit()
        return {"client_id": client.client_id, "client_secret": secret}


def test_every_operation_holds_to_its_document(tmp_path, noaber_database_url):
    with isolated_instance(tmp_path / "tenants", noaber_database_url) as instance:
        credentials = fuzz_tenant(instance)
        port = free_port()
        with running("serve", "--port", str(port), "--workers", "1"):
            base = f"http://127.0.0.1:{port}/t/fuzz"
            token = requests.post(f"{base}/oauth/token", data={"grant_type": "client_credentials"},
                                  auth=(credentials["client_id"], credentials["client_secret"]), timeout=10)
            assert token.status_code == 200, token.text
            run = subprocess.run(
                [sys.executable, "-m", "schemathesis.cli", "run", f"{base}/api/v1/openapi.json",
                 "--header", f"Authorization: Bearer {token.json()['access_token']}", "--checks", CHECKS,
                 "--phases", "examples,coverage,fuzzing,stateful", "--max-examples", str(EXAMPLES),
                 "--seed", str(SEED), "--workers", "1", "--request-timeout", "30"],
                capture_output=True, text=True, cwd=tmp_path, timeout=900)
    assert run.returncode == 0, run.stdout[-30000:] + run.stderr[-5000:]
    assert "Tested: " in run.stdout and "passed" in run.stdout
    print(run.stdout[run.stdout.rfind("API Operations:"):])  # operations and cases, with pytest -s
