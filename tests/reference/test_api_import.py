import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from organisation.models import Role
from reference.models import Nomenklatur, ReferenceVersion
from tests.factories import ReferenceVersionFactory

pytestmark = pytest.mark.django_db

URL = "/api/reference-versions/import/"
GOOD_CSV = (
    "kode,nama,kinerja,indikator,satuan\n"
    "1,URUSAN PEMERINTAHAN WAJIB YANG BERKAITAN DENGAN PELAYANAN DASAR,,,\n"
    "1.01,URUSAN PEMERINTAHAN BIDANG PENDIDIKAN,,,\n"
    "1.01.02,PROGRAM PENGELOLAAN PENDIDIKAN,,,\n"
    "1.01.02.2.01,Pengelolaan Pendidikan Sekolah Dasar,,,\n"
    "1.01.02.2.01.0001,Pembangunan Unit Sekolah Baru (USB),Terbangunnya USB,Jumlah USB,Unit\n"
)


def payload(content: bytes, name: str = "nomenklatur.csv", **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "kind": "nomenklatur",
        "file": SimpleUploadedFile(name, content, content_type="text/csv"),
        "legal_basis": "Kepmendagri 900.1.15.5-1317/2023",
        "tahun_mulai": 2024,
        "tahun_selesai": 2026,
        "pemda_level": "KABKOT",
    }
    data.update(overrides)
    return data


def test_admin_imports_a_list(make_user, client_for):
    # given the platform operator (national lists are theirs alone)
    client = client_for(make_user(Role.ADMIN, pemda=None, is_superuser=True))
    # when a nomenclature file is posted
    response = client.post(URL, payload(GOOD_CSV.encode()), format="multipart")
    # then the version and the counts per level come back
    assert response.status_code == 201, response.data
    body = response.json()
    assert body["created"] == {
        "urusan": 1,
        "bidang_urusan": 1,
        "program": 1,
        "kegiatan": 1,
        "sub_kegiatan": 1,
    }
    assert body["unchanged"] == 0
    assert body["duplicates"] == []
    assert body["version"]["pemda_level"] == "KABKOT"
    assert Nomenklatur.objects.get(kode="1.01.02.2.01.0001").parent.kode == "1.01.02.2.01"


def test_bappeda_may_not_import(make_user, client_for):
    # given a Bappeda planner (reads reference lists, does not maintain them)
    client = client_for(make_user(Role.BAPPEDA))
    # when posting a file / then 403 and nothing written
    response = client.post(URL, payload(GOOD_CSV.encode()), format="multipart")
    assert response.status_code == 403
    assert ReferenceVersion.objects.count() == 0


def test_anonymous_may_not_import(client):
    response = client.post(URL, payload(GOOD_CSV.encode()))
    assert response.status_code in (401, 403)


def test_bad_file_lists_errors_and_writes_nothing(make_user, client_for):
    # given a file with a malformed code and an orphan
    content = GOOD_CSV + "1.01.02.2.01.001,Kode salah,,,\n1.01.03.2.01,Tanpa program,,,\n"
    client = client_for(make_user(Role.ADMIN, pemda=None, is_superuser=True))
    # when posted
    response = client.post(URL, payload(content.encode()), format="multipart")
    # then 400 with every bad row, and nothing in the database
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "import_rejected"
    assert [(e["row"], e["column"]) for e in body["errors"]] == [(7, "kode"), (8, "kode")]
    assert ReferenceVersion.objects.count() == 0
    assert Nomenklatur.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("gambar.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(range(256))),
        ("zip.xlsx", b"PK\x03\x04rusak"),
        ("x.csv", b""),
    ],
)
def test_garbage_upload_is_a_400(make_user, client_for, name, content):
    # given an upload that is not a spreadsheet
    client = client_for(make_user(Role.ADMIN, pemda=None, is_superuser=True))
    # when posted / then a 400 with a file-level error, not a 500
    response = client.post(URL, payload(content, name=name), format="multipart")
    assert response.status_code == 400
    assert ReferenceVersion.objects.count() == 0


def test_overlapping_years_are_a_400(make_user, client_for):
    # given a kab/kota nomenclature version already governing 2024–2026
    ReferenceVersionFactory(legal_basis="Kepmendagri lama", tahun_mulai=2022, tahun_selesai=2025)
    client = client_for(make_user(Role.ADMIN, pemda=None, is_superuser=True))
    # when another decree is posted for 2024–2026
    response = client.post(URL, payload(GOOD_CSV.encode()), format="multipart")
    # then 400 naming the years field
    assert response.status_code == 400
    assert "tahun_mulai" in response.json()
    assert ReferenceVersion.objects.count() == 1


def test_nomenclature_without_pemda_level_is_a_400(make_user, client_for):
    client = client_for(make_user(Role.ADMIN, pemda=None, is_superuser=True))
    response = client.post(URL, payload(GOOD_CSV.encode(), pemda_level=""), format="multipart")
    assert response.status_code == 400
    assert "pemda_level" in response.json()
