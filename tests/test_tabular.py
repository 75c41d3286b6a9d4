"""The import toolkit: reading sheets, headers and aliases, the blank rule, cell parsers, the 400 of a rejection."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from config import tabular
from config.api import import_rejected_body
from config.tabular import (
    ImportRejected,
    RowError,
    alias_lookup,
    blank,
    find_header,
    header_keys,
    normalize_header,
    parse_money,
    parse_number,
    read_sheets,
)


def workbook_bytes(rows: list[list[object]], formats: dict[str, str] | None = None) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for ref, number_format in (formats or {}).items():
        sheet[ref].number_format = number_format
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


ROWS = [
    ["LAPORAN RINCIAN"],
    [],
    ["Kode", "Uraian", "Harga", "Tanggal", None, "Catatan"],
    ["1.01", "Kertas  HVS", 1500000, datetime.date(2026, 1, 5), None, "[null]"],
    ["01", "Pensil", 12.5, datetime.datetime(2026, 2, 1, 10, 30), "", "=1+1"],
    [1.1, None, -3, None, None, True],
]


def test_calamine_reads_what_openpyxl_reads():
    # given a workbook with a title block, blank rows, ints, floats, dates, text, blanks and a formula
    data = workbook_bytes(ROWS)
    # when
    fast = tabular._read_xlsx(data, tabular.Bounds(), first_only=False)
    slow = tabular._read_xlsx_openpyxl(data, tabular._Limiter(tabular.Bounds()), first_only=False)
    # then: the same rows, numbers and types
    assert fast == slow
    assert [number for number, _ in fast[0]] == [1, 3, 4, 5, 6]
    assert fast[0][2][1][:4] == ["1.01", "Kertas  HVS", 1500000, datetime.datetime(2026, 1, 5)]


def test_a_percent_formatted_cell_reads_as_the_percent_shown():
    # given TKDN 40% and 40.5% stored as 0.4 and 0.405 with percent formats
    data = workbook_bytes(
        [["uraian", "tkdn"], ["Kertas", 0.4], ["Pensil", 0.405]], {"B2": "0%", "B3": "0.0%"}
    )
    # when
    rows = read_sheets(io.BytesIO(data), "harga.xlsx")[0]
    # then
    assert [values[1] for _, values in rows[1:]] == ["40%", "40.5%"]
    assert [parse_number(values[1]) for _, values in rows[1:]] == [Decimal(40), Decimal("40.5")]


@pytest.mark.parametrize(
    ("written", "keys"),
    [
        ("Sub  Kegiatan", ["sub_kegiatan"]),
        ("sub.kegiatan", ["sub_kegiatan"]),
        (" SUB-KEGIATAN ", ["sub_kegiatan"]),
        ("Bidang Urusan/Bidang Unsur", ["bidang_urusan_bidang_unsur", "bidang_urusan"]),
        ("TKDN (%)", ["tkdn"]),
        ("Harga Satuan (Rp)", ["harga_satuan_rp", "harga_satuan"]),
    ],
)
def test_headers_are_matched_by_one_rule(written, keys):
    assert header_keys(written) == keys
    assert normalize_header(written) == keys[0]


def test_an_alias_table_names_each_field_once_and_finds_the_header_below_a_title():
    # given pagu written three ways in three files, under a title block
    lookup = alias_lookup({"kode": ["kode sub kegiatan"], "pagu": ["pagu indikatif", "Jumlah Pagu"]})
    for written in ("Pagu", "Pagu Indikatif", "JUMLAH PAGU"):
        sheet = [(1, ["RENJA 2026"]), (3, ["Kode Sub Kegiatan", written]), (4, ["1.02.02.2.01.0001", "100"])]
        # when
        header = find_header([sheet], lookup, lambda columns: {"kode", "pagu"} <= columns.keys())
        # then
        assert header is not None
        assert (header.row, header.index("pagu"), header.written("pagu")) == (3, 1, written)
        assert header.value(header.rows[0][1], "pagu") == "100"


@pytest.mark.parametrize(("value", "is_blank"), [(None, True), ("", True), ("  ", True), ("[null]", True),
                         ("[NULL]", True), ("null", True), ("-", True), ("0", False), (0, False), ("-5", False)])  # fmt: skip
def test_one_blank_rule(value, is_blank):
    assert blank(value) is is_blank


@pytest.mark.parametrize(
    ("written", "amount"),
    [
        (1500000, Decimal(1500000)),
        (12.5, Decimal("12.5")),
        ("1.500.000,50", Decimal("1500000.50")),
        ("Rp 1,500,000.50", Decimal("1500000.50")),
        ("Rp. 2.500", Decimal(2500)),
        ("-1.000", Decimal(-1000)),
        ("750000000", Decimal(750000000)),
    ],
)
def test_money_is_read_as_written(written, amount):
    assert parse_money(written) == amount


@pytest.mark.parametrize("written", ["abc", "NaN", "Infinity", True, "1,2,3.4.5"])
def test_what_is_not_money_is_refused(written):
    with pytest.raises(ValueError):  # noqa: PT011 - the parser signals only with ValueError
        parse_money(written)


def test_a_rejection_answers_with_the_errors_of_the_first_rows_and_the_count():
    # given 3 errors on each of 1,200 rows, and one for the whole file
    errors = [RowError(None, "", "Plafon terlampaui.")] + [
        RowError(row, column, "salah") for row in range(2, 1202) for column in ("a", "b", "c")
    ]
    # when
    body = import_rejected_body(ImportRejected(errors))
    # then
    assert body["code"] == "import_rejected"
    assert body["error_count"] == 3601
    assert len({error["row"] for error in body["errors"]}) == 1000
    assert len(body["errors"]) == 1 + 999 * 3
    assert body["errors"][1] == {"row": 2, "column": "a", "reason": "salah"}
