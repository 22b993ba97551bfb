"""Residents: ID-number and phone rules, uniqueness, moves, presence, duplicates and merge."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from cnscd.errors import ServiceError
from cnscd.people import selectors, services
from cnscd.people.models import Resident, SkillEvent
from cnscd.people.tests.factories import household, resident

TODAY = timezone.localdate()


@pytest.fixture
def home(village):
    return household(village, "12", address="Số 12 ngõ 3")


@pytest.mark.parametrize(
    ("id_number", "gender", "birth", "code"),
    [
        ("03819001234", "female", "1990", "id_number_length"),
        ("03819001234X", "female", "1990", "id_number_not_digits"),
        ("099190012345", "female", "1990", "id_number_province"),
        ("038190012345", "male", "1990", "id_number_gender"),
        ("038190012345", "female", "1991", "id_number_birth_year"),
        ("038390012345", "female", "1990", "id_number_century"),
    ],
)
def test_an_invalid_id_number_names_the_rule_and_stores_nothing(
    home, id_number, gender, birth, code
):
    with pytest.raises(ServiceError) as e:
        resident(home, "Lê Thị Bình", birth, gender=gender, id_number=id_number)
    assert e.value.code == code
    assert e.value.field == "id_number"
    assert not Resident.objects.exists()


def test_a_valid_id_number_is_stored_normalised(home):
    person = resident(
        home, "lê thị bình", "05/03/1990", gender="female", id_number="0381 9001 2345"
    )
    assert (person.full_name, person.id_number) == ("Lê Thị Bình", "038190012345")
    assert (person.birth_year, person.birth_date) == (1990, date(1990, 3, 5))


def test_the_same_id_number_is_the_same_person(home):
    first = resident(home, "Lê Thị Bình", "1990", gender="female", id_number="038190012345")
    with pytest.raises(ServiceError) as e:
        resident(home, "Lê Thị Bình B", "1990", gender="female", id_number="038190012345")
    assert e.value.code == "id_number_exists"
    assert str(first.pk) in e.value.message


def test_a_birth_date_in_the_future_is_refused(home):
    with pytest.raises(ServiceError) as e:
        resident(home, "Lê Văn Con", f"01/01/{TODAY.year + 1}")
    assert (e.value.code, e.value.field) == ("date_future", "birth")


@pytest.mark.parametrize(
    ("raw", "stored"), [("0912 345 678", "0912345678"), ("01662345678", "0362345678")]
)
def test_phones_are_normalised(home, raw, stored):
    assert resident(home, phone=raw).phone == stored


def test_one_head_per_household(home):
    resident(home, "Trần Văn Chủ", relation="head")
    with pytest.raises(ServiceError) as e:
        resident(home, "Trần Văn Khác", relation="head")
    assert e.value.code == "head_exists"


def test_the_database_refuses_a_second_head_too(home):
    """Two requests racing past the service's check still cannot leave two heads."""
    head = resident(home, "Trần Văn Chủ", relation="head")
    other = resident(home, "Trần Văn Khác")
    with pytest.raises(IntegrityError), transaction.atomic():
        Resident.objects.filter(pk=other.pk).update(relation="head")
    Resident.objects.filter(pk=head.pk).update(moved_out_on=TODAY)
    Resident.objects.filter(pk=other.pk).update(relation="head")  # the head who left is no more


def test_household_numbers_are_unique_in_a_village(home, village, sibling_village):
    with pytest.raises(ServiceError) as e:
        household(village, "12")
    assert e.value.code == "household_exists"
    assert household(sibling_village, "12").number == "12"


def test_contacts_are_masked(home):
    person = resident(
        home, "Lê Thị Bình", "1990", gender="female", id_number="038190012345", phone="0912345678"
    )
    assert selectors.masked_contacts(person) == {"id_number": "0381******45", "phone": "091****678"}


def test_withdrawn_phone_consent_hides_the_phone(home, member):
    person = resident(home, phone="0912345678")
    services.consent_give(resident=person, purpose="phone_contact", on=TODAY, by=member)
    services.consent_withdraw(resident=person, purpose="phone_contact", on=TODAY, by=member)
    person = selectors.resident_get_for(member, resident_id=person.pk)
    assert selectors.masked_contacts(person)["phone"] == ""
    with pytest.raises(ServiceError) as e:
        services.resident_reveal(resident=person, field="phone", by=member)
    assert e.value.code == "phone_withheld"


def test_moved_out_residents_leave_the_work_lists(home):
    young = resident(home, "Phạm Văn Mười Lăm", str(TODAY.year - 15))
    resident(home, "Phạm Văn Mười Bốn", str(TODAY.year - 14))
    gone = resident(home, "Phạm Văn Đi", "1970")
    services.resident_update(resident=gone, by=None, moved_out_on=TODAY)
    missing = selectors.residents_missing(Resident.objects.all(), "vneid_l2", today=TODAY)
    assert list(missing) == [young]
    before_moving = selectors.present_q(TODAY - timedelta(days=1))
    assert Resident.objects.filter(before_moving).filter(pk=gone.pk).exists()


def test_search_by_name_without_diacritics_house_number_and_phone_digits(home):
    person = resident(home, "Nguyễn Thị Đào", phone="0912345678")
    everyone = Resident.objects.all()
    assert list(selectors.residents_search(everyone, "nguyen thi dao")) == [person]
    assert list(selectors.residents_search(everyone, "12")) == [person]
    assert list(selectors.residents_search(everyone, "5678")) == [person]
    assert not selectors.residents_search(everyone, "9999").exists()


def test_likely_duplicates_and_a_merge_that_keeps_both_histories(home, village, sibling_village):
    other = household(sibling_village, "7")
    first = resident(home, "Hoàng Văn Sáu", "1966")
    second = resident(other, "hoàng văn sáu", "1966", phone="0987654321")
    resident(other, "Hoàng Văn Sáu", "1967")
    services.skill_set(
        resident=first, skill="vneid_l2", on=date(2024, 5, 1), source="visit", by=None
    )
    services.skill_set(
        resident=second, skill="vneid_l2", on=date(2023, 1, 2), source="verified", by=None
    )
    services.skill_set(
        resident=second, skill="epayment", on=date(2024, 2, 2), source="visit", by=None
    )
    pairs = selectors.likely_duplicates(Resident.objects.filter(merged_into__isnull=True))
    assert [(a.pk, b.pk) for a, b in pairs] == [(first.pk, second.pk)]
    kept = services.residents_merge(keep=first, duplicate=second, by=None)
    assert kept.phone == "0987654321"
    assert kept.vneid_l2_on == date(2023, 1, 2)
    assert kept.epayment_on == date(2024, 2, 2)
    assert SkillEvent.objects.filter(resident=kept).count() == 3
    assert not selectors.likely_duplicates(Resident.objects.filter(merged_into__isnull=True))
    second.refresh_from_db()
    assert second.merged_into == kept


def test_residents_with_different_id_numbers_are_never_merged(home):
    a = resident(home, "Lê Thị Bình", "1990", gender="female", id_number="038190012345")
    b = resident(home, "Lê Thị Bình", "1990", gender="female", id_number="038190099999")
    assert not selectors.likely_duplicates(Resident.objects.all())
    with pytest.raises(ServiceError) as e:
        services.residents_merge(keep=a, duplicate=b, by=None)
    assert e.value.code == "invalid_merge"


def test_revoking_a_skill_keeps_the_history(home):
    person = resident(home)
    services.skill_set(
        resident=person, skill="vssid", on=date(2024, 1, 1), source="self_reported", by=None
    )
    services.skill_revoke(resident=person, skill="vssid", on=date(2024, 6, 1), by=None)
    person.refresh_from_db()
    assert person.vssid_on is None
    assert list(person.skill_events.values_list("action", flat=True)) == ["achieved", "revoked"]


def test_withdrawing_consent_is_checked(home, member):
    person = resident(home, phone="0912345678")
    services.consent_give(resident=person, purpose="phone_contact", on=date(2025, 5, 1), by=member)
    for purpose, on, code in [
        ("marketing", TODAY, "invalid_purpose"),
        ("phone_contact", date(2025, 4, 30), "withdrawn_before_given"),
        ("phone_contact", TODAY + timedelta(days=3), "date_in_future"),
    ]:
        with pytest.raises(ServiceError) as e:
            services.consent_withdraw(resident=person, purpose=purpose, on=on, by=member)
        assert e.value.code == code
    assert person.consents.get().withdrawn_on is None


def test_a_skill_cannot_be_revoked_before_it_was_recorded(home):
    person = resident(home)
    services.skill_set(resident=person, skill="vssid", on=date(2024, 6, 1), source="visit", by=None)
    with pytest.raises(ServiceError) as e:
        services.skill_revoke(resident=person, skill="vssid", on=date(2024, 5, 1), by=None)
    assert e.value.code == "revoked_before_achieved"
    person.refresh_from_db()
    assert person.vssid_on == date(2024, 6, 1)


def test_a_visit_cannot_record_someone_who_had_left(home):
    import uuid

    gone = resident(home, "Người Đã Chuyển", "1970")
    services.resident_update(resident=gone, by=None, moved_out_on=date(2025, 1, 1))
    with pytest.raises(ServiceError) as e:
        services.visit_record(
            visit_id=uuid.uuid4(),
            household=home,
            by=None,
            visited_on=TODAY,
            outcomes=[
                services.OutcomeIn(resident_id=gone.pk, skill="vneid_l2", outcome="achieved")
            ],
        )
    assert e.value.code == "resident_not_present"
    gone.refresh_from_db()
    assert gone.vneid_l2_on is None
