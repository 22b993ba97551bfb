"""Team pages: the team with its members and activities, and the forms that change them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cnscd.errors import ServiceError, require
from cnscd.formpages import form_page, submit
from cnscd.geo.selectors import unit_get_for
from cnscd.teams import services
from cnscd.teams.forms import (
    ActivityForm,
    AdoptionForm,
    InviteForm,
    LeaveForm,
    MemberForm,
    TeamForm,
    TeamStatusForm,
)
from cnscd.teams.permissions import (
    may_edit_members,
    may_manage_team,
    may_record_activity,
    may_record_adoption,
)
from cnscd.teams.selectors import (
    activities_visible_to,
    member_get_for,
    member_phone_for,
    members_visible_to,
    team_get_for,
    teams_filter,
    teams_visible_to,
)


@login_required
def team_list(request):
    """Teams of the user's subtree, filterable like `GET /api/v1/teams`."""
    unit_code = request.GET.get("unit") or None
    path = unit_get_for(request.user, code=unit_code).path if unit_code else None
    teams = teams_filter(
        teams_visible_to(request.user),
        path=path,
        status=request.GET.get("status") or None,
        flag=request.GET.get("flag") or None,
        search=request.GET.get("q", ""),
    )
    page = Paginator(teams, 50).get_page(request.GET.get("page"))
    return render(request, "teams/team_list.html", {"page": page, "query": request.GET})


@login_required
def team_detail(request, team_id: int):
    team = team_get_for(request.user, team_id=team_id)
    members = members_visible_to(request.user).filter(team=team).order_by("left_on", "sort_key")
    rows = [(m, member_phone_for(request.user, m)) for m in members]
    return render(
        request,
        "teams/team_detail.html",
        {
            "team": team,
            "members": rows,
            "activities": activities_visible_to(request.user).filter(team=team)[:20],
            "can_manage": may_manage_team(request.user, team.path),
            "can_edit_members": may_edit_members(request.user, team.path),
            "can_record": may_record_activity(request.user, team.path),
            "member_form": MemberForm(),
            "activity_form": ActivityForm(),
            "leave_form": LeaveForm(),
            "invite_form": InviteForm(),
        },
    )


@login_required
def team_create(request, code: str):
    village = unit_get_for(request.user, code=code)
    require(may_manage_team(request.user, village.path))
    form = TeamForm(request.POST or None)
    team = submit(
        request, form, lambda data: services.team_create(village=village, by=request.user, **data)
    )
    if team:
        messages.success(request, _("The team is registered."))
        return redirect("team-detail", team_id=team.pk)
    return form_page(request, "teams/team_form.html", {"form": form, "village": village}, form)


@login_required
def team_edit(request, team_id: int):
    team = team_get_for(request.user, team_id=team_id)
    require(may_manage_team(request.user, team.path))
    initial = {f: getattr(team, f) for f in services.TEAM_EDITABLE}
    form = TeamForm(request.POST or None, initial=initial, prefix="team")
    status_form = TeamStatusForm(
        request.POST or None, initial={"status": team.status}, prefix="status"
    )
    if "team-name" in request.POST:
        saved = submit(
            request, form, lambda data: services.team_update(team=team, by=request.user, **data)
        )
    else:
        saved = submit(
            request,
            status_form,
            lambda data: services.team_set_status(team=team, by=request.user, **data),
        )
    if saved:
        messages.success(request, _("Saved."))
        return redirect("team-detail", team_id=team.pk)
    context = {"team": team, "form": form, "status_form": status_form}
    return form_page(request, "teams/team_edit.html", context, form, status_form)


@login_required
def member_add(request, team_id: int):
    team = team_get_for(request.user, team_id=team_id)
    require(may_edit_members(request.user, team.path))
    form = MemberForm(request.POST or None)
    member = submit(
        request, form, lambda data: services.member_add(team=team, by=request.user, **data)
    )
    if member:
        messages.success(request, _("Added %(name)s.") % {"name": member.full_name})
        return redirect("team-detail", team_id=team.pk)
    return form_page(request, "teams/member_form.html", {"form": form, "team": team}, form)


@login_required
@require_POST
def member_leave(request, member_id: int):
    member = member_get_for(request.user, member_id=member_id)
    require(may_edit_members(request.user, member.path))
    form = LeaveForm(request.POST)
    try:
        if not form.is_valid():
            raise ServiceError("invalid_date", _("Enter the leaving date."), field="left_on")
        services.member_leave(member=member, by=request.user, **form.cleaned_data)
    except ServiceError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("%(name)s has left the team.") % {"name": member.full_name})
    return redirect("team-detail", team_id=member.team_id)


@login_required
@require_POST
def member_invite(request, member_id: int):
    member = member_get_for(request.user, member_id=member_id)
    require(may_edit_members(request.user, member.path))
    form = InviteForm(request.POST)
    try:
        if not form.is_valid():
            raise ServiceError("invalid_username", _("Enter a user name."), field="username")
        user, password = services.member_invite(member=member, by=request.user, **form.cleaned_data)
    except ServiceError as e:
        messages.error(request, e.message)
    else:
        messages.success(
            request,
            _("Account %(username)s created. Password (shown once): %(password)s")
            % {"username": user.username, "password": password},
        )
    return redirect("team-detail", team_id=member.team_id)


@login_required
def activity_add(request, team_id: int):
    team = team_get_for(request.user, team_id=team_id)
    require(may_record_activity(request.user, team.path))
    form = ActivityForm(request.POST or None)
    activity = submit(
        request,
        form,
        lambda data: services.activity_create(
            team=team, by=request.user, photos=request.FILES.getlist("photos"), **data
        ),
    )
    if activity:
        messages.success(request, _("The activity is recorded."))
        return redirect("team-detail", team_id=team.pk)
    return form_page(request, "teams/activity_form.html", {"form": form, "team": team}, form)


@login_required
def member_edit(request, member_id: int):
    """Correct a member's details or change their role (the API's PATCH, as a page)."""
    member = member_get_for(request.user, member_id=member_id)
    require(may_edit_members(request.user, member.path))
    initial = {field: getattr(member, field) for field in services.MEMBER_EDITABLE}
    form = MemberForm(request.POST or None, initial=initial)
    saved = submit(
        request, form, lambda data: services.member_update(member=member, by=request.user, **data)
    )
    if saved:
        messages.success(request, _("Saved."))
        return redirect("team-detail", team_id=member.team_id)
    context = {"form": form, "team": member.team, "member": member}
    return form_page(request, "teams/member_form.html", context, form)


@login_required
def adoption_add(request, code: str):
    """Record that the unit runs a digital model; the unit page lists it."""
    unit = unit_get_for(request.user, code=code)
    require(may_record_adoption(request.user, unit.path))
    form = AdoptionForm(request.POST or None)
    adoption = submit(
        request,
        form,
        lambda data: services.model_adopt(unit=unit, by=request.user, **data),
    )
    if adoption:
        messages.success(request, _("Recorded: %(adoption)s.") % {"adoption": adoption})
        return redirect("unit-detail", code=unit.code)
    return form_page(request, "teams/adoption_form.html", {"form": form, "unit": unit}, form)
