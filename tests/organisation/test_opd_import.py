"""The OPD list as pemda keep it (KODE, ORGANISASI, KETERANGAN) into the pemda's perangkat daerah."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from organisation.models import PerangkatDaerah, Role
from tests.factories import PerangkatDaerahFactory

HEADER = ("KODE", "ORGANISASI", "KETERANGAN")


def xlsx(rows, *, header=HEADER, title=True) -> SimpleUploadedFile:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if title:
        sheet.append(["DAFTAR PERANGKAT DAERAH KABUPATEN UJI"])
        sheet.append([])
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(
        "opd.xlsx", buffer.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def upload(client, file):
    return client.post("/api/perangkat-daerah/import/", {"file": file}, format="multipart")


GOOD = [
    ("1.3.0.0.0.0.1.0", "Dinas Pekerjaan Umum", "Urusan pekerjaan umum"),
    ("1.03.0.00.0.00.01.0001", "UPTD Laboratorium Bahan", "Sub unit"),
    ("1.01.0.00.0.00.01.0000", "Dinas Pendidikan dan Kebudayaan", ""),
    ("4.01.0.00.0.00.01.0000", "Sekretariat Daerah", None),
]


def test_an_opd_list_creates_opds_and_sub_units_linked_to_their_parent(db, pemda, make_user, client_for):
    # given
    client = client_for(make_user(Role.ADMIN))
    # when
    response = upload(client, xlsx(GOOD))
    # then
    assert response.status_code == 201, response.json()
    assert response.json() | {"warnings": []} == {
        "created": 4, "updated": 0, "unchanged": 0, "opd": 3, "sub_unit": 1, "warnings": [],
    }  # fmt: skip
    dpu = PerangkatDaerah.objects.get(pemda=pemda, kode="1.03.0.00.0.00.01.0000")
    assert dpu.nama == "Dinas Pekerjaan Umum"
    assert dpu.keterangan == "Urusan pekerjaan umum"
    laboratorium = PerangkatDaerah.objects.get(pemda=pemda, kode="1.03.0.00.0.00.01.0001")
    assert laboratorium.induk == dpu
    assert PerangkatDaerah.objects.get(pemda=pemda, kode="4.01.0.00.0.00.01.0000").induk is None


def test_a_reimport_updates_names_and_never_duplicates(db, pemda, make_user, client_for):
    # given
    client = client_for(make_user(Role.ADMIN))
    upload(client, xlsx(GOOD))
    before = PerangkatDaerah.objects.filter(pemda=pemda).count()
    renamed = [("1.03.0.00.0.00.01.0000", "Dinas PUPR", "Digabung 2026"), *GOOD[1:]]
    # when
    response = upload(client, xlsx(renamed))
    # then
    assert response.status_code == 201, response.json()
    assert (response.json()["created"], response.json()["updated"], response.json()["unchanged"]) == (0, 1, 3)
    dpu = PerangkatDaerah.objects.get(pemda=pemda, kode="1.03.0.00.0.00.01.0000")
    assert (dpu.nama, dpu.keterangan, dpu.version) == ("Dinas PUPR", "Digabung 2026", 2)
    assert PerangkatDaerah.objects.filter(pemda=pemda).count() == before


def test_a_sub_unit_may_hang_on_an_opd_already_in_the_pemda(db, opd, make_user, client_for):
    # given (the `opd` fixture is Dinas Kesehatan 1.02.0.00.0.00.01.0000)
    client = client_for(make_user(Role.ADMIN))
    # when
    response = upload(client, xlsx([("1.2.0.0.0.0.1.2", "UPTD Puskesmas Baras", "")]))
    # then
    assert response.status_code == 201, response.json()
    assert PerangkatDaerah.objects.get(kode="1.02.0.00.0.00.01.0002").induk == opd


def test_a_csv_with_semicolons_reads_the_same(db, pemda, make_user, client_for):
    # given
    client = client_for(make_user(Role.ADMIN))
    body = "KODE;ORGANISASI;KETERANGAN\n2.11.0.00.0.00.01.0000;Dinas Lingkungan Hidup;\n"
    file = SimpleUploadedFile("opd.csv", body.encode(), "text/csv")
    # when
    response = upload(client, file)
    # then
    assert response.status_code == 201, response.json()
    assert PerangkatDaerah.objects.filter(pemda=pemda, kode="2.11.0.00.0.00.01.0000").exists()


def test_every_bad_row_is_reported_and_nothing_is_written(db, pemda, make_user, client_for):
    # given
    client = client_for(make_user(Role.ADMIN))
    existing = PerangkatDaerahFactory(pemda=pemda, kode="2.11.0.00.0.00.01.0000", nama="DLH")
    before = PerangkatDaerah.objects.filter(pemda=pemda).count()
    rows = [
        ("1.03.0.00.0.00.01.0000", "Dinas Pekerjaan Umum", ""),  # row 4: fine
        ("1.03.01", "Bidang Bina Marga", ""),  # row 5: not an OPD code
        ("1.01.0.00.0.00.01.0000", "", ""),  # row 6: no name
        ("1.03.0.00.0.00.01.0000", "Dinas Pekerjaan Umum lagi", ""),  # row 7: duplicate code
        ("3.25.0.00.0.00.01.0001", "UPT tanpa induk", ""),  # row 8: parent nowhere
        ("2.11.0.00.0.00.01.0000", "Dinas Lingkungan Hidup", ""),  # row 9: fine (an update)
    ]
    # when
    response = upload(client, xlsx(rows))
    # then
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "import_rejected"
    assert [(error["row"], error["column"]) for error in body["errors"]] == [
        (5, "KODE"), (6, "ORGANISASI"), (7, "KODE"), (8, "kode"),
    ]  # fmt: skip
    assert "1.03.01" in body["errors"][0]["reason"]
    assert "3.25.0.00.0.00.01.0000" in body["errors"][3]["reason"]
    assert PerangkatDaerah.objects.filter(pemda=pemda).count() == before
    existing.refresh_from_db()
    assert existing.nama == "DLH"


def test_a_sheet_without_the_name_column_is_rejected_with_the_header_row(db, make_user, client_for):
    # given
    client = client_for(make_user(Role.ADMIN))
    # when
    response = upload(client, xlsx([("1.02.0.00.0.00.01.0000",)], header=("KODE",), title=False))
    # then
    assert response.status_code == 400
    assert response.json()["errors"][0]["column"] == "nama"


@pytest.mark.parametrize("role", [Role.BAPPEDA, Role.FINANCE, Role.OPD_PLANNER, Role.LEADER, Role.AUDITOR])
def test_only_the_admin_imports_the_opd_list(db, pemda, make_user, client_for, role):
    # when
    response = upload(client_for(make_user(role)), xlsx(GOOD))
    # then
    assert response.status_code == 403
    assert not PerangkatDaerah.objects.filter(pemda=pemda, kode="4.01.0.00.0.00.01.0000").exists()


def test_an_admin_cannot_import_into_another_pemda(db, pemda, other_pemda, make_user, client_for):
    # given
    client = client_for(make_user(Role.ADMIN))
    # when
    response = client.post(
        "/api/perangkat-daerah/import/", {"file": xlsx(GOOD), "pemda": other_pemda.pk}, format="multipart"
    )
    # then
    assert response.status_code == 400
    assert "pemda" in response.json()
    assert not PerangkatDaerah.objects.filter(pemda=other_pemda).exists()


def test_a_missing_file_is_a_field_error(db, make_user, client_for):
    # when
    response = client_for(make_user(Role.ADMIN)).post("/api/perangkat-daerah/import/", {}, format="multipart")
    # then
    assert response.status_code == 400
    assert "file" in response.json()
