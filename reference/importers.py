"""Import official reference lists (nomenclature, akun, sumber dana) from .xlsx or .csv files.

Contract used by the API and the `import_reference` command; see `reference_import`.

Layouts understood (DESIGN.md section 4; header names are matched loosely, the header row may sit below a title):

- one row per node: a `kode` column (+ optional `level`), or the code split over one column per level
  (urusan … sub kegiatan; akun … sub rincian objek) with the zero padding Excel dropped restored;
- nomenclature only, the flat SIPD export: one row per sub kegiatan with its parents in columns, either as
  `kode_<level>` + `nama_<level>` pairs or as one `"code name"` cell per level. A `jenis_pemda` column
  (PROV / KABKOT) splits such a file into the two lists; only rows of the requested pemda level are read.

`ImportResult.created` is keyed by level name: `urusan`, `bidang_urusan`, `program`, `kegiatan`, `sub_kegiatan`
for nomenclature and `"1"` … `"6"` for akun and sumber dana; every level of the kind is present (0 when none).
"""

import csv
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from django.core.exceptions import ValidationError
from django.db import transaction

from organisation.models import PemdaLevel
from reference import codes
from reference.models import Akun, Nomenklatur, ReferenceKind, ReferenceVersion, SumberDana
from reference.services import reference_version_get_or_create


@dataclass(frozen=True)
class RowError:
    """One problem in the file: 1-based spreadsheet row number (header is row 1), column name, reason."""

    row: int | None
    column: str
    reason: str


class ImportRejected(Exception):
    """The file was rejected as a whole; nothing was written. `errors` lists every bad row."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} kesalahan; tidak ada data yang diimpor.")
        self.errors = errors


@dataclass
class ImportResult:
    version: ReferenceVersion
    created: dict[str, int] = field(default_factory=dict)  # level name -> rows created
    unchanged: int = 0
    duplicates: list[RowError] = field(default_factory=list)


Progress = Callable[[int, int], None]

MODELS = {
    ReferenceKind.NOMENKLATUR: Nomenklatur,
    ReferenceKind.AKUN: Akun,
    ReferenceKind.SUMBER_DANA: SumberDana,
}
LEVEL_KEYS = {
    ReferenceKind.NOMENKLATUR: codes.NOMENKLATUR_LEVEL_NAMES,
    ReferenceKind.AKUN: {level: str(level) for level in range(1, 7)},
    ReferenceKind.SUMBER_DANA: {level: str(level) for level in range(1, 7)},
}
HEADER_SCAN_ROWS = 30
PROGRESS_EVERY = 500
BATCH_SIZE = 1000
SATUAN_MAX = Nomenklatur._meta.get_field("satuan").max_length

# --- header names ---------------------------------------------------------------------------------------------

GENERIC_COLUMNS = {
    key: set(aliases.split())
    for key, aliases in {
        "kode": "kode kode_rekening kd code kd_rek kode_rek kd_rekening kode_akun kode_sumber_dana kode_nomenklatur",
        "nama": "nama uraian nomenklatur name uraian_akun nama_akun nomenklatur_urusan uraian_rekening "
        "nama_rekening uraian_sumber_dana nama_sumber_dana nama_nomenklatur",
        "level": "level tingkat lvl level_kode",
        "kinerja": "kinerja",
        "indikator": "indikator indikator_kinerja",
        "satuan": "satuan",
        "keterangan": "keterangan ket deskripsi description definisi",
        "jenis_pemda": "jenis_pemda level_pemda pemda_level tingkat_pemda jenis_pemerintah_daerah",
    }.items()
}
NOMENKLATUR_PART_NAMES = {
    1: {"urusan", "urusan_unsur"},
    2: {"bidang_urusan", "bidang", "bidang_unsur", "bidang_urusan_bidang_unsur"},
    3: {"program"},
    4: {"kegiatan"},
    5: {"sub_kegiatan", "subkegiatan", "sub_keg"},
}
ACCOUNT_PART_NAMES = {
    1: {"akun", "sumber_dana"},
    2: {"kelompok"},
    3: {"jenis"},
    4: {"objek"},
    5: {"rincian_objek", "rincian"},
    6: {"sub_rincian_objek", "sub_rincian"},
}
CODE_PREFIXES = ("kode_", "kd_", "kode")
NAME_PREFIXES = ("nama_", "nm_", "uraian_")
PROV_VALUES = {"prov", "provinsi", "propinsi", "pemprov"}
KABKOT_VALUES = {"kabkot", "kabkota", "kabupatenkota", "kab", "kota", "kabupaten", "pemkab", "pemkot"}


def normalize_header(value: object) -> str:
    """`"Sub  Kegiatan"`, `"sub.kegiatan"`, `"SUB_KEGIATAN "` → `"sub_kegiatan"`."""
    return re.sub(r"[\s_.\-]+", "_", str(value).strip().lower()).strip("_")


def _part_names(kind: str) -> dict[int, set[str]]:
    return NOMENKLATUR_PART_NAMES if kind == ReferenceKind.NOMENKLATUR else ACCOUNT_PART_NAMES


def _column_key(name: str, kind: str) -> str | tuple[str, int] | None:
    for candidate in dict.fromkeys([name, name.split("/")[0].strip("_")]):
        for key, aliases in GENERIC_COLUMNS.items():
            if candidate in aliases:
                return key
        for level, aliases in _part_names(kind).items():
            if candidate in aliases:
                return ("part", level)
            if kind != ReferenceKind.NOMENKLATUR:
                continue
            for prefix in CODE_PREFIXES:
                if candidate.startswith(prefix) and candidate.removeprefix(prefix) in aliases:
                    return ("kode", level)
            for prefix in NAME_PREFIXES:
                if candidate.startswith(prefix) and candidate.removeprefix(prefix) in aliases:
                    return ("nama", level)
    return None


@dataclass
class Table:
    """The recognised part of a sheet: which columns hold what, and how the rows are laid out."""

    layout: str  # "code", "split", "flat_separate", "flat_combined"
    header_row: int
    columns: dict[Any, tuple[int, str]]  # key -> (index, header as written)
    rows: list[tuple[int, list[object]]]  # data rows after the header: (row number, values)

    def has(self, key: Any) -> bool:
        return key in self.columns

    def header(self, key: Any) -> str:
        return self.columns[key][1] if key in self.columns else (key if isinstance(key, str) else "")

    def value(self, values: list[object], key: Any) -> object:
        if key not in self.columns:
            return None
        index = self.columns[key][0]
        return _cell(values[index]) if index < len(values) else None

    def text(self, values: list[object], key: Any) -> str:
        return normalize_text(self.value(values, key))


def _cell(value: object) -> object:
    if isinstance(value, str):
        stripped = value.strip()
        return None if stripped == "" or stripped.lower() == "[null]" else value
    return value


def normalize_text(value: object) -> str:
    """Whitespace collapsed: PDF extraction leaves runs of spaces and line breaks inside names."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _detect_layout(columns: dict[Any, tuple[int, str]], kind: str) -> str | None:
    levels = _part_names(kind)
    parts = [level for level in levels if ("part", level) in columns]
    if "kode" in columns and "nama" in columns:
        return "code"
    if kind == ReferenceKind.NOMENKLATUR and any(("kode", level) in columns for level in levels):
        return "flat_separate"
    if parts and parts[0] == 1 and "nama" in columns:
        return "split"
    if kind == ReferenceKind.NOMENKLATUR and parts:
        return "flat_combined"
    return None


def _find_table(sheets: Iterable[list[tuple[int, list[object]]]], kind: str) -> Table:
    for rows in sheets:
        for position, (number, values) in enumerate(rows[:HEADER_SCAN_ROWS]):
            columns: dict[Any, tuple[int, str]] = {}
            for index, value in enumerate(values):
                if _cell(value) is None:
                    continue
                key = _column_key(normalize_header(value), kind)
                if key is not None and key not in columns:  # the first of two same-meaning columns wins
                    columns[key] = (index, normalize_text(value))
            layout = _detect_layout(columns, kind)
            if layout is not None:
                return Table(layout=layout, header_row=number, columns=columns, rows=rows[position + 1 :])
    expected = (
        "`kode` + `nama`/`uraian`, kolom urusan/bidang_urusan/program/kegiatan/sub_kegiatan, "
        "atau kode_<tingkat> + nama_<tingkat> (ekspor SIPD)"
        if kind == ReferenceKind.NOMENKLATUR
        else "`kode` + `nama`/`uraian`, atau kolom akun/kelompok/jenis/objek/rincian_objek/sub_rincian_objek + uraian"
    )
    raise ImportRejected(
        [RowError(None, "", f"Tata letak berkas tidak dikenali; kolom yang diharapkan: {expected}.")]
    )


# --- reading files ---------------------------------------------------------------------------------------------


def _rejected(reason: str) -> ImportRejected:
    return ImportRejected([RowError(None, "", reason)])


def _read_bytes(file: str | Path | BinaryIO) -> bytes:
    if isinstance(file, str | Path):
        return Path(file).read_bytes()
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read()
    return data.encode() if isinstance(data, str) else data


def read_sheets(file: str | Path | BinaryIO, filename: str) -> list[list[tuple[int, list[object]]]]:
    """Every sheet of the file as (row number, values) pairs; a CSV is one sheet. Unreadable → ImportRejected."""
    data = _read_bytes(file)
    suffix = Path(filename).suffix.lower()
    if data[:4] == b"\xd0\xcf\x11\xe0" or suffix == ".xls":
        raise _rejected("Format .xls (Excel 97–2003) tidak didukung; simpan sebagai .xlsx atau CSV UTF-8.")
    if data[:4] == b"PK\x03\x04" or suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(data)
    return [_read_csv(data)]


def _read_xlsx(data: bytes) -> list[list[tuple[int, list[object]]]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zip, XML and key errors alike for a damaged workbook
        raise _rejected(f"Berkas bukan .xlsx yang dapat dibaca ({exc.__class__.__name__}).") from exc
    try:
        sheets = []
        for sheet in workbook.worksheets:
            sheet.reset_dimensions()  # exported workbooks often carry a wrong stored dimension
            rows = [
                (number, list(values))
                for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1)
                if any(_cell(value) is not None for value in values)
            ]
            sheets.append(rows)
        return sheets
    except Exception as exc:
        raise _rejected(f"Isi berkas .xlsx rusak ({exc.__class__.__name__}).") from exc
    finally:
        workbook.close()


def _read_csv(data: bytes) -> list[tuple[int, list[object]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _rejected(
            "Berkas bukan .xlsx dan bukan CSV UTF-8; simpan ulang sebagai .xlsx atau CSV UTF-8."
        ) from exc
    if "\x00" in text:
        raise _rejected("Berkas bukan .xlsx dan bukan CSV teks.")
    try:
        delimiter = _sniff_delimiter(text)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        return [
            (number, list(values))
            for number, values in enumerate(reader, start=1)
            if any(_cell(value) is not None for value in values)
        ]
    except csv.Error as exc:
        raise _rejected(f"CSV tidak dapat dibaca: {exc}.") from exc


def _sniff_delimiter(text: str) -> str:
    """`;` (Excel with an Indonesian locale) or `,` (everything else): whichever splits the top rows widest."""
    sample = text[:20000]
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


# --- parsing rows into nodes ------------------------------------------------------------------------------------


@dataclass
class Node:
    kode: str
    nama: str
    level: int
    row: int | None
    column: str
    kinerja: str = ""
    indikator: str = ""
    satuan: str = ""
    keterangan: str = ""
    derived: bool = False  # a parent read from a flat row's parent columns: repeats on every row by design


def pemda_level_of(value: object) -> str | None:
    """`PROV`/`Provinsi` → PROV, `KABKOT`/`Kab/Kota`/`Kabupaten` → KABKOT, else None."""
    text = re.sub(r"[^a-z]", "", str(value).lower())
    if text in PROV_VALUES:
        return PemdaLevel.PROVINSI
    if text in KABKOT_VALUES:
        return PemdaLevel.KABKOTA
    return None


class RowParser:
    """Turns the rows of a recognised table into nodes, collecting every error instead of stopping."""

    def __init__(self, *, kind: str, table: Table, pemda_level: str) -> None:
        self.kind = kind
        self.table = table
        self.pemda_level = pemda_level
        self.nomenklatur = kind == ReferenceKind.NOMENKLATUR
        self.levels = sorted(_part_names(kind))
        self.level_of = codes.nomenklatur_level if self.nomenklatur else codes.account_level
        self.parent_of = codes.nomenklatur_parent if self.nomenklatur else codes.account_parent
        self.nodes: dict[str, Node] = {}
        self.bad_codes: set[str] = set()
        self.errors: list[RowError] = []
        self.duplicates: list[RowError] = []

    # rows

    def parse(self, progress: Progress | None = None) -> None:
        total = len(self.table.rows)
        for done, (number, values) in enumerate(self.table.rows, start=1):
            if self._keeps(number, values):
                {
                    "code": self._parse_code_row,
                    "split": self._parse_split_row,
                    "flat_separate": self._parse_flat_row,
                    "flat_combined": self._parse_flat_row,
                }[self.table.layout](number, values)
            if progress and (done % PROGRESS_EVERY == 0 or done == total):
                progress(done, total)

    def _keeps(self, number: int, values: list[object]) -> bool:
        """Rows of the other pemda level are another list: skipped. Unknown values are errors."""
        if not (self.nomenklatur and self.table.has("jenis_pemda")):
            return True
        raw = self.table.value(values, "jenis_pemda")
        if raw is None:
            return True
        level = pemda_level_of(raw)
        if level is None:
            self._error(
                number, self.table.header("jenis_pemda"), f"Jenis pemda '{raw}' tidak dikenal (PROV/KABKOT)."
            )
            return False
        return level == self.pemda_level

    def _details(self, values: list[object]) -> dict[str, str]:
        return {key: self.table.text(values, key) for key in ("kinerja", "indikator", "satuan", "keterangan")}

    def _parse_code_row(self, number: int, values: list[object]) -> None:
        raw = self.table.value(values, "kode")
        # a nomenclature code Excel kept as a number is an urusan (int) or a bidang: 1.1 was typed 1.10
        nomenklatur_float = self.nomenklatur and isinstance(raw, float) and not raw.is_integer()
        kode = f"{raw:.2f}" if nomenklatur_float else codes.clean_code(raw)
        column = self.table.header("kode")
        nama = self.table.text(values, "nama")
        if not kode:
            self._error(number, column, "Kode kosong." if nama else "Kode dan nama kosong.")
            return
        self._node(
            number,
            column,
            kode,
            nama,
            expected_level=self._level_column(number, values),
            **self._details(values),
        )

    def _parse_split_row(self, number: int, values: list[object]) -> None:
        parts: list[object] = []
        column = ""
        gap = ""
        for level in self.levels:
            raw = self.table.value(values, ("part", level))
            if raw is None:
                gap = gap or self.table.header(("part", level))
                continue
            if gap:
                self._error(
                    number,
                    gap,
                    f"Kolom {gap} kosong padahal kolom {self.table.header(('part', level))} terisi.",
                )
                return
            parts.append(raw)
            column = self.table.header(("part", level))
        if not parts:
            self._error(number, self.table.header(("part", 1)), "Kode kosong.")
            return
        kode = (
            codes.nomenklatur_code_from_parts(parts)
            if self.nomenklatur
            else codes.account_code_from_parts(parts)
        )
        nama = self.table.text(values, "nama")
        expected = self._level_column(number, values)
        self._node(number, column, kode, nama, expected_level=expected or len(parts), **self._details(values))

    def _parse_flat_row(self, number: int, values: list[object]) -> None:
        found: list[tuple[int, str, str | None, str]] = []  # (level, kode, nama, column)
        for level in self.levels:
            entry = self._flat_cell(number, values, level, found[-1][1] if found else None)
            if entry is False:
                return
            if entry is not None:
                found.append((level, *entry))
        if not found:
            self._error(number, "", "Baris tanpa kode.")
            return
        for position, (level, kode, nama, column) in enumerate(found):
            own = position == len(found) - 1
            if position and self.level_of(kode) == level:
                parent = found[position - 1][1]
                if self.parent_of(kode) != parent:
                    self._error(
                        number, column, f"Kode {kode} tidak berada di bawah {parent} pada baris yang sama."
                    )
                    return
            if nama is None and not own:
                continue
            details = self._details(values) if own else {}
            self._node(number, column, kode, nama or "", expected_level=level, derived=not own, **details)

    def _flat_cell(
        self, number: int, values: list[object], level: int, parent: str | None
    ) -> tuple[str, str | None, str] | bool | None:
        """(kode, nama, column) of one level of a flat row; None when the row has nothing there; False on error."""
        if self.table.layout == "flat_separate":
            raw = self.table.value(values, ("kode", level))
            # without a name column the code only points at a parent that must exist elsewhere
            nama = self.table.text(values, ("nama", level)) if self.table.has(("nama", level)) else None
            column = self.table.header(("kode", level))
            if raw is None:
                if nama:
                    self._error(number, column, f"Nama '{nama}' tanpa kode.")
                    return False
                return None
        else:
            cell = self.table.text(values, ("part", level))
            column = self.table.header(("part", level))
            if not cell:
                return None
            split = codes.split_code_name(cell)
            if split is None:
                reason = "Sel harus berisi 'kode nama'" + (
                    ", namanya kosong." if re.fullmatch(r"[\d.X]+", cell) else "."
                )
                self._error(number, column, f"{reason} Isi: '{cell}'.")
                return False
            raw, nama = split
        return self._full_code(raw, level, parent), nama, column

    def _full_code(self, raw: object, level: int, parent: str | None) -> str:
        """A flat export may carry the whole code (`1.01.02`) or only its own part (`02`) under the parent's."""
        kode = f"{raw:.2f}" if isinstance(raw, float) and level == 2 else codes.clean_code(raw)
        if self.level_of(kode) == level or parent is None:
            return kode
        part = codes.pad_kegiatan_part(raw) if level == 4 else codes.pad_part(raw, 4 if level == 5 else 2)
        candidate = f"{parent}.{part}"
        return candidate if self.level_of(candidate) == level else kode

    def _level_column(self, number: int, values: list[object]) -> int | None:
        raw = self.table.value(values, "level")
        if raw is None:
            return None
        text = normalize_header(normalize_text(raw))
        names = codes.NOMENKLATUR_LEVEL_NAMES if self.nomenklatur else codes.ACCOUNT_LEVEL_NAMES
        by_name = {name: level for level, name in names.items()}
        if text.isdigit() and int(text) in names:
            return int(text)
        if re.fullmatch(r"\d+_0+", text) and int(text.split("_")[0]) in names:
            return int(text.split("_")[0])
        if text in by_name:
            return by_name[text]
        self._error(number, self.table.header("level"), f"Level '{raw}' tidak dikenal.")
        return None

    # nodes

    def _node(
        self,
        number: int,
        column: str,
        kode: str,
        nama: str,
        *,
        expected_level: int | None,
        derived: bool = False,
        **details: str,
    ) -> None:
        level = self.level_of(kode)
        ok = True
        if level is None:
            self._error(number, column, f"Kode '{kode}' tidak sesuai format {self._formats()}.")
            return
        if expected_level is not None and expected_level != level:
            names = LEVEL_KEYS[self.kind] if self.nomenklatur else codes.ACCOUNT_LEVEL_NAMES
            column_name = self.table.header("level") if self.table.has("level") else column
            self._error(
                number,
                column_name,
                f"Kode {kode} adalah {names[level]} (level {level}), bukan {names[expected_level]} "
                f"(level {expected_level}).",
            )
            ok = False
        if not nama:
            name_column = self.table.header("nama") if self.table.has("nama") else column
            self._error(number, name_column, f"Nama untuk kode {kode} kosong.")
            ok = False
        if self.nomenklatur and codes.k_conflicts_with_level(kode, self.pemda_level):
            k = codes.kegiatan_k(kode)
            label = dict(PemdaLevel.choices)[self.pemda_level]
            self._error(number, column, f"Digit K={k} pada {kode} milik daftar pemda lain, bukan {label}.")
            ok = False
        if len(details.get("satuan", "")) > SATUAN_MAX:
            self._error(number, self.table.header("satuan"), f"Satuan lebih dari {SATUAN_MAX} karakter.")
            ok = False
        if not ok:
            self.bad_codes.add(kode)
            return
        self._add(
            Node(kode=kode, nama=nama, level=level, row=number, column=column, derived=derived, **details)
        )

    def _add(self, node: Node) -> None:
        seen = self.nodes.get(node.kode)
        if seen is None:
            self.nodes[node.kode] = node
        elif seen.nama != node.nama:
            where = f"baris {seen.row}" if seen.row else "berkas"
            self._error(
                node.row,
                node.column,
                f"Kode {node.kode} ganda dengan nama berbeda: '{seen.nama}' ({where}) dan '{node.nama}'.",
            )
            self.bad_codes.add(node.kode)
        elif seen.derived and not node.derived:
            self.nodes[node.kode] = node  # the row of its own carries the details
        elif not (seen.derived or node.derived):
            self.duplicates.append(
                RowError(
                    node.row, node.column, f"Kode {node.kode} sudah ada di baris {seen.row}; baris dilewati."
                )
            )

    def _formats(self) -> str:
        if self.nomenklatur:
            return "X, X.XX, X.XX.XX, X.XX.XX.K.XX atau X.XX.XX.K.XX.XXXX"
        return "X, X.X, X.X.XX, X.X.XX.XX, X.X.XX.XX.XX atau X.X.XX.XX.XX.XXXX"

    def _error(self, row: int | None, column: str, reason: str) -> None:
        self.errors.append(RowError(row, column, reason))

    # against the version

    def plan(self, existing: dict[str, str]) -> tuple[list[Node], int]:
        """Nodes to create (implicit parents added) and how many are already stored unchanged.

        Orphans and name conflicts with the stored version are appended to `errors`.
        """
        implicit = codes.IMPLICIT_PARENTS.get(self.kind, {})
        queue = list(self.nodes.values())
        while queue:
            node = queue.pop()
            parent = self.parent_of(node.kode)
            if parent is None or parent in self.nodes or parent in existing or parent in self.bad_codes:
                continue
            if parent in implicit:
                implied = Node(kode=parent, nama=implicit[parent], level=node.level - 1, row=None, column="")
                self.nodes[parent] = implied
                queue.append(implied)
                continue
            self._error(
                node.row,
                node.column,
                f"Induk {parent} dari kode {node.kode} tidak ada di berkas maupun di versi ini.",
            )
        to_create: list[Node] = []
        unchanged = 0
        for node in self.nodes.values():
            stored = existing.get(node.kode)
            if stored is None:
                to_create.append(node)
            elif stored == node.nama:
                unchanged += 1
            else:
                self._error(
                    node.row, node.column, f"Kode {node.kode} sudah ada di versi ini dengan nama '{stored}'."
                )
        return to_create, unchanged


# --- the import ------------------------------------------------------------------------------------------------


def _resolve_pemda_level(kind: str, pemda_level: str, table: Table) -> str:
    if kind != ReferenceKind.NOMENKLATUR:
        return ""
    if pemda_level:
        if pemda_level not in PemdaLevel.values:
            raise ValidationError(
                {"pemda_level": f"Jenis pemda '{pemda_level}' tidak dikenal (PROV/KABKOT)."}
            )
        return pemda_level
    if table.has("jenis_pemda"):
        found = {pemda_level_of(table.value(values, "jenis_pemda")) for _, values in table.rows}
        found.discard(None)
        if len(found) == 1:
            return found.pop()
        if found:
            raise ValidationError(
                {"pemda_level": "Berkas memuat daftar PROV dan KABKOT; pilih jenis pemda yang diimpor."},
                code="pemda_level_required",
            )
    raise ValidationError(
        {"pemda_level": "Nomenklatur diterbitkan terpisah untuk provinsi dan kab/kota; pilih jenis pemda."},
        code="pemda_level_required",
    )


def _write(
    kind: str,
    version: ReferenceVersion,
    nodes: list[Node],
    existing_ids: dict[str, int],
    progress: Progress | None,
) -> dict[str, int]:
    model = MODELS[kind]
    parent_of = codes.nomenklatur_parent if kind == ReferenceKind.NOMENKLATUR else codes.account_parent
    ids = dict(existing_ids)
    created = dict.fromkeys(LEVEL_KEYS[kind].values(), 0)
    done = 0
    for level in sorted({node.level for node in nodes}):
        objects = []
        for node in (n for n in nodes if n.level == level):
            extra = (
                {"kinerja": node.kinerja, "indikator": node.indikator, "satuan": node.satuan}
                if kind == ReferenceKind.NOMENKLATUR
                else {}
            )
            parent = parent_of(node.kode)
            objects.append(
                model(
                    version=version,
                    kode=node.kode,
                    nama=node.nama,
                    level=level,
                    parent_id=ids[parent] if parent else None,
                    keterangan=node.keterangan,
                    **extra,
                )
            )
        for start in range(0, len(objects), BATCH_SIZE):
            for obj in model.objects.bulk_create(objects[start : start + BATCH_SIZE]):
                ids[obj.kode] = obj.pk
            done += len(objects[start : start + BATCH_SIZE])
            if progress:
                progress(done, len(nodes))
        created[LEVEL_KEYS[kind][level]] = len(objects)
    return created


def reference_import(
    *,
    kind: str,
    file: str | Path | BinaryIO,
    filename: str,
    legal_basis: str,
    tahun_mulai: int,
    tahun_selesai: int,
    pemda_level: str = "",
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Import one official list into the version (kind, pemda level, legal basis), creating it when new.

    All or nothing: any bad row raises `ImportRejected` listing every bad row, and nothing is written. Rows already
    in the version with the same name count as `unchanged` (so a file that extends an earlier one, or the same
    file again, only adds what is new); the same code under another name is an error. Exact repeats within the
    file are skipped and listed in `duplicates`. Argument problems (unknown kind, missing pemda level, years that
    overlap another version) raise `django.core.exceptions.ValidationError`.

    `progress(done, total)` is called while reading (rows of the file) and then while writing (rows to create);
    take `total` from each call.
    """
    if kind not in ReferenceKind.values:
        raise ValidationError({"kind": f"Jenis referensi '{kind}' tidak dikenal."}, code="invalid_kind")
    table = _find_table(read_sheets(file, filename), kind)
    pemda_level = _resolve_pemda_level(kind, pemda_level, table)
    parser = RowParser(kind=kind, table=table, pemda_level=pemda_level)
    parser.parse(progress)
    if not parser.nodes and not parser.errors:
        level = f" untuk jenis pemda {pemda_level}" if pemda_level else ""
        raise _rejected(f"Berkas tidak memuat baris data{level}.")

    with transaction.atomic():
        version = reference_version_get_or_create(
            kind=kind,
            pemda_level=pemda_level,
            legal_basis=legal_basis,
            tahun_mulai=tahun_mulai,
            tahun_selesai=tahun_selesai,
        )
        stored = list(MODELS[kind].objects.filter(version=version).values_list("kode", "id", "nama"))
        existing_ids = {kode: pk for kode, pk, _ in stored}
        existing_names = {kode: nama for kode, _, nama in stored}
        to_create, unchanged = parser.plan(existing_names)
        if parser.errors:
            raise ImportRejected(sorted(parser.errors, key=lambda error: error.row or 0))
        created = _write(kind, version, to_create, existing_ids, progress)
    return ImportResult(version=version, created=created, unchanged=unchanged, duplicates=parser.duplicates)
