from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from cnscd.accounts.views import home
from cnscd.api import api
from cnscd.geo import views as geo_views
from cnscd.indicators.views import dashboard_export, target_add, unit_page
from cnscd.people import views as people_views
from cnscd.teams import views as team_views

urlpatterns = [
    path("", home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="accounts/login.html"),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("u/<str:code>/", unit_page, name="unit-detail"),
    path("u/<str:code>/targets/", target_add, name="target-add"),
    path("u/<str:code>/indicators.xlsx", dashboard_export, name="dashboard-export"),
    path("u/<str:code>/villages/", geo_views.village_add, name="village-add"),
    path("units/", geo_views.unit_search, name="unit-search"),
    path("u/<str:code>/team/new/", team_views.team_create, name="team-create"),
    path("teams/", team_views.team_list, name="team-list"),
    path("teams/<int:team_id>/", team_views.team_detail, name="team-detail"),
    path("teams/<int:team_id>/edit/", team_views.team_edit, name="team-edit"),
    path("teams/<int:team_id>/members/new/", team_views.member_add, name="member-add"),
    path("members/<int:member_id>/edit/", team_views.member_edit, name="member-edit"),
    path("members/<int:member_id>/leave/", team_views.member_leave, name="member-leave"),
    path("u/<str:code>/models/", team_views.adoption_add, name="adoption-add"),
    path("members/<int:member_id>/invite/", team_views.member_invite, name="member-invite"),
    path("teams/<int:team_id>/activities/new/", team_views.activity_add, name="activity-add"),
    path("u/<str:code>/households/", people_views.household_list, name="household-list"),
    path("u/<str:code>/worklist/", people_views.worklist, name="worklist"),
    path("u/<str:code>/duplicates/", people_views.duplicates, name="duplicates"),
    path(
        "households/<int:household_id>/",
        people_views.household_detail,
        name="household-detail",
    ),
    path("households/<int:household_id>/visit/", people_views.visit_record, name="visit-record"),
    path("residents/merge/", people_views.residents_merge, name="residents-merge"),
    path("residents/<int:resident_id>/", people_views.resident_detail, name="resident-detail"),
    path(
        "residents/<int:resident_id>/reveal/",
        people_views.resident_reveal,
        name="resident-reveal",
    ),
    path("residents/<int:resident_id>/skills/", people_views.resident_skill, name="resident-skill"),
    path(
        "residents/<int:resident_id>/consents/",
        people_views.resident_consent,
        name="resident-consent",
    ),
    path("", include("cnscd.imports.urls")),
    path("", include("cnscd.imports.export_urls")),
    path("", include("cnscd.field.urls")),
    path("", include("cnscd.learning.urls")),
    path("", include("cnscd.funding.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
