"""Seed the digital-model catalogue with the models the source articles name."""

from django.db import migrations

MODELS = [
    ("ba_khong", "Mô hình “3 không”",
     "Mô hình chuyển đổi số “3 không” do tổ công nghệ số cộng đồng triển khai tại thôn."),
    ("cho_khong_tien_mat", "Chợ không dùng tiền mặt",
     "Tiểu thương nhận thanh toán bằng mã QR, ví điện tử, ngân hàng số."),
    ("thon_thong_minh", "Thôn thông minh",
     "Thôn ứng dụng công nghệ số trong quản lý, thông tin và đời sống người dân."),
    ("lang_so", "Làng số", "Làng có hạ tầng, dịch vụ và người dân sử dụng công nghệ số."),
    ("nong_san_san_tmdt", "Nông sản lên sàn thương mại điện tử",
     "Đưa nông sản lên sàn thương mại điện tử, gắn truy xuất nguồn gốc và thanh toán "
     "không dùng tiền mặt."),
    ("camera_an_ninh", "Camera an ninh xem trên điện thoại",
     "Camera tại các ngõ xóm, xem qua màn hình ở nhà văn hóa và ứng dụng trên điện thoại."),
    ("qr_gioi_thieu_thon", "Mã QR giới thiệu thôn",
     "Bộ mã QR treo ở nhà văn hóa, di tích, giới thiệu lịch sử và truyền thống của thôn."),
]


def seed(apps, schema_editor):
    DigitalModel = apps.get_model("teams", "DigitalModel")
    for position, (key, name, description) in enumerate(MODELS, start=1):
        DigitalModel.objects.update_or_create(
            key=key, defaults={"name": name, "description": description, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("teams", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
