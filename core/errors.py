"""Errors that a person can act on: the CLI prints them as one line and exits 2."""


class NoaberError(Exception):
    """A problem with input or configuration, explained in one readable sentence."""


class TenantConfigError(NoaberError):
    """A tenant folder or its tenant.toml is not valid."""


class UnknownTenant(NoaberError):
    """No tenant with that slug (or host) exists under the tenants root."""


class PluginError(NoaberError):
    """A plugin is unknown, misnamed, or implements a hook that does not exist."""
