"""Every import endpoint refuses a file past a bound before parsing it: a 400 (413 for the request) in the API
error shape, fast, with nothing written."""

import io
import time
import zipfile
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from budgeting.models import BudgetLine, Realisasi, StandarHarga, Tahap
from organisation.models import Role
from planning.models import RenjaSubKegiatan
from reference.models import Nomenklatur, ReferenceVersion
from tests.budgeting.factories import TAHUN, AnggaranFactory
from tests.planning.factories import RenjaFactory, RkpdFactory

pytestmark = pytest.mark.django_db


@dataclass
class Endpoint:
    client: Any
    url: str
    fields: dict[str, Any]

    def post(self, name: str, content: bytes) -> Any:
        upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
        return self.client.post(self.url, {**self.fields, "file": upload}, format="multipart")


ENDPOINTS = ["reference", "standar-harga", "sipd", "realisasi", "renja", "rkpd"]


@pytest.fixture(params=ENDPOINTS)
def endpoint(request, pemda, opd, make_user, client_for) -> Endpoint:
    name = request.param
    if name == "reference":
        fields = {"kind": "akun", "legal_basis": "Kepmendagri 050-5889/2021", "tahun_mulai": 2024}
        return Endpoint(
            client_for(
                make_user(Role.ADMIN, pemda=None, is_superuser=True)
            ),  # national lists: the operator's
            "/api/reference-versions/import/",
            {**fields, "tahun_selesai": 2026},
        )
    if name == "standar-harga":
        return Endpoint(
            client_for(make_user(Role.FINANCE)),
            "/api/standar-harga/import/",
            {"jenis": "SSH", "tahun": TAHUN},
        )
    if name == "sipd":
        anggaran = AnggaranFactory(pemda=pemda, tahap=Tahap.RKA)
        return Endpoint(client_for(make_user(Role.FINANCE)), f"/api/anggaran/{anggaran.pk}/import-sipd/", {})
    if name == "realisasi":
        dpa = AnggaranFactory(pemda=pemda, tahap=Tahap.DPA)
        return Endpoint(client_for(make_user(Role.FINANCE)), "/api/realisasi/import/", {"anggaran": dpa.pk})
    if name == "renja":
        renja = RenjaFactory(pemda=pemda, perangkat_daerah=opd)
        return Endpoint(client_for(make_user(Role.OPD_PLANNER)), f"/api/renja/{renja.pk}/import/", {})
    rkpd = RkpdFactory(pemda=pemda)
    return Endpoint(client_for(make_user(Role.BAPPEDA)), f"/api/rkpd/{rkpd.pk}/import/", {})


def nothing_written() -> bool:
    models = (ReferenceVersion, Nomenklatur, StandarHarga, BudgetLine, Realisasi, RenjaSubKegiatan)
    return all(not model.objects.exists() for model in models)


def rejected_reasons(response: Any) -> list[str]:
    body = response.json()
    assert body["code"] == "import_rejected", body
    return [error["reason"] for error in body["errors"]]


# --- files ----------------------------------------------------------------------------------------------------

HEADER = [
    "kode",
    "nama",
    "uraian",
    "satuan",
    "harga",
    "kode_skpd",
    "kode_sub_kegiatan",
    "kode_rekening",
    "pagu",
]
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
SHEET = (
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>'
)


def zip_bomb(expanded: int) -> bytes:
    """A valid xlsx whose one shared string is `expanded` bytes of `a`: a few hundred KB that expand ~1000-fold."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", SHEET)
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as entry:
            entry.write(
                b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
            )
            entry.write(b'spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>')
            chunk = b"a" * (1 << 20)
            for _ in range(expanded >> 20):
                entry.write(chunk)
            entry.write(b"</t></si></sst>")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return zip_bomb(150 << 20)


def csv_rows(rows: int, columns: int = len(HEADER)) -> bytes:
    header = (HEADER + [f"kolom_{i}" for i in range(len(HEADER), columns)])[:columns]
    line = ",".join(["x"] * columns)
    return ("\n".join([",".join(header), *([line] * rows)]) + "\n").encode()


def xlsx_rows(rows: int, columns: int) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append((HEADER + [f"kolom_{i}" for i in range(len(HEADER), columns)])[:columns])
    for _ in range(rows):
        sheet.append(["x"] * columns)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- the bounds -----------------------------------------------------------------------------------------------


def test_a_zip_bomb_is_a_400_in_under_a_second_on_every_import_endpoint(endpoint, bomb):
    # given a 150 MB shared string packed in a few hundred KB, under the default bounds
    assert len(bomb) < 400_000
    endpoint.post("leer.csv", b"")  # the first request of a test process pays for loading the URL conf
    # when
    started = time.perf_counter()
    response = endpoint.post("bomb.xlsx", bomb)
    elapsed = time.perf_counter() - started
    # then
    assert response.status_code == 400, response.content[:300]
    assert any("mengembang" in reason for reason in rejected_reasons(response))
    assert elapsed < 1.0
    assert nothing_written()


def test_an_xlsx_expanding_past_the_size_bound_is_a_400(endpoint, settings):
    # given an honest workbook (ratio well under the bound) whose contents open to more than the bound
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 200_000
    content = xlsx_rows(rows=2_000, columns=len(HEADER))
    # when
    response = endpoint.post("besar.xlsx", content)
    # then
    assert response.status_code == 400
    assert any("setelah dibuka" in reason for reason in rejected_reasons(response))
    assert nothing_written()


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_sheet_wider_than_the_column_bound_is_a_400(endpoint, suffix):
    # given 201 columns, one over the default bound
    content = csv_rows(rows=3, columns=201) if suffix == ".csv" else xlsx_rows(rows=3, columns=201)
    # when
    response = endpoint.post(f"lebar{suffix}", content)
    # then
    assert response.status_code == 400
    assert rejected_reasons(response) == ["Baris 1 memiliki lebih dari 200 kolom; batasnya 200."]
    assert nothing_written()


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_file_with_more_rows_than_the_bound_is_a_400(endpoint, settings, suffix):
    # given a bound of 50 rows and a header plus 60 data rows
    settings.IMPORT_MAX_ROWS = 50
    content = csv_rows(rows=60) if suffix == ".csv" else xlsx_rows(rows=60, columns=len(HEADER))
    # when
    response = endpoint.post(f"panjang{suffix}", content)
    # then
    assert response.status_code == 400
    assert rejected_reasons(response) == ["Berkas memuat lebih dari 50 baris; batasnya 50."]
    assert nothing_written()


def test_a_request_over_the_upload_bound_is_a_json_413(endpoint, settings):
    # given a bound of 100 KB and a 150 KB file
    settings.UPLOAD_MAX_BYTES = 100_000
    content = csv_rows(rows=150_000 // 18)
    assert len(content) > 150_000
    # when
    response = endpoint.post("besar.csv", content)
    # then
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "upload_too_large"
    assert "melebihi batas unggah" in response.json()["detail"]
    assert nothing_written()


def test_a_csv_past_the_row_bound_is_refused_without_reading_the_rest(settings):
    # given a stream whose first rows are fine and whose tail would fail to decode
    from config.tabular import ImportRejected, read_sheets

    settings.IMPORT_MAX_ROWS = 10
    content = csv_rows(rows=10_000) + b"\xff\xfe not utf-8\n" * 100_000
    # when
    with pytest.raises(ImportRejected) as rejected:
        read_sheets(io.BytesIO(content), "data.csv")
    # then: the row bound spoke first, the undecodable tail was never read
    assert rejected.value.errors[0].reason == "Berkas memuat lebih dari 10 baris; batasnya 10."


def test_an_answer_lists_the_errors_of_the_first_1000_rows_and_counts_them_all(make_user, client_for):
    # given an akun list with 1,500 malformed codes
    content = ("kode,nama\n" + "".join(f"9x{i},Akun {i}\n" for i in range(1500))).encode()
    fields = {
        "kind": "akun",
        "legal_basis": "Kepmendagri 050-5889/2021",
        "tahun_mulai": 2024,
        "tahun_selesai": 2026,
    }
    upload = SimpleUploadedFile("akun.csv", content, content_type="text/csv")
    # when
    response = client_for(make_user(Role.ADMIN, pemda=None, is_superuser=True)).post(
        "/api/reference-versions/import/", {**fields, "file": upload}, format="multipart"
    )
    # then
    body = response.json()
    assert response.status_code == 400
    assert body["error_count"] == 1500
    assert len({error["row"] for error in body["errors"]}) == 1000
    assert body["errors"][0]["row"] == 2
    assert nothing_written()
