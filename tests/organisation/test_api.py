import pytest

from organisation.models import PerangkatDaerah, Role, User
from tests.factories import PerangkatDaerahFactory, UserFactory


def opd_payload(**overrides):
    return {
        "kode": "2.11.0.00.0.00.01.0000",
        "nama": "Dinas Lingkungan Hidup",
        "singkatan": "DLH",
        **overrides,
    }


def test_admin_creates_an_opd_in_own_pemda(db, pemda, make_user, client_for):
    # given
    client = client_for(make_user(Role.ADMIN))
    # when
    response = client.post("/api/perangkat-daerah/", opd_payload(), format="json")
    # then
    assert response.status_code == 201, response.json()
    assert PerangkatDaerah.objects.get(pk=response.json()["id"]).pemda == pemda


@pytest.mark.parametrize("role", [Role.BAPPEDA, Role.OPD_PLANNER, Role.FINANCE, Role.LEADER, Role.AUDITOR])
def test_only_admin_writes_opds(db, make_user, client_for, role):
    # given
    client = client_for(make_user(role))
    # when
    response = client.post("/api/perangkat-daerah/", opd_payload(), format="json")
    # then
    assert response.status_code == 403
    assert not PerangkatDaerah.objects.filter(kode=opd_payload()["kode"]).exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        (opd_payload(kode="1.02.01"), "kode"),
        (opd_payload(kode="x" * 5000), "kode"),
        (opd_payload(nama=""), "nama"),
        (opd_payload(kode="2.11.0.00.0.00.01.0001"), "induk"),
        (opd_payload(induk=999_999_999), "induk"),
        (opd_payload(induk="abc"), "induk"),
        (opd_payload(is_active="perhaps"), "is_active"),
    ],
)
def test_bad_opd_input_is_a_field_error_and_writes_nothing(db, make_user, client_for, payload, field):
    # given
    client = client_for(make_user(Role.ADMIN))
    before = PerangkatDaerah.objects.count()
    # when
    response = client.post("/api/perangkat-daerah/", payload, format="json")
    # then
    assert response.status_code == 400
    assert field in response.json()
    assert PerangkatDaerah.objects.count() == before


def test_duplicate_opd_code_in_a_pemda_is_refused(db, opd, make_user, client_for):
    # given
    client = client_for(make_user(Role.ADMIN))
    # when
    response = client.post("/api/perangkat-daerah/", opd_payload(kode=opd.kode), format="json")
    # then
    assert response.status_code in (400, 409)
    assert PerangkatDaerah.objects.filter(kode=opd.kode).count() == 1


def test_sub_unit_must_extend_its_induk_code(db, opd, make_user, client_for):
    # given
    client = client_for(make_user(Role.ADMIN))
    # when
    wrong = client.post("/api/perangkat-daerah/", opd_payload(kode="2.11.0.00.0.00.01.0001", induk=opd.pk))
    right = client.post("/api/perangkat-daerah/", opd_payload(kode=opd.kode[:-4] + "0001", induk=opd.pk))
    # then
    assert wrong.status_code == 400
    assert "kode" in wrong.json()
    assert right.status_code == 201


def test_induk_from_another_pemda_reads_as_unknown(db, other_pemda, make_user, client_for):
    # given
    foreign = PerangkatDaerahFactory(pemda=other_pemda, kode="2.11.0.00.0.00.01.0000")
    client = client_for(make_user(Role.ADMIN))
    # when
    response = client.post(
        "/api/perangkat-daerah/", opd_payload(kode="2.11.0.00.0.00.01.0001", induk=foreign.pk)
    )
    # then
    assert response.status_code == 400
    assert "induk" in response.json()


def test_other_pemda_objects_are_404(db, other_pemda, make_user, client_for):
    # given
    foreign = PerangkatDaerahFactory(pemda=other_pemda)
    client = client_for(make_user(Role.ADMIN))
    # then
    assert client.get(f"/api/perangkat-daerah/{foreign.pk}/").status_code == 404
    assert client.patch(f"/api/perangkat-daerah/{foreign.pk}/", {"nama": "X"}).status_code == 404
    assert client.get(f"/api/pemda/{other_pemda.pk}/").status_code == 404
    assert PerangkatDaerah.objects.get(pk=foreign.pk).nama != "X"


def test_opd_user_cannot_read_another_opd(db, opd, other_opd, make_user, client_for):
    # given
    client = client_for(make_user(Role.OPD_FINANCE, perangkat_daerah=opd))
    # then
    assert client.get(f"/api/perangkat-daerah/{other_opd.pk}/").status_code == 404
    assert [row["id"] for row in client.get("/api/perangkat-daerah/").json()["results"]] == [opd.pk]


def test_update_with_stale_if_match_is_412_and_changes_nothing(db, opd, make_user, client_for):
    # given
    client = client_for(make_user(Role.ADMIN))
    etag = client.get(f"/api/perangkat-daerah/{opd.pk}/")["ETag"]
    client.patch(f"/api/perangkat-daerah/{opd.pk}/", {"nama": "Dinas Kesehatan Daerah"}, HTTP_IF_MATCH=etag)
    # when
    stale = client.patch(f"/api/perangkat-daerah/{opd.pk}/", {"nama": "Nama Lama"}, HTTP_IF_MATCH=etag)
    # then
    assert stale.status_code == 412
    assert PerangkatDaerah.objects.get(pk=opd.pk).nama == "Dinas Kesehatan Daerah"


def test_update_with_stale_version_in_body_is_409(db, opd, make_user, client_for):
    # given
    client = client_for(make_user(Role.ADMIN))
    version = client.get(f"/api/perangkat-daerah/{opd.pk}/").json()["version"]
    assert (
        client.patch(f"/api/perangkat-daerah/{opd.pk}/", {"nama": "A", "version": version}).status_code == 200
    )
    # when
    stale = client.patch(f"/api/perangkat-daerah/{opd.pk}/", {"nama": "B", "version": version})
    # then
    assert stale.status_code == 409
    assert PerangkatDaerah.objects.get(pk=opd.pk).nama == "A"


def test_opd_in_use_cannot_be_deleted(db, opd, make_user, client_for):
    # given
    make_user(Role.OPD_PLANNER, perangkat_daerah=opd)
    client = client_for(make_user(Role.ADMIN))
    # when
    response = client.delete(f"/api/perangkat-daerah/{opd.pk}/")
    # then
    assert response.status_code == 409
    assert PerangkatDaerah.objects.filter(pk=opd.pk).exists()


def test_search_by_code_prefix_or_name(db, opd, other_opd, make_user, client_for):
    # given
    client = client_for(make_user(Role.BAPPEDA))
    # then
    assert [r["id"] for r in client.get("/api/perangkat-daerah/?q=1.02").json()["results"]] == [opd.pk]
    assert [r["id"] for r in client.get("/api/perangkat-daerah/?q=pendidikan").json()["results"]] == [
        other_opd.pk
    ]


def test_only_the_platform_operator_adds_a_pemda(db, make_user, client_for):
    # given
    operator = User.objects.create_superuser("operator", password="x")
    # when
    by_admin = client_for(make_user(Role.ADMIN)).post("/api/pemda/", {"kode": "76.03"})
    by_operator = client_for(operator).post("/api/pemda/", {"kode": "76.03"})
    unknown = client_for(operator).post("/api/pemda/", {"kode": "99.99"})
    # then
    assert by_admin.status_code == 403
    assert by_operator.status_code == 201
    assert by_operator.json()["nama"] == "Kabupaten Mamasa"
    assert by_operator.json()["level"] == "KABKOT"
    assert unknown.status_code == 400


def test_admin_creates_users_with_a_valid_scope_and_password(db, opd, other_pemda, make_user, client_for):
    # given
    client = client_for(make_user(Role.ADMIN))
    foreign_opd = PerangkatDaerahFactory(pemda=other_pemda)
    base = {"username": "baru", "role": Role.OPD_PLANNER, "password": "Sukamaju-Kuat-77"}
    # when
    no_opd = client.post("/api/users/", base, format="json")
    weak = client.post(
        "/api/users/", {**base, "perangkat_daerah": opd.pk, "password": "12345"}, format="json"
    )
    foreign = client.post("/api/users/", {**base, "perangkat_daerah": foreign_opd.pk}, format="json")
    ok = client.post("/api/users/", {**base, "perangkat_daerah": opd.pk}, format="json")
    # then
    assert no_opd.status_code == 400
    assert "perangkat_daerah" in no_opd.json()
    assert weak.status_code == 400
    assert "password" not in ok.json()
    assert foreign.status_code == 400
    assert ok.status_code == 201
    assert User.objects.get(username="baru").check_password("Sukamaju-Kuat-77")


def test_deleting_a_user_deactivates_it(db, make_user, client_for):
    # given
    target = make_user(Role.LEADER)
    client = client_for(make_user(Role.ADMIN))
    # when
    response = client.delete(f"/api/users/{target.pk}/")
    # then
    assert response.status_code == 204
    assert User.objects.get(pk=target.pk).is_active is False


def test_users_of_another_pemda_are_invisible(db, other_pemda, make_user, client_for):
    # given
    foreign = UserFactory(pemda=other_pemda)
    client = client_for(make_user(Role.ADMIN))
    # then
    assert client.get(f"/api/users/{foreign.pk}/").status_code == 404


def test_an_admin_cannot_deactivate_itself(db, make_user, client_for):
    # given
    admin = make_user(Role.ADMIN)
    # when
    response = client_for(admin).delete(f"/api/users/{admin.pk}/")
    # then
    assert response.status_code == 403
    assert User.objects.get(pk=admin.pk).is_active


def test_an_unroutable_api_url_is_a_json_404(db, make_user, client_for):
    # when
    response = client_for(make_user()).delete("/api/perangkat-daerah/0.5/")
    # then
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
