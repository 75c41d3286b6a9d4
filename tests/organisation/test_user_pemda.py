"""Who may name the pemda of a new user: the platform operator (a new pemda's first admin), nobody else."""

import pytest
from django.core.exceptions import ValidationError

from organisation.models import Role, User
from organisation.services import user_create
from tests.factories import PemdaFactory

STRONG = "Sukamaju-Kuat-77"


def operator() -> User:
    return User.objects.create_superuser("operator", password="x")


def test_the_operator_creates_the_first_admin_of_a_new_pemda(db, client_for):
    # given
    new_pemda = PemdaFactory(kode="76.05", nama="Kabupaten Baru")
    payload = {"username": "admin.baru", "role": Role.ADMIN, "password": STRONG, "pemda": new_pemda.pk}
    # when
    response = client_for(operator()).post("/api/users/", payload, format="json")
    # then
    assert response.status_code == 201, response.json()
    created = User.objects.get(username="admin.baru")
    assert created.pemda == new_pemda
    assert created.role == Role.ADMIN
    assert response.json()["pemda"] == new_pemda.pk


def test_the_operator_without_a_pemda_gets_a_field_error_in_words(db, client_for):
    # given
    payload = {"username": "tanpa.pemda", "role": Role.ADMIN, "password": STRONG}
    # when
    response = client_for(operator()).post("/api/users/", payload, format="json")
    # then
    assert response.status_code == 400
    body = response.json()
    assert "pemda" in body
    assert "Batasan" not in str(body)
    assert "user_has_pemda" not in str(body)
    assert not User.objects.filter(username="tanpa.pemda").exists()


def test_a_pemda_admin_adds_users_to_its_own_pemda_whatever_it_sends(db, pemda, make_user, client_for):
    # given
    client = client_for(make_user(Role.ADMIN))
    base = {"role": Role.LEADER, "password": STRONG}
    # when
    implicit = client.post("/api/users/", {**base, "username": "tersirat"}, format="json")
    explicit = client.post("/api/users/", {**base, "username": "tersurat", "pemda": pemda.pk}, format="json")
    # then
    assert implicit.status_code == 201
    assert explicit.status_code == 201
    assert User.objects.get(username="tersirat").pemda == pemda
    assert User.objects.get(username="tersurat").pemda == pemda


def test_a_pemda_admin_naming_another_pemda_gets_a_field_error(db, other_pemda, make_user, client_for):
    # given
    client = client_for(make_user(Role.ADMIN))
    payload = {"username": "penyusup", "role": Role.LEADER, "password": STRONG, "pemda": other_pemda.pk}
    # when
    response = client.post("/api/users/", payload, format="json")
    # then
    assert response.status_code == 400
    assert "pemda" in response.json()
    assert not User.objects.filter(username="penyusup").exists()


def test_the_service_refuses_another_pemda_even_without_the_serializer(db, pemda, other_pemda, make_user):
    # given
    admin = make_user(Role.ADMIN)
    # when / then
    with pytest.raises(ValidationError) as error:
        user_create(user=admin, password=STRONG, pemda=other_pemda, username="lain", role=Role.LEADER)
    assert "pemda" in error.value.message_dict


def test_a_users_pemda_cannot_be_changed(db, pemda, other_pemda, make_user, client_for):
    # given
    target = make_user(Role.LEADER)
    client = client_for(operator())
    # when
    response = client.patch(f"/api/users/{target.pk}/", {"pemda": other_pemda.pk}, format="json")
    # then
    assert response.status_code == 200
    target.refresh_from_db()
    assert target.pemda == pemda


def test_an_opd_role_for_a_new_pemda_needs_an_opd_of_that_pemda(db, opd, client_for):
    # given
    new_pemda = PemdaFactory(kode="76.05", nama="Kabupaten Baru")
    payload = {
        "username": "bendahara.baru",
        "role": Role.OPD_FINANCE,
        "password": STRONG,
        "pemda": new_pemda.pk,
        "perangkat_daerah": opd.pk,  # an OPD of another pemda
    }
    # when
    response = client_for(operator()).post("/api/users/", payload, format="json")
    # then
    assert response.status_code == 400
    assert "perangkat_daerah" in response.json()
