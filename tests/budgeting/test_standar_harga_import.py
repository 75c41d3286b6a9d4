from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from budgeting.importers import parse_money, standar_harga_import
from budgeting.models import StandarHarga
from organisation.models import Role
from reference.importers import ImportRejected
from tests.budgeting.factories import TAHUN

HEADER = "Kode Kelompok Barang;Uraian Kelompok Barang;Uraian Barang;Spesifikasi;Satuan;Harga Satuan;TKDN (%);Kode Rekening"


def csv_file(tmp_path, *rows: str, header: str = HEADER):
    path = tmp_path / "ssh.csv"
    path.write_text("\n".join([header, *rows]), encoding="utf-8")
    return path


def test_a_catalogue_imports_with_several_akun_per_cell(finance, ref, tmp_path):
    # given: semicolon CSV (Indonesian Excel), Indonesian number format, two akun in one cell
    path = csv_file(
        tmp_path,
        '1.1.7.01;ATK;Kertas HVS;A4 70 gram;Rim;55.000;45;"5.1.02.01.01.0024\n5.1.02.04.01.0001"',
        "1.1.7.01;ATK;Pulpen;Hitam;Buah;3500,50;;5.1.02.01.01.0024",
    )
    # when
    result = standar_harga_import(user=finance, file=path, filename=path.name, jenis="SSH", tahun=TAHUN)
    # then
    assert result.created == 2
    kertas = StandarHarga.objects.get(uraian="Kertas HVS")
    assert (kertas.harga, kertas.tkdn, kertas.is_ceiling) == (Decimal("55000.00"), Decimal("45.00"), True)
    assert set(kertas.akun.values_list("kode", flat=True)) == {"5.1.02.01.01.0024", "5.1.02.04.01.0001"}
    assert StandarHarga.objects.get(uraian="Pulpen").harga == Decimal("3500.50")


def test_exact_duplicates_are_reported_and_skipped(finance, ref, tmp_path):
    # given
    row = "1.1.7.01;ATK;Kertas HVS;A4 70 gram;Rim;55000;45;5.1.02.01.01.0024"
    path = csv_file(tmp_path, row, row, row.replace("55000", "56000"))
    # when
    result = standar_harga_import(user=finance, file=path, filename=path.name, jenis="SSH", tahun=TAHUN)
    again = standar_harga_import(user=finance, file=path, filename=path.name, jenis="SSH", tahun=TAHUN)
    # then
    assert (result.created, [d.row for d in result.duplicates]) == (2, [3])
    assert (again.created, len(again.duplicates)) == (0, 3)
    assert StandarHarga.objects.count() == 2


def test_every_bad_row_is_reported_and_nothing_is_written(finance, ref, tmp_path):
    # given
    path = csv_file(
        tmp_path,
        "1.1.7.01;ATK;Kertas HVS;A4;Rim;55000;45;5.1.02.01.01.0024",
        "1.1.7.01;ATK;;A4;Rim;55000;45;5.1.02.01.01.0024",
        "1.1.7.01;ATK;Pulpen;Hitam;Buah;-5;;5.1.02.01.01.0024",
        "1.1.7.01;ATK;Pulpen;Hitam;Buah;murah;;5.1.02.01.01.0024",
        "1.1.7.01;ATK;Pulpen;Hitam;Buah;5000;140;5.1.02.01.01.0024",
        "1.1.7.01;ATK;Pulpen;Hitam;Buah;5000;;5.1.02.01.01",
        f"1.1.7.01;ATK;{'x' * 600};Hitam;Buah;5000;;",
    )
    # when
    with pytest.raises(ImportRejected) as rejected:
        standar_harga_import(user=finance, file=path, filename=path.name, jenis="SSH", tahun=TAHUN)
    # then
    assert [(e.row, e.column) for e in rejected.value.errors] == [
        (3, "Uraian Barang"),
        (4, "Harga Satuan"),
        (5, "Harga Satuan"),
        (6, "TKDN (%)"),
        (7, "Kode Rekening"),
        (8, "Uraian Barang"),
    ]
    assert not StandarHarga.objects.exists()


def test_only_tapd_imports(make_user, ref, tmp_path):
    path = csv_file(tmp_path, "1.1.7.01;ATK;Kertas;A4;Rim;55000;45;")
    with pytest.raises(PermissionDenied):
        standar_harga_import(
            user=make_user(Role.OPD_FINANCE), file=path, filename=path.name, jenis="SSH", tahun=TAHUN
        )


@pytest.mark.parametrize(
    ("text", "amount"),
    [("1500000", "1500000"), ("1.500.000,50", "1500000.50"), ("Rp 1,500,000.50", "1500000.50"), ("2,5", "2.5"),
     (1500000, "1500000"), (1500.25, "1500.25")],
)  # fmt: skip
def test_money_is_read_as_written(text, amount):
    assert parse_money(text) == Decimal(amount)


def test_a_percent_formatted_tkdn_cell_imports_as_the_percent_shown(finance, ref, tmp_path):
    # given an xlsx whose TKDN cells hold 0.45 and 0.405 shown as 45% and 40.5%
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Uraian Barang", "Satuan", "Harga Satuan", "TKDN (%)", "Kode Rekening"])
    sheet.append(["Kertas HVS", "Rim", 55000, 0.45, "5.1.02.01.01.0024"])
    sheet.append(["Pulpen", "Buah", 3500, 0.405, "5.1.02.01.01.0024"])
    sheet["D2"].number_format = "0%"
    sheet["D3"].number_format = "0.0%"
    path = tmp_path / "ssh.xlsx"
    workbook.save(path)
    # when
    standar_harga_import(user=finance, file=path, filename=path.name, jenis="SSH", tahun=TAHUN)
    # then
    tkdn = dict(StandarHarga.objects.values_list("uraian", "tkdn"))
    assert tkdn == {"Kertas HVS": Decimal("45.00"), "Pulpen": Decimal("40.50")}


def asb_workbook(tmp_path, header: list[str], *rows: list[object]):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["ANALISIS STANDAR BELANJA TAHUN 2025"])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    path = tmp_path / "asb.xlsx"
    workbook.save(path)
    return path


ASB_HEADER = ["No", "Uraian Komponen", "Satuan", "Harga Satuan (Rp)", "Kode Rekening"]


def test_prices_computed_in_excel_are_rounded_to_the_sen_with_a_warning(finance, ref, client_for, tmp_path):
    # given an ASB catalogue whose prices are Excel products (float artefacts), with an unpadded akun code
    path = asb_workbook(
        tmp_path,
        ASB_HEADER,
        [1, "Penyusunan Dokumen Perencanaan", "Dokumen", 5009999.996, "5.1.2.1.1.24"],
        [2, "Rapat Koordinasi", "Kegiatan", 6416269.438, "5.1.02.01.01.0024"],
        [3, "Perjalanan Dinas", "OH", 1000.005, "5.1.02.04.01.0001"],
        [4, "Konsumsi Rapat", "Kotak", 45000, "5.1.02.01.01.0024"],
    )

    # when
    with path.open("rb") as handle:
        response = client_for(finance).post(
            "/api/standar-harga/import/", {"file": handle, "jenis": "ASB", "tahun": TAHUN}, format="multipart"
        )

    # then every row is imported, three rounded half-up to the sen and listed as warnings (rows as in the file)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["created"] == 4
    assert [(w["row"], w["column"], w["original"], w["value"]) for w in body["warnings"]] == [
        (2, "No", "", ""),
        (3, "Harga Satuan (Rp)", "5009999.996", "5010000.00"),
        (4, "Harga Satuan (Rp)", "6416269.438", "6416269.44"),
        (5, "Harga Satuan (Rp)", "1000.005", "1000.01"),
    ]
    harga = dict(StandarHarga.objects.values_list("uraian", "harga"))
    assert sum(harga.values()) == Decimal("5010000.00") + Decimal("6416269.44") + Decimal("1000.01") + 45000
    dokumen = StandarHarga.objects.get(uraian="Penyusunan Dokumen Perencanaan")
    assert list(dokumen.akun.values_list("kode", flat=True)) == ["5.1.02.01.01.0024"]


def test_a_missing_column_and_bad_rows_are_reported_together(finance, ref, tmp_path):
    # given a catalogue without a satuan column and with two bad rows
    path = asb_workbook(
        tmp_path,
        ["Uraian Komponen", "Harga", "Kode Rekening"],
        ["Rapat", "mahal", "5.1.02.01.01.0024"],
        ["Konsumsi", 45000, "9.9.99.99.99.9999"],
        ["Perjalanan", 1000, "5.1.02.04.01.0001"],
    )

    # when
    with pytest.raises(ImportRejected) as rejected:
        standar_harga_import(user=finance, file=path, filename=path.name, jenis="ASB", tahun=TAHUN)

    # then one answer lists the header's missing column and every row's error
    errors = rejected.value.errors
    assert [(e.row, e.column) for e in errors] == [(2, "satuan"), (3, "Harga"), (4, "Kode Rekening")]
    assert "Kolom wajib satuan tidak ditemukan" in errors[0].reason
    assert not StandarHarga.objects.exists()
