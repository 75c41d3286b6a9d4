from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from organisation.models import AuthToken, LoginGuard, RateWindow, Role, User
from organisation.throttling import rate_window_hit
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


def test_a_session_ends_when_the_user_is_deactivated_or_changes_password(db, make_user, client_for):
    # given: two users signed in with a session, and an administrator
    admin = client_for(make_user(Role.ADMIN))
    sessions = {}
    for name in ("nonaktif", "sandi"):
        user = make_user(Role.BAPPEDA, username=name)
        session = APIClient()
        assert (
            session.post(
                "/api/auth/login/", {"username": name, "password": PASSWORD}, format="json"
            ).status_code
            == 200
        )
        sessions[name] = (user, session)
    # when: one is deactivated, the other's password is changed by the administrator
    assert admin.delete(f"/api/users/{sessions['nonaktif'][0].pk}/").status_code == 204
    changed = admin.patch(
        f"/api/users/{sessions['sandi'][0].pk}/", {"password": "Sandi-Baru-2026!"}, format="json"
    )
    assert changed.status_code == 200, changed.content
    # then: neither session is signed in any more
    for _, session in sessions.values():
        assert session.get("/api/auth/me/").status_code in (401, 403)


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
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 600


def login_from(address: str, username: str, password: str):
    return APIClient(REMOTE_ADDR=address).post(
        "/api/auth/login/", {"username": username, "password": password}, format="json"
    )


@override_settings(LOGIN_MAX_FAILURES=3, LOGIN_LOCKOUT_SECONDS=60)
def test_a_lockout_does_not_tell_whether_the_username_exists(db, make_user):
    # given: the same failures against a real and an invented username
    user = make_user()
    answers = {}
    for username in (user.username, "tidak-ada-orangnya"):
        for _ in range(3):
            login_from("203.0.113.9", username, "wrong")
        # when
        response = login_from("203.0.113.9", username, "wrong")
        answers[username] = (response.status_code, sorted(response.json()), response.json()["code"])
    # then
    assert (
        answers[user.username] == answers["tidak-ada-orangnya"] == (429, ["code", "detail"], "login_locked")
    )


@override_settings(LOGIN_MAX_FAILURES=3, LOGIN_LOCKOUT_SECONDS=60)
def test_an_attacker_cannot_lock_the_owner_out_from_the_owners_address(db, make_user):
    # given: five wrong passwords for the admin from another address
    admin = make_user(Role.ADMIN)
    for _ in range(5):
        login_from("203.0.113.66", admin.username, "wrong")
    # when
    own = login_from("198.51.100.1", admin.username, PASSWORD)
    attacker = login_from("203.0.113.66", admin.username, PASSWORD)
    # then
    assert own.status_code == 200
    assert attacker.status_code == 429


@override_settings(LOGIN_MAX_FAILURES=2, LOGIN_LOCKOUT_SECONDS=60, LOGIN_LOCKOUT_MAX_SECONDS=10_000)
def test_each_further_failure_doubles_the_lock(db, make_user):
    # given: a pair locked after two failures
    user = make_user()
    for _ in range(2):
        login_from("203.0.113.9", user.username, "wrong")
    waits = []
    for _ in range(3):
        waits.append(int(login_from("203.0.113.9", user.username, PASSWORD)["Retry-After"]))
        # when: the lock has run out and the guesser fails once more
        LoginGuard.objects.update(locked_until=timezone.now())
        login_from("203.0.113.9", user.username, "wrong")
    # then
    assert [round(wait, -1) for wait in waits] == [60, 120, 240]


@override_settings(LOGIN_MAX_FAILURES=2, LOGIN_LOCKOUT_SECONDS=600)
def test_an_admin_unlocks_a_user_of_the_pemda_and_the_audit_trail_shows_it(
    db, make_user, client_for, other_pemda
):
    # given: a locked user, their admin, and an admin of another pemda
    user = make_user()
    for _ in range(2):
        login_from("203.0.113.9", user.username, "wrong")
    admin = client_for(make_user(Role.ADMIN))
    outsider = client_for(make_user(Role.ADMIN, pemda=other_pemda))
    # when
    foreign = outsider.post(f"/api/users/{user.pk}/unlock/")
    response = admin.post(f"/api/users/{user.pk}/unlock/")
    # then
    assert foreign.status_code == 404
    assert response.status_code == 200
    assert response.json() == {"unlocked": 1}
    assert login_from("203.0.113.9", user.username, PASSWORD).status_code == 200
    events = admin.get("/api/audit-events/", {"page_size": 100}).json()["results"]
    assert any(e["pgh_label"] == "login.unlock" and e["pgh_obj_id"] == str(user.pk) for e in events)


def test_a_non_admin_cannot_unlock(db, make_user, client_for):
    # given
    user = make_user()
    # when
    response = client_for(make_user(Role.BAPPEDA)).post(f"/api/users/{user.pk}/unlock/")
    # then
    assert response.status_code == 403


@override_settings(
    REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"login": "5/min"}},
    TRUSTED_PROXIES=["10.0.0.0/8"],
)
def test_the_login_throttle_counts_per_client_and_ignores_a_forged_forwarded_for(transactional_db):
    # (transactional: a throttled answer marks the request's transaction for rollback, as DRF does for errors)
    # given: one client rotating X-Forwarded-For, straight to the server (not through the proxy)
    def attempt(n: int, remote: str, forwarded: str):
        return APIClient(REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded).post(
            "/api/auth/token/", {"username": f"u{n}", "password": "x"}, format="json"
        )

    # when
    direct = [attempt(n, "203.0.113.5", f"198.51.100.{n}").status_code for n in range(7)]
    # behind the trusted proxy, the right-most untrusted hop is the client; a forged left part changes nothing
    proxied = [attempt(n, "10.0.0.2", f"1.2.3.{n}, 192.0.2.7").status_code for n in range(7)]
    # then
    assert direct.count(429) == 2
    assert proxied.count(429) == 2
    assert attempt(0, "10.0.0.2", "192.0.2.8").status_code == 400


def test_the_throttle_counter_is_shared_by_every_worker(db):
    # given: the counter lives in the database, not in one process's memory
    start = datetime(2026, 1, 1, tzinfo=UTC)
    # when
    counts = [rate_window_hit(key="login:192.0.2.1", window_start=start) for _ in range(3)]
    later = rate_window_hit(key="login:192.0.2.1", window_start=start.replace(minute=1))
    # then
    assert counts == [1, 2, 3]
    assert later == 1


def test_a_new_caller_makes_the_throttle_forget_callers_idle_for_a_day(db):
    # given: a counter from two days ago and one from an hour ago
    now = datetime(2026, 1, 3, tzinfo=UTC)
    rate_window_hit(key="login:192.0.2.1", window_start=now - timedelta(days=2))
    rate_window_hit(key="login:192.0.2.2", window_start=now - timedelta(hours=1))
    # when: a request from an address not seen before, then one from a known address
    rate_window_hit(key="login:192.0.2.3", window_start=now)
    # then: only the idle counter is gone
    assert set(RateWindow.objects.values_list("key", flat=True)) == {"login:192.0.2.2", "login:192.0.2.3"}


def test_a_failure_for_a_new_name_forgets_quiet_unlocked_pairs_but_keeps_locks(db, make_user):
    # given: a pair quiet for two days, one still locked though quiet, one recent
    now = timezone.now()
    old = now - timedelta(days=2)
    LoginGuard.objects.create(username="lama", source="192.0.2.1", failures=2, last_failure_at=old)
    LoginGuard.objects.create(
        username="terkunci",
        source="192.0.2.1",
        failures=9,
        last_failure_at=old,
        locked_until=now + timedelta(hours=1),
    )
    LoginGuard.objects.create(username="baru", source="192.0.2.1", failures=1, last_failure_at=now)
    # when: someone fails with a name not tried before
    response = APIClient().post(
        "/api/auth/token/", {"username": "tebakan", "password": "x" * 12}, format="json"
    )
    # then
    assert response.status_code == 400
    assert set(LoginGuard.objects.values_list("username", flat=True)) == {"terkunci", "baru", "tebakan"}


def new_token(user: User, name: str = "") -> str:
    response = APIClient().post(
        "/api/auth/token/", {"username": user.username, "password": PASSWORD, "name": name}, format="json"
    )
    assert response.status_code == 201, response.content
    return response.json()["token"]


def with_token(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_token_for_api_clients(db, make_user):
    # given
    user = make_user(Role.FINANCE)
    client = with_token(new_token(user))
    # when
    response = client.get("/api/auth/me/")
    # then
    assert response.status_code == 200
    assert response.json()["role"] == Role.FINANCE


def test_each_token_request_issues_a_new_named_token_stored_only_as_a_digest(db, make_user):
    # given
    user = make_user()
    # when
    first, second = new_token(user, "sipd-sync"), new_token(user, "laptop")
    # then
    assert first != second
    listed = with_token(first).get("/api/auth/tokens/").json()
    assert sorted(t["name"] for t in listed) == ["laptop", "sipd-sync"]
    assert [t["current"] for t in listed if t["name"] == "sipd-sync"] == [True]
    assert first not in str(listed)
    assert not AuthToken.objects.filter(digest__in=[first, second]).exists()


def test_logout_revokes_the_token_it_was_called_with(db, make_user):
    # given
    user = make_user()
    key, other = new_token(user), new_token(user)
    # when
    with_token(key).post("/api/auth/logout/")
    # then
    assert with_token(key).get("/api/auth/me/").status_code == 401
    assert with_token(other).get("/api/auth/me/").status_code == 200


def test_logout_all_revokes_every_token(db, make_user):
    # given
    user = make_user()
    key, other = new_token(user), new_token(user)
    # when
    with_token(key).post("/api/auth/logout-all/")
    # then
    assert with_token(other).get("/api/auth/me/").status_code == 401


def test_a_password_change_and_a_deactivation_revoke_tokens_for_good(db, make_user, client_for):
    # given
    admin = client_for(make_user(Role.ADMIN))
    user = make_user()
    before_password, before_deactivation = new_token(user), None
    # when: the password changes
    admin.patch(f"/api/users/{user.pk}/", {"password": "Kata-Sandi-Baru-2026"}, format="json")
    # then
    assert with_token(before_password).get("/api/auth/me/").status_code == 401
    # when: deactivated, then reactivated
    user.set_password(PASSWORD)
    user.save()
    before_deactivation = new_token(user)
    admin.delete(f"/api/users/{user.pk}/")
    admin.patch(f"/api/users/{user.pk}/", {"is_active": True}, format="json")
    # then
    assert with_token(before_deactivation).get("/api/auth/me/").status_code == 401


def test_an_expired_token_is_refused(db, make_user):
    # given
    user = make_user()
    key = new_token(user)
    AuthToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    # when / then
    assert with_token(key).get("/api/auth/me/").status_code == 401


def test_a_user_revokes_their_own_token_but_not_anothers(db, make_user):
    # given
    user, other = make_user(), make_user()
    mine, spare, theirs = new_token(user), new_token(user), new_token(other)
    client = with_token(mine)
    spare_id = next(t["id"] for t in client.get("/api/auth/tokens/").json() if not t["current"])
    their_id = with_token(theirs).get("/api/auth/tokens/").json()[0]["id"]
    # when
    refused = client.delete(f"/api/auth/tokens/{their_id}/")
    revoked = client.delete(f"/api/auth/tokens/{spare_id}/")
    # then
    assert refused.status_code == 404
    assert revoked.status_code == 204
    assert with_token(spare).get("/api/auth/me/").status_code == 401
    assert with_token(theirs).get("/api/auth/me/").status_code == 200


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
