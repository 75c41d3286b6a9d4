"""Reading tabular imports: one toolkit for every importer (reference lists, Renja/RKPD, standar harga, SIPD
rincian, realization).

- `read_sheets(file, filename)` — the sheets of an .xlsx (every sheet, or only the first) or a CSV (one sheet) as
  `(row number, values)` pairs, blank rows dropped, trailing blank cells trimmed. Bounded before and while
  parsing (`bounds()`): file size, the xlsx archive's uncompressed size and compression ratio, rows per file,
  columns per row. Anything unreadable or past a bound raises `ImportRejected` at once.
- `normalize_header`, `header_keys`, `alias_lookup`, `find_header` — header names matched tolerantly against
  one declarative alias table per importer; `locate_header` finds the header row and reports its missing and
  unknown columns to `Problems` instead of stopping, so an answer lists header and row problems together.
- `blank`, `cell`, `text`, `parse_money`, `parse_number`, `parse_quantity`, `parse_date`, `parse_month`, `to_sen` —
  the one rule for empty cells (`""`, `[null]`, `null`, `-`), the cell parsers and rounding to the sen.
- `RowError`, `RowWarning`, `ImportRejected`, `Problems` — every problem of a file, collected in one pass (errors
  reject the file, warnings are listed in the result of an import that went through); the API answers an
  `ImportRejected` with a 400 in `config.api.exception_handler`, so views need no try/except.

xlsx is read with python-calamine; calamine gives no number formats, so a workbook whose styles use a percent
format is read with openpyxl instead, which turns a percent-formatted number into the text the user sees
(`0.4` shown as 40% reads as `"40%"`). Django-free apart from settings.
"""

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

Row = tuple[int, list[object]]  # (1-based spreadsheet row number, values)
Sheet = list[Row]
K = TypeVar("K")

HEADER_SCAN_ROWS = 30
MAX_ERRORS = 1000  # an answer lists the errors of at most this many rows, plus the total count
MiB = 1024 * 1024


# --- problems ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """One problem in the file: 1-based spreadsheet row number (header is row 1), column name, reason."""

    row: int | None
    column: str
    reason: str


@dataclass(frozen=True)
class RowWarning:
    """Something imported but worth a look (a value rounded, a name kept as text): row, column, reason, and for a
    changed value the value as written (`original`) and as stored (`value`)."""

    row: int | None
    column: str
    reason: str
    original: str = ""
    value: str = ""


class ImportRejected(Exception):
    """The file was rejected as a whole; nothing was written. `errors` lists every bad row."""

    def __init__(self, errors: list[RowError], *, error_count: int | None = None) -> None:
        count = len(errors) if error_count is None else error_count
        super().__init__(f"{count} kesalahan; tidak ada data yang diimpor.")
        self.errors = errors
        self.error_count = count


def rejected(reason: str, column: str = "", row: int | None = None) -> ImportRejected:
    """A file rejected for one reason (unreadable, past a bound, no data)."""
    return ImportRejected([RowError(row, column, reason)])


def import_rejected_body(exc: ImportRejected) -> dict[str, Any]:
    """`{detail, code: "import_rejected", errors, error_count}`: every error of the first `MAX_ERRORS` rows that
    have errors (file-level errors count as one row), and how many errors the file had in all."""
    shown: list[dict[str, Any]] = []
    rows: set[int | None] = set()
    for error in exc.errors:
        if error.row not in rows and len(rows) >= MAX_ERRORS:
            break
        rows.add(error.row)
        shown.append(asdict(error))
    return {"detail": str(exc), "code": "import_rejected", "errors": shown, "error_count": exc.error_count}


class Problems:
    """Errors and warnings of one import, collected in a single pass over header and rows.

    `error()` keeps going (every row's every error is reported); `raise_if_errors()` ends the import with
    `ImportRejected`, errors sorted by row (file-level ones first). Warnings never reject.
    """

    def __init__(self) -> None:
        self.errors: list[RowError] = []
        self.warnings: list[RowWarning] = []

    def error(self, row: int | None, column: str, reason: str) -> None:
        self.errors.append(RowError(row, column, reason))

    def warning(
        self, row: int | None, column: str, reason: str, *, original: str = "", value: str = ""
    ) -> None:
        self.warnings.append(RowWarning(row, column, reason, original, value))

    def __bool__(self) -> bool:
        return bool(self.errors)

    @property
    def rows_with_errors(self) -> int:
        return len({error.row for error in self.errors})

    def raise_if_errors(self) -> None:
        if self.errors:
            raise ImportRejected(sorted(self.errors, key=lambda error: error.row or 0))


# --- bounds -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bounds:
    """What an import may hold; see README, "Configuration" (settings `UPLOAD_MAX_BYTES`, `IMPORT_MAX_*`)."""

    max_bytes: int = 20 * MiB
    max_uncompressed: int = 200 * MiB
    max_ratio: int = 100
    max_rows: int = 200_000
    max_columns: int = 200


def bounds() -> Bounds:
    """The configured bounds (defaults outside Django)."""
    try:
        from django.conf import settings

        return Bounds(
            max_bytes=settings.UPLOAD_MAX_BYTES,
            max_uncompressed=settings.IMPORT_MAX_UNCOMPRESSED_BYTES,
            max_ratio=settings.IMPORT_MAX_COMPRESSION_RATIO,
            max_rows=settings.IMPORT_MAX_ROWS,
            max_columns=settings.IMPORT_MAX_COLUMNS,
        )
    except Exception:  # settings not configured or a name missing: the documented defaults
        return Bounds()


def _size_mb(size: int) -> str:
    return f"{size / MiB:.1f} MB".replace(".", ",")


def _count(number: int) -> str:
    return f"{number:,}".replace(",", ".")


class _Limiter:
    """Counts kept rows and checks their width; raises `ImportRejected` past a bound."""

    def __init__(self, limits: Bounds) -> None:
        self.limits = limits
        self.rows = 0

    def keep(self, number: int, values: list[object]) -> list[object] | None:
        while values and blank(values[-1]):
            values.pop()
        if not values:
            return None
        if len(values) > self.limits.max_columns:
            raise rejected(
                f"Baris {number} memiliki lebih dari {self.limits.max_columns} kolom; batasnya "
                f"{self.limits.max_columns}.",
                row=number,
            )
        self.rows += 1
        if self.rows > self.limits.max_rows:
            raise rejected(
                f"Berkas memuat lebih dari {_count(self.limits.max_rows)} baris; batasnya {_count(self.limits.max_rows)}."
            )
        return values


# --- reading ----------------------------------------------------------------------------------------------------


def _open(file: str | Path | BinaryIO) -> BinaryIO:
    if isinstance(file, str | Path):
        return Path(file).open("rb")
    if hasattr(file, "seek"):
        file.seek(0)
    return file


def _size_of(handle: BinaryIO) -> int | None:
    size = getattr(handle, "size", None)
    if isinstance(size, int):
        return size
    try:
        position = handle.tell()
        end = handle.seek(0, io.SEEK_END)
        handle.seek(position)
        return end
    except (AttributeError, OSError, ValueError):
        return None


def read_sheets(file: str | Path | BinaryIO, filename: str, *, first_only: bool = False) -> list[Sheet]:
    """Every sheet of the file (or only the first) as (row number, values); a CSV is one sheet.

    Unreadable, or past a bound of `bounds()`, raises `ImportRejected` before the rows are parsed (size,
    archive) or as soon as the bound is crossed (rows, columns).
    """
    limits = bounds()
    handle = _open(file)
    try:
        size = _size_of(handle)
        if size is not None and size > limits.max_bytes:
            raise rejected(
                f"Berkas {_size_mb(size)} melebihi batas unggah {_size_mb(limits.max_bytes)}.", column="file"
            )
        head = handle.read(8)
        handle.seek(0)
        if isinstance(head, str):  # a text stream: CSV only
            return [_read_csv(io.BytesIO(handle.read().encode()), limits)]
        suffix = Path(filename).suffix.lower()
        if head[:4] == b"\xd0\xcf\x11\xe0" or suffix == ".xls":
            raise rejected("Format .xls (Excel 97–2003) tidak didukung; simpan sebagai .xlsx atau CSV UTF-8.")
        if head[:4] == b"PK\x03\x04" or suffix in (".xlsx", ".xlsm"):
            data = handle.read(limits.max_bytes + 1)
            if len(data) > limits.max_bytes:
                raise rejected(f"Berkas melebihi batas unggah {_size_mb(limits.max_bytes)}.", column="file")
            return _read_xlsx(data, limits, first_only=first_only)
        return [_read_csv(handle, limits)]
    finally:
        if isinstance(file, str | Path):
            handle.close()


def check_archive(data: bytes, limits: Bounds | None = None) -> None:
    """Refuse an xlsx (zip) whose entries would expand past the bounds, from its directory alone."""
    limits = limits or bounds()
    try:
        entries = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise rejected(f"Berkas bukan .xlsx yang dapat dibaca ({exc.__class__.__name__}).") from exc
    total = 0
    for entry in entries:
        total += entry.file_size
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > MiB and ratio > limits.max_ratio:
            raise rejected(
                f"Isi .xlsx {entry.filename} mengembang {ratio:.0f} kali (batas {limits.max_ratio}); "
                "berkas ditolak."
            )
        if total > limits.max_uncompressed:
            raise rejected(
                f"Isi .xlsx melebihi {_size_mb(limits.max_uncompressed)} setelah dibuka; berkas ditolak."
            )


PERCENT_STYLE = re.compile(rb'numFmtId="(9|10)"|formatCode="[^"]*%')


def _uses_percent(data: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = [name for name in archive.namelist() if name.lower().endswith("styles.xml")]
        return any(PERCENT_STYLE.search(archive.read(name)) for name in names)


def _read_xlsx(data: bytes, limits: Bounds, *, first_only: bool) -> list[Sheet]:
    check_archive(data, limits)
    try:
        percent = _uses_percent(data)
    except Exception as exc:  # a damaged archive fails here as anywhere
        raise rejected(f"Berkas bukan .xlsx yang dapat dibaca ({exc.__class__.__name__}).") from exc
    limiter = _Limiter(limits)
    if percent:
        return _read_xlsx_openpyxl(data, limiter, first_only=first_only)
    import python_calamine

    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine raises zip, XML and its own errors alike for a damaged workbook
        raise rejected(f"Berkas bukan .xlsx yang dapat dibaca ({exc.__class__.__name__}).") from exc
    try:
        sheets: list[Sheet] = []
        worksheets = [
            index
            for index, meta in enumerate(workbook.sheets_metadata)
            if str(meta.typ).endswith("WorkSheet")
        ]
        for index in worksheets[:1] if first_only else worksheets:
            sheet = workbook.get_sheet_by_index(index)
            first = sheet.start[0] + 1 if sheet.start else 1
            rows: Sheet = []
            for number, raw in enumerate(sheet.iter_rows(), start=first):
                values = limiter.keep(number, [_calamine_value(value) for value in raw])
                if values is not None:
                    rows.append((number, values))
            sheets.append(rows)
        return sheets
    except ImportRejected:
        raise
    except Exception as exc:
        raise rejected(f"Isi berkas .xlsx rusak ({exc.__class__.__name__}).") from exc
    finally:
        workbook.close()


def _calamine_value(value: object) -> object:
    """The value as openpyxl gives it: None for empty, int for a whole number, datetime for a date."""
    if value == "" and isinstance(value, str):
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime.combine(value, time())
    return value


def _read_xlsx_openpyxl(data: bytes, limiter: _Limiter, *, first_only: bool) -> list[Sheet]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zip, XML and key errors alike for a damaged workbook
        raise rejected(f"Berkas bukan .xlsx yang dapat dibaca ({exc.__class__.__name__}).") from exc
    try:
        sheets: list[Sheet] = []
        for sheet in workbook.worksheets[:1] if first_only else workbook.worksheets:
            sheet.reset_dimensions()  # exported workbooks often carry a wrong stored dimension
            rows: Sheet = []
            width = limiter.limits.max_columns + 1  # one more than allowed, to see a row that is too wide
            for number, cells in enumerate(sheet.iter_rows(min_row=1, max_col=width), start=1):
                values = limiter.keep(number, [_openpyxl_value(c) for c in cells])
                if values is not None:
                    rows.append((number, values))
            sheets.append(rows)
        return sheets
    except ImportRejected:
        raise
    except Exception as exc:
        raise rejected(f"Isi berkas .xlsx rusak ({exc.__class__.__name__}).") from exc
    finally:
        workbook.close()


def _openpyxl_value(cell: Any) -> object:
    value = getattr(cell, "value", None)
    number_format = getattr(cell, "number_format", "") or ""
    if isinstance(value, int | float) and not isinstance(value, bool) and "%" in number_format:
        percent = (Decimal(repr(value)) * 100).normalize()
        return f"{percent:f}%"
    return value


def _read_csv(handle: BinaryIO, limits: Bounds) -> Sheet:
    """A CSV read as a stream: rows are counted (and refused past the bound) while reading, never all at once."""
    sample_bytes = handle.read(64 * 1024)
    handle.seek(0)
    try:
        sample = codecs.getincrementaldecoder("utf-8-sig")().decode(sample_bytes, final=False)
    except UnicodeDecodeError as exc:
        raise rejected(
            "Berkas bukan .xlsx dan bukan CSV UTF-8; simpan ulang sebagai .xlsx atau CSV UTF-8."
        ) from exc
    if "\x00" in sample:
        raise rejected("Berkas bukan .xlsx dan bukan CSV teks.")
    stream = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")  # type: ignore[arg-type]
    limiter = _Limiter(limits)
    rows: Sheet = []
    try:
        reader = csv.reader(stream, delimiter=_sniff_delimiter(sample))
        for number, raw in enumerate(reader, start=1):
            values = limiter.keep(number, list(raw))
            if values is None:
                continue
            if any("\x00" in value for value in raw):
                raise rejected("Berkas bukan .xlsx dan bukan CSV teks.")
            rows.append((number, values))
    except UnicodeDecodeError as exc:
        raise rejected(
            "Berkas bukan .xlsx dan bukan CSV UTF-8; simpan ulang sebagai .xlsx atau CSV UTF-8."
        ) from exc
    except csv.Error as exc:
        raise rejected(f"CSV tidak dapat dibaca: {exc}.") from exc
    finally:
        stream.detach()  # the caller owns the file
    return rows


def _sniff_delimiter(sample: str) -> str:
    """`;` (Excel with an Indonesian locale) or `,` (everything else): whichever splits the top rows widest."""
    sample = sample[:20000]
    best, best_width = ",", 0
    for delimiter in (",", ";", "\t"):
        try:
            reader = csv.reader(io.StringIO(sample), delimiter=delimiter)
            rows = [row for _, row in zip(range(HEADER_SCAN_ROWS), reader, strict=False)]
        except csv.Error:
            continue
        width = max((len(row) for row in rows), default=0)
        if width > best_width:
            best, best_width = delimiter, width
    return best


# --- headers ----------------------------------------------------------------------------------------------------


def normalize_header(value: object) -> str:
    """`"Sub  Kegiatan"`, `"sub.kegiatan"`, `"SUB_KEGIATAN "`, `"Sub-Kegiatan"` → `"sub_kegiatan"`."""
    return re.sub(r"[^a-z0-9]+", "_", str(value or "").strip().lower()).strip("_")


def header_keys(value: object) -> list[str]:
    """The names a header may be matched by: all of it, then the part before a `/` or `(` qualifier
    (`"Bidang Urusan/Bidang Unsur"` → `bidang_urusan_bidang_unsur`, `bidang_urusan`; `"Harga (Rp)"` →
    `harga_rp`, `harga`)."""
    whole = normalize_header(value)
    head = normalize_header(re.split(r"[/(]", str(value or ""), maxsplit=1)[0])
    return [whole] if head in ("", whole) else [whole, head]


def alias_lookup(table: Mapping[K, Iterable[str]]) -> dict[str, K]:
    """`{field: ["pagu", "Pagu Indikatif", "jumlah pagu"]}` → `{"pagu": field, "pagu_indikatif": field, …}`; the
    field name is an alias of itself. The first field naming an alias keeps it."""
    lookup: dict[str, K] = {}
    for key, aliases in table.items():
        for alias in [key, *aliases] if isinstance(key, str) else aliases:
            lookup.setdefault(normalize_header(alias), key)
    return lookup


def alias_table(aliases: Mapping[str, Iterable[str]]) -> str:
    """The header names an importer accepts, as a Markdown table (field, names after `normalize_header`), for its
    endpoint's OpenAPI description and the README."""
    lines = ["| field | header names |", "|---|---|"]
    for key, names in aliases.items():
        normal = dict.fromkeys(normalize_header(name) for name in [key, *sorted(names)])
        lines.append(f"| `{key}` | {', '.join(f'`{name}`' for name in normal)} |")
    return "\n".join(lines)


@dataclass
class Header:
    """The header row found in a sheet: which column holds which field, and the rows below it."""

    row: int
    columns: dict[Any, tuple[int, str]]  # field -> (index, header as written)
    rows: Sheet
    cells: list[object] = field(default_factory=list)  # the header row as written

    def has(self, key: Any) -> bool:
        return key in self.columns

    def index(self, key: Any) -> int | None:
        found = self.columns.get(key)
        return found[0] if found else None

    def written(self, key: Any) -> str:
        """The header as written in the file (the field name when the column is absent)."""
        return self.columns[key][1] if key in self.columns else (key if isinstance(key, str) else "")

    def value(self, values: list[object], key: Any) -> object:
        """The cell of the field in a row; None when blank or absent."""
        index = self.index(key)
        return cell(values[index]) if index is not None and index < len(values) else None

    def text(self, values: list[object], key: Any) -> str:
        return text(self.value(values, key))


def header_columns(
    values: list[object], lookup: Mapping[str, Any] | Callable[[str], Any]
) -> dict[Any, tuple[int, str]]:
    """The fields a row of header names holds; the first of two same-meaning columns wins."""
    resolve = lookup.get if isinstance(lookup, Mapping) else lookup
    columns: dict[Any, tuple[int, str]] = {}
    for index, value in enumerate(values):
        if blank(value):
            continue
        for name in header_keys(value):
            key = resolve(name)
            if key is not None:
                if key not in columns:
                    columns[key] = (index, text(value))
                break
    return columns


def locate_header(
    sheets: Iterable[Sheet],
    lookup: Mapping[str, Any],
    *,
    key: Iterable[str],
    required: Iterable[str] = (),
    problems: Problems,
    scan_rows: int = HEADER_SCAN_ROWS,
) -> Header | None:
    """The header row: the first (of the first `scan_rows` of a sheet) holding every `key` field, the fields
    without which no row can be read. Each `required` field it lacks is an error on the header row, each column
    no alias names a warning; the caller goes on reading the rows, so one answer lists header and row problems.
    None (and an error) when no row holds the key fields."""
    key, required = list(key), list(required)
    found = find_header(
        sheets, lookup, lambda columns: all(name in columns for name in key), scan_rows=scan_rows
    )

    def missing(row: int | None, name: str, unknown: list[str]) -> None:
        names = ", ".join(alias for alias in sorted(lookup) if lookup[alias] == name)
        listed = f" Kolom yang tidak dikenali: {', '.join(unknown)}." if unknown else ""
        problems.error(
            row, name, f"Kolom wajib {name} tidak ditemukan (nama yang dikenali: {names}).{listed}"
        )

    if found is None:
        for name in dict.fromkeys([*key, *required]):
            missing(None, name, [])
        return None
    taken = {index for index, _ in found.columns.values()}
    unknown = [
        text(value) for index, value in enumerate(found.cells) if not blank(value) and index not in taken
    ]
    for name in required:
        if name not in found.columns:
            missing(found.row, name, unknown)
    for name in unknown:
        problems.warning(found.row, name, "Kolom tidak dikenali; isinya diabaikan.")
    return found


def find_header(
    sheets: Iterable[Sheet],
    lookup: Mapping[str, Any] | Callable[[str], Any],
    accept: Callable[[dict[Any, tuple[int, str]]], bool],
    *,
    scan_rows: int = HEADER_SCAN_ROWS,
) -> Header | None:
    """The first row (of the first `scan_rows` of each sheet) whose columns `accept` takes; it may sit below a
    title block. None when no sheet has one."""
    for rows in sheets:
        for position, (number, values) in enumerate(rows[:scan_rows]):
            columns = header_columns(values, lookup)
            if accept(columns):
                return Header(row=number, columns=columns, rows=rows[position + 1 :], cells=values)
    return None


# --- cells ------------------------------------------------------------------------------------------------------

BLANK_TEXT = frozenset({"", "[null]", "null", "-"})


def blank(value: object) -> bool:
    """The one rule for an empty cell: None, whitespace, `[null]` (SIPD exports), `null` or a lone `-`."""
    return value is None or (isinstance(value, str) and value.strip().lower() in BLANK_TEXT)


def cell(value: object) -> object:
    """The value, or None when `blank`."""
    return None if blank(value) else value


def text(value: object) -> str:
    """A cell as text, whitespace collapsed (PDF extraction leaves runs of spaces and line breaks inside names);
    a whole number read as float loses its `.0`; blank is `""`."""
    if blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def parse_money(value: object) -> Decimal:
    """A Rupiah amount as written: 1500000, 1500000.5, "1.500.000,50", "Rp 1,500,000.50". ValueError if not one."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return _finite(Decimal(repr(value)), value)
    if isinstance(value, Decimal):
        return _finite(value, value)
    raw = re.sub(r"(?i)^rp\.?", "", str(value).strip()).replace(" ", "").replace("\u00a0", "")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", raw) or re.fullmatch(r"-?\d+,\d+", raw):
        raw = raw.replace(".", "").replace(",", ".")  # Indonesian: dots group thousands, comma for decimals
    elif re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", raw):
        raw = raw.replace(",", "")
    try:
        return _finite(Decimal(raw), value)
    except InvalidOperation as exc:
        raise ValueError(value) from exc


def parse_number(value: object) -> Decimal:
    """A quantity or percentage as written: 12, 12.5, "12,5", "40%" (→ 40). ValueError if not one.

    Unlike money, a single dot is a decimal point (`"1.500"` is 1.5); text with both separators reads as money.
    """
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float | Decimal):
        return parse_money(value)
    raw = str(value).strip().removesuffix("%").strip().replace(" ", "").replace("\u00a0", "")
    if "," in raw and "." in raw:
        return parse_money(raw)
    try:
        return _finite(Decimal(raw.replace(",", ".")), value)
    except InvalidOperation as exc:
        raise ValueError(value) from exc


def _finite(amount: Decimal, value: object) -> Decimal:
    if not amount.is_finite():
        raise ValueError(value)
    return amount


SEN = Decimal("0.01")


def to_sen(amount: Decimal) -> Decimal:
    """Rounded half-up to the sen: Rupiah has two decimals, a price computed in Excel (`5009999.996`) more."""
    return amount.quantize(SEN, rounding=ROUND_HALF_UP)


_QUANTITY_RE = re.compile(r"^\s*(-?\d[\d.,]*)\s*(.*?)\s*$", re.DOTALL)


def parse_quantity(value: object) -> tuple[Decimal, str]:
    """A target as written: a number and the unit after it. `"1 Laporan"` → (1, "Laporan"), `"96 %"` and a
    percent-formatted 0.96 (read as `"96%"`) → (96, "%"), `"12,5 km"` → (12.5, "km"), `3` → (3, "").
    ValueError when it does not start with a number."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return parse_number(value), ""
    match = _QUANTITY_RE.match(str(value))
    if not match:
        raise ValueError(value)
    number, unit = match.groups()
    return parse_number(number.rstrip(".,")), " ".join(unit.split())


MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("januari", "jan", "january"),
            ("februari", "feb", "pebruari", "february"),
            ("maret", "mar", "march"),
            ("april", "apr"),
            ("mei", "may"),
            ("juni", "jun", "june"),
            ("juli", "jul", "july"),
            ("agustus", "agu", "agt", "ags", "aug", "august"),
            ("september", "sep", "sept"),
            ("oktober", "okt", "oct", "october"),
            ("november", "nov", "nopember"),
            ("desember", "des", "dec", "december"),
        ],
        start=1,
    )
    for name in names
}


def parse_month(value: object) -> int:
    """A month 1–12 as written: a number, a date (its month), a month name (`Januari`, `Okt`, `Maret 2025`).
    ValueError if not one."""
    if isinstance(value, date):
        return value.month
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        number = parse_number(value)
        if number == number.to_integral_value() and 1 <= number <= 12:
            return int(number)
        raise ValueError(value)
    raw = str(value).strip().lower()
    if raw.isdigit():
        return parse_month(int(raw))
    first = re.split(r"[\s.,/-]+", raw, maxsplit=1)[0]
    if first in MONTHS:
        return MONTHS[first]
    return parse_date(raw).month


DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d")


def parse_date(value: object) -> date:
    """A date as written in exports: an Excel date(time), ISO, or day-first with / - . separators."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = str(value).strip()[:10]
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise ValueError(value)


# --- official codes ---------------------------------------------------------------------------------------------

# Width of every part of an official code (Permendagri 90/2019), for `normalize_code`. A kegiatan's K digit is one
# part of width 1, so the nomenclature widths serve every level by position.
CODE_PART_WIDTHS = {
    "nomenklatur": (1, 2, 2, 1, 2, 4),
    "akun": (1, 1, 2, 2, 2, 4),
    "sumber_dana": (1, 1, 2, 2, 2, 4),
    "opd": (1, 2, 1, 2, 1, 2, 2, 4),  # U.BB.U.BB.U.BB.NN.SSSS
}


def clean_code(value: object) -> str:
    """A code as typed: whitespace removed (PDF extraction splits codes), `x` placeholders upper-cased."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return re.sub(r"\s+", "", str(value)).replace("x", "X")


def normalize_code(value: object, kind: str) -> str:
    """An official code (`kind`: nomenklatur, akun, sumber_dana, opd) with every part padded to its width, as
    typed by hand or kept by a spreadsheet without the zeros: sumber dana `1.2.1.01.02` → `1.2.01.01.02`,
    sub kegiatan `1.2.2.2.1.1` → `1.02.02.2.01.0001`. Placeholders (`X.XX`), over-long parts and codes with more
    parts than the kind has are left as typed, for the format check to report."""
    kode = clean_code(value)
    widths = CODE_PART_WIDTHS[kind]
    parts = kode.split(".")
    if not kode or len(parts) > len(widths):
        return kode
    return ".".join(
        part.zfill(width) if part.isdigit() else part for part, width in zip(parts, widths, strict=False)
    )
