from django.urls import path

from cnscd.field import views

urlpatterns = [
    path("field/", views.app, name="field-app"),
    path("field/sw.js", views.service_worker, name="field-sw"),
    path("field/manifest.webmanifest", views.manifest, name="field-manifest"),
]
