"""Downloads: blank templates and formatted exports."""

from django.urls import path

from cnscd.imports import export_views
from cnscd.imports.template_workbooks import MEMBERS, RESIDENTS

urlpatterns = [
    path(
        "imports/templates/residents.xlsx",
        export_views.template_download,
        {"template": RESIDENTS},
        name="import-template-residents",
    ),
    path(
        "imports/templates/members.xlsx",
        export_views.template_download,
        {"template": MEMBERS},
        name="import-template-members",
    ),
    path("u/<str:code>/residents.xlsx", export_views.residents_export, name="residents-export"),
    path("u/<str:code>/teams.xlsx", export_views.teams_export, name="teams-export"),
]
