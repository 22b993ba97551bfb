"""What the field app keeps offline: a village's households and residents, compact.

A 500-household village is about 2,000 residents; the whole of it goes to the
phone in one response (docs/field.md), built from four queries and plain
values, never model instances. Contacts are always masked: a phone left in a
drawer must not hold anyone's full ID number.

The same shapes come down again in `changes_since`, for the rows someone
changed after the phone's cursor.
"""

from datetime import date, datetime, timedelta
from typing import Any

from django.core import signing
from django.db.models import Exists, Min, OuterRef, Q, Subquery
from django.utils import timezone

from cnscd.geo.models import Unit
from cnscd.people.models import Household, Outcome, Resident, Visit, VisitOutcome
from cnscd.people.selectors import FOLLOW_UP_AFTER, withheld_phone_q
from cnscd.people.skills import CORE_SKILLS, SKILL_MIN_AGE, Skill
from cnscd.vntext.id_numbers import mask_id_number
from cnscd.vntext.phones import mask_phone

# Rows written by a transaction still open when a cursor was made carry an earlier
# `updated_at` than the cursor; reading this far back catches them (a resend of a
# row the phone has is harmless: it replaces it).
OVERLAP = timedelta(minutes=10)
CURSOR_SALT = "cnscd.field.cursor"

RESIDENT_FIELDS = (
    "id", "household_id", "full_name", "birth_year", "gender", "relation", "phone",
    "id_number", "moved_out_on", "deceased_on", "merged_into_id", "phone_withheld",
    *[f"{skill}_on" for skill in CORE_SKILLS],
)  # fmt: skip


def skills() -> list[dict[str, Any]]:
    return [
        {"key": s.value, "label": str(s.label), "min_age": SKILL_MIN_AGE.get(s, 0)} for s in Skill
    ]


def make_cursor(moment: datetime) -> str:
    """An opaque, signed cursor: the phone cannot forge one to read further back than it may."""
    return signing.dumps(moment.isoformat(), salt=CURSOR_SALT)


def read_cursor(cursor: str) -> datetime | None:
    try:
        return datetime.fromisoformat(signing.loads(cursor, salt=CURSOR_SALT))
    except (signing.BadSignature, ValueError, TypeError):
        return None


def village_snapshot(village: Unit, *, today: date) -> dict[str, Any]:
    """Everything the phone keeps for one village (see docs/field.md for the shape)."""
    cursor = make_cursor(timezone.now())
    households = Household.objects.filter(village=village)
    residents = Resident.objects.filter(
        village=village,
        merged_into__isnull=True,
        moved_out_on__isnull=True,
        deceased_on__isnull=True,
    )
    commune = village.parent
    return {
        "village": {
            "code": village.code,
            "name": village.name,
            "commune": commune.name if commune else "",
            "province": commune.parent.name if commune and commune.parent else "",
        },
        "today": today.isoformat(),
        "cursor": cursor,
        "skills": skills(),
        "households": _households(households),
        "residents": _residents(residents, today),
    }


def changes_since(village: Unit, since: datetime | None, *, today: date) -> dict[str, Any]:
    """Households and residents of the village changed after `since` (all, without it)."""
    cursor = make_cursor(timezone.now())
    households = Household.objects.filter(village=village)
    residents = Resident.objects.filter(village=village)
    if since is not None:
        after = since - OVERLAP
        visited = Visit.objects.filter(household=OuterRef("pk"), created_at__gte=after)
        households = households.filter(Q(updated_at__gte=after) | Exists(visited))
        guided = VisitOutcome.objects.filter(resident=OuterRef("pk"), visit__created_at__gte=after)
        residents = residents.filter(Q(updated_at__gte=after) | Exists(guided))
    else:
        residents = residents.filter(merged_into__isnull=True)
    return {
        "cursor": cursor,
        "households": _households(households),
        "residents": _residents(residents, today),
    }


def _households(households) -> list[dict[str, Any]]:
    # a subquery, not a join: the latest of all the household's visits, whatever the
    # filter that picked the household
    latest = Visit.objects.filter(household=OuterRef("pk")).order_by("-visited_on")
    rows = households.annotate(last_visit=Subquery(latest.values("visited_on")[:1])).values(
        "id", "number", "address", "last_visit"
    )
    return [
        {
            "id": h["id"],
            "number": h["number"],
            "address": h["address"],
            "last_visit": h["last_visit"].isoformat() if h["last_visit"] else None,
        }
        for h in rows.order_by("number_key")
    ]


def _residents(residents, today: date) -> list[dict[str, Any]]:
    rows = list(
        residents.annotate(phone_withheld=withheld_phone_q())
        .order_by("household_id", "sort_key")
        .values(*RESIDENT_FIELDS)
    )
    guided = _guided(residents)
    due = today - FOLLOW_UP_AFTER
    result = []
    for r in rows:
        achieved = {s: r[f"{s}_on"].isoformat() for s in CORE_SKILLS if r[f"{s}_on"]}
        pending = {s: on for s, on in guided.get(r["id"], {}).items() if s not in achieved}
        present = not (r["moved_out_on"] or r["deceased_on"] or r["merged_into_id"])
        result.append(
            {
                "id": r["id"],
                "household": r["household_id"],
                "full_name": r["full_name"],
                "birth_year": r["birth_year"],
                "gender": r["gender"],
                "relation": r["relation"],
                "phone": mask_phone(r["phone"]) if r["phone"] and not r["phone_withheld"] else "",
                "id_number": mask_id_number(r["id_number"]) if r["id_number"] else "",
                "present": present,
                "skills": achieved,
                "guided": sorted(pending),
                "follow_up": present and any(on <= due for on in pending.values()),
            }
        )
    return result


def _guided(residents) -> dict[int, dict[str, date]]:
    """resident → skill → the first day they were guided on it, for the residents listed."""
    rows = (
        VisitOutcome.objects.filter(resident__in=residents.values("pk"), outcome=Outcome.GUIDED)
        .values("resident_id", "skill")
        .annotate(first=Min("visit__visited_on"))
    )
    guided: dict[int, dict[str, date]] = {}
    for row in rows:
        guided.setdefault(row["resident_id"], {})[row["skill"]] = row["first"]
    return guided
