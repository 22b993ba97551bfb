"""`cnscd demo` leaves the funding pages something to show, and the seeds in place."""

from io import StringIO

from django.core.management import call_command

from cnscd.funding.models import Contribution, Payment, Policy


def run_demo() -> None:
    call_command("demo", "--seed", "2", "--households", "2", verbosity=0, stdout=StringIO())


def test_demo_gives_the_demo_province_policies_payments_and_gifts_once(db):
    run_demo()
    keys = set(Policy.objects.values_list("seed_key", flat=True))
    assert {"seed-da-nang-nq36-2024", "seed-yen-bai-2024", "seed-ha-tinh-2024",
            "seed-binh-duong-2024"} <= keys  # fmt: skip
    demo = Policy.objects.filter(seed_key__startswith="demo-")
    assert demo.count() == 2
    assert all("(dữ liệu mẫu)" in p.reference for p in demo)
    assert Payment.objects.filter(province_code="38").count() > 0
    assert not Payment.objects.filter(override=True).exists()
    assert Contribution.objects.filter(province_code="38").count() == 4
    counts = (Policy.objects.count(), Payment.objects.count(), Contribution.objects.count())
    run_demo()
    assert (Policy.objects.count(), Payment.objects.count(), Contribution.objects.count()) == counts
