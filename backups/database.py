"""The database's dump and its restore, with the database's own tools.

PostgreSQL: pg_dump and psql, run by django-dbbackup's connector, which passes them the
connection's credentials and TLS options as libpq expects. SQLite: SQLite's online backup, both
ways, on connections of our own: django-dbbackup's SQLite connector keeps the copy in memory and
restores by writing over the file under the running processes and beside their write-ahead log.
Either restore is one transaction: it replaces the whole database or changes nothing.
"""

import logging
import shutil
import sqlite3
from contextlib import closing

from dbbackup.db.exceptions import CommandConnectorError
from dbbackup.db.postgresql import PgDumpConnector
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from backups.errors import BackupError

# django-dbbackup sets the level of its command logger to DEBUG when it is imported, which would
# put each pg_dump and psql command line into the site's logs whatever LOG_LEVEL says.
logging.getLogger("dbbackup.command").setLevel(logging.NOTSET)

# The dump's name in the archive, by the database it comes from.
DUMP_NAMES = {"postgresql": "database.sql", "sqlite": "database.sqlite3"}
VENDOR_NAMES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}
SQLITE_TIMEOUT_SECONDS = 20


def database():
    return connections[DEFAULT_DB_ALIAS]


def vendor():
    """The database's kind, as the manifest names it; a BackupError for one not supported."""
    vendor = database().vendor
    if vendor not in DUMP_NAMES:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {vendor}.")
    return vendor


def description():
    """The database, as a person names it: its kind and name (and host)."""
    settings = database().settings_dict
    where = f" at {settings['HOST']}" if settings.get("HOST") else ""
    return f"the {VENDOR_NAMES[vendor()]} database {settings['NAME']}{where}"


def postgres_connector():
    """pg_dump's plain SQL without owners and grants, so that it loads into a database owned by
    another role; psql loads it in one transaction that stops at the first error."""
    return PgDumpConnector(
        DEFAULT_DB_ALIAS,
        drop=False,
        if_exists=False,
        dump_suffix="--no-owner --no-privileges",
        restore_suffix="--quiet",
    )


def dump(path):
    """Write a consistent snapshot of the database to `path`, while the site runs."""
    if vendor() == "postgresql":
        try:
            output = postgres_connector().create_dump()
        except CommandConnectorError as error:
            raise BackupError(f"pg_dump could not dump the database: {error}") from error
        with output, open(path, "wb") as file:
            shutil.copyfileobj(output, file)
    else:
        with sqlite_connection() as source, closing(sqlite3.connect(path)) as snapshot:
            source.backup(snapshot)


def restore(path):
    """Replace the whole database with the dump at `path`, in one transaction."""
    if vendor() == "postgresql":
        restore_postgres(path)
    else:
        restore_sqlite(path)


def restore_postgres(path):
    """psql runs the dump after a statement that drops every table the database has, in the same
    transaction: tables the backup does not have (made by a later migration) go too."""
    tables = table_names()
    # No transaction of this process holds a table while psql drops it.
    database().close()
    script = path.with_name(f"{path.name}.restore")
    with open(script, "wb") as file:
        if tables:
            quoted = ", ".join(database().ops.quote_name(table) for table in tables)
            file.write(f"DROP TABLE IF EXISTS {quoted} CASCADE;\n".encode())
        with open(path, "rb") as dump_file:
            shutil.copyfileobj(dump_file, file)
    try:
        with open(script, "rb") as stdin:
            postgres_connector().restore_dump(stdin)
    except CommandConnectorError as error:
        raise BackupError(
            f"psql could not load the dump, and the database is as it was: {error}"
        ) from error
    finally:
        script.unlink()


def restore_sqlite(path):
    """SQLite's online backup, from the dump into the database, copies every page in one
    transaction, which the site's other connections see whole or not at all."""
    database().close()
    try:
        with closing(sqlite3.connect(path)) as snapshot, sqlite_connection() as target:
            snapshot.backup(target)
    except sqlite3.Error as error:
        raise BackupError(f"SQLite could not restore the database: {error}.") from error


def sqlite_connection():
    """A connection of our own to the SQLite database, closed after use; it waits for a writer
    as long as the site's connections do."""
    name = database().settings_dict["NAME"]
    return closing(sqlite3.connect(name, timeout=SQLITE_TIMEOUT_SECONDS))


def table_names():
    with database().cursor() as cursor:
        return database().introspection.table_names(cursor)


def applied_migrations():
    """The migrations applied to the database, as "app.name" strings."""
    applied = MigrationRecorder(database()).applied_migrations()
    return sorted(f"{app}.{name}" for app, name in applied)


def known_migrations():
    """The migrations this code has, as "app.name" strings."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {f"{app}.{name}" for app, name in loader.disk_migrations}


def pending_migrations():
    """The migrations the database still needs (after the restore of an older backup)."""
    executor = MigrationExecutor(database())
    return executor.migration_plan(executor.loader.graph.leaf_nodes())
