"""The one formula escape and the writers built on it."""

import csv
import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from config.exports import csv_bytes, safe_text, write_rows


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+62 812", "'+62 812"),
        ("-x", "'-x"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Rp 1.000", "Rp 1.000"),
        ("a=b", "a=b"),
        ("", ""),
        (Decimal("-1500.50"), Decimal("-1500.50")),
        (-3, -3),
        (None, None),
        (date(2026, 1, 5), date(2026, 1, 5)),
    ],
)
def test_only_text_a_spreadsheet_would_run_is_escaped(value, written):
    assert safe_text(value) == written


@pytest.mark.parametrize("write_only", [False, True])
def test_write_rows_stores_escaped_text_as_strings_and_numbers_as_numbers(write_only, tmp_path):
    # given
    workbook = openpyxl.Workbook(write_only=write_only)
    sheet = workbook.create_sheet() if write_only else workbook.active
    # when
    write_rows(sheet, [["nama", "pagu"]])
    write_rows(
        sheet, [["=1+1", Decimal("-2500.00")]], columns=["nama", "pagu"], number_formats={"pagu": "0.00"}
    )
    workbook.save(tmp_path / "out.xlsx")
    # then
    row = next(openpyxl.load_workbook(tmp_path / "out.xlsx").active.iter_rows(min_row=2))
    assert (row[0].value, row[0].data_type) == ("'=1+1", "s")
    assert (row[1].value, row[1].data_type, row[1].number_format) == (-2500, "n", "0.00")


def test_csv_bytes_escapes_every_cell_and_keeps_numbers():
    # when
    body = csv_bytes(["nama", "jumlah"], [["=1+1", Decimal("-5")], ["@x", 3]])
    # then
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows == [["nama", "jumlah"], ["'=1+1", "-5"], ["'@x", "3"]]
