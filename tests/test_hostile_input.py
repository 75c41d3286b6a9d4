"""Input an attacker sends to make the server fail: each is a 400, never a 500."""

import pytest
from django.contrib.auth import get_user_model

from organisation.models import Role


@pytest.mark.parametrize("depth", [40, 1_000, 100_000])
def test_a_deeply_nested_json_body_is_a_400(db, make_user, client_for, depth):
    # given
    client = client_for(make_user(Role.FINANCE))
    body = "[" * depth + "]" * depth
    # when
    response = client.post("/api/budget-lines/", body, content_type="application/json")
    # then
    assert response.status_code == 400
    assert response.json()["code"] == "json_too_deep"


def test_a_json_body_of_ordinary_depth_still_parses(db, make_user, client_for):
    # given
    client = client_for(make_user(Role.FINANCE))
    # when
    response = client.post("/api/budget-lines/", {"a": {"b": [{"c": [1]}]}}, format="json")
    # then: it reaches validation
    assert response.status_code == 400
    assert response.json().get("code") != "json_too_deep"


@pytest.mark.parametrize("url", ["/api/cascade/", "/api/planning-checks/"])
@pytest.mark.parametrize("pemda", ["abc", "\x00", "1\x00", "9" * 30, "-1", "١"])
def test_a_bad_pemda_parameter_from_the_operator_is_a_400(db, client_for, url, pemda):
    # given
    operator = get_user_model().objects.create(username="operator", is_superuser=True, pemda=None)
    # when
    response = client_for(operator).get(url, {"tahun": 2026, "pemda": pemda})
    # then
    assert response.status_code == 400
    assert "pemda" in response.json()
