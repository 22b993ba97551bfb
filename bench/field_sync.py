"""The field app's two heavy calls: a 500-household village download, a 1,000-visit batch.

Builds one village of 500 households (about 2,000 residents, some already
visited), then times in one run:

* the download (`GET /api/v1/field/village`, server time and gzip size), beside
  the naive way: the village's residents read as model instances through the
  scoped selector and serialized one by one;
* a sync batch of 1,000 visits (`POST /api/v1/sync`), beside the same visits
  sent one request each to `POST /api/v1/visits`.
"""

import gzip
import json
import random
import time
import uuid

from django.db import connection
from django.test import Client
from django.utils import timezone

from bench.timing import measure, table
from cnscd.accounts.roles import Role
from cnscd.accounts.services import token_create, user_create
from cnscd.field.snapshot import village_snapshot
from cnscd.geo.models import Unit
from cnscd.geo.services import village_create
from cnscd.people import selectors
from cnscd.people.models import Household, Resident
from cnscd.people.services import household_create, resident_create

HOUSEHOLDS = 500
VISITS = 1000


def _village(rng: random.Random) -> tuple[Unit, list[Household]]:
    commune = Unit.objects.current().get(code="14932")
    village = village_create(commune=commune, name="Thôn Đồng Tâm", division="thon", by=None)
    homes = []
    for number in range(1, HOUSEHOLDS + 1):
        home = household_create(village=village, by=None, number=str(number), address="Xóm Giữa")
        for k in range(rng.randint(2, 6)):
            resident_create(
                household=home,
                by=None,
                full_name=f"Nguyễn Văn Người {number} {k}",
                birth=str(rng.randint(1940, 2020)),
                phone=f"09{rng.randint(10_000_000, 99_999_999)}",
                relation="head" if k == 0 else "other",
            )
        homes.append(home)
    return village, homes


def _naive_download(user, village: Unit) -> bytes:
    residents = selectors.residents_visible_to(user).filter(village=village)
    rows = [
        {
            "id": r.pk,
            "household": r.household_id,
            "full_name": r.full_name,
            **selectors.masked_contacts(r),
            "skills": {s: str(r.skill_on(s)) for s in r.skills() if r.skill_on(s)},
        }
        for r in residents
    ]
    return json.dumps(rows).encode()


def _visits(homes: list[Household], rng: random.Random) -> list[dict]:
    people = {}
    for r in Resident.objects.filter(household__in=homes).values("id", "household_id"):
        people.setdefault(r["household_id"], []).append(r["id"])
    today = timezone.localdate().isoformat()
    now = timezone.now().isoformat()
    visits = []
    for _ in range(VISITS):
        home = rng.choice(homes)
        person = rng.choice(people[home.pk])
        skill = rng.choice(["vneid_l2", "epayment", "ehealth_book", "vssid"])
        visits.append(
            {
                "id": str(uuid.uuid4()),
                "type": "visit",
                "recorded_at": now,
                "payload": {
                    "household": home.pk,
                    "visited_on": today,
                    "outcomes": [
                        {
                            "resident": person,
                            "skill": skill,
                            "outcome": rng.choice(["achieved", "guided"]),
                        }
                    ],
                },
            }
        )
    return visits


def run() -> None:
    rng = random.Random(5)
    village, homes = _village(rng)
    user, _ = user_create(
        username="bench-member", role=Role.TEAM_MEMBER, unit=village, by=None, password=None
    )
    token = token_create(user=user, by=None)
    client = Client(headers={"Authorization": f"Bearer {token}", "Host": "localhost"})
    today = timezone.localdate()
    residents = Resident.objects.filter(village=village).count()

    ours = measure(lambda: village_snapshot(village, today=today), repeat=10)
    response = client.get("/api/v1/field/village", HTTP_ACCEPT_ENCODING="gzip", secure=True)
    raw = len(gzip.decompress(response.content))
    naive = measure(lambda: _naive_download(user, village), repeat=3)
    table(
        f"field village download [{connection.vendor}], {HOUSEHOLDS} households, "
        f"{residents:,} residents",
        ["what", "p50 ms", "p95 ms", "size"],
        [
            ["ours (snapshot)", f"{ours[0]:.0f}", f"{ours[1]:.0f}",
             f"{len(response.content) / 1024:.0f} KB gzip ({raw / 1024:.0f} KB raw)"],
            ["naive (model instances)", f"{naive[0]:.0f}", f"{naive[1]:.0f}", ""],
        ],
    )  # fmt: skip

    batch = _visits(homes, rng)
    start = time.perf_counter()
    response = client.post(
        "/api/v1/sync", json.dumps({"items": batch}), content_type="application/json", secure=True
    )
    ours_seconds = time.perf_counter() - start
    assert response.status_code == 200, (response.status_code, response.content[:500])
    stored = sum(r["status"] == "stored" for r in response.json()["results"])
    singles = _visits(homes, rng)[:200]
    start = time.perf_counter()
    for visit in singles:
        body = {"id": visit["id"], **visit["payload"]}
        client.post(
            "/api/v1/visits", json.dumps(body), content_type="application/json", secure=True
        )
    naive_seconds = (time.perf_counter() - start) * VISITS / len(singles)
    table(
        f"sync of {VISITS:,} visits [{connection.vendor}]",
        ["what", "seconds", "visits/s"],
        [
            [f"ours: one POST /api/v1/sync ({stored:,} stored)", f"{ours_seconds:.2f}",
             f"{VISITS / ours_seconds:,.0f}"],
            ["naive: one POST /api/v1/visits each (200 timed)", f"{naive_seconds:.2f}",
             f"{VISITS / naive_seconds:,.0f}"],
        ],
    )  # fmt: skip
