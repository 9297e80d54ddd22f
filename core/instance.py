"""The instance: what one process shares across all its tenants.

It sits above every part of core: it loads the installed plugins together with core's
own hook implementations (:mod:`core.builtin`), after every core table is known.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from flask import current_app, has_app_context
from marshmallow import ValidationError

# Core's tables, known before any plugin's (the loader tells a plugin's tables from core's).
import core.accounts.models  # noqa: F401
import core.audit.models  # noqa: F401
import core.calendar.models  # noqa: F401
import core.federation.models  # noqa: F401
import core.jobs.models  # noqa: F401
import core.people.models  # noqa: F401
import core.places.models  # noqa: F401
import core.tenancy.keys  # noqa: F401
from core import builtin
from core.errors import TenantConfigError
from core.jobs.queue import JobQueue
from core.plugins import ENTRY_POINT_GROUP, Plugins, load_local_plugins
from core.storage.engines import Storage
from core.tenancy import context
from core.tenancy.addresses import base_url, check_public_url, host_name, is_loopback
from core.tenancy.context import TenantScope
from core.tenancy.secrets import derived_key, instance_secret
from core.tenancy.tenants import (
    Tenant,
    TenantRegistry,
    check_slug,
    flatten_messages,
    read_config,
)


class Instance:
    """Configuration, installed plugins, the tenant registry and storage of one process.

    Settings come from arguments, else from the environment:
    ``NOABER_TENANTS`` (tenants root, default ``./tenants``), ``NOABER_DATABASE_URL``
    (PostgreSQL; unset means a SQLite file per tenant), ``NOABER_ENGINE_CACHE`` (how
    many tenants' engines stay open), ``NOABER_SCHEMA_PREFIX`` (PostgreSQL schema names),
    ``NOABER_PUBLIC_URL`` (where this instance is reached from outside, e.g.
    ``https://zorg.example.org``: every link that leaves a page is built on it, see
    :meth:`base_url`; unset, ``http://127.0.0.1:8000``), ``NOABER_TENANT_DIRECTORY`` (``1``: the instance's own address
    lists its neighbourhoods and coalitions with a link to each; unset, it answers 404, so
    a hosting partner does not show who its customers are), ``NOABER_JOBS_URL`` (the job
    queue: unset means a SQLite file in the tenants root, ``redis://…`` Redis; see
    :mod:`core.jobs.queue`).
    """

    def __init__(self, tenants_root: str | Path | None = None, database_url: str | None = None,
                 plugins: Plugins | None = None, schema_prefix: str | None = None, public_url: str | None = None):
        env = os.environ
        self.tenants_root = Path(tenants_root or env.get("NOABER_TENANTS") or "tenants").resolve()
        self.plugins = plugins or installed_plugins()
        self.storage = Storage(
            database_url if database_url is not None else env.get("NOABER_DATABASE_URL"),
            cache_size=int(env.get("NOABER_ENGINE_CACHE", "512")),
            schema_prefix=schema_prefix or env.get("NOABER_SCHEMA_PREFIX", "t_"),
        )
        self.tenants = TenantRegistry(self.tenants_root, self.load_tenant)
        self.jobs = JobQueue(env.get("NOABER_JOBS_URL"), self.tenants_root)
        self.tenant_directory = env.get("NOABER_TENANT_DIRECTORY", "") in ("1", "true", "yes")
        given = public_url or env.get("NOABER_PUBLIC_URL")
        #: where this instance is reached from outside; every link that leaves a page starts here
        self.public_url = check_public_url(given or "http://127.0.0.1:8000")
        #: whether the public URL was configured (then only its host, and tenants' own, are served)
        self.public_url_given = bool(given)
        #: the scheme of a tenant's own host: https, unless a public URL elsewhere than on this
        #: machine is on plain http (a network without TLS)
        self._host_scheme = "https" if not given or is_loopback(host_name(self.public_url)) \
            else urlsplit(self.public_url).scheme
        self._secret: bytes | None = None
        self._keys: dict[tuple[str, str], bytes] = {}

    def load_tenant(self, folder: Path) -> Tenant:
        """Read a tenant folder into a :class:`Tenant`, checking plugins and their settings."""
        slug = check_slug(folder.name)
        config = read_config(folder)
        section = dict(config["plugins"])
        enabled = section.pop("enabled")
        self._check_plugin_names(folder, enabled, section)
        settings = {name: self._plugin_settings(folder, name, section.get(name, {}))
                    for name in set(enabled) | set(section)}
        return Tenant(
            slug=slug, name=config["name"], kind=config["kind"], folder=folder,
            hosts=tuple(config["hosts"]), plugins=tuple(dict.fromkeys(enabled)), settings=settings,
            region=config["region"], geocoder=config["geocoder"], oidc=config["oidc"],
            local_plugins=load_local_plugins(folder, slug),
            federation=config["federation"], volunteers=config["volunteers"],
        )

    def _check_plugin_names(self, folder: Path, enabled: list[str], section: dict) -> None:
        for name in list(enabled) + list(section):
            if name not in self.plugins.info:
                raise TenantConfigError(
                    f"{folder / 'tenant.toml'}: unknown plugin {name!r} "
                    f"(installed: {', '.join(self.plugins.names) or 'none'})")

    def _plugin_settings(self, folder: Path, name: str, raw) -> dict:
        if not isinstance(raw, dict):
            raise TenantConfigError(f"{folder / 'tenant.toml'}: [plugins.{name}] must be a table")
        schema = self.plugins.settings_schema(name)
        if schema is None:
            if raw:
                raise TenantConfigError(f"{folder / 'tenant.toml'}: plugin {name!r} takes no settings")
            return {}
        try:
            return schema.load(raw)
        except ValidationError as exc:
            raise TenantConfigError(
                f"{folder / 'tenant.toml'}: [plugins.{name}] {flatten_messages(exc.messages)}") from None

    @property
    def secret(self) -> bytes:
        """The instance secret (``NOABER_SECRET_KEY`` or a file in the tenants root)."""
        if self._secret is None:
            self._secret = instance_secret(self.tenants_root)
        return self._secret

    def key_for(self, purpose: str, slug: str) -> bytes:
        key = self._keys.get((purpose, slug))
        if key is None:
            key = self._keys[(purpose, slug)] = derived_key(self.secret, purpose, slug)
        return key

    def tenant(self, slug: str) -> Tenant:
        return self.tenants.get(slug)

    def base_url(self, tenant: Tenant) -> str:
        """Where *tenant* is reached from outside: ``https://<its own host>`` (``http://`` if the
        configured public URL is plain http), else ``<public URL>/t/<slug>``."""
        return base_url(self.public_url, tenant, self._host_scheme)

    def hooks(self, tenant: Tenant):
        return self.plugins.for_tenant(tenant)

    def folder_for(self, slug: str) -> Path:
        return self.tenants_root / check_slug(slug)


_from_environment: dict[tuple, Instance] = {}


def instance_from_environment() -> Instance:
    """The process's Instance for the current environment, made once and then reused.

    Jobs and commands call ``tenant_context(slug)`` many times; each call must not open
    engines of its own. Keyed by the settings, so a changed environment (as in tests)
    gets its own.
    """
    env = os.environ
    key = tuple(env.get(name) for name in ("NOABER_TENANTS", "NOABER_DATABASE_URL", "NOABER_SCHEMA_PREFIX",
                                           "NOABER_ENGINE_CACHE", "NOABER_PUBLIC_URL", "NOABER_JOBS_URL"))
    key += (str(Path.cwd()),)
    instance = _from_environment.get(key)
    if instance is None:
        instance = _from_environment[key] = Instance()
    return instance


def forget_instances() -> None:
    """Close and drop the instances made from the environment (tests, between runs)."""
    while _from_environment:
        _, instance = _from_environment.popitem()
        instance.storage.dispose()


def load_plugins(group: str = ENTRY_POINT_GROUP) -> Plugins:
    """The plugins installed in *group*, with core's own hook implementations first."""
    return Plugins(group, core=builtin)


_installed: Plugins | None = None


def installed_plugins() -> Plugins:
    """The installed plugins, loaded once per process."""
    global _installed
    if _installed is None:
        _installed = load_plugins()
    return _installed


def _default_instance() -> Instance:
    if has_app_context():
        return current_app.extensions["noaber"]
    return instance_from_environment()


@contextmanager
def tenant_context(slug: str, instance: Instance | None = None) -> Iterator[TenantScope]:
    """Enter tenant *slug* for a job, a command or a test; its session closes on exit.

        with tenant_context("de-es") as scope:
            scope.session.scalars(select(Notice)).all()
    """
    instance = instance or _default_instance()
    scope = TenantScope(instance, instance.tenant(slug))
    token = context.enter(scope)
    try:
        yield scope
    finally:
        scope.close()
        context.leave(token)
