"""Funding pages, under the unit they belong to."""

from django.urls import path

from cnscd.funding import views

urlpatterns = [
    path("funding/", views.funding_home, name="funding-home"),
    path("u/<str:code>/funding/", views.funding_page, name="funding-unit"),
    path("u/<str:code>/funding/policies/new/", views.policy_add, name="funding-policy-add"),
    path("funding/policies/<int:policy_id>/edit/", views.policy_edit, name="funding-policy-edit"),
    path("u/<str:code>/funding/payments/new/", views.payment_add, name="funding-payment-add"),
    path(
        "u/<str:code>/funding/contributions/new/",
        views.contribution_add,
        name="funding-contribution-add",
    ),
    path(
        "u/<str:code>/funding/payout.xlsx",
        views.payout_export,
        {"file_format": "xlsx"},
        name="funding-payout-xlsx",
    ),
    path(
        "u/<str:code>/funding/payout.pdf",
        views.payout_export,
        {"file_format": "pdf"},
        name="funding-payout-pdf",
    ),
]
