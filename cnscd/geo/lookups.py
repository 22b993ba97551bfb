"""`path__under=prefix`: the subtree filter, as an index range on every database.

Django's `startswith` becomes `LIKE 'VN/38/%' ESCAPE '\\'`; SQLite's LIKE is
case-insensitive and so cannot use an ordinary index, and every dashboard
would scan its table. Paths are ASCII codes ending in `/`, so the subtree
is exactly the range [prefix, prefix with its last `/` raised to `0`):
SQLite walks the index for it. PostgreSQL keeps LIKE, which its
`varchar_pattern_ops` index (created by Django for indexed CharFields) serves
whatever the database collation.
"""

from django.db import models
from django.db.models import Lookup

from cnscd.geo.models import PATH_SEPARATOR


@models.CharField.register_lookup
class Under(Lookup):
    lookup_name = "under"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        prefix = self.rhs
        pattern = connection.ops.prep_for_like_query(prefix) + "%"
        return f"{lhs} LIKE %s", [*lhs_params, pattern]

    def as_sqlite(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        prefix = self.rhs
        if not prefix.endswith(PATH_SEPARATOR):
            raise ValueError(f"a path prefix ends with {PATH_SEPARATOR!r}: {prefix!r}")
        upper = prefix[:-1] + chr(ord(PATH_SEPARATOR) + 1)
        return f"({lhs} >= %s AND {lhs} < %s)", [*lhs_params, prefix, *lhs_params, upper]
