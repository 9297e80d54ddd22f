"""noaber core: tenants, storage, migrations, plugins, HTTP and CLI.

Core never imports a plugin; plugins meet core through the hooks in
:mod:`core.hookspecs` and the services exported here.
"""
from core.plugins import hookimpl
from core.context import current_session, current_tenant, tenant_context

__all__ = ["hookimpl", "current_session", "current_tenant", "tenant_context"]
