import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from organisation.models import Role, User
from tests.factories import PASSWORD


@pytest.fixture
def anonymous():
    return APIClient(enforce_csrf_checks=True)


def test_login_with_session_and_csrf_then_me(db, make_user):
    # given
    user = make_user(Role.OPD_PLANNER)
    client = APIClient(enforce_csrf_checks=True)
    csrf = client.get("/api/auth/csrf/").cookies["csrftoken"].value
    # when
    response = client.post(
        "/api/auth/login/",
        {"username": user.username, "password": PASSWORD},
        format="json",
        HTTP_X_CSRFTOKEN=csrf,
    )
    me = client.get("/api/auth/me/")
    # then
    assert response.status_code == 200
    assert me.json()["perangkat_daerah"]["kode"] == user.perangkat_daerah.kode
    assert me.json()["pemda"]["nama"] == user.pemda.nama
    assert me.json()["permissions"]["user"] == ""


def test_login_without_csrf_token_is_refused(db, make_user, anonymous):
    # given
    user = make_user()
    # when
    response = anonymous.post(
        "/api/auth/login/", {"username": user.username, "password": PASSWORD}, format="json"
    )
    # then
    assert response.status_code == 403


def test_wrong_password_is_a_400_without_saying_which_part_was_wrong(db, make_user):
    # given
    user = make_user()
    # when
    response = APIClient().post(
        "/api/auth/login/", {"username": user.username, "password": "nope"}, format="json"
    )
    # then
    assert response.status_code == 400
    assert "salah" in str(response.json())


@override_settings(LOGIN_MAX_FAILURES=3, LOGIN_LOCKOUT_SECONDS=600)
def test_repeated_failures_lock_the_account_even_for_the_right_password(db, make_user):
    # given
    user = make_user()
    client = APIClient()
    for _ in range(3):
        client.post("/api/auth/login/", {"username": user.username, "password": "wrong"}, format="json")
    # when
    response = client.post(
        "/api/auth/login/", {"username": user.username, "password": PASSWORD}, format="json"
    )
    # then
    assert response.status_code == 403
    assert User.objects.get(pk=user.pk).locked_until is not None


def test_successful_login_resets_the_failure_count(db, make_user):
    # given
    user = make_user()
    client = APIClient()
    client.post("/api/auth/login/", {"username": user.username, "password": "wrong"}, format="json")
    # when
    client.post("/api/auth/login/", {"username": user.username, "password": PASSWORD}, format="json")
    # then
    assert User.objects.get(pk=user.pk).failed_logins == 0


def test_token_for_api_clients(db, make_user):
    # given
    user = make_user(Role.FINANCE)
    token = APIClient().post(
        "/api/auth/token/", {"username": user.username, "password": PASSWORD}, format="json"
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    # when
    response = client.get("/api/auth/me/")
    # then
    assert response.status_code == 200
    assert response.json()["role"] == Role.FINANCE


def test_anonymous_calls_get_401(db, anonymous):
    assert anonymous.get("/api/perangkat-daerah/").status_code == 401
    assert anonymous.get("/api/auth/me/").status_code == 401


def test_logout_ends_the_session(db, make_user):
    # given
    user = make_user()
    client = APIClient()
    client.post("/api/auth/login/", {"username": user.username, "password": PASSWORD}, format="json")
    # when
    client.post("/api/auth/logout/")
    # then
    assert client.get("/api/auth/me/").status_code == 401


def test_malformed_login_bodies_are_400(db):
    client = APIClient()
    assert (
        client.post(
            "/api/auth/login/", {"username": "x" * 10_000, "password": "y"}, format="json"
        ).status_code
        == 400
    )
    assert (
        client.post("/api/auth/login/", {"username": ["a"], "password": 5}, format="json").status_code == 400
    )
    assert client.post("/api/auth/login/", "not json", content_type="application/json").status_code == 400
