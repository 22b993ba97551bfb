"""`python -m bench [NAME ...]`: build a scratch database, run the benchmarks, print tables.

The database is a fresh SQLite file in a temporary folder, or the empty
PostgreSQL database named by BENCH_DATABASE_URL. Nothing touches `var/`.
"""

import io
import os
import sys
import tempfile

BENCHMARKS = ["team_stats", "indicator_stats", "import_residents", "field_sync"]


def main(names: list[str]) -> None:
    scratch = tempfile.mkdtemp(prefix="cnscd-bench-")
    os.environ["CNSCD_VAR_DIR"] = scratch
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", "")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cnscd.settings")
    import django

    django.setup()
    from importlib import import_module

    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("units", "load", verbosity=0, stdout=io.StringIO())
    for name in names or BENCHMARKS:
        import_module(f"bench.{name}").run()


if __name__ == "__main__":
    main(sys.argv[1:])
