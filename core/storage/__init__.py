"""Storage: the declarative base every table is built on, a database per tenant (a SQLite file
or a PostgreSQL schema), and migrations per component (core, then each enabled plugin)."""
