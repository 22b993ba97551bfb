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
