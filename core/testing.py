"""pytest fixtures for noaber and for plugin authors (loaded through the ``pytest11`` entry point).

The backend comes from ``NOABER_TEST_DATABASE_URL``: unset means SQLite files; a
``postgresql+psycopg://`` URL runs everything against PostgreSQL, each test in schemas
of its own that are dropped afterwards. A PostgreSQL URL that does not answer fails the
run; it never quietly falls back to SQLite.

    def test_board(make_tenant, client):
        make_tenant("de-es", plugins=["example"])
        assert client.get("/t/de-es/example/").status_code == 200
"""
from __future__ import annotations

import base64
import json
import os
import re
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text


def pytest_configure(config):
    # Before any noaber module is imported: cheap argon2 parameters for tests (see passwords.py).
    os.environ.setdefault("NOABER_FAST_PASSWORD_HASHING", "1")
    # Test peers run on this machine; a test of the refusal unsets it (core/federation/http.py).
    os.environ.setdefault("NOABER_ALLOW_PRIVATE_PEERS", "1")


def pytest_report_header(config):
    return f"noaber test database: {os.environ.get('NOABER_TEST_DATABASE_URL') or 'sqlite (a file per tenant)'}"


@pytest.fixture(scope="session")
def noaber_database_url():
    """The PostgreSQL URL under test, or None for SQLite; checked once that it answers."""
    url = os.environ.get("NOABER_TEST_DATABASE_URL") or None
    if url:
        engine = create_engine(url)
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except Exception as exc:
            pytest.exit(f"NOABER_TEST_DATABASE_URL={url} does not answer: {exc}", returncode=3)
        finally:
            engine.dispose()
    return url


@pytest.fixture
def noaber_env(tmp_path, noaber_database_url, monkeypatch):
    """Environment for code that builds its own Instance (the CLI, servers in subprocesses)."""
    root = tmp_path / "tenants"
    root.mkdir()
    prefix = f"t{uuid.uuid4().hex[:8]}_"
    monkeypatch.setenv("NOABER_TENANTS", str(root))
    monkeypatch.setenv("NOABER_SCHEMA_PREFIX", prefix)
    # jobs run at once in the process that starts them; a test of the worker sets a queue of its own
    monkeypatch.setenv("NOABER_JOBS_URL", "immediate")
    if noaber_database_url:
        monkeypatch.setenv("NOABER_DATABASE_URL", noaber_database_url)
    else:
        monkeypatch.delenv("NOABER_DATABASE_URL", raising=False)
    yield {"NOABER_TENANTS": str(root), "NOABER_SCHEMA_PREFIX": prefix,
           "NOABER_DATABASE_URL": noaber_database_url or ""}
    from core.instance import forget_instances
    forget_instances()
    if noaber_database_url:
        drop_schemas(noaber_database_url, prefix)


def drop_schemas(url: str, prefix: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        # A session a test left open holds locks: fail with that, instead of waiting for ever.
        conn.exec_driver_sql("SET LOCAL lock_timeout = '30s'")
        names = conn.scalars(text("SELECT nspname FROM pg_namespace WHERE starts_with(nspname, :p) "
                                  "OR starts_with(nspname, 'demo_' || :p)"), {"p": prefix})
        for name in list(names):
            conn.exec_driver_sql(f'DROP SCHEMA "{name}" CASCADE')
    engine.dispose()


@pytest.fixture
def instance(noaber_env):
    """An Instance over an empty tenants root, on the backend under test."""
    from core.instance import Instance
    inst = Instance()
    yield inst
    inst.storage.dispose()


@pytest.fixture
def make_tenant(instance):
    """``make_tenant(slug, plugins=[...], kind=..., hosts=[...], name=...)`` creates and migrates a tenant."""
    from core.tenancy.admin import create_tenant

    def make(slug, plugins=(), kind="neighbourhood", hosts=(), name=None, region=None):
        return create_tenant(instance, slug, name or slug.replace("-", " ").title(), kind, plugins, hosts, region)
    return make


@pytest.fixture
def app(instance):
    from core.server.app import create_app
    # Rate limits count per address across a whole test run; tests that check them turn them on.
    return create_app(instance, {"TESTING": True, "RATELIMIT_ENABLED": False})


@pytest.fixture
def make_account(instance):
    """``make_account(slug, email, roles=("coordinator",), password=...)`` adds an account."""
    from core.accounts import service

    def make(slug, email, roles=("coordinator",), password="correct horse battery", person_id=None):
        with instance.storage.session(instance.tenants.get(slug)) as session:
            account = service.create_account(session, email, password, roles, person_id)
            session.commit()
            return account.id
    return make


def csrf_token(client, path: str) -> str:
    """The CSRF token of the form on *path*, as a browser would find it."""
    import re
    page = client.get(path)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"', page.text)
    assert match, f"no CSRF token on {path} ({page.status_code})"
    return match.group(1) or match.group(2)


def api_header(cli, client, scopes: str, slug: str = "de-es", name: str = "Program") -> dict:
    """The Authorization header of a new API client of *slug* holding *scopes* ("a.read,a.manage"),
    made with ``noaber client add`` and its token fetched through the real OAuth2 endpoint."""
    credentials = json.loads(cli("client", "add", slug, name, "--scopes", scopes, "--json").out)
    pair = f"{credentials['client_id']}:{credentials['client_secret']}".encode()
    response = client.post(f"/t/{slug}/oauth/token", data={"grant_type": "client_credentials"},
                           headers={"Authorization": "Basic " + base64.b64encode(pair).decode()})
    return {"Authorization": "Bearer " + response.get_json()["access_token"]}


@pytest.fixture
def sign_in():
    """``sign_in(client, slug, email, password)`` signs a test client in through the real form."""
    def do(client, slug, email, password="correct horse battery"):
        token = csrf_token(client, f"/t/{slug}/sign-in")
        response = client.post(f"/t/{slug}/sign-in", data={"email": email, "password": password, "csrf_token": token})
        assert response.status_code == 302, response.text
        return response
    return do


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def enable_plugins(instance):
    """``enable_plugins(slug, "a", "b")``: add plugins to a tenant's tenant.toml and migrate it."""
    from core.tenancy.admin import migrate_and_seed

    def enable(slug, *names):
        tenant = instance.tenants.get(slug)
        set_enabled(tenant.folder, list(dict.fromkeys([*tenant.plugins, *names])))
        tenant = instance.tenants.get(slug)
        migrate_and_seed(instance, tenant)
        return tenant
    return enable


# ---------------------------------------------------------------- changing a tenant.toml in a test

def set_enabled(folder: Path, plugins: list[str]) -> None:
    """Rewrite the ``enabled = [...]`` line and make sure the change is seen as one."""
    from core.tenancy.admin import toml_string
    path = folder / "tenant.toml"
    text = path.read_text(encoding="utf-8")
    line = f"enabled = [{', '.join(map(toml_string, plugins))}]"
    text, count = re.subn(r"(?m)^enabled = \[.*\]$", line, text)
    if count != 1:
        raise ValueError(f"{path}: no single 'enabled = [...]' line to change")
    write_config(path, text)


def write_config(path: Path, text: str) -> None:
    """Write *text* so that the registry notices even within one filesystem tick."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    if path.stat().st_mtime_ns == before:
        os.utime(path, ns=(before + 1_000_000, before + 1_000_000))
