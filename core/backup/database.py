"""The tenant's database in and out of a backup: SQLite's online backup, or pg_dump and psql.

A PostgreSQL dump names the schema it came from (``t_de_es``). It is loaded under that
name inside one transaction and renamed to a staging schema before that transaction
ends; a schema of that name already there (another instance's tenant, with another
prefix, in the same database) is set aside for that moment and put back. So a backup
restores into an instance with another schema prefix too.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

from core.errors import NoaberError

#: how long a SQLite copy waits for a writer to finish, in seconds
BUSY_SECONDS = 30


def copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite database (its readers and writers go on meanwhile)."""
    live, copy = sqlite3.connect(source, timeout=BUSY_SECONDS), sqlite3.connect(target, timeout=BUSY_SECONDS)
    try:
        live.backup(copy)
    finally:
        copy.close()
        live.close()


def pg_program(name: str) -> str:
    """Where PostgreSQL's *name* (pg_dump, psql) is: ``NOABER_PG_BIN``, else the PATH."""
    folder = os.environ.get("NOABER_PG_BIN")
    found = shutil.which(name, path=folder) if folder else shutil.which(name)
    if found is None:
        where = f"in NOABER_PG_BIN={folder}" if folder else "on the PATH"
        raise NoaberError(f"{name} was not found {where}: install PostgreSQL's client programs "
                          "(Debian: postgresql-client, the server's version or newer) or set NOABER_PG_BIN")
    return found


def _libpq(database_url: str) -> tuple[str, dict]:
    """The libpq address of *database_url*, with its password moved to the environment (not argv)."""
    url = make_url(database_url)
    env = {**os.environ, "PGAPPNAME": "noaber-backup"}
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return url.set(drivername="postgresql", password=None).render_as_string(hide_password=False), env


def _run(program: str, args: list[str], env: dict, stdin=None) -> None:
    done = subprocess.run([pg_program(program), *args], env=env, stdin=stdin, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        raise NoaberError(f"{program} failed: {lines[0] if lines else f'exit code {done.returncode}'}")


def dump_schema(database_url: str, schema: str, target: Path) -> None:
    """``pg_dump`` of one schema, as SQL, without owners or grants (the restoring role owns it)."""
    address, env = _libpq(database_url)
    _run("pg_dump", ["--dbname", address, "--schema", schema, "--format", "plain", "--no-owner",
                     "--no-privileges", "--file", str(target)], env)


def load_schema(database_url: str, dump: Path, source: str, staging: str) -> None:
    """Load *dump* (of schema *source*) as schema *staging*, in one transaction."""
    aside = f"{staging}_aside"
    before = f"""DO $$ BEGIN
  IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = '{source}') THEN
    EXECUTE 'ALTER SCHEMA "{source}" RENAME TO "{aside}"';
  END IF;
END $$;
"""
    after = f"""
ALTER SCHEMA "{source}" RENAME TO "{staging}";
DO $$ BEGIN
  IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = '{aside}') THEN
    EXECUTE 'ALTER SCHEMA "{aside}" RENAME TO "{source}"';
  END IF;
END $$;
"""
    script = dump.with_name("load.sql")
    with script.open("w", encoding="utf-8") as out:
        out.write(before)
        with dump.open(encoding="utf-8") as handle:
            shutil.copyfileobj(handle, out)
        out.write(after)
    address, env = _libpq(database_url)
    _run("psql", ["--dbname", address, "--no-psqlrc", "--quiet", "--single-transaction",
                  "--set", "ON_ERROR_STOP=1", "--file", str(script)], env)
