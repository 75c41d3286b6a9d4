"""Writing spreadsheets and CSV files: the one formula escape, and the helpers every xlsx / CSV writer uses.

A cell of text that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel, LibreOffice and
Google Sheets as a formula (CSV injection: `=HYPERLINK(…)`, `=1+1`). Every export passes its values through
`safe_text`, which prefixes such text with a single quote `'` (OWASP's advice); numbers, dates and booleans are
left as they are, so a negative amount stays a number.

    from config.exports import csv_bytes, safe_text, workbook_bytes, write_rows

    sheet.append(...)                       # never: use write_rows, which escapes and types every cell
    write_rows(sheet, rows, number_formats={"pagu": RUPIAH})
    body = csv_bytes(header, rows)          # UTF-8 with BOM, so Excel opens it with the right encoding

`write_rows` writes escaped text as a string cell (never a formula) on a normal or a write-only worksheet.
"""

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
RUPIAH = '"Rp" #,##0.00'


def safe_text(value: Any) -> Any:
    """`value` with text that a spreadsheet would run as a formula prefixed by `'`; anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_text(value) for value in values]


def write_rows(
    sheet: Any,
    rows: Iterable[Sequence[Any]],
    *,
    columns: Sequence[str] | None = None,
    number_formats: Mapping[str, str] | None = None,
) -> None:
    """Append rows to an openpyxl worksheet (normal or write-only), every text cell escaped by `safe_text` and
    stored as a string, never a formula.

    `number_formats` maps a column name (of `columns`) to the number format of that column's cells.
    """
    from openpyxl.cell.cell import Cell

    formats: dict[int, str] = {}
    if number_formats:
        if columns is None:
            raise ValueError("number_formats needs columns")
        formats = {list(columns).index(name): fmt for name, fmt in number_formats.items()}
    for values in rows:
        cells = []
        for index, value in enumerate(values):
            cell = Cell(sheet, row=1, column=1, value=safe_text(value))  # append() sets the position
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, whatever it looks like
            if index in formats:
                cell.number_format = formats[index]
            cells.append(cell)
        sheet.append(cells)


def new_workbook(title: str, *, write_only: bool = False) -> tuple[Any, Any]:
    """A new openpyxl workbook and its one worksheet named `title` (apps build workbooks here, not with openpyxl)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=write_only)
    sheet = workbook.create_sheet(title) if write_only else workbook.active
    sheet.title = title
    return workbook, sheet


def workbook_bytes(workbook: Any) -> bytes:
    """An openpyxl workbook saved to bytes."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class SafeWriter:
    """`csv.writer` whose rows are escaped; `writerow` / `writerows` as usual."""

    def __init__(self, stream: Any, **options: Any) -> None:
        self._writer = csv.writer(stream, **options)

    def writerow(self, values: Iterable[Any]) -> Any:
        return self._writer.writerow(safe_row(values))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for values in rows:
            self.writerow(values)


def csv_writer(stream: Any, **options: Any) -> SafeWriter:
    """A CSV writer on a text stream that escapes every cell (options as for `csv.writer`)."""
    return SafeWriter(stream, **options)


def csv_bytes(header: Sequence[str], rows: Iterable[Iterable[Any]], **options: Any) -> bytes:
    """A whole CSV (header first) as UTF-8 with a BOM, every cell escaped."""
    stream = io.StringIO(newline="")
    writer = csv_writer(stream, **options)
    writer.writerow(header)
    writer.writerows(rows)
    return stream.getvalue().encode("utf-8-sig")
