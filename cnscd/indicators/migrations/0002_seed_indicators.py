"""Seed the ten default indicators (issue: indicators and dashboards)."""

from django.db import migrations

DEFAULTS = [
    ("vneid_l2", "Người từ 15 tuổi có VNeID mức 2", "residents", 15),
    ("digital_signature", "Người từ 18 tuổi có chữ ký số cá nhân", "residents", 18),
    ("epayment", "Người từ 15 tuổi có tài khoản thanh toán điện tử", "residents", 15),
    ("public_services", "Người từ 18 tuổi đã dùng dịch vụ công trực tuyến", "residents", 18),
    ("online_shopping", "Người từ 15 tuổi mua sắm trực tuyến", "residents", 15),
    ("cyber_safety", "Người từ 15 tuổi biết tự bảo vệ trên mạng", "residents", 15),
    ("ehealth_book", "Người dân có sổ sức khỏe điện tử", "residents", 0),
    ("vssid", "Người từ 15 tuổi dùng VssID", "residents", 15),
    ("address_code", "Hộ có mã địa chỉ số", "households", 0),
    ("zalo_group", "Hộ tham gia nhóm Zalo của thôn", "households", 0),
]


def seed(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    for position, (key, name, population, min_age) in enumerate(DEFAULTS, start=1):
        Indicator.objects.update_or_create(
            key=key,
            defaults={"name": name, "population": population, "skill": key,
                      "min_age": min_age, "position": position},
        )


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
