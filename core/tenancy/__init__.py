"""Tenancy: what a tenant is (its folder and tenant.toml), which one is current, its secrets
and signing keys, and making and migrating one."""
