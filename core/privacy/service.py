"""Privacy rights (AVG/GDPR): all data about one person, exported or erased, across core and plugins.

Core's own part is a default plugin implementing the same hooks as every plugin
(``core/builtin_privacy.py``), so one loop covers everything the tenant holds.
"""
from __future__ import annotations

from datetime import datetime, UTC

from core.audit.service import record
from core.people import service as people
from core.storage.base import Base


def export_person(instance, tenant, session, person_id: int, by: people.Actor) -> dict:
    """Everything about the person, per part (core and each enabled plugin); the export is logged."""
    parts = instance.hooks(tenant).each("noaber_privacy_export", tenant=tenant, session=session, person_id=person_id)
    record(session, by.actor, "export", person_id, by.via)
    return {"exported_at": datetime.now(UTC).isoformat(), "tenant": tenant.slug, "person_id": person_id,
            "parts": {name: data for name, data in parts if data is not None}}


def erase_person(instance, tenant, session, person_id: int, by: people.Actor) -> None:
    """Plugins first, then core (which pseudonymises the person row); the caller commits once."""
    impls = instance.hooks(tenant).implementations("noaber_privacy_erase")
    for impl in sorted(impls, key=lambda impl: impl.plugin_name == "core"):  # core's own part last
        impl.function(**{name: value for name, value in
                         {"tenant": tenant, "session": session, "person_id": person_id}.items()
                         if name in impl.argnames})
    record(session, by.actor, "erase", person_id, by.via)


def person_linked_tables(plugin_info) -> list[str]:
    """A plugin's tables with a foreign key to ``core_person``."""
    linked = []
    for name in sorted(plugin_info.tables):
        table = Base.metadata.tables[name]
        if any(fk.column.table.name == "core_person" for fk in table.foreign_keys):
            linked.append(name)
    return linked


def plugins_missing_privacy_hooks(plugins) -> list[str]:
    """Plugins that keep person-linked rows but cannot export or erase them."""
    missing = []
    hooks = plugins.hookimpls_by_plugin()
    for name, info in plugins.info.items():
        if not person_linked_tables(info):
            continue
        implemented = set(hooks.get(name, []))
        if not {"noaber_privacy_export", "noaber_privacy_erase"} <= implemented:
            missing.append(name)
    return missing
