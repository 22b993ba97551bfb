"""Fewer round trips to PostgreSQL for the write that must be fastest: recording a visit.

Django sends a statement and waits for its answer before it builds the next
one, so a visit's ten statements cost ten network round trips and the
server sits idle while Python works. In a psycopg pipeline, a statement
whose result nobody reads is sent at once and the server runs it while
Python builds the next; the client waits only where it reads a result (a
SELECT, a RETURNING) and when the pipeline ends. An error in a pipelined
statement is raised there, as the same Django exception, and the
transaction rolls back as usual.

SQLite runs inside the process and has no round trips: both helpers do the
plain thing there.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from django.db import connections, models, router


@contextmanager
def pipelined(using: str = "default") -> Iterator[None]:
    """Send the block's statements in a psycopg pipeline (PostgreSQL; elsewhere nothing)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    connection.ensure_connection()
    with connection.wrap_database_errors, connection.connection.pipeline():
        yield


def insert(objs: Sequence[models.Model]) -> None:
    """INSERT the objects without reading anything back; their generated ids stay unset.

    `bulk_create` asks PostgreSQL for the new ids (RETURNING) and waits for
    them, which would end a pipeline's batch. Rows whose ids nobody needs (a
    visit's outcomes, its skill events, audit events) go in with this
    instead, through the same insert query `bulk_create` uses, in batches of
    the size the database accepts.
    """
    if not objs:
        return
    model = type(objs[0])
    fields = [f for f in model._meta.concrete_fields if not f.generated and not f.db_returning]
    manager = model._base_manager.db_manager(router.db_for_write(model))
    size = max(connections[manager.db].ops.bulk_batch_size(fields, objs), 1)
    for start in range(0, len(objs), size):
        manager._insert(objs[start : start + size], fields=fields)
