"""Import team members from a list with one row per member.

Member lists are small (a province has a few tens of thousands of members),
so every row goes through the team services (`member_add`, `member_update`)
and their rules (one leader, operator only for telecom staff), each in a
savepoint: a row the services refuse is reported and the others stay. A
village without a team gets one, when the caller may register teams. The
dry run does the same work and rolls it all back, so its report is exact.

A member is the same person when the phone number is the same within the
village's team, else when the folded name and birth year are.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from cnscd.errors import ServiceError
from cnscd.geo.models import Unit
from cnscd.imports import cells
from cnscd.imports.columns import BACKGROUND_NAMES, MEMBER_COLUMNS, OPERATOR_NAMES, ROLE_NAMES
from cnscd.imports.table import Progress, Report, Table, begin, checked_lines
from cnscd.teams.models import Background, Member, Team, TeamStatus
from cnscd.teams.permissions import may_edit_members, may_manage_team
from cnscd.teams.services import member_add, member_leave, member_update, team_create
from cnscd.vntext.dates import parse_birth, parse_date
from cnscd.vntext.errors import VnTextError
from cnscd.vntext.folding import fold
from cnscd.vntext.names import title_case_name
from cnscd.vntext.phones import normalize_phone

TEXT_COLUMNS = ("village", "full_name", "gender", "role", "background", "telecom_operator")
# the member services name fields by model field; the list by column key
SERVICE_FIELDS = {"birth_year": "birth"}


def _fields(table: Table, values: list, today: datetime.date) -> dict:
    """The member fields of one row; raises CellError for the first unreadable cell."""

    def read(key: str, reader):
        try:
            return reader(table.cell(values, key))
        except cells.CellError as e:
            raise cells.CellError(e.code, e.message, key) from None
        except VnTextError as e:
            raise cells.CellError(e.code, gettext(e.message) % e.params, key) from None

    fields = {
        "full_name": title_case_name(cells.text(table.cell(values, "full_name"))),
        "gender": read("gender", cells.gender),
        "birth_year": None,
        "phone": "",
        "role": read("role", lambda v: cells.choice(v, ROLE_NAMES, "Vai trò")) or "member",
        "background": read("background", lambda v: cells.choice(v, BACKGROUND_NAMES, "Thành phần"))
        or Background.OTHER,
        "telecom_operator": read(
            "telecom_operator", lambda v: cells.choice(v, OPERATOR_NAMES, "Nhà mạng")
        )
        or "",
        "joined_on": today,
    }
    if table.cell(values, "birth") not in ("", None):
        fields["birth_year"] = read("birth", lambda v: parse_birth(v, today=today).year)
    if phone := cells.text(table.cell(values, "phone")):
        fields["phone"] = read("phone", lambda v: normalize_phone(phone))
    if table.cell(values, "joined_on") not in ("", None):
        fields["joined_on"] = read("joined_on", lambda v: parse_date(v, today=today))
    fields["left_on"] = None
    if table.cell(values, "left_on") not in ("", None):
        fields["left_on"] = read("left_on", lambda v: parse_date(v, today=today))
    return fields


def _match(team: Team, fields: dict) -> Member | None:
    """The member this row is about: among present members, or among all for a row
    saying the member left."""
    members = Member.objects.filter(team=team)
    if fields["left_on"] is None:
        members = members.filter(left_on__isnull=True)
    if fields["phone"]:
        found = members.filter(phone=fields["phone"]).first()
        if found:
            return found
    return members.filter(
        name_folded=fold(" ".join(fields["full_name"].split()))[:120],
        birth_year=fields["birth_year"],
    ).first()


def _changes(member: Member, fields: dict) -> dict:
    changes = {}
    if fields["full_name"].isascii() and fold(fields["full_name"]) == member.name_folded:
        fields = {**fields, "full_name": member.full_name}  # keep the diacritics we have
    for name in ("full_name", "gender", "birth_year", "phone", "role", "background"):
        if fields[name] not in ("", None) and fields[name] != getattr(member, name):
            changes[name] = fields[name]
    if fields["telecom_operator"] != member.telecom_operator and (
        fields["telecom_operator"] or "background" in changes
    ):
        changes["telecom_operator"] = fields["telecom_operator"]
    return changes


class _Teams:
    """The active team of each village, created on first need when the caller may."""

    def __init__(self, user, report: Report):
        self.user = user
        self.report = report
        self.teams: dict[int, Team | None] = {}

    def of(self, village: Unit) -> Team:
        if village.pk not in self.teams:
            team = Team.objects.filter(village=village).exclude(status=TeamStatus.DISSOLVED).first()
            if team is None and (self.user is None or may_manage_team(self.user, village.path)):
                team = team_create(village=village, by=self.user)
                self.report.counts["teams_created"] += 1
            self.teams[village.pk] = team
        team = self.teams[village.pk]
        if team is None:
            raise ServiceError(
                "no_team",
                _("%(village)s has no team yet; the commune registers it first.")
                % {"village": village.name},
            )
        return team


def import_members(
    data: bytes,
    *,
    user=None,
    village: Unit | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    reference: str = "",
) -> Report:
    """Read, check and (unless `dry_run`) write a members list; see the module docstring.

    `reference` is accepted for the same call as residents; the team services
    audit every added or changed member themselves.
    """
    today = timezone.localdate()
    table, report, villages = begin(
        data,
        MEMBER_COLUMNS,
        text_keys=TEXT_COLUMNS,
        counts=("teams_created", "members_created", "members_updated", "members_unchanged"),
        village=village,
        user=user,
        may=may_edit_members,
    )
    teams = _Teams(user, report)
    seen: dict[tuple, int] = {}
    with transaction.atomic():
        for line, values in checked_lines(table, report, progress):
            if line in villages:
                _import_row(table, report, line, values, villages[line], teams, seen, today)
        if dry_run:
            transaction.set_rollback(True)
    if progress:
        progress(report.rows, report.rows, len(report.rejected_lines))
    return report


def _import_row(table, report, line, values, village, teams, seen, today) -> None:
    try:
        fields = _fields(table, values, today)
    except cells.CellError as e:
        report.reject(line, table.label(e.key), e.code, e.message)
        return
    person = (village.pk, fold(fields["full_name"]), fields["birth_year"], fields["phone"])
    if person in seen:
        report.reject(
            line,
            table.label("full_name"),
            "duplicate_in_file",
            _("The same person as row %(row)d.") % {"row": seen[person]},
        )
        return
    seen[person] = line
    try:
        team = teams.of(village)  # outside the row's savepoint: a rejected row keeps the team
        with transaction.atomic():
            left_on = fields.pop("left_on")
            member = _match(team, {**fields, "left_on": left_on})
            if member is None:
                member = member_add(team=team, by=teams.user, **fields)
                if left_on is not None:
                    member_leave(member=member, left_on=left_on, by=teams.user)
                report.counts["members_created"] += 1
                return
            changes = _changes(member, fields)
            leaving = left_on is not None and member.left_on is None
            if changes:
                member_update(member=member, by=teams.user, **changes)
            if leaving:
                member_leave(member=member, left_on=left_on, by=teams.user)
            report.counts["members_updated" if changes or leaving else "members_unchanged"] += 1
    except ServiceError as e:
        key = SERVICE_FIELDS.get(e.field, e.field)
        column = table.label(key) if key and table.has(key) else ""
        report.reject(line, column, e.code, e.message)
