"""Workbooks read back with openpyxl: layout, formats, formula-safe text, totals."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from reporting import excel


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+62 811", "'+62 811"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Belanja ATK", "Belanja ATK"),
        ("", ""),
    ],
)
def test_safe_text_escapes_formula_starts(text, expected):
    assert excel._safe_text(text) == expected


def rows():
    return [
        {"level": "opd", "depth": 0, "kode": "1.02.0.00.0.00.01.0000", "uraian": "Dinas Kesehatan",
         "pagu": Decimal("1500.50"), "pagu_rka": Decimal("1500.50"), "anggaran_kas": Decimal("700.00"),
         "realisasi": Decimal("600.25"), "persen_realisasi": Decimal("40.00"), "persen_rak": Decimal("46.65"),
         "deviasi": Decimal("6.65"), "deviasi_relatif": None, "fisik": Decimal("50.00"),
         "nilai_fisik": Decimal("750.25"), "sisa": Decimal("900.25"), "sumber_dana": "", "permasalahan": "",
         "tindak_lanjut": ""},
        {"level": "sub_kegiatan", "depth": 1, "kode": "1.02.02.2.01.0001", "uraian": "=cmd|' /C calc'!A0",
         "pagu": Decimal("1500.50"), "pagu_rka": Decimal("1500.50"), "anggaran_kas": Decimal("700.00"),
         "realisasi": Decimal("600.25"), "persen_realisasi": Decimal("40.00"), "persen_rak": Decimal("46.65"),
         "deviasi": Decimal("6.65"), "deviasi_relatif": None, "fisik": Decimal("50.00"),
         "nilai_fisik": Decimal("750.25"), "sisa": Decimal("900.25"), "sumber_dana": "DAU",
         "permasalahan": "@lahan", "tindak_lanjut": "-"},
    ]  # fmt: skip


def test_rfk_workbook_layout_and_totals():
    # given
    body = rows()
    total = {
        name: body[0][name]
        for name in ("pagu", "pagu_rka", "anggaran_kas", "realisasi", "nilai_fisik", "sisa")
    }
    total.update(
        persen_realisasi=Decimal("40.00"), persen_rak=None, deviasi=None, deviasi_relatif=None, fisik=None
    )
    # when
    content = excel.rfk_workbook(
        title=["LAPORAN RFK", "KAB UJI"],
        rows=body,
        total=total,
        leaf_depth=1,
        signature=["Uji, 1-1-2026", "Kepala", "NIP. "],
    )
    sheet = load_workbook(io.BytesIO(content))["RFK"]
    # then: title, two merged header rows and the numbered row, then the data from row 7
    assert sheet["A1"].value == "LAPORAN RFK"
    header = {str(r) for r in sheet.merged_cells.ranges}
    assert "A4:A5" in header
    assert "F4:G4" in header
    assert [sheet.cell(6, c).value for c in range(1, 5)] == [1, 2, 3, 4]
    assert sheet.freeze_panes == "C7"
    assert sheet.print_title_rows == "$4:$6"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1
    opd, sub, jumlah = (
        next(iter(sheet.iter_rows(min_row=r, max_row=r, values_only=False))) for r in (7, 8, 9)
    )
    assert opd[0].font.bold
    assert not sub[0].font.bold
    assert jumlah[1].value == "JUMLAH"
    assert sub[1].value == "'=cmd|' /C calc'!A0"
    assert sub[1].data_type == "s"
    assert sub[14].value == "'@lahan"
    assert sub[15].value == "'-"
    assert opd[3].number_format == "#,##0"
    assert opd[8].number_format == "0.00%"
    assert Decimal(str(opd[8].value)) == Decimal("0.4")
    assert Decimal(str(jumlah[3].value)) == total["pagu"]
    assert Decimal(str(jumlah[7].value)) == total["realisasi"]
    assert jumlah[10].value is None
    assert any(sheet.cell(r, c).value == "NIP. " for r in range(10, 16) for c in range(1, 17))


def test_csv_is_formula_safe():
    # when
    content = excel.csv_bytes(
        [excel.Column("uraian", "uraian"), excel.Column("pagu", "pagu", "money")], rows()
    )
    # then
    text = content.decode("utf-8-sig").splitlines()
    assert text[0] == "uraian,pagu"
    assert text[2].startswith("'=cmd")
    assert text[2].endswith(",1500.50")
