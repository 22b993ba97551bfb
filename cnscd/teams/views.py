"""Team pages: the team with its members and activities, and the forms that change them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cnscd.errors import ServiceError
from cnscd.geo.selectors import unit_get_for
from cnscd.teams import services
from cnscd.teams.forms import (
    ActivityForm,
    InviteForm,
    LeaveForm,
    MemberForm,
    TeamForm,
    TeamStatusForm,
)
from cnscd.teams.permissions import may_edit_members, may_manage_team, may_record_activity, require
from cnscd.teams.selectors import (
    activities_visible_to,
    member_get_for,
    member_phone_for,
    members_visible_to,
    team_get_for,
    teams_filter,
    teams_visible_to,
)


def _form_error(form, error: ServiceError) -> None:
    """Show a service error next to its field when the form has it, else above the form."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


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
    if request.method == "POST" and form.is_valid():
        try:
            team = services.team_create(village=village, by=request.user, **form.cleaned_data)
        except ServiceError as e:
            _form_error(form, e)
        else:
            messages.success(request, _("The team is registered."))
            return redirect("team-detail", team_id=team.pk)
    return render(
        request,
        "teams/team_form.html",
        {"form": form, "village": village},
        status=400 if form.errors else 200,
    )


@login_required
def team_edit(request, team_id: int):
    team = team_get_for(request.user, team_id=team_id)
    require(may_manage_team(request.user, team.path))
    initial = {f: getattr(team, f) for f in services.TEAM_EDITABLE}
    form = TeamForm(request.POST or None, initial=initial, prefix="team")
    status_form = TeamStatusForm(
        request.POST or None, initial={"status": team.status}, prefix="status"
    )
    if request.method == "POST":
        active = form if "team-name" in request.POST else status_form
        if active.is_valid():
            try:
                if active is form:
                    services.team_update(team=team, by=request.user, **form.cleaned_data)
                else:
                    services.team_set_status(team=team, by=request.user, **status_form.cleaned_data)
            except ServiceError as e:
                _form_error(active, e)
            else:
                messages.success(request, _("Saved."))
                return redirect("team-detail", team_id=team.pk)
    return render(
        request,
        "teams/team_edit.html",
        {
            "team": team,
            "form": form,
            "status_form": status_form,
        },
        status=400 if form.errors or status_form.errors else 200,
    )


@login_required
def member_add(request, team_id: int):
    team = team_get_for(request.user, team_id=team_id)
    require(may_edit_members(request.user, team.path))
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.member_add(team=team, by=request.user, **form.cleaned_data)
        except ServiceError as e:
            _form_error(form, e)
        else:
            messages.success(request, _("Added %(name)s.") % {"name": member.full_name})
            return redirect("team-detail", team_id=team.pk)
    return render(
        request,
        "teams/member_form.html",
        {"form": form, "team": team},
        status=400 if form.errors else 200,
    )


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
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_create(
                team=team,
                by=request.user,
                photos=request.FILES.getlist("photos"),
                **form.cleaned_data,
            )
        except ServiceError as e:
            _form_error(form, e)
        else:
            messages.success(request, _("The activity is recorded."))
            return redirect("team-detail", team_id=team.pk)
    return render(
        request,
        "teams/activity_form.html",
        {"form": form, "team": team},
        status=400 if form.errors else 200,
    )
