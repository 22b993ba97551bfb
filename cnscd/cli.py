"""The `cnscd` command: Django's management commands under one short name.

`cnscd units load` runs the `units` management command with `load`; every
Django command (`migrate`, `runserver`, `check --deploy`) works the same way.
Scripts outside the project rely on the forms documented in the README.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cnscd.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    args[0] = "cnscd"
    execute_from_command_line(args)
