"""Counters recomputed from raw rows inside the database (SQLite and PostgreSQL).

`counters.contributions` is the definition of what a resident counts for,
used on every write; this module says the same thing in SQL so that a whole
commune, province or the country can be rebuilt or checked at the speed of
a few grouped scans instead of a Python loop per resident. The tests compare
both on the same data.
"""

from django.db import connection

from cnscd.indicators.models import BUCKET_START, TOTAL
from cnscd.people.skills import CORE_SKILLS, HouseholdFact, Source


def _month(column: str) -> str:
    """Months since January 2000 of a date column (0 for anything earlier)."""
    if connection.vendor == "postgresql":
        months = (
            f"((EXTRACT(YEAR FROM {column})::int - 2000) * 12"
            f" + EXTRACT(MONTH FROM {column})::int - 1)"
        )
    else:
        # %% because the query goes through the DB-API's %s parameter style
        months = (
            f"((CAST(strftime('%%Y', {column}) AS INTEGER) - 2000) * 12"
            f" + CAST(strftime('%%m', {column}) AS INTEGER) - 1)"
        )
    return f"(CASE WHEN {months} < 0 THEN 0 ELSE {months} END)"


_LEFT = (
    "CASE WHEN r.moved_out_on IS NULL THEN r.deceased_on "
    "WHEN r.deceased_on IS NULL THEN r.moved_out_on "
    "WHEN r.moved_out_on < r.deceased_on THEN r.moved_out_on ELSE r.deceased_on END"
)


def village_rows_sql(commune_filter: str) -> str:
    """SELECT of the village-level rows (village, commune, skill, bucket, month, count,
    verified), months and totals, for residents and households whose
    `commune_code` passes `commune_filter` (an SQL condition on `commune_code`, e.g.
    `commune_code IN (%s, %s)`)."""
    skill_columns = ", ".join(
        f"{_month(f'r.{s}_on')} AS m_{s}, r.{s}_source AS s_{s}" for s in CORE_SKILLS
    )
    residents = (
        f"SELECT u.code AS village, r.commune_code AS commune, "
        f"CASE WHEN r.birth_year < {BUCKET_START} THEN 0 ELSE r.birth_year END AS bucket, "
        f"{_month('(' + _LEFT + ')')} AS left_m, {skill_columns} "
        f"FROM people_resident r JOIN geo_unit u ON u.id = r.village_id "
        f"WHERE r.merged_into_id IS NULL AND r.{commune_filter}"
    )
    parts = [
        "SELECT village, commune, 'residents' AS skill, bucket, 0 AS month, 1 AS c, 0 AS v FROM r",
        "SELECT village, commune, 'residents', bucket, left_m, -1, 0 FROM r "
        "WHERE left_m IS NOT NULL",
    ]
    verified = f"'{Source.VERIFIED}'"
    for s in CORE_SKILLS:
        counted = f"m_{s} IS NOT NULL AND (left_m IS NULL OR m_{s} < left_m)"
        flag = f"CASE WHEN s_{s} = {verified} THEN 1 ELSE 0 END"
        parts.append(
            f"SELECT village, commune, '{s}', bucket, m_{s}, 1, {flag} FROM r WHERE {counted}"
        )
        parts.append(
            f"SELECT village, commune, '{s}', bucket, left_m, -1, -{flag} FROM r "
            f"WHERE {counted} AND left_m IS NOT NULL"
        )
    fact_columns = ", ".join(
        f"{_month(f'h.{f}_on')} AS m_{f}, h.{f}_source AS s_{f}" for f in HouseholdFact.values
    )
    households = (
        f"SELECT u.code AS village, h.commune_code AS commune, {fact_columns} "
        f"FROM people_household h JOIN geo_unit u ON u.id = h.village_id "
        f"WHERE h.{commune_filter}"
    )
    parts.append("SELECT village, commune, 'households', 0, 0, 1, 0 FROM h")
    for f in HouseholdFact.values:
        flag = f"CASE WHEN s_{f} = {verified} THEN 1 ELSE 0 END"
        parts.append(
            f"SELECT village, commune, '{f}', 0, m_{f}, 1, {flag} FROM h WHERE m_{f} IS NOT NULL"
        )
    union = " UNION ALL ".join(parts)
    return (
        f"WITH r AS MATERIALIZED ({residents}), h AS MATERIALIZED ({households}), "
        f"monthly AS MATERIALIZED ("
        f"SELECT village, commune, skill, bucket, month, SUM(c) AS c, SUM(v) AS v "
        f"FROM ({union}) AS deltas GROUP BY village, commune, skill, bucket, month "
        f"HAVING SUM(c) <> 0 OR SUM(v) <> 0) "
        f"SELECT village, commune, skill, bucket, month, c, v FROM monthly UNION ALL "
        f"SELECT village, commune, skill, bucket, {TOTAL}, SUM(c), SUM(v) FROM monthly "
        f"GROUP BY village, commune, skill, bucket HAVING SUM(c) <> 0 OR SUM(v) <> 0"
    )


# Rows go in in this order: each unit's totals together, before its months, so the
# figures of today read a few pages of it.
_TOTALS_FIRST = f"CASE WHEN month = {TOTAL} THEN 0 ELSE 1 END"


def _insert_sums(
    cursor, *, level: str, unit: str, parent: str, children: str, params: list, group: str
) -> None:
    """Insert the rows of a level (months and totals) as sums of its children's rows."""
    cursor.execute(
        "INSERT INTO indicators_counter "
        "(level, unit_code, parent_code, skill, bucket, month, count, verified) "
        f"SELECT '{level}', {unit}, {parent}, skill, bucket, month, SUM(count), SUM(verified) "
        f"FROM indicators_counter WHERE {children} GROUP BY {group}skill, bucket, month "
        f"ORDER BY {group}{_TOTALS_FIRST}, skill, bucket, month",
        params,
    )


def rebuild_communes(communes: list[tuple[str, str]], *, everything: bool = False) -> None:
    """Replace the counters of these (commune code, province code) pairs and of their provinces.

    Village rows come from raw rows, a total as the sum of its months; commune
    rows are sums of village rows, totals included; province rows sums of all
    the province's commune rows, the country's of all provinces. With
    `everything` (the whole country) no statement carries a list of communes.
    """
    codes = [code for code, _ in communes]
    provinces = sorted({province for _, province in communes})
    marks = ", ".join(["%s"] * len(codes))
    scopes = (
        [("level = 'v'", []), ("level = 'c'", [])]
        if everything
        else [
            (f"level = 'v' AND parent_code IN ({marks})", codes),
            (f"level = 'c' AND unit_code IN ({marks})", codes),
        ]
    )
    rows = village_rows_sql(
        "commune_code = commune_code" if everything else f"commune_code IN ({marks})"
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # the grouped scans sort millions of deltas: in memory, not on disk (this
            # transaction only; `counters.rebuild` is atomic)
            cursor.execute("SET LOCAL work_mem = '256MB'")
        for where, params in scopes:
            cursor.execute(f"DELETE FROM indicators_counter WHERE {where}", params)
        cursor.execute(
            "INSERT INTO indicators_counter "
            "(level, unit_code, parent_code, skill, bucket, month, count, verified) "
            f"SELECT 'v', village, commune, skill, bucket, month, c, v FROM ({rows}) AS rows "
            f"ORDER BY village, {_TOTALS_FIRST}, skill, bucket, month",
            [] if everything else [*codes, *codes],
        )
        for province in provinces:
            in_province = [code for code, p in communes if p == province]
            province_marks = ", ".join(["%s"] * len(in_province))
            _insert_sums(
                cursor,
                level="c",
                unit="parent_code",
                parent="%s",
                children=f"level = 'v' AND parent_code IN ({province_marks})",
                params=[province, *in_province],
                group="parent_code, ",
            )
            cursor.execute(
                "DELETE FROM indicators_counter WHERE level = 'p' AND unit_code = %s", [province]
            )
            _insert_sums(
                cursor,
                level="p",
                unit="%s",
                parent="'VN'",
                children="level = 'c' AND parent_code = %s",
                params=[province, province],
                group="",
            )
        cursor.execute("DELETE FROM indicators_counter WHERE level = 'n'")
        _insert_sums(
            cursor, level="n", unit="'VN'", parent="''", children="level = 'p'", params=[], group=""
        )
        if everything:
            _analyze(cursor)


def _analyze(cursor) -> None:
    """Fresh planner statistics for the rewritten table. Without them SQLite, which never
    gathers any by itself, finds a unit's totals by reading all its months instead of
    through the partial index (`Counter` indexes); PostgreSQL would wait for autovacuum.
    SQLite samples 1,000 rows per index, as PostgreSQL samples."""
    if connection.vendor == "sqlite":
        cursor.execute("PRAGMA analysis_limit = 1000")
    cursor.execute("ANALYZE indicators_counter")
