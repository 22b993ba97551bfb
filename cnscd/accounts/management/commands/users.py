"""`cnscd users add USERNAME --role ROLE --unit CODE` and `cnscd users token USERNAME`.

A contract for scripts. `add` reads the password from standard input when
one is piped in; otherwise it generates one and prints it (alone on stdout).
`token` prints a new API token alone on stdout.
"""

import getpass
import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from cnscd.accounts.models import User
from cnscd.accounts.roles import Role
from cnscd.accounts.services import token_create, user_create
from cnscd.errors import ServiceError
from cnscd.geo.models import Unit


class Command(BaseCommand):
    help = "User accounts and API tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="Create a user with one role on a unit subtree.")
        add.add_argument("username")
        add.add_argument("--role", required=True, choices=Role.values)
        add.add_argument("--unit", required=True, help="unit code: VN, 38, 14797, 14797-001…")
        add.add_argument("--full-name", default="")
        token = sub.add_parser("token", help="Print a new API token for the user.")
        token.add_argument("username")

    def handle(self, *args, action: str, username: str, **options) -> None:
        try:
            if action == "add":
                self._add(username, options)
            else:
                self._token(username)
        except ServiceError as e:
            raise CommandError(e.message) from None

    def _add(self, username: str, options) -> None:
        unit = Unit.objects.current().filter(code=options["unit"]).first()
        if unit is None:
            raise CommandError(_("Unknown unit code %(code)s.") % {"code": options["unit"]})
        password = self._read_password()
        user, generated = user_create(
            username=username,
            role=options["role"],
            unit=unit,
            by=None,
            password=password,
            full_name=options["full_name"],
        )
        self.stderr.write(
            _("Created %(username)s: %(role)s on %(unit)s (%(code)s).")
            % {
                "username": user.username,
                "role": Role(options["role"]).label,
                "unit": unit.name,
                "code": unit.code,
            }
        )
        if generated:
            self.stdout.write(generated)

    @staticmethod
    def _read_password() -> str | None:
        """A piped first line, a typed password (asked twice), or None to generate one."""
        if sys.stdin is None:
            return None
        if sys.stdin.isatty():
            first = getpass.getpass(_("Password (empty to generate one): "))
            if first and first != getpass.getpass(_("Password again: ")):
                raise CommandError(_("The two passwords differ."))
            return first or None
        return sys.stdin.readline().rstrip("\r\n") or None

    def _token(self, username: str) -> None:
        user = User.objects.filter(username=username.strip().lower(), is_active=True).first()
        if user is None:
            raise CommandError(_("Unknown user %(username)s.") % {"username": username})
        self.stdout.write(token_create(user=user, by=None, name="cli"))
