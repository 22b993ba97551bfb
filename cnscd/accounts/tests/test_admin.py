def test_national_admin_opens_django_admin(national_admin, login_client):
    response = login_client(national_admin).get("/admin/geo/unit/?q=thanh+hoa")
    assert response.status_code == 200
    assert "Thanh Hóa" in response.content.decode()


def test_officers_do_not_get_into_django_admin(province_officer, login_client):
    response = login_client(province_officer).get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_audit_log_is_read_only_in_admin(national_admin, login_client):
    client = login_client(national_admin)
    assert client.get("/admin/audit/auditevent/").status_code == 200
    assert client.get("/admin/audit/auditevent/add/").status_code == 403


def test_national_admin_edits_the_digital_model_catalogue(national_admin, login_client):
    from cnscd.teams.models import DigitalModel

    client = login_client(national_admin)
    response = client.post(
        "/admin/teams/digitalmodel/add/",
        {
            "key": "wifi_cong_dong",
            "name": "Wifi cộng đồng",
            "description": "",
            "is_active": "on",
            "position": 8,
        },
    )
    assert response.status_code == 302
    assert DigitalModel.objects.get(key="wifi_cong_dong").name == "Wifi cộng đồng"
    assert client.get("/admin/teams/team/add/").status_code == 403
