"""Plugin loading: installed plugins from the ``noaber.plugins`` entry points, local
plugins from a tenant's folder, and per-tenant views on the hooks."""
from __future__ import annotations

import importlib
import importlib.util
import logging
import re
import sys
import threading
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType

import pluggy

from core import hookspecs
from core.errors import PluginError, TenantConfigError
from core.metrics import collect_metrics
from core.storage.base import Base
from core.web.permissions import check_declarations, permissions_for_roles

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "noaber.plugins"
PLUGIN_NAME_RE = re.compile(r"[a-z][a-z0-9_]{1,30}")
#: names that mean something else in a tenant.toml or in the database
RESERVED_NAMES = {"core", "enabled", "api", "static", "federation"}


@dataclass
class PluginInfo:
    """What is known of one installed plugin, for ``noaber plugins`` and the loader."""

    name: str
    module: ModuleType
    version: str = ""
    #: table names this plugin owns, all starting with ``<name>_``
    tables: set[str] = field(default_factory=set)

    @property
    def folder(self) -> Path:
        return Path(self.module.__file__).parent

    @property
    def migrations_dir(self) -> Path | None:
        """``migrations/`` beside the package's ``__init__.py``; single-module plugins have none."""
        if not hasattr(self.module, "__path__"):
            return None
        path = self.folder / "migrations"
        return path if path.is_dir() else None

    @property
    def translations_dir(self) -> Path | None:
        """``translations/`` beside the package, with ``<lang>/LC_MESSAGES/messages.mo``."""
        if not hasattr(self.module, "__path__"):
            return None
        path = self.folder / "translations"
        return path if path.is_dir() else None

    @property
    def description(self) -> str:
        return (self.module.__doc__ or "").strip().splitlines()[0] if self.module.__doc__ else ""


def explain(pm: pluggy.PluginManager, exc: pluggy.PluginValidationError, name: str | None = None) -> str:
    """One line naming the plugin and the hook, instead of pluggy's module repr."""
    name = name or pm.get_name(exc.plugin) or getattr(exc.plugin, "__name__", "?")
    unknown = re.search(r"unknown hook '(\w+)'", str(exc))
    if unknown:
        return (f"plugin {name!r} implements unknown hook {unknown.group(1)!r} "
                "(misspelt? the hooks are listed in docs/hooks.md)")
    return f"plugin {name!r}: {str(exc).splitlines()[0]}"


def new_manager() -> pluggy.PluginManager:
    pm = pluggy.PluginManager("noaber")
    pm.add_hookspecs(hookspecs)
    return pm


class Plugins:
    """The installed plugins of this process, and the hooks seen from one tenant.

    *core* is core's own hook implementations, registered under the name ``core`` before
    any plugin and always on (never in a tenant's removal list). Whoever makes a
    ``Plugins`` (the instance) passes it, and has imported core's models first, so that
    a plugin's tables are told apart from core's.
    """

    def __init__(self, group: str = ENTRY_POINT_GROUP, core: ModuleType | None = None):
        self.pm = new_manager()
        self.info: dict[str, PluginInfo] = {}
        self._metadata = Base.metadata
        self._subsets: dict[frozenset[str], TenantHooks] = {}
        self._lock = threading.Lock()
        if core is not None:
            self.pm.register(core, name="core")
        for ep in sorted(entry_points(group=group), key=lambda ep: ep.name):
            self._load_entry_point(ep)
        for info in self.info.values():  # ownership by longest prefix: 'a_b_x' is a_b's, not a's
            info.tables = {t for t in self._metadata.tables if self._owner(t) == info.name}
        try:
            self.pm.check_pending()
        except pluggy.PluginValidationError as exc:
            raise PluginError(explain(self.pm, exc)) from None
        self.permissions = self._collect_permissions()
        self.metrics = collect_metrics(self.pm)
        self.job_kinds = self._collect_job_kinds()

    def _collect_permissions(self) -> dict:
        """``{name: (owner, Permission)}`` from every plugin's ``noaber_permissions``."""
        declared = {}
        for impl in self.pm.hook.noaber_permissions.get_hookimpls():
            for permission in impl.function() or ():
                if permission.name in declared:
                    raise PluginError(f"permission {permission.name!r} is declared twice")
                declared[permission.name] = (impl.plugin_name, permission)
        check_declarations({n: d for n, d in declared.items() if d[0] != "core"})
        return declared

    def _collect_job_kinds(self) -> dict:
        """``{name: JobKind}`` from every plugin's ``noaber_job_kinds``; names start with the plugin's."""
        kinds = {}
        for impl in self.pm.hook.noaber_job_kinds.get_hookimpls():
            for kind in impl.function() or ():
                if not kind.name.startswith(f"{impl.plugin_name}."):
                    raise PluginError(f"plugin {impl.plugin_name!r}: job kind {kind.name!r} must start with "
                                      f"'{impl.plugin_name}.'")
                if kind.name in kinds:
                    raise PluginError(f"job kind {kind.name!r} is declared twice")
                kinds[kind.name] = kind
        return kinds

    def permissions_of(self, roles, enabled) -> frozenset[str]:
        """The permissions *roles* hold in a tenant with these *enabled* plugins."""
        visible = {n: d for n, d in self.permissions.items() if d[0] == "core" or d[0] in enabled}
        return permissions_for_roles(visible, roles)

    def _load_entry_point(self, ep) -> None:
        name = ep.name
        if not PLUGIN_NAME_RE.fullmatch(name) or name in RESERVED_NAMES:
            raise PluginError(f"plugin name {name!r} is not allowed: use a-z, 0-9, '_' (2-31), "
                              f"not {sorted(RESERVED_NAMES)}")
        before = set(self._metadata.tables)
        module = ep.load()
        is_package = hasattr(module, "__path__")
        if is_package and importlib.util.find_spec(f"{module.__name__}.models") is not None:
            importlib.import_module(f"{module.__name__}.models")
        self._check_table_names(name, module, set(self._metadata.tables) - before)
        version = ep.dist.version if ep.dist else ""
        self.info[name] = PluginInfo(name, module, version)
        try:
            self.pm.register(module, name=name)
        except pluggy.PluginValidationError as exc:
            raise PluginError(explain(self.pm, exc, name)) from None

    def _check_table_names(self, name: str, module: ModuleType, new_tables: set[str]) -> None:
        """A plugin's tables start with its name: those its import added, and its mapped classes'
        (which an earlier import may already have added)."""
        package = module.__name__
        mapped = {m.local_table.name for m in Base.registry.mappers
                  if m.class_.__module__ == package or m.class_.__module__.startswith(package + ".")}
        misnamed = sorted(t for t in new_tables | mapped if not t.startswith(f"{name}_"))
        if misnamed:
            raise PluginError(f"plugin {name!r} defines table {misnamed[0]!r}: a plugin's tables start with '{name}_'")

    def _owner(self, table: str) -> str | None:
        owners = [n for n in self.info if table.startswith(f"{n}_")]
        return max(owners, key=len) if owners else None

    @property
    def names(self) -> list[str]:
        return sorted(self.info)

    def settings_schema(self, name: str):
        """The marshmallow schema for ``[plugins.<name>]``, or None if the plugin takes none."""
        plugin = self.pm.get_plugin(name)
        impls = [i for i in self.pm.hook.noaber_settings_schema.get_hookimpls() if i.plugin is plugin]
        return impls[0].function() if impls else None

    def hookimpls_by_plugin(self) -> dict[str, list[str]]:
        """Which hooks each installed plugin implements (for ``noaber plugins --hooks``)."""
        result: dict[str, list[str]] = {name: [] for name in self.info}
        for hook_name in dir(self.pm.hook):
            caller = getattr(self.pm.hook, hook_name)
            if hook_name.startswith("noaber_") and isinstance(caller, pluggy.HookCaller):
                for impl in caller.get_hookimpls():
                    result.setdefault(impl.plugin_name, []).append(hook_name)
        return result

    def for_tenant(self, tenant) -> TenantHooks:
        """The tenant-scoped hooks as this tenant sees them: its enabled plugins and its local ones."""
        base = self._subset(frozenset(tenant.plugins))
        return base if tenant.local_plugins is None else base.with_local(tenant.local_plugins)

    def _subset(self, enabled: frozenset[str]) -> TenantHooks:
        hooks = self._subsets.get(enabled)
        if hooks is None:
            removed = [self.pm.get_plugin(n) for n in self.info if n not in enabled]
            hooks = TenantHooks(self.pm, removed)
            with self._lock:
                self._subsets[enabled] = hooks
        return hooks


class TenantHooks:
    """Attribute access gives a hook caller limited to one tenant's plugins.

    Installed plugins are filtered with pluggy's ``subset_hook_caller`` (as pytest does
    per directory); a tenant's local plugins live in a manager of their own, so they can
    never be called for another tenant.
    """

    def __init__(self, pm: pluggy.PluginManager, removed: list, local: pluggy.PluginManager | None = None):
        self._pm, self._removed, self._local = pm, removed, local
        self._callers: dict[str, object] = {}

    def with_local(self, local: pluggy.PluginManager) -> TenantHooks:
        return TenantHooks(self._pm, self._removed, local)

    def __getattr__(self, name: str):
        if name.startswith("_") or name not in hookspecs.TENANT_SCOPED:
            raise AttributeError(f"{name} is not a tenant-scoped hook")
        caller = self._callers.get(name)
        if caller is None:
            caller = self._callers[name] = self._make_caller(name)
        return caller

    def implementations(self, name: str) -> list:
        """The hook implementations this tenant's call of *name* would run (pluggy HookImpl objects)."""
        impls = self._pm.subset_hook_caller(name, self._removed).get_hookimpls()
        if self._local is not None:
            impls = impls + getattr(self._local.hook, name).get_hookimpls()
        return impls

    def each(self, name: str, **kwargs) -> list[tuple[str, object]]:
        """Call a tenant-scoped hook and keep which plugin gave which result."""
        return [(impl.plugin_name, impl.function(**{a: kwargs[a] for a in impl.argnames}))
                for impl in self.implementations(name)]

    def _make_caller(self, name: str):
        subset = self._pm.subset_hook_caller(name, self._removed)
        if self._local is None:
            return subset
        local = getattr(self._local.hook, name)
        if getattr(self._pm.hook, name).spec.opts.get("firstresult"):
            def first(**kwargs):  # the tenant's own plugin answers first, as the last registered would
                answer = local(**kwargs)
                return subset(**kwargs) if answer is None else answer
            return first

        def call(**kwargs):
            return subset(**kwargs) + local(**kwargs)
        return call


def load_local_plugins(folder: Path, slug: str) -> pluggy.PluginManager | None:
    """Load ``<tenant>/plugins/*.py`` into a manager that only this tenant's hooks use."""
    files = sorted((folder / "plugins").glob("*.py")) if (folder / "plugins").is_dir() else []
    if not files:
        return None
    pm = new_manager()
    for path in files:
        module = _import_local(path, slug)
        pm.register(module, name=f"local:{path.stem}")
        process_wide = [h for h in _implemented_hooks(pm, module) if h not in hookspecs.TENANT_SCOPED]
        if process_wide:
            raise TenantConfigError(
                f"local plugin {path}: {', '.join(process_wide)} is process-wide; "
                "routes, commands and settings need an installed plugin (see docs/plugins.md)")
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        raise TenantConfigError(f"{folder / 'plugins'}: {explain(pm, exc)}") from None
    return pm


def _import_local(path: Path, slug: str) -> ModuleType:
    module_name = f"noaber_local.{slug.replace('-', '_')}.{path.stem}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as exc:  # a broken local file must not take other tenants down
        raise TenantConfigError(f"local plugin {path} failed to load: {exc!r}") from exc
    sys.modules.pop(module_name, None)
    return module


def _implemented_hooks(pm: pluggy.PluginManager, module: ModuleType) -> list[str]:
    return [c.name for c in pm.get_hookcallers(module) or []]
