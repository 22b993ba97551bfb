"""Import pages: upload, preview, commit, progress, error workbook."""

from django.urls import path

from cnscd.imports import views

urlpatterns = [
    path("u/<str:code>/import/", views.import_start, name="import-start"),
    path("imports/<int:job_id>/", views.import_detail, name="import-detail"),
    path("imports/<int:job_id>/progress/", views.import_progress, name="import-progress"),
    path("imports/<int:job_id>/commit/", views.import_commit, name="import-commit"),
    path("imports/<int:job_id>/errors.xlsx", views.import_errors, name="import-errors"),
]
