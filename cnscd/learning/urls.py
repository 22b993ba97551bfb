"""Learning pages (signed in, under /learning/) and the public pages (no login, under /p/)."""

from django.urls import path

from cnscd.learning import public_views, views

urlpatterns = [
    path("learning/", views.home, name="learning-home"),
    path("learning/notices/", views.notice_list, name="learning-notices"),
    path("learning/notices/new/", views.notice_new, name="learning-notice-new"),
    path("learning/notices/<int:announcement_id>/", views.notice_detail, name="learning-notice"),
    path("learning/guides/", views.guide_list, name="learning-guides"),
    path("learning/guides/new/", views.guide_new, name="learning-guide-new"),
    path("learning/guides/<slug:slug>/edit/", views.guide_edit, name="learning-guide-edit"),
    path(
        "learning/guides/<slug:slug>/steps/<int:position>/image/",
        views.guide_step_image,
        name="learning-guide-step-image",
    ),
    path("learning/courses/", views.course_list, name="learning-courses"),
    path("learning/courses/<int:course_id>/", views.course_detail, name="learning-course"),
    path("learning/u/<str:code>/", views.unit_training, name="learning-unit"),
    path("learning/u/<str:code>/courses/new/", views.course_new, name="learning-course-new"),
    path("learning/u/<str:code>/sessions/new/", views.session_new, name="learning-session-new"),
    path("learning/sessions/<int:session_id>/", views.session_detail, name="learning-session"),
    path(
        "learning/sessions/<int:session_id>/attendance/",
        views.attendance_add,
        name="learning-attendance-add",
    ),
    path(
        "learning/attendances/<int:attendance_id>/",
        views.attendance_change,
        name="learning-attendance-change",
    ),
    path(
        "learning/attendances/<int:attendance_id>/certificate.pdf",
        views.certificate,
        name="learning-certificate",
    ),
    path("p/", public_views.national, name="public-national"),
    path("p/guides/", public_views.guide_list, name="public-guides"),
    path("p/guides/<slug:slug>", public_views.guide_detail, name="public-guide"),
    path("p/guides/<slug:slug>.pdf", public_views.guide_sheet, name="public-guide-sheet"),
    path("p/<str:code>", public_views.unit_page, name="public-unit"),
    path("p/<str:code>/poster.pdf", public_views.poster, name="public-poster"),
]
