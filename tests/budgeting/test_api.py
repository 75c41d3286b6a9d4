from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from budgeting.models import Anggaran, AnggaranStatus, BudgetLine, Pergeseran, Plafon, StandarHarga, Tahap
from budgeting.services import anggaran_close, budget_line_create
from budgeting.sipd import SIPD_HEADER
from organisation.models import Role
from tests.budgeting.factories import (
    TAHUN,
    AnggaranFactory,
    BudgetLineFactory,
    PlafonFactory,
    StandarHargaFactory,
)
from tests.factories import PerangkatDaerahFactory


@pytest.fixture
def payload(anggaran, ref, opd):
    def make(**overrides):
        return {
            "anggaran": anggaran.pk, "perangkat_daerah": opd.pk, "sub_kegiatan": ref.sub_kegiatan.pk,
            "akun": ref.atk.pk, "sumber_dana": ref.dau.pk, "komponen": "Kertas HVS A4", "volume_1": "2",
            "satuan_1": "Orang", "volume_2": "3", "satuan_2": "Hari", "harga_satuan": "150000", "ppn": "11",
            **overrides,
        }  # fmt: skip

    return make


@pytest.fixture
def line(anggaran, finance, line_fields):
    return budget_line_create(user=finance, anggaran=anggaran, **line_fields())


def test_a_line_is_created_with_a_computed_jumlah(payload, finance, client_for):
    # when
    response = client_for(finance).post("/api/budget-lines/", payload(jumlah="1"), format="json")
    # then
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["jumlah"], body["koefisien"], body["jenis"]) == ("999000.00", "2 Orang x 3 Hari", "belanja")
    assert body["sub_kegiatan_kode"] == "1.02.02.2.01.0001"


def test_an_opd_planner_adds_lines_to_its_own_opd(payload, make_user, client_for):
    response = client_for(make_user(Role.OPD_PLANNER)).post("/api/budget-lines/", payload(), format="json")
    assert response.status_code == 201, response.json()


@pytest.mark.parametrize("role", [Role.BAPPEDA, Role.LEADER, Role.AUDITOR])
def test_roles_without_write_get_403(payload, make_user, client_for, line, role):
    client = client_for(make_user(role))
    assert client.post("/api/budget-lines/", payload(), format="json").status_code == 403
    assert client.patch(f"/api/budget-lines/{line.pk}/", {"volume_1": "1"}, format="json").status_code == 403
    assert client.get(f"/api/budget-lines/{line.pk}/").status_code == 200
    assert BudgetLine.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"volume_1": "banyak"}, "volume_1"),
        ({"volume_1": "-1"}, "volume_1"),
        ({"harga_satuan": "-5"}, "harga_satuan"),
        ({"harga_satuan": "1e30"}, "harga_satuan"),
        ({"ppn": "150"}, "ppn"),
        ({"akun": 999_999_999}, "akun"),
        ({"akun": "abc"}, "akun"),
        ({"anggaran": 999_999_999}, "anggaran"),
        ({"sub_kegiatan": 999_999_999}, "sub_kegiatan"),
        ({"komponen": "x" * 6000}, "komponen"),
        ({"satuan_1": "x" * 500}, "satuan_1"),
        ({"kelompok": "x" * 500}, "kelompok"),
    ],
)
def test_bad_input_is_a_field_error_and_writes_nothing(payload, finance, client_for, overrides, field):
    # when
    response = client_for(finance).post("/api/budget-lines/", payload(**overrides), format="json")
    # then
    assert response.status_code == 400
    assert field in response.json()
    assert not BudgetLine.objects.exists()


def test_a_line_over_the_plafon_is_400_with_the_code_and_figures(payload, finance, client_for, anggaran, opd):
    # given
    PlafonFactory(anggaran=anggaran, perangkat_daerah=opd, jumlah=Decimal("500000"))
    # when
    response = client_for(finance).post("/api/budget-lines/", payload(), format="json")
    # then
    assert response.status_code == 400
    assert response.data["jumlah"][0].code == "plafon_exceeded"
    assert "999,000" in response.json()["jumlah"][0]
    assert not BudgetLine.objects.exists()


def test_editing_a_line_of_a_closed_stage_is_409(line, anggaran, finance, client_for):
    # given
    anggaran_close(user=finance, anggaran=anggaran)
    client = client_for(finance)
    # when
    patch = client.patch(f"/api/budget-lines/{line.pk}/", {"volume_1": "1"}, format="json")
    delete = client.delete(f"/api/budget-lines/{line.pk}/")
    # then
    assert (patch.status_code, patch.json()["code"]) == (409, "stage_closed")
    assert delete.status_code == 409
    assert BudgetLine.objects.get(pk=line.pk).jumlah == Decimal("550000.00")


def test_stale_if_match_is_412_and_stale_version_is_409(line, finance, client_for):
    # given
    client = client_for(finance)
    read = client.get(f"/api/budget-lines/{line.pk}/")
    etag, version = read["ETag"], read.json()["version"]
    assert (
        client.patch(f"/api/budget-lines/{line.pk}/", {"volume_1": "11"}, HTTP_IF_MATCH=etag).status_code
        == 200
    )
    # when
    stale_etag = client.patch(f"/api/budget-lines/{line.pk}/", {"volume_1": "1"}, HTTP_IF_MATCH=etag)
    stale_body = client.patch(
        f"/api/budget-lines/{line.pk}/", {"volume_1": "1", "version": version}, format="json"
    )
    # then
    assert stale_etag.status_code == 412
    assert stale_body.status_code == 409
    assert BudgetLine.objects.get(pk=line.pk).jumlah == Decimal("605000.00")


def test_an_opd_user_sees_only_its_own_opds_lines(
    anggaran, finance, line_fields, opd, other_opd, make_user, client_for, payload
):
    # given
    own = budget_line_create(user=finance, anggaran=anggaran, **line_fields())
    foreign = budget_line_create(user=finance, anggaran=anggaran, **line_fields(perangkat_daerah=other_opd))
    client = client_for(make_user(Role.OPD_FINANCE, perangkat_daerah=opd))
    # then
    assert [r["id"] for r in client.get("/api/budget-lines/").json()["results"]] == [own.pk]
    assert client.get(f"/api/budget-lines/{foreign.pk}/").status_code == 404
    assert (
        client.patch(f"/api/budget-lines/{foreign.pk}/", {"volume_1": "1"}, format="json").status_code == 404
    )
    assert client.delete(f"/api/budget-lines/{foreign.pk}/").status_code == 404
    created = client.post("/api/budget-lines/", payload(perangkat_daerah=other_opd.pk), format="json")
    assert created.status_code == 400
    assert "perangkat_daerah" in created.json()
    assert BudgetLine.objects.count() == 2


def test_another_pemdas_rows_are_404(other_pemda, ref, make_user, client_for, payload):
    # given
    foreign_stage = AnggaranFactory(pemda=other_pemda)
    foreign_opd = PerangkatDaerahFactory(pemda=other_pemda)
    foreign_line = BudgetLineFactory(anggaran=foreign_stage, perangkat_daerah=foreign_opd, akun=ref.atk)
    client = client_for(make_user(Role.FINANCE))
    # then
    assert client.get(f"/api/budget-lines/{foreign_line.pk}/").status_code == 404
    assert client.get(f"/api/anggaran/{foreign_stage.pk}/").status_code == 404
    assert client.post(f"/api/anggaran/{foreign_stage.pk}/close/").status_code == 404
    assert client.get("/api/budget-lines/").json()["count"] == 0
    response = client.post("/api/budget-lines/", payload(anggaran=foreign_stage.pk), format="json")
    assert response.status_code == 400
    assert "anggaran" in response.json()


def test_filters_by_akun_prefix_opd_and_sumber_dana(
    anggaran, finance, line_fields, ref, opd, other_opd, client_for
):
    # given
    atk = budget_line_create(user=finance, anggaran=anggaran, **line_fields())
    trip = budget_line_create(user=finance, anggaran=anggaran, **line_fields(akun=ref.perjalanan))
    budget_line_create(user=finance, anggaran=anggaran, **line_fields(perangkat_daerah=other_opd))
    client = client_for(finance)

    def ids(query):
        return {row["id"] for row in client.get("/api/budget-lines/", query).json()["results"]}

    # then
    assert ids({"akun": "5.1.02.04", "anggaran": anggaran.pk}) == {trip.pk}
    assert ids({"opd": opd.pk}) == {atk.pk, trip.pk}
    assert len(ids({"sumber_dana": "1.2.01"})) == 3
    assert ids({"sub_kegiatan_kode": "1.02.02.2.01", "opd": opd.pk, "akun": "5.1.02.01"}) == {atk.pk}


def test_tapd_runs_the_stage_cycle(line, anggaran, finance, client_for, opd):
    # given
    client = client_for(finance)
    # when
    locked = client.post(
        f"/api/anggaran/{anggaran.pk}/opd-lock/", {"perangkat_daerah": opd.pk, "is_closed": True}
    )
    blocked = client.patch(f"/api/budget-lines/{line.pk}/", {"volume_1": "1"}, format="json")
    closed = client.post(f"/api/anggaran/{anggaran.pk}/close/")
    copied = client.post(f"/api/anggaran/{anggaran.pk}/copy-to-next/", {}, format="json")
    # then
    assert locked.status_code == 200
    assert locked.json()["is_closed"] is True
    assert blocked.status_code == 409
    assert closed.json()["status"] == AnggaranStatus.CLOSED
    assert copied.status_code == 201
    assert (copied.json()["tahap"], copied.json()["sumber"]) == (Tahap.APBD, anggaran.pk)
    assert client.post(f"/api/anggaran/{anggaran.pk}/open/").json()["code"] == "stage_has_successor"


@pytest.mark.parametrize(
    "role", [Role.BAPPEDA, Role.OPD_PLANNER, Role.OPD_FINANCE, Role.LEADER, Role.AUDITOR]
)
def test_only_tapd_creates_closes_and_imports_stages(anggaran, make_user, client_for, role):
    client = client_for(make_user(role))
    assert client.post("/api/anggaran/", {"tahun": TAHUN, "tahap": "apbd"}).status_code == 403
    assert client.post(f"/api/anggaran/{anggaran.pk}/close/").status_code == 403
    assert client.get(f"/api/anggaran/{anggaran.pk}/").status_code == 200
    assert Anggaran.objects.get(pk=anggaran.pk).status == AnggaranStatus.OPEN


def test_a_stage_is_created_once_per_year_and_kind(finance, client_for):
    client = client_for(finance)
    assert client.post("/api/anggaran/", {"tahun": TAHUN, "tahap": "kua_ppas"}).status_code == 201
    assert client.post("/api/anggaran/", {"tahun": TAHUN, "tahap": "kua_ppas"}).status_code == 409
    assert client.post("/api/anggaran/", {"tahun": "abc", "tahap": "x"}).status_code == 400
    assert Anggaran.objects.count() == 1


def test_compare_endpoint(line, anggaran, finance, client_for):
    # given
    client = client_for(finance)
    client.post(f"/api/anggaran/{anggaran.pk}/close/")
    apbd = client.post(f"/api/anggaran/{anggaran.pk}/copy-to-next/", {}, format="json").json()
    copy = BudgetLine.objects.get(anggaran_id=apbd["id"])
    client.patch(f"/api/budget-lines/{copy.pk}/", {"volume_1": "20"}, format="json")
    # when
    response = client.get(f"/api/anggaran/{apbd['id']}/compare/", {"with": anggaran.pk, "grain": "line"})
    # then
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["totals"] == {"sebelum": "550000.00", "sesudah": "1100000.00", "selisih": "550000.00"}
    assert body["rows"][0]["status"] == "changed"
    assert client.get(f"/api/anggaran/{apbd['id']}/compare/", {"with": 999999}).status_code == 400
    assert client.get(f"/api/anggaran/{apbd['id']}/compare/").status_code == 400


def test_sipd_import_endpoint_reports_bad_rows(anggaran, finance, ref, client_for):
    # given
    good = ["2026", "1", "U", "1.02.0.00.0.00.01.0000", "Dinkes", "", "", "1.02", "B", "1.02.02", "P",
            "1.02.02.2.01", "K", "1.02.02.2.01.0001", "S", "1.2.01.01.02", "DAU", "5.1.02.01.01.0024", "ATK", "",
            "Kertas", "1000"]  # fmt: skip
    bad = [*good[:-1], "-1"]
    content = "\n".join(",".join(row) for row in [SIPD_HEADER, good, bad]).encode()
    client = client_for(finance)
    # when
    rejected = client.post(
        f"/api/anggaran/{anggaran.pk}/import-sipd/",
        {"file": SimpleUploadedFile("rincian.csv", content)},
        format="multipart",
    )
    accepted = client.post(
        f"/api/anggaran/{anggaran.pk}/import-sipd/",
        {"file": SimpleUploadedFile("rincian.csv", content[: content.rindex(b"\n")])},
        format="multipart",
    )
    # then
    assert rejected.status_code == 400
    assert rejected.json()["errors"] == [
        {"row": 3, "column": "pagu", "reason": rejected.json()["errors"][0]["reason"]}
    ]
    assert accepted.status_code == 201, accepted.json()
    assert accepted.json()["created"] == 1


def test_plafon_endpoint(anggaran, finance, opd, client_for, make_user):
    client = client_for(finance)
    created = client.post(
        "/api/plafon/", {"anggaran": anggaran.pk, "perangkat_daerah": opd.pk, "jumlah": "1000000"}
    )
    assert created.status_code == 201, created.json()
    assert (
        client.post(
            "/api/plafon/", {"anggaran": anggaran.pk, "perangkat_daerah": opd.pk, "jumlah": "-1"}
        ).status_code
        == 400
    )
    assert (
        client.post(
            "/api/plafon/", {"anggaran": anggaran.pk, "perangkat_daerah": opd.pk, "program_kode": "1.02"}
        ).status_code
        == 400
    )
    assert (
        client_for(make_user(Role.OPD_FINANCE))
        .post("/api/plafon/", {"anggaran": anggaran.pk, "perangkat_daerah": opd.pk, "jumlah": "5"})
        .status_code
        == 403
    )
    assert Plafon.objects.count() == 1


def test_standar_harga_search_and_import(pemda, finance, ref, client_for):
    # given
    StandarHargaFactory(pemda=pemda, uraian="Kertas HVS", akun=[ref.atk])
    StandarHargaFactory(pemda=pemda, uraian="Tiket pesawat", akun=[ref.perjalanan])
    client = client_for(finance)
    csv = (
        b"kode_kelompok_barang,uraian_kelompok_barang,uraian_barang,spesifikasi,satuan,harga_satuan,tkdn,kode_rekening\n"
        b'1.1.7.01,ATK,Pulpen,Hitam,Buah,"3500",40,"5.1.02.01.01.0024\n5.1.02.04.01.0001"\n'
    )
    # when
    imported = client.post(
        "/api/standar-harga/import/",
        {"file": SimpleUploadedFile("ssh.csv", csv), "jenis": "SSH", "tahun": TAHUN},
        format="multipart",
    )
    # then
    assert imported.status_code == 201, imported.json()
    assert [r["uraian"] for r in client.get("/api/standar-harga/", {"q": "kertas"}).json()["results"]] == [
        "Kertas HVS"
    ]
    found = client.get("/api/standar-harga/", {"akun": ref.perjalanan.pk}).json()["results"]
    assert sorted(r["uraian"] for r in found) == ["Pulpen", "Tiket pesawat"]
    assert StandarHarga.objects.get(uraian="Pulpen").is_ceiling is True


def test_pergeseran_endpoint(line, anggaran, finance, line_fields, ref, make_user, client_for):
    # given
    other = budget_line_create(user=finance, anggaran=anggaran, **line_fields(akun=ref.perjalanan))
    bendahara = client_for(make_user(Role.OPD_FINANCE))
    body = {
        "anggaran": anggaran.pk,
        "uraian": "Geser",
        "items": [{"budget_line": line.pk, "volume_1": "12"}, {"budget_line": other.pk, "volume_1": "8"}],
    }
    # when
    created = bendahara.post("/api/pergeseran/", body, format="json")
    unbalanced = bendahara.post("/api/pergeseran/", {**body, "items": body["items"][:1]}, format="json")
    by_maker = bendahara.post(f"/api/pergeseran/{created.json()['id']}/approve/")
    approved = client_for(make_user(Role.OPD_FINANCE)).post(
        f"/api/pergeseran/{created.json()['id']}/approve/"
    )
    by_leader = client_for(make_user(Role.LEADER)).post(f"/api/pergeseran/{created.json()['id']}/approve/")
    # then
    assert created.status_code == 201, created.json()
    assert created.json()["lingkup"] == "sub_kegiatan"
    assert unbalanced.status_code == 400
    assert "items" in unbalanced.json()
    assert by_maker.status_code == 403
    assert by_maker.json()["code"] == "maker_checker"
    assert approved.json()["status"] == "approved"
    assert by_leader.status_code in (403, 404)
    assert Pergeseran.objects.count() == 1


def test_plafon_rows_say_what_they_cover_and_what_is_left(
    anggaran, finance, opd, ref, line_fields, client_for
):
    # given: an OPD ceiling, a program ceiling and a (warn) sub kegiatan ceiling; lines of 550 000 and 3 × 150 000
    # on the first sub kegiatan, 200 000 on another sub kegiatan of the program, 70 000 on another program
    for kode in ("", "1.02.02"):
        PlafonFactory(anggaran=anggaran, perangkat_daerah=opd, program_kode=kode, jumlah=Decimal("5000000"))
    sub = "1.02.02.2.01.0001"
    PlafonFactory(
        anggaran=anggaran, perangkat_daerah=opd, sub_kegiatan_kode=sub, jumlah=Decimal("900000"), mode="warn"
    )
    budget_line_create(user=finance, anggaran=anggaran, **line_fields())
    budget_line_create(
        user=finance, anggaran=anggaran, **line_fields(volume_1=Decimal(3), harga_satuan=150000)
    )
    budget_line_create(
        user=finance,
        anggaran=anggaran,
        **line_fields(sub_kegiatan=ref.sub_kegiatan_2, volume_1=Decimal(1), harga_satuan=200000),
    )
    budget_line_create(
        user=finance,
        anggaran=anggaran,
        **line_fields(sub_kegiatan=ref.sub_kegiatan_3, volume_1=Decimal(1), harga_satuan=70000),
    )
    # when
    rows = client_for(finance).get("/api/plafon/", {"anggaran": anggaran.pk}).json()["results"]
    # then: each ceiling counts the lines of its scope, and sisa is jumlah − terpakai (negative when over)
    by_scope = {(r["program_kode"], r["sub_kegiatan_kode"]): (r["terpakai"], r["sisa"]) for r in rows}
    assert by_scope == {
        ("", ""): ("1270000.00", "3730000.00"),
        ("1.02.02", ""): ("1200000.00", "3800000.00"),
        ("", sub): ("1000000.00", "-100000.00"),
    }


def test_a_new_plafon_is_answered_with_its_usage(anggaran, finance, opd, line, client_for):
    response = client_for(finance).post(
        "/api/plafon/", {"anggaran": anggaran.pk, "perangkat_daerah": opd.pk, "jumlah": "1000000"}
    )
    assert response.status_code == 201
    assert (response.json()["terpakai"], response.json()["sisa"]) == ("550000.00", "450000.00")
