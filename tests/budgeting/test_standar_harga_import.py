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
