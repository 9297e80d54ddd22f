"""Tenants: one folder each under the tenants root, described by its ``tenant.toml``.

The folder is the tenant: copying it moves the neighbourhood to another host.
The registry re-reads a ``tenant.toml`` whenever the file changes, so a hosting
partner can add, change or remove tenants while the server runs.
"""
from __future__ import annotations

import os
import re
import threading
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from collections.abc import Callable, Mapping

from marshmallow import (
    INCLUDE,
    Schema,
    ValidationError,
    fields,
    validate,
    validates_schema,
)

from core.errors import NoaberError, TenantConfigError, UnknownTenant

SLUG_RE = re.compile(r"[a-z0-9-]{2,40}")
HOST_RE = re.compile(r"(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*")
KINDS = ("neighbourhood", "coalition")
CONFIG_FILE = "tenant.toml"


def check_slug(slug: str) -> str:
    """Return *slug* if it may name a tenant, else raise with the rule it broke."""
    if not isinstance(slug, str) or not SLUG_RE.fullmatch(slug):
        raise TenantConfigError(
            f"invalid tenant slug {slug!r}: use 2 to 40 characters a-z, 0-9 and '-'")
    return slug


def require_tenant(instance, slug: str) -> Tenant:
    """The tenant *slug* of *instance*, or a :class:`NoaberError` that says there is none (commands)."""
    try:
        return instance.tenants.get(slug)
    except UnknownTenant:
        raise NoaberError(f"no tenant {slug!r} under {instance.tenants_root}") from None


def check_host(host: str) -> str:
    if not HOST_RE.fullmatch(host):
        raise TenantConfigError(f"invalid host {host!r}: use a lower-case host name such as buurt.example.org")
    return host


class PluginsSectionSchema(Schema):
    """``[plugins]``: the enabled list, and one sub-table of settings per plugin."""

    class Meta:
        unknown = INCLUDE  # the per-plugin sub-tables; checked against plugin schemas

    enabled = fields.List(fields.String(), load_default=list)


class OidcSchema(Schema):
    """``[oidc]``: the tenant's own OpenID Connect provider, for signing in (optional)."""

    issuer = fields.Url(required=True, require_tld=False, schemes={"https", "http"})
    client_id = fields.String(required=True, validate=validate.Length(min=1, max=200))
    #: the secret itself, or (better, since tenant.toml may be in git) ``client_secret_env``
    client_secret = fields.String(load_default=None, validate=validate.Length(min=1, max=500))
    client_secret_env = fields.String(load_default=None, validate=validate.Regexp(r"[A-Z_][A-Z0-9_]*"))
    label = fields.String(load_default="", validate=validate.Length(max=60))

    @validates_schema
    def one_secret(self, data, **_kwargs):
        if (data.get("client_secret") is None) == (data.get("client_secret_env") is None):
            raise ValidationError("Give client_secret or client_secret_env (the name of an environment variable).")


class FederationSchema(Schema):
    #: disclosure control: a value from fewer distinct persons than k is never shared
    k = fields.Integer(load_default=5, validate=validate.Range(min=3, error="k must be at least 3."))
    #: optional noise on counts, on top of k (core/federation/noise.py; needs noaber[noise])
    noise = fields.String(load_default="none", validate=validate.OneOf(("none", "laplace")))
    #: privacy loss per count per month; smaller is more private and noisier
    epsilon = fields.Float(load_default=1.0, validate=validate.Range(min=0.05, max=10))
    #: how many events (rides, visits) one person can add to a count in a month, at most
    events_per_person = fields.Integer(load_default=10, validate=validate.Range(min=1, max=100))


class VolunteersSchema(Schema):
    """``[volunteers]``: what an hour of volunteer work is worth, for the figures funders ask for."""

    #: euro per hour, e.g. "15.00"; unset, the value is not computed (nor shared)
    hourly_rate = fields.Decimal(load_default=None, places=2, validate=validate.Range(min=0, max=500))


class TenantFileSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    kind = fields.String(load_default="neighbourhood", validate=validate.OneOf(KINDS))
    hosts = fields.List(fields.String(validate=validate.Regexp(
        HOST_RE, error="Not a host name; use lower case, such as buurt.example.org.")), load_default=list)
    region = fields.String(load_default=None, validate=validate.Regexp(
        r"(NL|LD|PV|CR|GM|WK|BU)\d{2,8}", error="Not a CBS region code such as NL01, PV23, GM0153 or BU01530110."))
    plugins = fields.Nested(PluginsSectionSchema, load_default=lambda: {"enabled": []})
    oidc = fields.Nested(OidcSchema, load_default=None)
    federation = fields.Nested(FederationSchema, load_default=lambda: FederationSchema().load({}))
    volunteers = fields.Nested(VolunteersSchema, load_default=lambda: VolunteersSchema().load({}))
    #: "pdok" sends postcode and house number (never a name) to PDOK Locatieserver; "off" keeps them home
    geocoder = fields.String(load_default="pdok", validate=validate.OneOf(("pdok", "off")))


@dataclass(frozen=True, eq=False)
class Tenant:
    """One neighbourhood or coalition, as its ``tenant.toml`` describes it."""

    slug: str
    name: str
    kind: str
    folder: Path
    hosts: tuple[str, ...] = ()
    #: installed plugins this tenant enabled, in the order given
    plugins: tuple[str, ...] = ()
    #: validated ``[plugins.<name>]`` settings, per plugin
    settings: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    region: str | None = None
    geocoder: str = "pdok"
    #: the ``[oidc]`` settings, or None when people sign in with a password only
    oidc: Mapping[str, Any] | None = None
    #: a plugin manager holding this tenant's own ``plugins/*.py``, or None
    local_plugins: Any = None
    #: the ``[federation]`` settings: ``k`` for disclosure control, the optional noise policy
    federation: Mapping[str, Any] = field(default_factory=lambda: FederationSchema().load({}))
    #: the ``[volunteers]`` settings: ``hourly_rate`` (a Decimal, or None)
    volunteers: Mapping[str, Any] = field(default_factory=lambda: VolunteersSchema().load({}))

    @property
    def data_dir(self) -> Path:
        return self.folder / "data"

    def plugin_settings(self, plugin: str) -> Mapping[str, Any]:
        return self.settings.get(plugin, {})

    def __repr__(self) -> str:
        return f"<Tenant {self.slug} {self.kind} plugins={list(self.plugins)}>"


def read_config(folder: Path) -> dict:
    """Parse and validate the generic part of ``tenant.toml``; plugin parts are left to plugins."""
    path = folder / CONFIG_FILE
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UnknownTenant(f"no tenant {folder.name!r}: {path} does not exist") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise TenantConfigError(f"{path}: not valid TOML: {exc}") from None
    try:
        return TenantFileSchema().load(raw)
    except ValidationError as exc:
        raise TenantConfigError(f"{path}: {flatten_messages(exc.messages)}") from None


def flatten_messages(messages: Any, prefix: str = "") -> str:
    """Turn marshmallow's nested messages into one readable line: ``hosts[0]: Not valid.``"""
    if isinstance(messages, dict):
        return "; ".join(
            flatten_messages(value, f"{prefix}[{key}]" if isinstance(key, int) else f"{prefix}.{key}".lstrip("."))
            for key, value in messages.items())
    if isinstance(messages, list) and not all(isinstance(m, str) for m in messages):
        return "; ".join(flatten_messages(m, prefix) for m in messages)
    text = " ".join(messages) if isinstance(messages, list) else str(messages)
    return f"{prefix}: {text}" if prefix else text


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


class TenantRegistry:
    """Finds tenants by slug or host, re-reading a ``tenant.toml`` only when it changed.

    ``load`` turns a folder into a :class:`Tenant`; the instance supplies it, since
    checking the plugin part needs the installed plugins.
    """

    def __init__(self, root: Path, load: Callable[[Path], Tenant], rescan_interval: float = 2.0):
        self.root = root
        self._load = load
        self._rescan_interval = rescan_interval
        self._cache: dict[str, tuple[tuple, Tenant | TenantConfigError]] = {}
        self._hosts: dict[str, str] = {}
        self._hosts_scanned = float("-inf")
        self._lock = threading.RLock()

    def get(self, slug: str) -> Tenant:
        """Return the current tenant *slug*; raise UnknownTenant or TenantConfigError."""
        check_slug(slug)
        stamp = _stamp(self.root / slug / CONFIG_FILE)
        if stamp is None:
            self._cache.pop(slug, None)
            raise UnknownTenant(f"no tenant {slug!r} under {self.root}")
        cached = self._cache.get(slug)
        if cached is None or cached[0] != stamp:
            with self._lock:
                cached = (stamp, self._try_load(self.root / slug))
                self._cache[slug] = cached
        if isinstance(cached[1], TenantConfigError):
            raise cached[1]
        return cached[1]

    def _try_load(self, folder: Path) -> Tenant | TenantConfigError:
        try:
            return self._load(folder)
        except TenantConfigError as exc:
            return exc

    def find(self, slug: str) -> Tenant | None:
        try:
            return self.get(slug)
        except (UnknownTenant, TenantConfigError):
            return None

    def slugs(self) -> list[str]:
        """Every folder under the root that holds a tenant.toml, valid or not."""
        if not self.root.is_dir():
            return []
        return sorted(entry.name for entry in os.scandir(self.root)
                      if SLUG_RE.fullmatch(entry.name) and os.path.isfile(os.path.join(entry.path, CONFIG_FILE)))

    def all(self) -> list[tuple[str, Tenant | Exception]]:
        """Every tenant with either its config or the error that stops it loading."""
        result = []
        for slug in self.slugs():
            try:
                result.append((slug, self.get(slug)))
            except (UnknownTenant, TenantConfigError) as exc:
                result.append((slug, exc))
        return result

    def by_host(self, host: str) -> Tenant | None:
        """The tenant that lists *host*; the index is rebuilt on a miss, at most every few seconds."""
        host = host.split(":", 1)[0].lower().rstrip(".")
        slug = self._hosts.get(host)
        tenant = self.find(slug) if slug else None
        if tenant is not None and host in tenant.hosts:
            return tenant
        if time.monotonic() - self._hosts_scanned >= self._rescan_interval:
            self._rescan_hosts()
            slug = self._hosts.get(host)
            tenant = self.find(slug) if slug else None
            if tenant is not None and host in tenant.hosts:
                return tenant
        return None

    def claimed(self, host: str) -> str | None:
        """The slug whose own host *host* is, from the host index as last built (no rescan)."""
        if self._hosts_scanned == float("-inf"):
            self._rescan_hosts()
        return self._hosts.get(host.split(":", 1)[0].lower().rstrip("."))

    def _rescan_hosts(self) -> None:
        index: dict[str, str] = {}
        claimed_twice: set[str] = set()
        for slug, tenant in self.all():
            for host in getattr(tenant, "hosts", ()):
                if host in index:
                    claimed_twice.add(host)
                index[host] = slug
        # A host that two tenants claim serves neither: never risk the wrong tenant's data.
        for host in claimed_twice:
            del index[host]
        self._hosts = index
        self._hosts_scanned = time.monotonic()

    def host_owner(self, host: str) -> str | None:
        """Which tenant already claims *host* (fresh scan), for refusing duplicates at init."""
        for slug, tenant in self.all():
            if host in getattr(tenant, "hosts", ()):
                return slug
        return None

