"""Import residents from a list with one row per resident; rows with one `Số hộ` are a household.

Three passes over the file, then one transaction:

1. read every row into a `Row` (repaired text, parsed dates, phones, ID
   numbers, yes/no marks), rejecting rows with problems;
2. reject duplicates inside the file;
3. match against the database: a resident is the same person when the ID
   number is the same, else when the folded name, birth year and household
   are; work out what changes;
4. write set-based (`imports.bulk`), audit updates, and have the counters of
   the touched communes recomputed (`people.hooks.communes_rewritten`).

The dry run stops before 4 and reports the same counts. Imports only add
skills: a blank cell never takes back what a visit recorded.
"""

import datetime
import json
from collections import defaultdict
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from cnscd.audit.models import AuditEvent
from cnscd.geo.models import Unit
from cnscd.imports import bulk, cells
from cnscd.imports.columns import RESIDENT_COLUMNS
from cnscd.imports.table import Progress, Report, Table, begin, checked_lines
from cnscd.people.hooks import communes_rewritten
from cnscd.people.models import FieldStamp, Household, Relation, Resident, SkillEvent
from cnscd.people.permissions import may_record
from cnscd.people.skills import CORE_SKILLS, Source
from cnscd.vntext.dates import parse_birth
from cnscd.vntext.errors import VnTextError
from cnscd.vntext.folding import fold
from cnscd.vntext.id_numbers import normalize_id_number
from cnscd.vntext.names import title_case_name
from cnscd.vntext.phones import normalize_phone
from cnscd.vntext.sorting import name_sort_key, sort_key

TEXT_COLUMNS = ("village", "household", "full_name", "gender", "address", "address_code")
TEXT_COLUMNS += ("relation",)
ID_NUMBER_LENGTH = 12
MASK = "*"  # what masked exports put in place of hidden digits


@dataclass
class Row:
    line: int
    village: Unit
    number: str
    full_name: str
    name_folded: str
    birth_year: int
    birth_date: datetime.date | None
    gender: str
    id_number: str
    phone: str
    relation: str | None  # None: the list does not say
    address: str
    address_code: str
    skills: tuple[str, ...]
    existing: SimpleNamespace | None = None  # a stored resident (`_known`)
    changes: dict = field(default_factory=dict)


def _message(error: VnTextError) -> str:
    return gettext(error.message) % error.params


def _id_text(value: object) -> str:
    """An ID number cell as digits. A number cell lost the leading zeros of province codes
    001-096, which Excel drops from numbers: put them back (the facts check still runs)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        digits = str(int(value))
        return digits.zfill(ID_NUMBER_LENGTH) if len(digits) >= 10 else digits
    return cells.text(value)


def _parse_row(
    table: Table, report: Report, line: int, values: list, village: Unit, today: datetime.date
) -> Row | None:
    """One row, or None after recording every problem it has."""
    problems: list[tuple[str, str, str]] = []

    def problem(key: str, code: str, message: str) -> None:
        problems.append((table.label(key), code, message))

    number = cells.text(table.cell(values, "household"))[:20]
    if not number:
        problem("household", "missing_household", _("Enter the household number (Số hộ)."))
    full_name = title_case_name(cells.text(table.cell(values, "full_name")))[:120]
    if not full_name:
        problem("full_name", "missing_name", _("Enter the full name."))
    birth = None
    raw_birth = table.cell(values, "birth")
    if raw_birth in ("", None):
        problem("birth", "missing_birth", _("Enter the date or year of birth."))
    else:
        try:
            birth = parse_birth(raw_birth, today=today)
        except VnTextError as e:
            problem("birth", "invalid_date", _message(e))
    gender = ""
    try:
        gender = cells.gender(table.cell(values, "gender"))
    except cells.CellError as e:
        problem("gender", e.code, e.message)
    id_number = _id_text(table.cell(values, "id_number"))
    if MASK in id_number:  # a masked export edited and imported again: keep what is stored
        id_number = ""
    if id_number:
        try:
            id_number = normalize_id_number(
                id_number, gender=gender or None, birth_year=birth.year if birth else None
            )
        except VnTextError as e:
            problem("id_number", "invalid_id_number", _message(e))
    phone = cells.text(table.cell(values, "phone"))
    if MASK in phone:
        phone = ""
    if phone:
        try:
            phone = normalize_phone(phone)
        except VnTextError as e:
            problem("phone", "invalid_phone", _message(e))
    relation = cells.relation(table.cell(values, "relation"))
    skills = []
    for key in (*CORE_SKILLS, "head"):
        try:
            if cells.yes_no(table.cell(values, key)):
                skills.append(key)
        except cells.CellError as e:
            problem(key, e.code, e.message)
    if "head" in skills:
        skills.remove("head")
        relation = Relation.HEAD
    elif relation == Relation.HEAD and table.has("head"):
        relation = None  # the head column is the list's word on who heads the household
    for column, code, message in problems:
        report.reject(line, column, code, message)
    if problems or birth is None:
        return None
    return Row(
        line=line,
        village=village,
        number=number,
        full_name=full_name,
        name_folded=fold(full_name)[:120],
        birth_year=birth.year,
        birth_date=birth.date,
        gender=gender,
        id_number=id_number,
        phone=phone,
        relation=relation,
        address=cells.text(table.cell(values, "address"))[:255],
        address_code=cells.text(table.cell(values, "address_code"))[:40],
        skills=tuple(skills),
    )


def _reject_duplicates(rows: list[Row], report: Report, table: Table) -> list[Row]:
    """The second and later rows of one person (same ID number, or same name, birth year and
    household), and a second head in one household, are rejected."""
    seen_ids: dict[str, int] = {}
    seen_people: dict[tuple, int] = {}
    heads: dict[tuple, int] = {}
    kept = []
    for row in rows:
        household = (row.village.pk, row.number)
        person = (*household, row.name_folded, row.birth_year)
        first = (seen_ids.get(row.id_number) if row.id_number else None) or seen_people.get(person)
        if first is not None:
            column = table.label("id_number") if row.id_number in seen_ids else ""
            report.reject(
                row.line,
                column or table.label("full_name"),
                "duplicate_in_file",
                _("The same person as row %(row)d.") % {"row": first},
            )
            continue
        if row.relation == Relation.HEAD and household in heads:
            report.reject(
                row.line,
                table.label("head") or table.label("relation"),
                "two_heads",
                _("Row %(row)d already gives the head of household %(number)s.")
                % {"row": heads[household], "number": row.number},
            )
            continue
        if row.id_number:
            seen_ids[row.id_number] = row.line
        seen_people[person] = row.line
        if row.relation == Relation.HEAD:
            heads[household] = row.line
        kept.append(row)
    return kept


@dataclass
class Plan:
    """What the write will do, found by matching the rows against the database."""

    households: dict[tuple[int, str], Household]  # existing, by (village id, number)
    new_households: dict[tuple[int, str], Row] = field(default_factory=dict)  # first row of each
    household_changes: dict[int, dict] = field(default_factory=dict)
    creates: list[Row] = field(default_factory=list)
    updates: list[Row] = field(default_factory=list)
    unchanged: int = 0
    demoted_heads: list[Resident] = field(default_factory=list)


KNOWN_FIELDS = (
    "id", "household_id", "path", "province_code", "commune_code", "full_name", "name_folded",
    "birth_year", "birth_date", "gender", "id_number", "phone", "relation",
    *[f"{skill}_on" for skill in CORE_SKILLS],
)  # fmt: skip


def _known(residents) -> list[SimpleNamespace]:
    """Stored residents as plain records: matching 100,000 rows against model instances
    costs seconds of object construction for nothing."""
    return [SimpleNamespace(pk=r["id"], **r) for r in residents.values(*KNOWN_FIELDS)]


def _chunks(values: list, size: int = 900):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _match(rows: list[Row], households: dict, report: Report, table: Table, user) -> list[Row]:
    """Attach to each row the resident it updates, if any; reject rows that contradict the
    database (an ID number of someone the caller may not change, or of another person)."""
    by_id: dict[str, Resident] = {}
    for chunk in _chunks([r.id_number for r in rows if r.id_number]):
        for resident in _known(
            Resident.objects.filter(id_number__in=chunk, merged_into__isnull=True)
        ):
            by_id[resident.id_number] = resident
    by_person: dict[tuple, SimpleNamespace] = {}
    for chunk in _chunks([h.pk for h in households.values()]):
        for resident in _known(
            Resident.objects.filter(household_id__in=chunk, merged_into__isnull=True)
        ):
            by_person[(resident.household_id, resident.name_folded, resident.birth_year)] = resident
    kept = []
    for row in rows:
        household = households.get((row.village.pk, row.number))
        by_name = (
            by_person.get((household.pk, row.name_folded, row.birth_year)) if household else None
        )
        existing = by_id.get(row.id_number) if row.id_number else None
        if existing is not None and user is not None and not may_record(user, existing.path):
            report.reject(
                row.line,
                table.label("id_number"),
                "out_of_scope",
                _("This ID number belongs to a resident of a unit you do not work for."),
            )
            continue
        if existing is None and by_name is not None:
            if row.id_number and by_name.id_number and by_name.id_number != row.id_number:
                report.reject(
                    row.line,
                    table.label("id_number"),
                    "id_number_mismatch",
                    _("%(name)s, born %(year)d, of this household has another ID number on record.")
                    % {"name": by_name.full_name, "year": by_name.birth_year},
                )
                continue
            existing = by_name
        row.existing = existing
        kept.append(row)
    return kept


def _existing_households(rows: list[Row]) -> dict[tuple[int, str], Household]:
    wanted: dict[int, set[str]] = defaultdict(set)
    for row in rows:
        wanted[row.village.pk].add(row.number)
    found = {}
    for village_id, numbers in wanted.items():
        for chunk in _chunks(sorted(numbers)):
            for household in Household.objects.filter(village_id=village_id, number__in=chunk):
                found[(village_id, household.number)] = household
    return found


def _resident_changes(row: Row, resident: SimpleNamespace, household: Household | None) -> dict:
    """The fields the row changes on a resident (never blanking what the list leaves empty)."""
    changes: dict = {}
    if row.full_name != resident.full_name and not (
        row.full_name.isascii() and row.name_folded == resident.name_folded
    ):
        changes.update(
            full_name=row.full_name,
            name_folded=row.name_folded,
            sort_key=name_sort_key(row.full_name)[:400],
        )
    if row.birth_year != resident.birth_year:
        changes["birth_year"] = row.birth_year
    if row.birth_date and row.birth_date != resident.birth_date:
        changes["birth_date"] = row.birth_date
    for name in ("gender", "id_number", "phone"):
        if getattr(row, name) and getattr(row, name) != getattr(resident, name):
            changes[name] = getattr(row, name)
    if row.relation is not None and row.relation != resident.relation:
        changes["relation"] = row.relation
    if household is None or household.pk != resident.household_id:
        changes["household"] = True  # moves: to this household, or to one the import creates
    for skill in row.skills:
        if getattr(resident, f"{skill}_on") is None:
            changes[skill] = True
    return changes


def _plan(rows: list[Row], households: dict[tuple[int, str], Household]) -> Plan:
    plan = Plan(households=households)
    for row in rows:
        key = (row.village.pk, row.number)
        household = plan.households.get(key)
        if household is None:
            plan.new_households.setdefault(key, row)
        else:
            changes = plan.household_changes.setdefault(household.pk, {})
            if row.address and row.address != household.address:
                changes["address"] = row.address
            if row.address_code and row.address_code != household.address_code:
                changes["address_code"] = row.address_code
        if row.existing is None:
            plan.creates.append(row)
            continue
        row.changes = _resident_changes(row, row.existing, household)
        if row.changes:
            plan.updates.append(row)
        else:
            plan.unchanged += 1
    plan.household_changes = {pk: c for pk, c in plan.household_changes.items() if c}
    file_heads = {(r.village.pk, r.number): r for r in rows if r.relation == Relation.HEAD}
    with_new_head = {plan.households[key].pk: row for key, row in file_heads.items()
                     if key in plan.households}  # fmt: skip
    for chunk in _chunks(list(with_new_head)):
        for head in Resident.objects.filter(
            household_id__in=chunk,
            relation=Relation.HEAD,
            moved_out_on__isnull=True,
            deceased_on__isnull=True,
            merged_into__isnull=True,
        ):
            row = with_new_head[head.household_id]
            if row.existing is None or row.existing.pk != head.pk:
                plan.demoted_heads.append(head)
    return plan


def import_residents(
    data: bytes,
    *,
    user=None,
    village: Unit | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    reference: str = "",
) -> Report:
    """Read, check and (unless `dry_run`) write a residents list; see the module docstring.

    Raises ServiceError, with nothing written, when the file cannot be read as a list.
    `user` None is full access (the command line without --as).
    """
    today = timezone.localdate()
    table, report, villages = begin(
        data,
        RESIDENT_COLUMNS,
        text_keys=TEXT_COLUMNS,
        counts=("households_created", "residents_created", "residents_updated",
                "residents_unchanged"),
        village=village,
        user=user,
    )  # fmt: skip
    rows: list[Row] = []
    for line, values in checked_lines(table, report, progress):
        if line in villages:
            row = _parse_row(table, report, line, values, villages[line], today)
            if row is not None:
                rows.append(row)
    rows = _reject_duplicates(rows, report, table)
    households = _existing_households(rows)
    rows = _match(rows, households, report, table, user)
    plan = _plan(rows, households)
    report.counts.update(
        households_created=len(plan.new_households),
        residents_created=len(plan.creates),
        residents_updated=len(plan.updates),
        residents_unchanged=plan.unchanged,
    )
    if progress:
        progress(report.rows, report.rows, len(report.rejected_lines))
    if not dry_run and (plan.creates or plan.updates or plan.household_changes):
        _write(plan, user=user, today=today, reference=reference, report=report)
    return report


# --- writing ---------------------------------------------------------------------------

RESIDENT_INSERT = [
    "id", "household_id", "village_id", "path", "province_code", "commune_code", "full_name",
    "name_folded", "sort_key", "birth_year", "birth_date", "gender", "id_number", "phone",
    "relation", "created_at", "updated_at",
    *[f"{skill}_{part}" for skill in CORE_SKILLS for part in ("on", "source")],
]  # fmt: skip
HOUSEHOLD_INSERT = [
    "id", "village_id", "path", "province_code", "commune_code", "number", "number_key",
    "address", "address_code", "address_code_on", "address_code_source", "zalo_group_on",
    "zalo_group_source", "created_at", "updated_at",
]  # fmt: skip
EVENT_INSERT = [
    "resident_id", "household_id", "path", "skill", "action", "on", "source", "recorded_by_id",
    "reference", "created_at",
]  # fmt: skip
AUDIT_INSERT = [
    "actor_id", "verb", "object_type", "object_id", "object_repr", "unit_path", "details",
    "created_at",
]  # fmt: skip


def _communes(rows: list[Row]) -> dict[int, tuple[str, str]]:
    """(commune code, province code) of the rows' villages, by village id, worked out once."""
    villages = {row.village.pk: row.village for row in rows}
    return {pk: (v.path.split("/")[2], v.province_code) for pk, v in villages.items()}


@transaction.atomic
def _write(plan: Plan, *, user, today: datetime.date, reference: str, report: Report) -> None:
    moment = timezone.now()
    # the stored form of a timestamp, made once (SQLite: the text the ORM writes)
    now = connection.ops.adapt_datetimefield_value(moment)
    actor = user.pk if user is not None else None
    events: list[tuple] = []
    audits: list[tuple] = []
    touched: set[tuple[str, str]] = set()
    households = dict(plan.households)
    communes = _communes([*plan.new_households.values(), *plan.creates])

    new_ids = bulk.allocate_ids(Household, len(plan.new_households))
    household_rows = []
    for pk, (key, row) in zip(new_ids, plan.new_households.items(), strict=True):
        village = row.village
        coded = bool(row.address_code)
        commune = communes[village.pk]
        household = SimpleNamespace(  # what the rows below need: no model instance (slow)
            pk=pk,
            village_id=village.pk,
            path=village.path,
            province_code=village.province_code,
            commune_code=commune[0],
        )
        households[key] = household
        touched.add(commune)
        household_rows.append(
            (pk, village.pk, village.path, village.province_code, household.commune_code,
             row.number, sort_key(row.number)[:40], row.address, row.address_code,
             today if coded else None, Source.IMPORT if coded else "", None, "", now, now)
        )  # fmt: skip
        if coded:
            events.append(
                (None, pk, village.path, "address_code", SkillEvent.Action.ACHIEVED, today,
                 Source.IMPORT, actor, reference, now)
            )  # fmt: skip
    bulk.insert(Household, HOUSEHOLD_INSERT, household_rows)

    household_updates = []
    existing = {h.pk: h for h in plan.households.values()}
    for pk, changes in plan.household_changes.items():
        household = existing[pk]
        touched.add((household.commune_code, household.province_code))
        address = changes.get("address", household.address)
        code = changes.get("address_code", household.address_code)
        coded_on = household.address_code_on
        source = household.address_code_source
        if "address_code" in changes and coded_on is None:
            coded_on, source = today, Source.IMPORT
            events.append(
                (None, pk, household.path, "address_code", SkillEvent.Action.ACHIEVED, today,
                 Source.IMPORT, actor, reference, now)
            )  # fmt: skip
        household_updates.append((address, code, coded_on, source, now, pk))
        audits.append(_audit(actor, "people.household.updated", household, changes, reference, now))
    bulk.update(
        Household,
        ["address", "address_code", "address_code_on", "address_code_source", "updated_at"],
        household_updates,
    )

    demoted = [(Relation.OTHER, now, head.pk) for head in plan.demoted_heads]
    bulk.update(Resident, ["relation", "updated_at"], demoted)
    for head in plan.demoted_heads:
        audits.append(
            _audit(actor, "people.resident.updated", head, {"relation": "other"}, reference, now)
        )

    grouped: dict[tuple[str, ...], list[tuple]] = defaultdict(list)
    for row in plan.updates:
        columns = _update_resident(
            row, households, today, now, actor, reference, events, audits, touched
        )
        grouped[tuple(columns)].append((*columns.values(), row.existing.pk))
    for columns, values in grouped.items():  # one executemany per set of changed columns
        bulk.update(Resident, columns, values)
    FieldStamp.objects.bulk_create(
        _stamps(plan.updates, moment),
        update_conflicts=True,
        unique_fields=["resident", "field"],
        update_fields=["changed_at"],
        batch_size=2000,
    )

    resident_ids = bulk.allocate_ids(Resident, len(plan.creates))
    resident_rows = []
    skill_columns = _SkillColumns(today)
    for pk, row in zip(resident_ids, plan.creates, strict=True):
        village_pk = row.village.pk
        household = households[(village_pk, row.number)]
        touched.add(communes[village_pk])
        resident_rows.append(
            (pk, household.pk, village_pk, household.path, household.province_code,
             household.commune_code, row.full_name, row.name_folded,
             name_sort_key(row.full_name)[:400], row.birth_year, row.birth_date, row.gender,
             row.id_number, row.phone, row.relation or Relation.OTHER, now, now,
             *skill_columns.of(row.skills))
        )  # fmt: skip
    bulk.insert(Resident, RESIDENT_INSERT, resident_rows)
    bulk.insert(SkillEvent, EVENT_INSERT, events)
    _history_of_created(resident_ids, actor=actor, reference=reference, now=now)
    bulk.insert(AuditEvent, AUDIT_INSERT, audits)
    communes_rewritten(sorted(touched))


class _SkillColumns:
    """The skill columns of a new resident (`<skill>_on`, `<skill>_source` in CORE_SKILLS
    order) for the skills a row marks, worked out once per combination: a list of 100,000
    rows has a few dozen combinations, and 800,000 checks cost a second."""

    def __init__(self, today: datetime.date) -> None:
        self.today = today
        self.known: dict[tuple[str, ...], tuple] = {}

    def of(self, skills: tuple[str, ...]) -> tuple:
        if (known := self.known.get(skills)) is None:
            known = self.known[skills] = tuple(
                value
                for skill in CORE_SKILLS
                for value in ((self.today, Source.IMPORT) if skill in skills else (None, ""))
            )
        return known


def _history_of_created(ids: list[int], *, actor, reference: str, now) -> None:
    """The history rows of the new residents' skills, written by the database from the
    rows just inserted: one per skill a row marks, 400,000 for a list of 100,000.

    One INSERT … SELECT instead of building the rows in Python and sending them: on
    SQLite an executemany ran the statement once per row (a 100,000-row import took
    11.6 s, now 8.1 s); on PostgreSQL it costs what the COPY did (docs/performance.md).
    """
    if not ids:
        return
    table, history = Resident._meta.db_table, SkillEvent._meta.db_table
    names = ", ".join(f'"{c}"' for c in EVENT_INSERT)
    if connection.vendor == "postgresql":
        which, id_params = "r.id = ANY(%s)", [ids]
    else:  # allocated from MAX(id) under the write lock: one unbroken range
        which, id_params = "r.id BETWEEN %s AND %s", [ids[0], ids[-1]]
    skills = " UNION ALL ".join(["SELECT %s AS skill"] * len(CORE_SKILLS))
    day = "CASE s.skill " + " ".join(f'WHEN %s THEN r."{k}_on"' for k in CORE_SKILLS) + " END"
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO "{history}" ({names}) '
            f"SELECT r.id, NULL, r.path, s.skill, %s, {day}, %s, %s, %s, %s "
            f'FROM "{table}" r CROSS JOIN ({skills}) s WHERE {which} AND {day} IS NOT NULL',
            [SkillEvent.Action.ACHIEVED, *CORE_SKILLS, Source.IMPORT, actor, reference, now,
             *CORE_SKILLS, *id_params, *CORE_SKILLS],
        )  # fmt: skip


# the columns an import may change, by the field names of the later-wins stamps
STAMPED = {"full_name": "full_name", "birth_year": "birth", "birth_date": "birth",
           "gender": "gender", "id_number": "id_number", "phone": "phone",
           "relation": "relation"}  # fmt: skip


def _stamps(updates, moment: datetime.datetime) -> list[FieldStamp]:
    """An import's corrections are changes like any other: a field-app edit recorded
    offline before the import and sent after it must not undo them (docs/field.md)."""
    return [
        FieldStamp(resident_id=row.existing.pk, field=name, changed_at=moment)
        for row in updates
        for name in sorted({STAMPED[c] for c in row.changes if c in STAMPED})
    ]


def _update_resident(
    row, households, today, now, actor, reference, events, audits, touched
) -> dict:
    """The columns to set on one matched resident; adds history for new skills and an audit."""
    resident = row.existing
    changes = dict(row.changes)
    touched.add((resident.commune_code, resident.province_code))
    columns = {}
    if changes.pop("household", False):
        household = households[(row.village.pk, row.number)]
        columns.update(household_id=household.pk, village_id=household.village_id,
                       path=household.path, province_code=household.province_code,
                       commune_code=household.commune_code)  # fmt: skip
        touched.add((household.commune_code, household.province_code))
    for skill in CORE_SKILLS:
        if changes.pop(skill, False):
            columns[f"{skill}_on"] = today
            columns[f"{skill}_source"] = Source.IMPORT
            events.append(
                (resident.pk, None, columns.get("path", resident.path), skill,
                 SkillEvent.Action.ACHIEVED, today, Source.IMPORT, actor, reference, now)
            )  # fmt: skip
    columns.update(changes)
    columns["updated_at"] = now
    shown = {k: str(v) for k, v in columns.items() if k not in ("updated_at", "name_folded",
                                                                  "sort_key")}  # fmt: skip
    for secret in ("id_number", "phone"):  # the log says which field changed, not its value
        if secret in shown:
            shown[secret] = "…"
    audits.append(_audit(actor, "people.resident.updated", resident, shown, reference, now))
    return columns


def _audit(actor, verb, obj, changes, reference, now) -> tuple:
    """An audit row for `obj`: a Household or Resident, or a stored-resident record."""
    return (
        actor,
        verb,
        obj._meta.label_lower if hasattr(obj, "_meta") else "people.resident",
        str(obj.pk),
        str(getattr(obj, "full_name", obj))[:200],
        obj.path,
        json.dumps({"changes": changes, "import": reference}, ensure_ascii=False, default=str),
        now,
    )
