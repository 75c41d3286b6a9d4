import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import load_workbook

from planning.importers import ImportRejected, renja_import, renja_rows
from planning.models import Indikator, Renja, RenjaKegiatan, RenjaProgram, RenjaSubKegiatan
from tests.planning.factories import RenjaFactory, RkpdFactory

pytestmark = pytest.mark.django_db

CSV = """Kode Sub Kegiatan;Nama Sub Kegiatan;Indikator Keluaran;Target;Satuan;Kode Lokasi;Kode Sumber Dana;Pagu Indikatif;Bulan Mulai;Bulan Selesai;Kode OPD
1.02.02.2.01.0001;Pembangunan RS;Jumlah RS;1;unit;76.01.01;1.1.01;2.500.000.000,00;1;12;1.02.0.00.0.00.01.0000
1.02.02.2.01.0002;Pembangunan Puskesmas;Jumlah Puskesmas;2;unit;76.01.01.2003;[null];750000000;3;10;1.02.0.00.0.00.01.0000
1.02.01.2.01.0001;Penyusunan Dokumen;Jumlah dokumen;3;dokumen;;1.1.01;125000000.50;;;1.02.0.00.0.00.01.0000
"""


def upload(text: str, name: str = "renja.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"))


def test_a_csv_with_sipd_headers_is_imported_with_codes_indicators_and_amounts(
    ref, pemda, opd, planner, client_for
):
    # given
    renja = RenjaFactory(pemda=pemda, perangkat_daerah=opd)

    # when
    response = client_for(planner).post(
        f"/api/renja/{renja.pk}/import/", {"file": upload(CSV)}, format="multipart"
    )

    # then
    assert response.status_code == 201, response.json()
    assert response.json()["created"] == 3
    subs = {s.kode: s for s in RenjaSubKegiatan.objects.filter(renja=renja)}
    assert subs["1.02.02.2.01.0001"].pagu_indikatif == Decimal("2500000000.00")
    assert subs["1.02.01.2.01.0001"].nomenklatur == ref["X.XX.01.2.01.0001"]
    assert subs["1.02.01.2.01.0001"].pagu_indikatif == Decimal("125000000.50")
    assert subs["1.02.02.2.01.0002"].sumber_dana is None
    assert (subs["1.02.02.2.01.0002"].bulan_mulai, subs["1.02.02.2.01.0002"].lokasi) == (3, ["76.01.01.2003"])
    assert RenjaProgram.objects.filter(renja=renja).count() == 2
    assert RenjaKegiatan.objects.filter(renja=renja).count() == 2
    assert Indikator.objects.get(renja_sub_kegiatan=subs["1.02.02.2.01.0002"]).targets.get().target == 2


def test_a_bad_row_rejects_the_whole_file_with_row_column_and_reason(ref, pemda, opd, planner, client_for):
    # given
    renja = RenjaFactory(pemda=pemda, perangkat_daerah=opd)
    bad = CSV + "1.02.09.2.01.0001;Tidak ada;x;1;unit;;;10;1;12;1.02.0.00.0.00.01.0000\n"
    bad += "1.02.02.2.02.0001;Ibu hamil;x;1;unit;;;-5;1;12;1.02.0.00.0.00.01.0000\n"
    bad += "1.02.02.2.01.0001;dup;x;1;unit;;;abc;1;12;1.02.0.00.0.00.01.0000\n"

    # when
    response = client_for(planner).post(
        f"/api/renja/{renja.pk}/import/", {"file": upload(bad)}, format="multipart"
    )

    # then
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "import_rejected"
    errors = {(e["row"], e["column"]) for e in body["errors"]}
    assert errors == {(5, "kode_sub_kegiatan"), (6, "pagu"), (7, "pagu")}
    assert "tidak dikenal" in body["errors"][0]["reason"]
    assert (RenjaProgram.objects.count(), RenjaSubKegiatan.objects.count(), Indikator.objects.count()) == (
        0,
        0,
        0,
    )


def test_a_row_for_another_opd_and_a_penunjang_with_a_foreign_bidang_are_rejected(ref, pemda, opd, planner):
    # given
    renja = RenjaFactory(pemda=pemda, perangkat_daerah=opd)
    text = (
        "kode_sub_kegiatan,pagu,opd_kode\n"
        "1.02.02.2.01.0001,10,1.01.0.00.0.00.01.0000\n"
        "1.01.01.2.01.0001,10,\n"
    )

    # when
    with pytest.raises(ImportRejected) as rejected:
        renja_import(user=planner, document=renja, file=io.BytesIO(text.encode()), filename="x.csv")

    # then
    assert [(e.row, e.column) for e in rejected.value.errors] == [(2, "opd_kode"), (3, "kode_sub_kegiatan")]
    assert RenjaSubKegiatan.objects.count() == 0


def test_a_file_without_the_required_columns_is_rejected(ref, pemda, opd, planner):
    # given
    renja = RenjaFactory(pemda=pemda, perangkat_daerah=opd)

    # when
    with pytest.raises(ImportRejected) as rejected:
        renja_import(user=planner, document=renja, file=io.BytesIO(b"kode,nama\n1,x\n"), filename="x.csv")

    # then
    assert {e.column for e in rejected.value.errors} == {"kode_sub_kegiatan", "pagu"}


def test_export_then_import_into_an_empty_renja_gives_the_same_rows(ref, pemda, opd, planner, client_for):
    # given
    source = RenjaFactory(pemda=pemda, perangkat_daerah=opd, tahun=2026)
    renja_import(user=planner, document=source, file=io.BytesIO(CSV.encode()), filename="renja.csv")
    exported = client_for(planner).get(f"/api/renja/{source.pk}/export/")
    target = RenjaFactory(pemda=pemda, perangkat_daerah=opd, tahun=2027)

    # when
    response = client_for(planner).post(
        f"/api/renja/{target.pk}/import/", {"file": upload_bytes(exported.content)}, format="multipart"
    )

    # then
    assert exported.status_code == 200
    assert exported["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.status_code == 201, response.json()
    assert renja_rows(document=target) == renja_rows(document=source)
    sheet = load_workbook(io.BytesIO(exported.content)).active
    assert [c.value for c in sheet[1]][:3] == ["kode_sub_kegiatan", "nama_sub_kegiatan", "indikator"]
    assert sheet.max_row == 4


def upload_bytes(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("renja.xlsx", content)


def test_an_rkpd_import_fills_each_opds_renja(ref, pemda, opd, other_opd, bappeda, client_for):
    # given
    rkpd = RkpdFactory(pemda=pemda, tahun=2026)
    text = CSV + "1.01.02.2.01.0001;USB;Jumlah USB;1;unit;;1.1.01;900000000;1;12;1.01.0.00.0.00.01.0000\n"

    # when
    response = client_for(bappeda).post(
        f"/api/rkpd/{rkpd.pk}/import/", {"file": upload(text)}, format="multipart"
    )
    exported = client_for(bappeda).get(f"/api/rkpd/{rkpd.pk}/export/")

    # then
    assert response.status_code == 201, response.json()
    assert Renja.objects.filter(tahun=2026).count() == 2
    assert RenjaSubKegiatan.objects.get(kode="1.01.02.2.01.0001").renja.perangkat_daerah == other_opd
    assert load_workbook(io.BytesIO(exported.content)).active.max_row == 5


def test_importing_into_a_locked_renja_is_refused(ref, pemda, opd, planner, client_for):
    # given
    renja = RenjaFactory(pemda=pemda, perangkat_daerah=opd, status="approved")

    # when
    response = client_for(planner).post(
        f"/api/renja/{renja.pk}/import/", {"file": upload(CSV)}, format="multipart"
    )

    # then
    assert response.status_code == 409
    assert response.json()["code"] == "document_locked"
    assert RenjaSubKegiatan.objects.count() == 0


def test_replace_clears_the_rows_first(ref, pemda, opd, planner):
    # given
    renja = RenjaFactory(pemda=pemda, perangkat_daerah=opd)
    renja_import(user=planner, document=renja, file=io.BytesIO(CSV.encode()), filename="renja.csv")
    one = "kode_sub_kegiatan,pagu\n1.02.02.2.01.0001,5\n"

    # when
    renja_import(user=planner, document=renja, file=io.BytesIO(one.encode()), filename="x.csv", replace=True)

    # then
    assert list(RenjaSubKegiatan.objects.values_list("kode", "pagu_indikatif")) == [("1.02.02.2.01.0001", 5)]


def test_the_management_command_imports_a_file(ref, pemda, opd, planner, tmp_path):
    # given
    renja = RenjaFactory(pemda=pemda, perangkat_daerah=opd)
    path = tmp_path / "renja.csv"
    path.write_text(CSV, encoding="utf-8")
    out = io.StringIO()

    # when
    call_command("import_renja", str(path), renja=renja.pk, username=planner.username, stdout=out)

    # then
    assert "3 sub kegiatan" in out.getvalue()
    assert RenjaSubKegiatan.objects.filter(renja=renja).count() == 3
