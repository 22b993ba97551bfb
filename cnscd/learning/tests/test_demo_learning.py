"""`cnscd demo` gives the learning pages something to show, once."""

from django.core.management import call_command

from cnscd.accounts.models import User
from cnscd.learning.models import Announcement, Attendance, Course, Session
from cnscd.learning.selectors import unread_count


def run_demo():
    call_command("demo", "--seed", "3", "--households", "2", verbosity=0)


def test_demo_creates_courses_sessions_attendance_and_a_notice_once(db):
    run_demo()
    run_demo()
    assert Course.objects.count() == 2
    assert set(Course.objects.values_list("path", flat=True)) == {"VN/38/"}
    assert Session.objects.count() == 2
    assert Attendance.objects.filter(completed=True).exists()
    assert Announcement.objects.count() == 1
    assert unread_count(User.objects.get(username="thanhvien")) == 1
