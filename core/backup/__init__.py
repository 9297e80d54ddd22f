"""Backup and restore of one tenant: its folder's own files, its database, and a manifest.

A backup is a gzip'd tar file: ``manifest.json`` (noaber's version, the migration heads,
a SHA-256 of every other file), ``tenant/tenant.toml`` with the tenant's local plugins and
uploaded files, and the database, taken while the tenant is served: SQLite's online
backup, or ``pg_dump`` of the tenant's schema. ``noaber restore`` checks all of that before
it changes anything.
"""
