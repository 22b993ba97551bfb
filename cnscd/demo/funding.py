"""Demo funding: the real seed policies, plus example policies, payments and gifts.

The seed policies (`funding.seeds`) are real data and go to their real
provinces whatever the demo province. The examples are marked as sample
data in their reference, so nobody mistakes them for a real resolution;
they are made once per province (a province that already has payments or
contributions is left alone), through the services, so they are audited
and checked like an officer's entries.
"""

import random
from datetime import date, timedelta

from cnscd.errors import ServiceError
from cnscd.funding.models import Basis, Contribution, ContributionKind, Payment
from cnscd.funding.periods import quarter_of
from cnscd.funding.seeds import funding_seed
from cnscd.funding.services import (
    contribution_record,
    payment_outstanding,
    payment_record,
    policy_create,
)
from cnscd.geo.models import Kind, Unit
from cnscd.teams.models import Team

SAMPLE = "(dữ liệu mẫu)"
GIFTS = [
    ("Viettel", ContributionKind.CASH, 20_000_000, "", None, "Hỗ trợ hoạt động của các tổ"),
    ("Công ty Điện lực", ContributionKind.IN_KIND, 30_000_000, "Đèn năng lượng mặt trời", 20,
     "Chiếu sáng điểm sinh hoạt cộng đồng"),
    ("Hội Doanh nhân trẻ", ContributionKind.IN_KIND, 12_000_000, "Camera an ninh", 8,
     "Mô hình camera an ninh thôn"),
    ("Mạnh thường quân (không nêu tên)", ContributionKind.IN_KIND, None, "Điện thoại thông minh", 5,
     "Cho thành viên tổ chưa có điện thoại"),
]  # fmt: skip


def _policies(province: Unit, commune: Unit, today: date) -> None:
    """A monthly allowance for the province and a per-member supplement in one commune."""
    examples = [
        dict(unit=province, basis=Basis.PER_TEAM_MONTH, amount=400_000,
             cap_per_year=4_000_000, valid_from=date(today.year - 1, 1, 1)),
        dict(unit=commune, basis=Basis.PER_MEMBER_MONTH, amount=50_000, additive=True,
             valid_from=date(today.year, 1, 1)),
    ]  # fmt: skip
    for terms in examples:
        try:
            policy_create(
                by=None,
                reference=f"Nghị quyết 01/{terms['valid_from'].year}/NQ-HĐND {SAMPLE}",
                seed_key=f"demo-{terms['unit'].code}",
                **terms,
            )
        except ServiceError:
            continue  # the province already has a real policy for those days: it pays instead


def _payments(commune: Unit, rng: random.Random, today: date) -> None:
    """Pay what was owed for the last two quarters, leaving some teams unpaid for the last one."""
    teams = list(Team.objects.filter(path__under=commune.path).order_by("path"))
    last = quarter_of(quarter_of(today).start - timedelta(days=1))
    older = quarter_of(last.start - timedelta(days=1))
    for period in (older, last):
        for number, team in enumerate(teams, start=1):
            if period == last and rng.random() < 0.3:
                continue
            _span, owed, paid = payment_outstanding(team, period)
            if owed > paid:
                payment_record(
                    team=team,
                    by=None,
                    period=period,
                    paid_on=min(period.end + timedelta(days=rng.randint(5, 25)), today),
                    reference=f"PC-{number:03d}/{period.label}",
                    amount=owed - paid,
                )


def _gifts(commune: Unit, rng: random.Random, today: date) -> None:
    villages = list(Unit.objects.filter(parent=commune, kind=Kind.VILLAGE).order_by("code")[:3])
    for index, (donor, kind, amount, item, quantity, purpose) in enumerate(GIFTS):
        contribution_record(
            unit=villages[index - 1] if index and len(villages) >= index else commune,
            by=None,
            donor=donor,
            kind=kind,
            amount=amount,
            item=item,
            quantity=quantity,
            purpose=purpose,
            received_on=today - timedelta(days=rng.randint(10, 120)),
        )


def demo_funding(*, province: Unit, communes: list[Unit], rng: random.Random, today: date) -> None:
    """Seed policies everywhere; examples in the first demo commune of the demo province."""
    funding_seed()
    home = [c for c in communes if c.path.startswith(province.path)]
    done = Payment.objects.filter(path__under=province.path).exists() or (
        Contribution.objects.filter(path__under=province.path).exists()
    )
    if not home or done:
        return
    _policies(province, home[0], today)
    _payments(home[0], rng, today)
    _gifts(home[0], rng, today)
