"""noaber core: tenants, storage, migrations, plugins, people, accounts, HTTP and CLI.

A plugin imports two things from core: the hook marker from here, and everything else
from :mod:`core.toolkit`, the one stable face for plugin authors. Core never imports a
plugin; plugins meet core and each other through the hooks in :mod:`core.hookspecs`.
"""
from core.hookspecs import hookimpl

__all__ = ["hookimpl"]
