from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from cnscd.accounts.views import home
from cnscd.api import api
from cnscd.geo import views as geo_views

urlpatterns = [
    path("", home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="accounts/login.html"),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("u/<str:code>/", geo_views.unit_detail, name="unit-detail"),
    path("u/<str:code>/villages/", geo_views.village_add, name="village-add"),
    path("units/", geo_views.unit_search, name="unit-search"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
