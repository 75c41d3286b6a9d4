from urllib.parse import quote

import pytest
from rest_framework.test import APIClient

from organisation.models import AuditEvent, PerangkatDaerah, Role
from organisation.services import auth_token_create

pytestmark = pytest.mark.django_db


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {auth_token_create(user=user)[1]}")
    return client


def events(client: APIClient, **params) -> list[dict]:
    response = client.get("/api/audit-events/", params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_an_api_change_is_read_back_with_its_before_after_and_author(make_user, opd):
    # given: an administrator renames an OPD through the API
    admin = make_user(Role.ADMIN)
    old_name = opd.nama
    response = token_client(admin).patch(
        f"/api/perangkat-daerah/{opd.pk}/", {"nama": "Dinas Uji Coba Audit"}, format="json"
    )
    assert response.status_code == 200, response.content

    # when: an auditor of the same pemda reads the object's history
    found = events(
        token_client(make_user(Role.AUDITOR)),
        model="organisation.PerangkatDaerah",
        object_id=str(opd.pk),
        label="update",
    )

    # then: one update, with the rename as before → after, attributed to the administrator and the URL
    assert len(found) == 1
    assert found[0]["pgh_diff"]["nama"] == [old_name, "Dinas Uji Coba Audit"]
    assert found[0]["pgh_context"]["user"] == admin.pk
    assert found[0]["pgh_context"]["url"] == f"/api/perangkat-daerah/{opd.pk}/"


def test_bulk_updates_are_in_the_trail(make_user, opd, other_opd):
    # given: a bulk update that bypasses save()
    PerangkatDaerah.objects.filter(pk__in=[opd.pk, other_opd.pk]).update(singkatan="BULK")

    # when
    found = events(
        token_client(make_user(Role.AUDITOR)), model="organisation.PerangkatDaerah", label="update"
    )

    # then: one event per row
    assert {int(event["pgh_obj_id"]) for event in found} == {opd.pk, other_opd.pk}


def test_an_auditor_sees_only_own_pemda_history(make_user, pemda, other_pemda, opd):
    # given: changes in both pemda
    other = PerangkatDaerah.objects.create(
        pemda=other_pemda, kode="1.02.0.00.0.00.01.0000", nama="Dinas Lain", singkatan="DL"
    )
    PerangkatDaerah.objects.filter(pk__in=[opd.pk, other.pk]).update(singkatan="X")
    auditor = token_client(make_user(Role.AUDITOR))

    # when
    visible = events(auditor, model="organisation.PerangkatDaerah")
    pemda_rows = events(auditor, model="organisation.Pemda")

    # then: own OPD and own Pemda row only; another pemda's event is 404 by its slug
    assert {int(event["pgh_obj_id"]) for event in visible} == {opd.pk}
    assert {int(event["pgh_obj_id"]) for event in pemda_rows} == {pemda.pk}
    slug = AuditEvent.objects.filter(pgh_obj_model="organisation.PerangkatDaerah", pgh_obj_id=str(other.pk))[
        0
    ]
    assert auditor.get(f"/api/audit-events/{quote(slug.pgh_slug, safe='')}/").status_code == 404
    own = AuditEvent.objects.filter(pgh_obj_model="organisation.PerangkatDaerah", pgh_obj_id=str(opd.pk))[0]
    assert auditor.get(f"/api/audit-events/{quote(own.pgh_slug, safe='')}/").status_code == 200


def test_planners_cannot_read_the_trail(make_user):
    assert token_client(make_user(Role.BAPPEDA)).get("/api/audit-events/").status_code == 403
