from types import SimpleNamespace
from urllib.parse import quote

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from rest_framework.test import APIClient

from organisation import audit
from organisation.models import AuditEntry, AuditEvent, PerangkatDaerah, Role, TenantScope
from organisation.services import auth_token_create
from reference.models import ReferenceVersion

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


def index_rows() -> set[tuple]:
    return set(
        AuditEntry.objects.values_list("event_model", "event_id", "object_model", "object_id", "label")
    )


def event_rows() -> set[tuple]:
    return set(
        AuditEvent.objects.values_list("pgh_model", "pgh_id", "pgh_obj_model", "pgh_obj_id", "pgh_label")
    )


def test_the_index_holds_every_event_once_with_its_pemda(pemda, other_pemda, opd, make_user):
    # given: API writes, bulk updates, a raw SQL insert and a national reference change
    admin = make_user(Role.ADMIN)
    assert (
        token_client(admin)
        .patch(f"/api/perangkat-daerah/{opd.pk}/", {"nama": "Dinas X"}, format="json")
        .status_code
        == 200
    )
    other = PerangkatDaerah.objects.create(
        pemda=other_pemda, kode="1.02.0.00.0.00.01.0000", nama="Dinas Lain"
    )
    PerangkatDaerah.objects.filter(pk__in=[opd.pk, other.pk]).update(singkatan="BULK")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE organisation_pemda SET nama = nama || ' (raw)' WHERE id = %s", [pemda.pk])
    version = ReferenceVersion.objects.create(
        kind="sumber_dana", legal_basis="uji", tahun_mulai=2026, tahun_selesai=2026
    )

    # then: the index and the event tables list the same events, nothing twice
    assert index_rows() == event_rows()
    assert AuditEntry.objects.count() == AuditEvent.objects.count()
    # each entry carries the pemda of its row: the OPD's, the Pemda row's own id, none for national data
    entries = AuditEntry.objects
    assert set(
        entries.filter(object_model="organisation.PerangkatDaerah", object_id=str(opd.pk)).values_list(
            "pemda_id", flat=True
        )
    ) == {pemda.pk}
    assert set(
        entries.filter(object_model="organisation.PerangkatDaerah", object_id=str(other.pk)).values_list(
            "pemda_id", flat=True
        )
    ) == {other_pemda.pk}
    assert set(
        entries.filter(object_model="organisation.Pemda", object_id=str(pemda.pk)).values_list(
            "pemda_id", flat=True
        )
    ) == {pemda.pk}
    assert set(
        entries.filter(object_model="reference.ReferenceVersion", object_id=str(version.pk)).values_list(
            "pemda_id", flat=True
        )
    ) == {None}
    # and the author of the API change
    api_change = entries.filter(
        object_model="organisation.PerangkatDaerah", object_id=str(opd.pk), label="update"
    )
    assert api_change.order_by("id").first().user_id == admin.pk


def test_the_trail_pages_newest_first_and_counts_what_it_filters(pemda, opd, make_user):
    # given: one change outside any request, then an administrator's three renames
    PerangkatDaerah.objects.filter(pk=opd.pk).update(singkatan="LUAR")
    admin = make_user(Role.ADMIN)
    client = token_client(admin)
    for n in range(3):
        current = client.get(f"/api/perangkat-daerah/{opd.pk}/").json()
        response = client.patch(
            f"/api/perangkat-daerah/{opd.pk}/",
            {"nama": f"Dinas {n}", "version": current["version"]},
            format="json",
        )
        assert response.status_code == 200, response.content
    auditor = token_client(make_user(Role.AUDITOR))

    # when
    by_admin = auditor.get(
        "/api/audit-events/", {"user": admin.pk, "model": "organisation.PerangkatDaerah"}
    ).json()
    updates = auditor.get(
        "/api/audit-events/", {"object_id": str(opd.pk), "label": "update", "page_size": 2}
    ).json()

    # then: the user filter finds the three renames only, newest first, each with its diff
    assert by_admin["count"] == 3
    assert [event["pgh_diff"]["nama"][1] for event in by_admin["results"]] == [
        "Dinas 2",
        "Dinas 1",
        "Dinas 0",
    ]
    # and the count is of every matching event, not of the page
    assert updates["count"] == 4
    assert len(updates["results"]) == 2
    assert updates["results"][0]["pgh_diff"]["nama"] == ["Dinas 1", "Dinas 2"]


def test_a_tracked_model_without_a_pemda_column_is_a_configuration_error():
    # given: an event model whose tracked model is scoped through another table
    class Tracked:
        tenant_scope = TenantScope(pemda="anggaran__pemda")
        _meta = SimpleNamespace(label="budgeting.Example")

    class Event:
        pgh_tracked_model = Tracked
        _meta = SimpleNamespace(fields=[], label="budgeting.ExampleEvent")

    # then
    with pytest.raises(ImproperlyConfigured, match=r"budgeting\.Example "):
        audit.pemda_sql(Event)  # type: ignore[arg-type]
    # and every event model of the project resolves
    assert all(audit.pemda_sql(model) for model in audit.event_models())


def test_installing_the_trigger_on_a_table_back_fills_its_earlier_events(opd, other_opd):
    # given: events written while a table had no trigger, so the index misses them
    PerangkatDaerah.objects.filter(pk__in=[opd.pk, other_opd.pk]).update(singkatan="LAMA")
    with connection.cursor() as cursor:
        cursor.execute('DROP TRIGGER audit_entry ON "organisation_perangkatdaerahevent"')
    AuditEntry.objects.filter(object_model="organisation.PerangkatDaerah").delete()
    assert index_rows() != event_rows()

    # when: `migrate` installs the triggers again
    audit.install()

    # then: the index holds every event once more, with its pemda
    assert index_rows() == event_rows()
    assert set(
        AuditEntry.objects.filter(object_model="organisation.PerangkatDaerah").values_list(
            "pemda_id", flat=True
        )
    ) == {opd.pemda_id}
