"""Set-based writes for imports: COPY on PostgreSQL, one executemany on SQLite.

Django's `bulk_create` manages 25-30k rows/s here; COPY manages several
times that (docs/performance.md). Ids are allocated before the insert so
that rows referring to new rows (residents to households, history to
residents) go in the same set-based way. Call these inside the import's
transaction: on SQLite it holds the write lock (IMMEDIATE transactions),
so no one else can take the ids allocated from MAX(id).
"""

from collections.abc import Sequence

from django.db import connection, models


def allocate_ids(model: type[models.Model], n: int) -> list[int]:
    """`n` fresh primary keys for `model`'s table."""
    if n == 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # the sequence's name looked up once: per row, the lookup is 9/10 of the time
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            sequence = cursor.fetchone()[0]
            cursor.execute(
                "SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [sequence, n]
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')
        highest = cursor.fetchone()[0]
        # AUTOINCREMENT never reuses the id of a deleted row; neither do we
        cursor.execute("SELECT COALESCE(MAX(seq), 0) FROM sqlite_sequence WHERE name = %s", [table])
        highest = max(highest, cursor.fetchone()[0])
    return list(range(highest + 1, highest + 1 + n))


def insert(model: type[models.Model], columns: Sequence[str], rows: Sequence[tuple]) -> None:
    """Insert rows (tuples in the order of `columns`, database column names)."""
    if not rows:
        return
    table = model._meta.db_table
    names = ", ".join(f'"{c}"' for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)


def update(model: type[models.Model], columns: Sequence[str], rows: Sequence[tuple]) -> None:
    """Set `columns` of existing rows: each tuple is the new values followed by the id."""
    if not rows:
        return
    table = model._meta.db_table
    assignments = ", ".join(f'"{c}" = %s' for c in columns)
    with connection.cursor() as cursor:
        cursor.executemany(f'UPDATE "{table}" SET {assignments} WHERE id = %s', rows)
