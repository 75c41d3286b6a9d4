import io
from datetime import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import Workbook, load_workbook

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
    assert errors == {(5, "kode_sub_kegiatan"), (6, "pagu"), (7, "kode_sub_kegiatan"), (7, "pagu")}
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


RENJA_FORM_HEADER = [
    "KODE SUB KEGIATAN", "PROGRAM DAN KEGIATAN", "TOLAK UKUR CAPAIAN KEG.", "TARGET KINERJA CAPAIAN KEG.",
    "TOLAK UKUR KELUARAN", "TARGET KINERJA KELUARAN", "TOLAK UKUR HASIL", "TARGET KINERJA HASIL", "SUMBER DANA",
    "LOKASI", "KELUARAN SUB KEG.", "AWAL PELAKSANAAN", "AKHIR PELAKSANAAN", "JUMLAH PAGU", "KETERANGAN",
]  # fmt: skip
SEMUA = "Kab. Pasangkayu, Semua Kecamatan, Semua Kelurahan/Desa"


def renja_form(
    path, *rows: list[object], header: list[str] = RENJA_FORM_HEADER, percent: tuple[str, ...] = ()
):
    """A Renja sub kegiatan sheet as an OPD keeps it: a title block, the form's header, program and kegiatan rows
    above their sub kegiatan; `percent` names cells formatted as percent."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["RENCANA KERJA PERANGKAT DAERAH TAHUN 2026"])
    sheet.append(["DINAS KESEHATAN"])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for name in percent:
        sheet[name].number_format = "0%"
    workbook.save(path)
    return path


def form_row(kode, nama, *, capaian=("", None), keluaran=("", None), hasil=("", None), dana="", lokasi="",
             awal=None, akhir=None, pagu=None, keterangan=""):  # fmt: skip
    return [kode, nama, capaian[0], capaian[1], keluaran[0], keluaran[1], hasil[0], hasil[1], dana, lokasi,
            "Tersedianya layanan", awal, akhir, pagu, keterangan]  # fmt: skip


def test_a_renja_form_sheet_imports_indicators_months_locations_and_padded_codes(
    ref, pemda, opd, planner, tmp_path
):
    # given the form with a program and a kegiatan row, unpadded sumber dana, targets with their satuan (one a
    # percent-formatted 0.96), dates and month names, and free-text locations
    renja = RenjaFactory(pemda=pemda, perangkat_daerah=opd, tahun=2026)
    path = renja_form(
        tmp_path / "renja.xlsx",
        form_row("1.02.02", "PROGRAM PEMENUHAN UPAYA KESEHATAN", pagu=3_250_000_000),
        form_row("1.02.02.2.01", "Penyediaan Fasilitas Pelayanan Kesehatan", pagu=3_250_000_000),
        form_row(
            "1.02.02.2.01.0001", "Pembangunan Rumah Sakit",
            capaian=("Persentase fasilitas kesehatan memadai", "96 %"),
            keluaran=("Jumlah rumah sakit yang dibangun", "1 Unit"),
            hasil=("Persentase masyarakat terlayani", 0.96),
            dana="1.1.1", lokasi=SEMUA, awal=datetime(2026, 1, 1), akhir=datetime(2026, 6, 30),
            pagu=2_500_000_000, keterangan="prioritas",
        ),
        form_row(
            "1.02.02.2.01.0002", "Pembangunan Puskesmas",
            keluaran=("Jumlah laporan pembangunan", "1 Laporan"),
            dana="1.1.01", lokasi="Kec. Bambalamotu; Pasar Sentral", awal="Maret", akhir="Oktober",
            pagu="750.000.000,00",
        ),
        percent=("H6",),
    )  # fmt: skip

    # when
    result = renja_import(user=planner, document=renja, file=path, filename=path.name)

    # then the two sub kegiatan are imported with the pagu of their program row
    assert result["created"] == 2
    subs = {s.kode: s for s in RenjaSubKegiatan.objects.filter(renja=renja)}
    assert sum(s.pagu_indikatif for s in subs.values()) == Decimal("3250000000.00")
    rs, puskesmas = subs["1.02.02.2.01.0001"], subs["1.02.02.2.01.0002"]
    assert (rs.sumber_dana, puskesmas.sumber_dana) == (ref.dana["1.1.01"], ref.dana["1.1.01"])
    assert (rs.bulan_mulai, rs.bulan_selesai, puskesmas.bulan_mulai, puskesmas.bulan_selesai) == (1, 6, 3, 10)
    # and each indicator with its jenis, satuan and target for the year
    indicators = {
        (i.renja_sub_kegiatan.kode, i.jenis): (i.nama, i.satuan, i.targets.get(tahun=2026).target)
        for i in Indikator.objects.filter(renja_sub_kegiatan__renja=renja)
    }
    assert indicators == {
        ("1.02.02.2.01.0001", "capaian"): ("Persentase fasilitas kesehatan memadai", "%", Decimal("96")),
        ("1.02.02.2.01.0001", "keluaran"): ("Jumlah rumah sakit yang dibangun", "Unit", Decimal("1")),
        ("1.02.02.2.01.0001", "hasil"): ("Persentase masyarakat terlayani", "%", Decimal("96")),
        ("1.02.02.2.01.0002", "keluaran"): ("Jumlah laporan pembangunan", "Laporan", Decimal("1")),
    }
    # and the locations: names within the pemda become codes, the rest is kept as text with a warning
    assert (rs.lokasi, rs.lokasi_uraian) == (["76.01"], "")
    assert (puskesmas.lokasi, puskesmas.lokasi_uraian) == (["76.01.01"], "Kec. Bambalamotu; Pasar Sentral")
    warnings = [(w.row, w.column) for w in result["warnings"]]
    assert warnings == [(3, "KELUARAN SUB KEG."), (3, "KETERANGAN"), (7, "LOKASI")]
    assert "Pasar Sentral" in result["warnings"][2].reason


def test_header_and_row_problems_come_in_one_answer(ref, pemda, opd, planner, client_for, tmp_path):
    # given a sheet whose pagu column has a name no alias knows, with three bad rows among good ones
    renja = RenjaFactory(pemda=pemda, perangkat_daerah=opd, tahun=2026)
    header = [*RENJA_FORM_HEADER[:13], "PAGU RENCANA", "KETERANGAN"]
    path = renja_form(
        tmp_path / "renja.xlsx",
        form_row("1.02.02.2.01.0001", "RS", keluaran=("Jumlah RS", "1 Unit"), dana="9.9.99"),
        form_row("1.02.02.2.01.0002", "Puskesmas", keluaran=("Jumlah", "banyak"), awal="Tengah tahun"),
        form_row("1.02.09.2.01.0001", "Tidak ada"),
        form_row("1.02.02.2.02.0001", "Ibu hamil", keluaran=("Jumlah ibu hamil", "100 Orang")),
        header=header,
    )

    # when
    with path.open("rb") as handle:
        response = client_for(planner).post(
            f"/api/renja/{renja.pk}/import/", {"file": handle}, format="multipart"
        )

    # then one 400 lists the missing column (naming the unknown ones) and every bad row's every error
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [
        (3, "pagu"),
        (4, "sumber_dana"),
        (5, "bulan_mulai"),
        (5, "target"),
        (6, "kode_sub_kegiatan"),
    ]
    assert "PAGU RENCANA" in errors[0]["reason"]
    assert "jumlah_pagu" in errors[0]["reason"]
    assert RenjaSubKegiatan.objects.count() == 0


def test_a_valid_row_after_a_failed_row_gets_no_error(ref, pemda, opd, planner):
    # given a row that fails while being written (a location outside the pemda), after its program and kegiatan
    # were created, then a valid row under the same kegiatan
    renja = RenjaFactory(pemda=pemda, perangkat_daerah=opd)
    text = "kode_sub_kegiatan;pagu;lokasi\n1.02.02.2.01.0001;10;76.02.01\n1.02.02.2.01.0002;20;76.01.01\n"

    # when
    with pytest.raises(ImportRejected) as rejected:
        renja_import(user=planner, document=renja, file=io.BytesIO(text.encode()), filename="x.csv")

    # then only the failed row is reported
    assert [(e.row, e.column) for e in rejected.value.errors] == [(2, "lokasi")]


def test_the_same_file_again_says_the_rows_already_exist(ref, pemda, opd, planner):
    # given a Renja holding the file's rows
    renja = RenjaFactory(pemda=pemda, perangkat_daerah=opd)
    renja_import(user=planner, document=renja, file=io.BytesIO(CSV.encode()), filename="renja.csv")

    # when the file is imported again
    with pytest.raises(ImportRejected) as rejected:
        renja_import(user=planner, document=renja, file=io.BytesIO(CSV.encode()), filename="renja.csv")

    # then each row is a duplicate, worded as one
    reasons = [e.reason for e in rejected.value.errors]
    assert len(reasons) == 3
    assert all("sudah ada di Renja ini" in reason for reason in reasons)
    assert RenjaSubKegiatan.objects.filter(renja=renja).count() == 3


def test_a_duplicate_plan_row_says_it_already_exists(ref, pemda, opd):
    # given a program already in the Renja
    renja = RenjaFactory(pemda=pemda, perangkat_daerah=opd)
    RenjaProgram.objects.create(pemda=pemda, renja=renja, nomenklatur=ref["1.02.02"], kode="1.02.02")

    # when the same program is validated again
    with pytest.raises(ValidationError) as invalid:
        RenjaProgram(pemda=pemda, renja=renja, nomenklatur=ref["1.02.02"], kode="1.02.02").full_clean()

    # then Django's unique-together message says it exists (its Indonesian catalogue says "tidak ada")
    (message,) = invalid.value.messages
    assert message == "Renja program dengan renja yang sama dan kode 1.02.02 sudah ada."
