"""People pages ("rà từng người"): households of a unit, each household and resident,
recording a visit, the printable work list and likely duplicates.

Every read starts from a scoped selector (out of scope is a 404); every write
goes through a service after a role check (403).
"""

from collections import Counter
from uuid import uuid4

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from cnscd.errors import ServiceError, require
from cnscd.formpages import form_page, submit
from cnscd.geo.models import Kind
from cnscd.geo.selectors import unit_get_for
from cnscd.people import selectors, services
from cnscd.people.forms import (
    ConsentForm,
    HouseholdForm,
    MergeForm,
    ResidentEditForm,
    ResidentForm,
    SkillForm,
    VisitForm,
    WorklistForm,
)
from cnscd.people.models import Purpose, Relation, Resident, SkillEvent
from cnscd.people.permissions import may_record
from cnscd.people.skills import CORE_SKILLS, Skill, Source
from cnscd.teams.selectors import members_visible_to

HOUSEHOLDS_PER_PAGE = 50
# The edit form never shows these stored values (that would be an unaudited reveal),
# so an empty field means "keep", not "erase".
KEPT_WHEN_EMPTY = ("id_number", "phone")


def _age(resident: Resident, year: int) -> int:
    """Age as the lists count it: reference year minus birth year (DOMAIN.md 3)."""
    return year - resident.birth_year


@login_required
def household_list(request, code: str):
    """Households of a unit by number, searchable by name, household number or phone digits.

    The queries do not grow with the page: the count, the page, and one query
    for the present residents of the page (the head's name and the count).
    """
    unit = unit_get_for(request.user, code=code)
    can_record = may_record(request.user, unit.path)
    form = HouseholdForm(request.POST or None)
    if request.method == "POST":
        require(can_record)
        household = submit(
            request,
            form,
            lambda data: services.household_create(village=unit, by=request.user, **data),
        )
        if household:
            messages.success(
                request, _("Household %(number)s is added.") % {"number": household.number}
            )
            return redirect("household-detail", household_id=household.pk)

    query = request.GET.get("q", "").strip()
    households = selectors.households_visible_to(request.user).filter(path__under=unit.path)
    residents = selectors.residents_visible_to(request.user).filter(path__under=unit.path)
    households = selectors.households_search(households, residents, query)
    if request.GET.get("never"):
        households = selectors.households_never_visited(households)
    page = Paginator(households.order_by("path", "number_key"), HOUSEHOLDS_PER_PAGE).get_page(
        request.GET.get("page")
    )

    present = residents.filter(
        selectors.present_q(timezone.localdate()), household__in=[h.pk for h in page]
    ).values_list("household_id", "full_name", "relation")
    heads, counts = {}, Counter()
    for household_id, name, relation in present:
        counts[household_id] += 1
        if relation == Relation.HEAD:
            heads[household_id] = name
    context = {
        "unit": unit,
        "page": page,
        "rows": [(h, heads.get(h.pk, ""), counts[h.pk]) for h in page],
        "query": request.GET,
        "form": form if can_record and (unit.kind == Kind.VILLAGE or form.errors) else None,
        "can_merge": request.user.can_manage(unit.path),
    }
    return form_page(request, "people/household_list.html", context, form)


def _resident_row(resident: Resident, year: int) -> dict:
    return {
        "resident": resident,
        "contacts": selectors.masked_contacts(resident),
        "age": _age(resident, year),
        "gone": resident.moved_out_on or resident.deceased_on,
        "skills": [(Skill(key).label, on) for key, on in resident.skills().items()],
    }


@login_required
def household_detail(request, household_id: int):
    """A household: its residents with their skills, its facts and its latest visits."""
    household = selectors.household_get_for(request.user, household_id=household_id)
    can_record = may_record(request.user, household.path)
    form = ResidentForm(request.POST or None)
    if request.method == "POST":
        require(can_record)
        resident = submit(
            request,
            form,
            lambda data: services.resident_create(household=household, by=request.user, **data),
        )
        if resident:
            messages.success(request, _("Added %(name)s.") % {"name": resident.full_name})
            return redirect("household-detail", household_id=household.pk)

    year = timezone.localdate().year
    # Present residents first and the head at the top; otherwise the selector's name order.
    residents = sorted(
        selectors.residents_visible_to(request.user).filter(household=household),
        key=lambda r: (bool(r.moved_out_on or r.deceased_on), r.relation != Relation.HEAD),
    )
    visits = (
        household.visits.annotate(outcome_count=Count("outcomes"))
        .prefetch_related("members")
        .order_by("-visited_on", "-created_at")[:10]
    )
    context = {
        "household": household,
        "rows": [_resident_row(r, year) for r in residents],
        "visits": visits,
        "can_record": can_record,
        "form": form,
    }
    return form_page(request, "people/household_detail.html", context, form)


@login_required
def visit_record(request, household_id: int):
    """Record a visit in a few taps; a resubmitted page stores the visit once."""
    household = selectors.household_get_for(request.user, household_id=household_id)
    require(may_record(request.user, household.path))
    today = timezone.localdate()
    residents = (
        selectors.residents_visible_to(request.user)
        .filter(household=household)
        .filter(selectors.present_q(today))
    )
    members = members_visible_to(request.user).filter(path=household.path, left_on__isnull=True)
    form = VisitForm(
        request.POST or None,
        residents=list(residents),
        members=members,
        year=today.year,
        initial={
            "visit_id": uuid4(),
            "visited_on": today,
            "members": members.filter(user=request.user),
        },
    )
    stored = submit(
        request,
        form,
        lambda data: services.visit_record(
            visit_id=data["visit_id"],
            household=household,
            by=request.user,
            visited_on=data["visited_on"],
            members=list(data["members"]),
            notes=data["notes"],
            outcomes=form.outcomes(),
        ),
    )
    if stored:
        _visit, created = stored
        if created:
            messages.success(request, _("The visit is recorded."))
        else:
            messages.info(request, _("This visit was already stored."))
        return redirect("household-detail", household_id=household.pk)
    context = {"household": household, "form": form}
    return form_page(request, "people/visit_form.html", context, form)


def _resident_page(
    request,
    resident: Resident,
    *,
    edit_form=None,
    skill_form=None,
    consent_form=None,
    revealed: dict[str, str] | None = None,
    reveal_error: ServiceError | None = None,
):
    """The resident page, shown again with the form that failed or the value revealed once."""
    masked = selectors.masked_contacts(resident)
    revealed = revealed or {}
    if edit_form is None:
        birth = resident.birth_date.strftime("%d/%m/%Y") if resident.birth_date else ""
        edit_form = ResidentEditForm(
            masked=masked,
            initial={
                "full_name": resident.full_name,
                "birth": birth or str(resident.birth_year),
                "gender": resident.gender,
                "relation": resident.relation,
                "moved_out_on": resident.moved_out_on,
                "deceased_on": resident.deceased_on,
            },
        )
    labels = dict(Skill.choices)
    consents = {}
    for consent in resident.consents.order_by("given_on", "id"):
        consents[consent.purpose] = consent
    forms = [f for f in (edit_form, skill_form, consent_form) if f is not None]
    context = {
        "resident": resident,
        "age": _age(resident, timezone.localdate().year),
        "contacts": [
            (label, field, revealed.get(field, masked[field]), field in revealed)
            for label, field in ((_("Personal ID number"), "id_number"), (_("Phone"), "phone"))
        ],
        "reveal_error": reveal_error,
        "can_reveal": selectors.may_reveal(request.user, resident),
        "can_record": may_record(request.user, resident.path),
        "skills": [(key, Skill(key).label, resident.skill_on(key)) for key in CORE_SKILLS],
        "events": [
            (event, labels.get(event.skill, event.skill))
            for event in resident.skill_events.select_related("recorded_by").order_by("-on", "-id")
        ],
        "consents": [(value, label, consents.get(value)) for value, label in Purpose.choices],
        "edit_form": edit_form,
        "skill_form": skill_form,
        "consent_form": consent_form,
        "today": timezone.localdate(),
    }
    status = 400 if any(f.errors for f in forms) else 200
    if reveal_error is not None:
        status = reveal_error.status
    return render(request, "people/resident_detail.html", context, status=status)


@login_required
def resident_detail(request, resident_id: int):
    """A resident with masked contacts; POST corrects them (empty ID number or phone: kept)."""
    resident = selectors.resident_get_for(request.user, resident_id=resident_id)
    if request.method != "POST":
        return _resident_page(request, resident)
    require(may_record(request.user, resident.path))
    form = ResidentEditForm(request.POST, masked=selectors.masked_contacts(resident))

    def write(data):
        erase = data.pop("clear_phone", False)
        changes = {k: v for k, v in data.items() if v or k not in KEPT_WHEN_EMPTY}
        if erase:
            changes["phone"] = ""
        return services.resident_update(resident=resident, by=request.user, **changes)

    if submit(request, form, write):
        messages.success(request, _("Saved."))
        return redirect("resident-detail", resident_id=resident.pk)
    return _resident_page(request, resident, edit_form=form)


@never_cache
@login_required
@require_POST
def resident_reveal(request, resident_id: int):
    """Show one contact field in full, once, on this response only; the service audits it."""
    resident = selectors.resident_get_for(request.user, resident_id=resident_id)
    require(selectors.may_reveal(request.user, resident))
    field = request.POST.get("field", "")
    try:
        value = services.resident_reveal(resident=resident, field=field, by=request.user)
    except ServiceError as e:
        return _resident_page(request, resident, reveal_error=e)
    return _resident_page(request, resident, revealed={field: value})


@login_required
@require_POST
def resident_skill(request, resident_id: int):
    """Mark a core skill achieved (checked by a member) or revoke it."""
    resident = selectors.resident_get_for(request.user, resident_id=resident_id)
    require(may_record(request.user, resident.path))
    form = SkillForm(request.POST)

    def write(data):
        if data["action"] == SkillEvent.Action.REVOKED:
            return services.skill_revoke(
                resident=resident, skill=data["skill"], on=data["on"], by=request.user
            )
        return services.skill_set(
            resident=resident,
            skill=data["skill"],
            on=data["on"],
            source=Source.VERIFIED,
            by=request.user,
        )

    if submit(request, form, write):
        messages.success(request, _("Saved."))
        return redirect("resident-detail", resident_id=resident.pk)
    return _resident_page(request, resident, skill_form=form)


@login_required
@require_POST
def resident_consent(request, resident_id: int):
    """Record that the resident gives or withdraws consent for one purpose."""
    resident = selectors.resident_get_for(request.user, resident_id=resident_id)
    require(may_record(request.user, resident.path))
    form = ConsentForm(request.POST)

    def write(data):
        change = (
            services.consent_withdraw
            if data["action"] == ConsentForm.WITHDRAW
            else services.consent_give
        )
        change(resident=resident, purpose=data["purpose"], on=data["on"], by=request.user)
        return True

    if submit(request, form, write):
        messages.success(request, _("Saved."))
        return redirect("resident-detail", resident_id=resident.pk)
    return _resident_page(request, resident, consent_form=form)


@login_required
def worklist(request, code: str):
    """What the team should do next in a unit, by household number; printable."""
    unit = unit_get_for(request.user, code=code)
    form = WorklistForm(request.GET or None)
    skill = form.cleaned_data["skill"] if form.is_valid() else Skill.VNEID_L2
    today = timezone.localdate()
    households = selectors.households_visible_to(request.user).filter(path__under=unit.path)
    residents = selectors.residents_visible_to(request.user).filter(path__under=unit.path)
    order = ("path", "household__number_key", "sort_key")
    context = {
        "unit": unit,
        "form": form,
        "skill_label": Skill(skill).label,
        "never_visited": selectors.households_never_visited(households).order_by(
            "path", "number_key"
        ),
        "missing": [
            (r, _age(r, today.year))
            for r in selectors.residents_missing(residents, skill, today=today).order_by(*order)
        ],
        "follow_ups": selectors.follow_ups_due(residents, today=today).order_by(*order),
    }
    return form_page(request, "people/worklist.html", context, form)


def _duplicates_page(request, unit, merge_form: MergeForm):
    require(request.user.can_manage(unit.path))
    residents = (
        selectors.residents_visible_to(request.user)
        .filter(path__under=unit.path)
        .select_related("household__village")
    )
    context = {"unit": unit, "pairs": selectors.likely_duplicates(residents), "form": merge_form}
    return form_page(request, "people/duplicates.html", context, merge_form)


@login_required
def duplicates(request, code: str):
    """Likely duplicates in a unit, for its officers to merge."""
    return _duplicates_page(request, unit_get_for(request.user, code=code), MergeForm())


@login_required
@require_POST
def residents_merge(request):
    """Merge `duplicate` into `keep`; both must be residents the officer can see and manage."""
    unit = unit_get_for(request.user, code=request.POST.get("unit", ""))
    require(request.user.can_manage(unit.path))
    form = MergeForm(request.POST)

    def write(data):
        keep = selectors.resident_get_for(request.user, resident_id=data["keep"])
        duplicate = selectors.resident_get_for(request.user, resident_id=data["duplicate"])
        require(request.user.can_manage(keep.path) and request.user.can_manage(duplicate.path))
        return services.residents_merge(keep=keep, duplicate=duplicate, by=request.user)

    kept = submit(request, form, write)
    if kept:
        messages.success(request, _("Merged into %(name)s.") % {"name": kept.full_name})
        return redirect("duplicates", code=unit.code)
    return _duplicates_page(request, unit, form)
