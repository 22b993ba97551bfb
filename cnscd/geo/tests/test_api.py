"""The units API: detail, children, search, village creation, errors as {code, message}."""

import pytest

from cnscd.geo.models import Unit
from cnscd.geo.services import village_create


def test_unit_detail(province_officer, api_client):
    body = api_client(province_officer).get("/api/v1/units/14797").json()
    assert body["code"] == "14797"
    assert body["name"] == "Phường Hạc Thành"
    assert body["kind"] == "commune"
    assert body["division"] == "phuong"
    assert body["parent"] == "38"


def test_children_are_paginated_with_counts(province_officer, api_client, village):
    body = api_client(province_officer).get("/api/v1/units/38/children", {"limit": 5}).json()
    assert body["count"] == Unit.objects.filter(parent__code="38").count()
    assert len(body["items"]) == 5
    hac_thanh = (
        api_client(province_officer)
        .get("/api/v1/units/38/children", {"limit": 500})
        .json()["items"]
    )
    assert next(c for c in hac_thanh if c["code"] == "14797")["child_count"] == 1


def test_children_list_costs_the_same_queries_for_3_and_30_rows(
    commune_officer, hac_thanh, django_assert_num_queries, api_client
):
    client = api_client(commune_officer)
    client.get("/api/v1/units/14797")  # the token's first use also records last_used_at
    for n in range(3):
        village_create(commune=hac_thanh, name=f"Thôn {n}", division="thon", by=None)
    # token, scope, unit, count, page
    with django_assert_num_queries(5):
        assert len(client.get("/api/v1/units/14797/children").json()["items"]) == 3
    for n in range(3, 30):
        village_create(commune=hac_thanh, name=f"Thôn {n}", division="thon", by=None)
    with django_assert_num_queries(5):
        assert len(client.get("/api/v1/units/14797/children").json()["items"]) == 30


def test_search_is_scoped_and_folded(province_officer, api_client):
    body = api_client(province_officer).get("/api/v1/units", {"search": "HAC THANH"}).json()
    assert [u["code"] for u in body["items"]] == ["14797"]
    assert (
        api_client(province_officer).get("/api/v1/units", {"search": "hoan kiem"}).json()["items"]
        == []
    )


def test_unknown_code_is_404_json(national_admin, api_client):
    response = api_client(national_admin).get("/api/v1/units/12345")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_anonymous_gets_401_json(db, client):
    response = client.get("/api/v1/units/38")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_officer_creates_a_village(commune_officer, api_client):
    response = api_client(commune_officer).post(
        "/api/v1/units",
        {"commune": "14797", "name": "Tổ dân phố 1", "kind": "to_dan_pho"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["code"] == "14797-001"
    assert response.json()["parent"] == "14797"


@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        ({"commune": "38", "name": "Thôn A"}, 400, "not_a_commune"),
        ({"commune": "14797", "name": "Thôn A", "code": "14797-1"}, 400, "invalid_village_code"),
        ({"commune": "14797", "name": "Thôn A", "code": "14758-001"}, 400, "village_code_mismatch"),
        ({"commune": "14797", "name": "Thôn A", "kind": "xom"}, 400, "invalid_village_kind"),
        ({"commune": "14797"}, 422, "invalid_input"),
    ],
)
def test_bad_village_input_gets_a_precise_error(
    province_officer, api_client, payload, status, code
):
    response = api_client(province_officer).post(
        "/api/v1/units", payload, content_type="application/json"
    )
    assert response.status_code == status
    assert response.json()["code"] == code
    assert response.json()["message"]
    assert not Unit.objects.filter(kind="village").exists()


def test_viewer_gets_403_creating_a_village(viewer, api_client):
    response = api_client(viewer).post(
        "/api/v1/units", {"commune": "14797", "name": "Thôn A"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_outsider_gets_404_creating_a_village_in_thanh_hoa(outsider, api_client):
    response = api_client(outsider).post(
        "/api/v1/units", {"commune": "14797", "name": "Thôn A"}, content_type="application/json"
    )
    assert response.status_code == 404


def test_openapi_schema_lists_the_endpoints(db, client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {
        "/api/v1/auth/token",
        "/api/v1/units",
        "/api/v1/units/{code}",
        "/api/v1/units/{code}/children",
    } <= set(paths)


def test_interactive_docs_are_served(db, client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert "swagger-ui" in response.content.decode()
