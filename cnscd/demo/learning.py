"""Demo training and a notice in the demo province, so that the learning pages have content.

Two courses of the province, two sessions in the first demo commune with
its members attending (most completed, so certificates can be printed),
and one campaign notice to the whole province. Written through the
services (a few dozen rows), so scope rules and audit are the real ones.
Skipped when the province already has the demo course: running the demo
twice adds nothing.
"""

from datetime import date, timedelta

from cnscd.geo.models import Unit
from cnscd.learning.models import AnnouncementKind, Course, TrainingMode
from cnscd.learning.services.announcements import announcement_send
from cnscd.learning.services.training import attendance_record, course_create, session_create
from cnscd.people.skills import Skill
from cnscd.teams.models import Member

COURSE_TITLE = "Kỹ năng số cơ bản cho thành viên Tổ công nghệ số cộng đồng"


def demo_learning(*, commune: Unit, today: date) -> None:
    """Courses of the commune's province (its parent since the 2025 reform), sessions in it."""
    province = commune.parent
    if Course.objects.filter(path=province.path, title=COURSE_TITLE).exists():
        return
    basics = course_create(
        unit=province,
        by=None,
        title=COURSE_TITLE,
        mode=TrainingMode.IN_PERSON,
        skills=[Skill.VNEID_L2, Skill.EPAYMENT, Skill.CYBER_SAFETY],
        description="Hướng dẫn người dân kích hoạt VNeID mức 2, mở tài khoản thanh toán an toàn "
        "và nhận biết lừa đảo trên mạng.",
    )
    signing = course_create(
        unit=province,
        by=None,
        title="Chữ ký số và dịch vụ công trực tuyến",
        mode=TrainingMode.ONLINE,
        skills=[Skill.DIGITAL_SIGNATURE, Skill.PUBLIC_SERVICES],
    )
    first = session_create(
        course=basics,
        unit=commune,
        by=None,
        held_on=today - timedelta(days=60),
        place=f"Hội trường Ủy ban nhân dân {commune.name}",
        trainer="Sở Khoa học và Công nghệ",
    )
    second = session_create(
        course=signing,
        unit=commune,
        by=None,
        held_on=today - timedelta(days=20),
        place="Trực tuyến",
        trainer="Sở Khoa học và Công nghệ",
    )
    members = list(
        Member.objects.filter(
            path__under=commune.path, counted=True, joined_on__lte=first.held_on
        ).order_by("path", "sort_key")
    )
    if members:
        attendance_record(session=first, members=members[::2], completed=True, by=None)
        attendance_record(session=first, members=members[1::4], completed=False, by=None)
        attendance_record(session=second, members=members[:5], completed=True, by=None)
    announcement_send(
        unit=province,
        by=None,
        kind=AnnouncementKind.CAMPAIGN,
        title="Ra quân “Bình dân học vụ số” tại thôn, tổ dân phố",
        body="<p>Đề nghị các Tổ công nghệ số cộng đồng tổ chức ít nhất một buổi hướng dẫn tại "
        "nhà văn hóa trong tháng này, tập trung vào: <strong>kích hoạt VNeID mức 2</strong>, "
        "nhận biết lừa đảo trên mạng, thanh toán không dùng tiền mặt.</p>"
        "<p>Cẩm nang in sẵn một trang có tại mục Cẩm nang của nền tảng.</p>",
    )
