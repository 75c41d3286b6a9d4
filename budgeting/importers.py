"""File imports for budgeting: a price-standard catalogue, and the SIPD rincian export into a stage.

Both take .xlsx or .csv (read by `reference.importers.read_sheets`), match header names loosely, and are all or
nothing: any bad row raises `reference.importers.ImportRejected` listing every bad row (1-based spreadsheet row,
column as written, reason) and nothing is written.
"""

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, BinaryIO

from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone

from budgeting.models import (
    CEILING_JENIS,
    JENIS_BY_AKUN_ROOT,
    Anggaran,
    AnggaranOpdLock,
    BatasDpaMode,
    BudgetLine,
    LineJenis,
    Realisasi,
    RealisasiBulanan,
    RealisasiJenis,
    StandarHarga,
    StandarHargaJenis,
)
from budgeting.selectors import plafon_usage
from budgeting.services import (
    _check_execution_stage,
    batas_dpa_mode,
    bulk_line_writes,
    check_access,
    check_stage_writable,
    realisasi_bulk_insert,
    record_line_history,
)
from organisation.models import PerangkatDaerah, User
from planning.codes import generic_of
from reference.codes import clean_code
from reference.importers import ImportRejected, RowError, normalize_header, normalize_text, read_sheets
from reference.models import Akun, Nomenklatur, ReferenceKind, SumberDana
from reference.selectors import reference_version_in_force

HEADER_SCAN_ROWS = 30
BATCH_SIZE = 5000
MAX_ERRORS = 1000  # a file with more bad rows than this is reported up to here


def _key(header: object) -> str:
    return re.sub(r"[^a-z0-9_]", "", normalize_header(header)).strip("_")


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip().lower() in ("", "[null]", "-"))


@dataclass
class Columns:
    """Which column holds which field, found in the first rows of a sheet."""

    header_row: int
    index: dict[str, int]
    written: dict[str, str]
    rows: list[tuple[int, list[object]]]

    def get(self, values: list[object], name: str) -> object:
        position = self.index.get(name)
        if position is None or position >= len(values):
            return None
        value = values[position]
        return None if _blank(value) else value

    def text(self, values: list[object], name: str) -> str:
        return normalize_text(self.get(values, name))

    def column(self, name: str) -> str:
        return self.written.get(name, name)


def _find_columns(
    sheets: list[list[tuple[int, list[object]]]], aliases: dict[str, set[str]], required: Iterable[str]
) -> Columns:
    required = list(required)
    for rows in sheets:
        for position, (number, values) in enumerate(rows[:HEADER_SCAN_ROWS]):
            index: dict[str, int] = {}
            written: dict[str, str] = {}
            for i, value in enumerate(values):
                if _blank(value):
                    continue
                key = _key(value)
                for name, names in aliases.items():
                    if (key == name or key in names) and name not in index:
                        index[name] = i
                        written[name] = normalize_text(value)
            if all(name in index for name in required):
                return Columns(header_row=number, index=index, written=written, rows=rows[position + 1 :])
    raise ImportRejected([RowError(None, "", f"Kolom wajib tidak ditemukan: {', '.join(required)}.")])


def parse_money(value: object) -> Decimal:
    """A Rupiah amount as written: 1500000, 1500000.5, "1.500.000,50", "Rp 1,500,000.50". ValueError if not one."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        return value
    text = re.sub(r"(?i)^rp\.?", "", str(value).strip()).replace(" ", "").replace("\u00a0", "")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", text) or re.fullmatch(r"-?\d+,\d+", text):
        text = text.replace(".", "").replace(",", ".")  # Indonesian: dots group thousands, comma for decimals
    elif re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", text):
        text = text.replace(",", "")
    try:
        amount = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(value) from exc
    if not amount.is_finite():
        raise ValueError(value)
    return amount


def _money_error(raw: object, *, allow_zero: bool = True) -> tuple[Decimal | None, str]:
    try:
        amount = parse_money(raw)
    except ValueError:
        return None, f"'{raw}' bukan angka."
    if amount < 0:
        return None, f"Nilai negatif ({amount}) tidak diizinkan."
    if amount != amount.quantize(Decimal("0.01")):
        return None, f"'{raw}' lebih dari dua angka desimal."
    if amount >= Decimal(10) ** 18:
        return None, f"'{raw}' terlalu besar."
    return amount.quantize(Decimal("0.01")), ""


# ---------------------------------------------------------------- standar harga

STANDAR_HARGA_COLUMNS = {
    "kode_kelompok": {"kode_kelompok_barang", "kode_kelompok", "kd_kelompok", "kode_barang", "kode_komponen"},
    "uraian_kelompok": {
        "uraian_kelompok_barang",
        "uraian_kelompok",
        "nama_kelompok",
        "kelompok",
        "kelompok_barang",
    },
    "uraian": {
        "uraian_barang",
        "nama_barang",
        "uraian",
        "nama_komponen",
        "uraian_komponen",
        "komponen",
        "nama",
    },
    "spesifikasi": {"spesifikasi", "spek", "spesifikasi_barang", "spesifikasi_komponen"},
    "satuan": {"satuan", "satuan_barang"},
    "harga": {"harga_satuan", "harga", "nilai", "harga_barang"},
    "tkdn": {"tkdn", "tkdn_persen", "nilai_tkdn"},
    "kode_rekening": {"kode_rekening", "kode_akun", "akun", "rekening", "kd_rekening", "kode_belanja"},
    "kode_wilayah": {"kode_wilayah", "wilayah", "kode_daerah"},
}
STANDAR_HARGA_REQUIRED = ("uraian", "satuan", "harga")
TEXT_LIMITS = {"kode_kelompok": 60, "uraian_kelompok": 500, "uraian": 500, "satuan": 100, "kode_wilayah": 13}


@dataclass
class StandarHargaImportResult:
    created: int
    duplicates: list[RowError] = field(default_factory=list)


def standar_harga_import(
    *, user: User, file: str | Path | BinaryIO, filename: str, jenis: str, tahun: int
) -> StandarHargaImportResult:
    """Import a price-standard catalogue of the caller's pemda for `tahun`.

    Several `kode_rekening` may share one cell (comma, semicolon or line separated); each must be a level-6
    akun of the version in force. Exact repeats (within the file, or of an item already stored) are skipped and
    listed in `duplicates`.
    """
    if user.pemda is None:
        raise ImportRejected(
            [RowError(None, "", "Pengguna tanpa pemda tidak dapat mengimpor standar harga.")]
        )
    pemda = user.pemda
    check_access(user=user, resource="standar-harga", letter="w", pemda_id=pemda.pk)
    if jenis not in StandarHargaJenis.values:
        raise ImportRejected([RowError(None, "", f"Jenis standar harga '{jenis}' tidak dikenal.")])
    table = _find_columns(read_sheets(file, filename), STANDAR_HARGA_COLUMNS, STANDAR_HARGA_REQUIRED)
    version = reference_version_in_force(kind=ReferenceKind.AKUN, tahun=tahun)
    akun_ids = (
        dict(Akun.objects.filter(version=version, level=6).values_list("kode", "id")) if version else {}
    )

    def signature(values: dict[str, Any], akun: Iterable[int]) -> tuple:
        return (*(values[name] for name in sorted(values)), tuple(sorted(set(akun))))

    existing: dict[tuple, int] = {}
    for item in StandarHarga.objects.filter(pemda=pemda, tahun=tahun, jenis=jenis).prefetch_related("akun"):
        values = {
            name: getattr(item, name)
            for name in (
                "kode_kelompok",
                "uraian_kelompok",
                "uraian",
                "spesifikasi",
                "satuan",
                "harga",
                "tkdn",
                "kode_wilayah",
            )
        }
        existing[signature(values, [a.pk for a in item.akun.all()])] = 0

    errors: list[RowError] = []
    duplicates: list[RowError] = []
    seen: dict[tuple, int] = dict(existing)
    planned: list[tuple[dict[str, Any], list[int]]] = []
    for number, row in table.rows:
        if len(errors) >= MAX_ERRORS:
            break
        values: dict[str, Any] = {}
        ok = True
        for name in ("kode_kelompok", "uraian_kelompok", "uraian", "spesifikasi", "satuan", "kode_wilayah"):
            text = clean_code(table.get(row, name)) if name == "kode_wilayah" else table.text(row, name)
            if name in TEXT_LIMITS and len(text) > TEXT_LIMITS[name]:
                errors.append(
                    RowError(number, table.column(name), f"Lebih dari {TEXT_LIMITS[name]} karakter.")
                )
                ok = False
            values[name] = text
        for name in ("uraian", "satuan"):
            if not values[name]:
                errors.append(RowError(number, table.column(name), "Wajib diisi."))
                ok = False
        raw = table.get(row, "harga")
        harga, reason = _money_error(raw) if raw is not None else (None, "Harga wajib diisi.")
        if harga is None:
            errors.append(RowError(number, table.column("harga"), reason))
            ok = False
        values["harga"] = harga
        values["tkdn"] = None
        raw_tkdn = table.get(row, "tkdn")
        if raw_tkdn is not None:
            try:
                tkdn = parse_money(str(raw_tkdn).replace("%", ""))
                if not 0 <= tkdn <= 100:
                    raise ValueError(tkdn)
                values["tkdn"] = tkdn.quantize(Decimal("0.01"))
            except ValueError:
                errors.append(
                    RowError(number, table.column("tkdn"), f"TKDN '{raw_tkdn}' bukan persen 0–100.")
                )
                ok = False
        akun: list[int] = []
        cell = table.get(row, "kode_rekening")
        for kode in re.split(r"[,;\n\r]+", str(cell)) if cell is not None else []:
            kode = clean_code(kode)
            if not kode:
                continue
            if kode not in akun_ids:
                errors.append(
                    RowError(
                        number,
                        table.column("kode_rekening"),
                        f"Akun {kode} bukan akun level 6 yang berlaku untuk {tahun}.",
                    )
                )
                ok = False
            else:
                akun.append(akun_ids[kode])
        if not ok:
            continue
        key = signature(values, akun)
        if key in seen:
            where = f"baris {seen[key]}" if seen[key] else "data yang sudah tersimpan"
            duplicates.append(RowError(number, "", f"Sama persis dengan {where}; baris dilewati."))
            continue
        seen[key] = number
        planned.append((values, akun))
    if errors:
        raise ImportRejected(errors)
    if not planned and not duplicates:
        raise ImportRejected([RowError(None, "", "Berkas tidak memuat baris data.")])
    with transaction.atomic():
        items = StandarHarga.objects.bulk_create(
            [
                StandarHarga(
                    pemda=pemda, tahun=tahun, jenis=jenis, is_ceiling=jenis in CEILING_JENIS, **values
                )
                for values, _ in planned
            ],
            batch_size=BATCH_SIZE,
        )
        through = StandarHarga.akun.through
        through.objects.bulk_create(
            [
                through(standarharga_id=item.pk, akun_id=akun_id)
                for item, (_, akun) in zip(items, planned, strict=True)
                for akun_id in dict.fromkeys(akun)
            ],
            batch_size=BATCH_SIZE,
        )
    return StandarHargaImportResult(created=len(items), duplicates=duplicates)


# ---------------------------------------------------------------- SIPD rincian export

SIPD_COLUMNS = {
    "tahun": {"tahun", "tahun_anggaran"},
    "kode_skpd": {"kode_skpd", "kode_opd", "kd_skpd", "kode_perangkat_daerah"},
    "kode_sub_unit": {"kode_sub_unit", "kode_unit", "kd_sub_unit", "kode_sub_skpd", "kd_unit"},
    "kode_sub_kegiatan": {"kode_sub_kegiatan", "kd_sub_kegiatan", "kode_subkegiatan"},
    "kode_sumber_dana": {"kode_sumber_dana", "kd_sumber_dana", "kode_dana"},
    "kode_rekening": {"kode_rekening", "kode_akun", "kd_rekening", "kode_rek"},
    "nama_rekening": {"nama_rekening", "uraian_rekening", "nama_akun"},
    "kode_standar_harga": {"kode_standar_harga", "kode_komponen", "kd_standar_harga"},
    "nama_standar_harga": {"nama_standar_harga", "nama_komponen", "uraian_komponen", "komponen"},
    "pagu": {"pagu", "nilai", "jumlah", "total", "nilai_rincian", "anggaran"},
}
SIPD_REQUIRED = ("kode_skpd", "kode_sub_kegiatan", "kode_rekening", "pagu")
SIPD_SATUAN = "Paket"


@dataclass
class SipdImportResult:
    created: int
    removed: int
    total: Decimal
    flagged: int = 0
    standar_harga_unmatched: int = 0
    timings: dict[str, float] = field(default_factory=dict)


def _reference_codes(
    model: type, *, kind: str, tahun: int, pemda_level: str = "", **filters: Any
) -> dict[str, int]:
    version = reference_version_in_force(kind=kind, tahun=tahun, pemda_level=pemda_level)
    if version is None:
        return {}
    return dict(model.objects.filter(version=version, **filters).values_list("kode", "id"))


def sipd_import(
    *, user: User, anggaran: Anggaran, file: str | Path | BinaryIO, filename: str, replace: bool = True
) -> SipdImportResult:
    """Load a stage's lines from the flat SIPD rincian export (one row per komponen with its pagu).

    Every code is checked against in-memory maps of the pemda's units and of the reference versions in force for
    the stage's year (one query per table); the lines are written with `bulk_create` in batches of 5,000. Each
    row becomes one line: komponen = nama_standar_harga (or nama_rekening), koefisien `1 Paket`, harga = pagu;
    its kode_standar_harga is kept and links it to the pemda's catalogue item of that code for the year, where
    there is one (codes left unlinked are counted in `standar_harga_unmatched`).
    With `replace` the stage's existing lines are removed first. Ceilings of the stage are checked on the result:
    a `refuse` ceiling exceeded rejects the file, a `warn` one flags its lines.
    """
    import time

    started = time.perf_counter()
    timings: dict[str, float] = {}
    check_access(user=user, resource="anggaran", letter="w", pemda_id=anggaran.pemda_id)
    check_stage_writable(anggaran=anggaran)
    pemda = anggaran.pemda
    tahun = anggaran.tahun
    table = _find_columns(read_sheets(file, filename), SIPD_COLUMNS, SIPD_REQUIRED)
    timings["read"] = time.perf_counter() - started

    units = {
        kode: (pk, induk)
        for kode, pk, induk in PerangkatDaerah.objects.filter(pemda=pemda).values_list(
            "kode", "id", "induk_id"
        )
    }
    closed_opds = set(
        AnggaranOpdLock.objects.filter(anggaran=anggaran, is_closed=True).values_list(
            "perangkat_daerah_id", flat=True
        )
    )
    sub_kegiatan = _reference_codes(
        Nomenklatur, kind=ReferenceKind.NOMENKLATUR, tahun=tahun, pemda_level=pemda.level, level=5
    )
    akun = _reference_codes(Akun, kind=ReferenceKind.AKUN, tahun=tahun, level=6)
    sumber_dana = _reference_codes(SumberDana, kind=ReferenceKind.SUMBER_DANA, tahun=tahun)

    errors: list[RowError] = []
    lines: list[tuple] = []
    column = table.column
    for number, row in table.rows:
        if len(errors) >= MAX_ERRORS:
            errors.append(RowError(None, "", f"Lebih dari {MAX_ERRORS} kesalahan; pemeriksaan dihentikan."))
            break
        bad = False
        raw_tahun = table.get(row, "tahun")
        if raw_tahun is not None and clean_code(raw_tahun) != str(tahun):
            errors.append(
                RowError(number, column("tahun"), f"Tahun {raw_tahun} bukan tahun dokumen ({tahun}).")
            )
            bad = True
        skpd_kode = clean_code(table.get(row, "kode_skpd"))
        skpd = units.get(skpd_kode)
        if skpd is None or skpd[1] is not None:
            errors.append(
                RowError(
                    number,
                    column("kode_skpd"),
                    f"SKPD {skpd_kode or '(kosong)'} tidak dikenal di {pemda.nama}.",
                )
            )
            bad = True
        unit_id = skpd[0] if skpd else None
        sub_unit_kode = clean_code(table.get(row, "kode_sub_unit"))
        if sub_unit_kode and sub_unit_kode != skpd_kode:
            sub_unit = units.get(sub_unit_kode)
            if sub_unit is None or (skpd is not None and sub_unit[1] != skpd[0]):
                errors.append(
                    RowError(
                        number,
                        column("kode_sub_unit"),
                        f"Sub unit {sub_unit_kode} tidak dikenal di bawah SKPD {skpd_kode}.",
                    )
                )
                bad = True
            else:
                unit_id = sub_unit[0]
        if skpd is not None and skpd[0] in closed_opds:
            errors.append(
                RowError(number, column("kode_skpd"), f"SKPD {skpd_kode} sudah dikunci pada tahap ini.")
            )
            bad = True
        akun_kode = clean_code(table.get(row, "kode_rekening"))
        akun_id = akun.get(akun_kode)
        jenis = JENIS_BY_AKUN_ROOT.get(akun_kode[:1]) if akun_id else None
        if akun_id is None or jenis is None:
            errors.append(
                RowError(
                    number,
                    column("kode_rekening"),
                    f"Akun {akun_kode or '(kosong)'} bukan akun level 6 yang berlaku untuk {tahun}.",
                )
            )
            bad = True
        sub_kode = clean_code(table.get(row, "kode_sub_kegiatan"))
        sub_id = sub_kegiatan.get(sub_kode) or sub_kegiatan.get(generic_of(sub_kode) or "")
        if sub_kode and sub_id is None:
            errors.append(
                RowError(
                    number,
                    column("kode_sub_kegiatan"),
                    f"Sub kegiatan {sub_kode} tidak ada di nomenklatur yang berlaku untuk {tahun}.",
                )
            )
            bad = True
        elif not sub_kode and jenis == LineJenis.BELANJA:
            errors.append(
                RowError(number, column("kode_sub_kegiatan"), "Belanja wajib menyebut sub kegiatan.")
            )
            bad = True
        dana_kode = clean_code(table.get(row, "kode_sumber_dana"))
        dana_id = sumber_dana.get(dana_kode) if dana_kode else None
        if dana_kode and dana_id is None:
            errors.append(
                RowError(
                    number,
                    column("kode_sumber_dana"),
                    f"Sumber dana {dana_kode} tidak ada di klasifikasi yang berlaku untuk {tahun}.",
                )
            )
            bad = True
        elif not dana_kode and jenis == LineJenis.BELANJA:
            errors.append(RowError(number, column("kode_sumber_dana"), "Belanja wajib menyebut sumber dana."))
            bad = True
        raw_pagu = table.get(row, "pagu")
        pagu, reason = _money_error(raw_pagu) if raw_pagu is not None else (None, "Pagu kosong.")
        if pagu is None:
            errors.append(RowError(number, column("pagu"), f"Pagu tidak sah: {reason}"))
            bad = True
        if bad or errors:
            continue  # once a row is bad nothing will be written: only keep checking
        komponen = table.text(row, "nama_standar_harga") or table.text(row, "nama_rekening") or akun_kode
        lines.append((
            pemda.pk, anggaran.pk, unit_id, jenis, sub_id, sub_kode, akun_id, dana_id, komponen,
            clean_code(table.get(row, "kode_standar_harga"))[:60], pagu,
        ))  # fmt: skip
    timings["validate"] = time.perf_counter() - started - timings["read"]
    if errors:
        raise ImportRejected(errors)
    if not lines:
        raise ImportRejected([RowError(None, "", "Berkas tidak memuat baris data.")])

    with transaction.atomic():
        check_stage_writable(anggaran=anggaran)
        removed = 0
        mark = time.perf_counter()
        with bulk_line_writes():
            if replace:
                record_line_history(label="delete", where="anggaran_id = %s", params=[anggaran.pk])
                removed, _ = BudgetLine.objects.filter(anggaran=anggaran).delete()
            links = _standar_harga_links(anggaran, lines)
            ids = _copy_lines(lines, links)
            record_line_history(label="insert", where="id = ANY(%s)", params=[ids])
        timings["write"] = time.perf_counter() - mark
        flagged = _check_ceilings(anggaran)
    timings["total"] = time.perf_counter() - started
    total = sum((line[-1] for line in lines), Decimal(0))
    unmatched = sum(1 for line, link in zip(lines, links, strict=True) if line[9] and link is None)
    return SipdImportResult(
        created=len(lines),
        removed=removed,
        total=total,
        flagged=flagged,
        standar_harga_unmatched=unmatched,
        timings=timings,
    )


# The catalogue items under the codes of a file (one statement for all of them: never a query per row).
STANDAR_HARGA_SQL = (
    f"SELECT kode_kelompok, uraian, id FROM {StandarHarga._meta.db_table} "
    "WHERE pemda_id = %s AND tahun = %s AND kode_kelompok = ANY(%s)"
)


def _standar_harga_links(anggaran: Anggaran, lines: list[tuple]) -> list[int | None]:
    """The catalogue item (of the stage's pemda and year) each line links to by its kode_standar_harga, or None.

    A code held by one item names it; a code several items share names the one whose uraian is the line's
    komponen (case aside). An unknown code is no error: SIPD exports carry codes of catalogues not loaded here,
    and the code stays on the line as text (`kode_standar_harga`). The price is not checked against the item: a
    SIPD line is its pagu as one Paket, not a unit price.
    """
    codes = list({line[9] for line in lines if line[9]})  # kode_standar_harga
    if not codes:
        return [None] * len(lines)
    found: dict[str, list[tuple[str, int]]] = {}
    with connection.cursor() as cursor:
        cursor.execute(STANDAR_HARGA_SQL, [anggaran.pemda_id, anggaran.tahun, codes])
        for kode, uraian, pk in cursor.fetchall():
            found.setdefault(kode, []).append((uraian.lower(), pk))
    single = {kode: items[0][1] for kode, items in found.items() if len(items) == 1}
    named: dict[tuple[str, str], int | None] = {}
    for kode, items in found.items():
        if len(items) > 1:
            for uraian, pk in items:
                named[(kode, uraian)] = None if (kode, uraian) in named else pk  # a repeated name names none
    return [
        single.get(kode) or (named.get((kode, komponen.lower())) if named else None)
        for *_, komponen, kode, _ in lines
    ]


# Every column of budgeting_budgetline, in the order `_copy_lines` writes them (a test keeps this complete).
COPY_COLUMNS = (
    "id", "version", "created_at", "updated_at", "pemda_id", "anggaran_id", "perangkat_daerah_id", "jenis",
    "sub_kegiatan_id", "sub_kegiatan_kode", "akun_id", "sumber_dana_id", "komponen", "kode_standar_harga",
    "harga_satuan", "jumlah", "kelompok", "keterangan", "standar_harga_id", "volume_1", "satuan_1", "volume_2",
    "satuan_2", "volume_3", "satuan_3", "volume_4", "satuan_4", "koefisien", "ppn", "melebihi_plafon", "kunci",
)  # fmt: skip


def _copy_lines(lines: list[tuple], standar_harga: list[int | None]) -> list[int]:
    """Write imported lines with PostgreSQL COPY (ids drawn from the table's sequence first); returns the ids.
    `standar_harga` holds each line's catalogue item (or None).

    Runs inside `bulk_line_writes()`: its trigger-ignore setting was set for the transaction by the Django
    query drawing the ids, and the raw COPY below inherits it. The stage-lock statement trigger still fires.
    """
    now = timezone.now()
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [BudgetLine._meta.db_table, len(lines)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        sql = f"COPY {quote(BudgetLine._meta.db_table)} ({', '.join(quote(c) for c in COPY_COLUMNS)}) FROM STDIN"
        one, satuan, koefisien, zero = Decimal(1), SIPD_SATUAN, f"1 {SIPD_SATUAN}", Decimal(0)
        with cursor.cursor.copy(sql) as copy:
            for pk, item, line in zip(ids, standar_harga, lines, strict=True):
                pemda, anggaran, unit, jenis, sub, sub_kode, akun, dana, komponen, kode_sh, pagu = line
                copy.write_row((
                    pk, 1, now, now, pemda, anggaran, unit, jenis, sub, sub_kode, akun, dana, komponen, kode_sh,
                    pagu, pagu, "", "", item, one, satuan, None, "", None, "", None, "", koefisien, zero, False,
                    uuid.uuid4(),
                ))  # fmt: skip
    return ids


def _check_ceilings(anggaran: Anggaran) -> int:
    """After an import: reject when a `refuse` ceiling is exceeded; flag the lines under an exceeded `warn` one."""
    breaches = [usage for usage in plafon_usage(anggaran=anggaran) if usage.terpakai > usage.plafon.jumlah]
    refused = [usage for usage in breaches if usage.plafon.mode != "warn"]
    if refused:
        raise ImportRejected(
            [
                RowError(
                    None,
                    "pagu",
                    f"Plafon {u.plafon.sub_kegiatan_kode or u.plafon.program_kode or 'OPD'} "
                    f"(perangkat daerah {u.plafon.perangkat_daerah_id}) Rp {u.plafon.jumlah:,} terlampaui: "
                    f"total Rp {u.terpakai:,}.",
                )
                for u in refused
            ]
        )
    flagged = 0
    for usage in breaches:
        plafon = usage.plafon
        lines = BudgetLine.objects.filter(anggaran=anggaran, jenis=LineJenis.BELANJA).filter(
            Q(perangkat_daerah_id=plafon.perangkat_daerah_id)
            | Q(perangkat_daerah__induk_id=plafon.perangkat_daerah_id)
        )
        if plafon.sub_kegiatan_kode:
            lines = lines.filter(sub_kegiatan_kode=plafon.sub_kegiatan_kode)
        elif plafon.program_kode:
            lines = lines.filter(sub_kegiatan_kode__startswith=plafon.program_kode + ".")
        flagged += lines.update(melebihi_plafon=True)
    return flagged


# ---------------------------------------------------------------- realization

REALISASI_COLUMNS = {
    "tanggal": {"tanggal", "tgl", "tanggal_sp2d", "tgl_sp2d", "tanggal_dokumen", "tanggal_spj"},
    "nomor_dokumen": {"nomor_sp2d", "no_sp2d", "nomor_spj", "no_spj", "nomor", "no_dokumen", "nomor_sp2dspj"},
    "jenis": {"jenis_dokumen", "jenis", "jenis_sp2d", "tipe"},
    "kode_skpd": {"kode_skpd", "kode_opd", "kd_skpd"},
    "kode_sub_kegiatan": {"kode_sub_kegiatan", "kd_sub_kegiatan", "kode_subkegiatan"},
    "kode_rekening": {"kode_rekening", "kode_akun", "kd_rekening"},
    "kode_sumber_dana": {"kode_sumber_dana", "kd_sumber_dana", "kode_dana"},
    "nilai": {"nilai", "nilai_realisasi", "jumlah", "nilai_sp2d", "realisasi"},
    "keterangan": {"keterangan", "uraian", "keperluan"},
}
REALISASI_REQUIRED = ("tanggal", "nomor_dokumen", "jenis", "kode_sub_kegiatan", "kode_rekening", "nilai")
JENIS_ALIASES = {
    "sp2dls": RealisasiJenis.SP2D_LS, "ls": RealisasiJenis.SP2D_LS,
    "spjgu": RealisasiJenis.SPJ_GU, "gu": RealisasiJenis.SPJ_GU, "sp2dgu": RealisasiJenis.SPJ_GU,
    "spjtu": RealisasiJenis.SPJ_TU, "tu": RealisasiJenis.SPJ_TU, "sp2dtu": RealisasiJenis.SPJ_TU,
    "pengembalian": RealisasiJenis.PENGEMBALIAN, "sts": RealisasiJenis.PENGEMBALIAN,
    "cp": RealisasiJenis.PENGEMBALIAN, "contrapos": RealisasiJenis.PENGEMBALIAN,
}  # fmt: skip
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d")


@dataclass
class RealisasiImportResult:
    created: int
    total: Decimal
    flagged: int = 0


def parse_date(value: object) -> date:
    """A date as written in exports: an Excel date(time), ISO, or day-first with / - . separators."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()[:10]
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(value)


def realisasi_import(
    *, user: User, anggaran: Anggaran, file: str | Path | BinaryIO, filename: str
) -> RealisasiImportResult:
    """Post the realization entries of a SIPD-like export (.xlsx / .csv) on the lines of a DPA / DPPA, all or nothing.

    A row names its line by sub kegiatan × rekening (× sumber dana when the column is there; × SKPD, optional
    when the sub kegiatan code belongs to one OPD only). Where several komponen lines share that key, the entry
    goes to the first (by id) with room left under its DPA amount. Every bad row is reported (unknown line, a
    number taken in the file or already recorded, an amount beyond the DPA, a malformed date or amount) and
    nothing is written. Entries are inserted set-based; the monthly totals get one upsert per (line, month).
    """
    check_access(user=user, resource="realisasi", letter="w", pemda_id=anggaran.pemda_id)
    _check_execution_stage(anggaran)
    table = _find_columns(read_sheets(file, filename), REALISASI_COLUMNS, REALISASI_REQUIRED)
    column = table.column
    pemda = anggaran.pemda
    units = dict(PerangkatDaerah.objects.filter(pemda=pemda).values_list("kode", "id"))
    with transaction.atomic():
        # lock the document's lines in the caller's scope (id order, as posting does) before reading totals
        lines_qs = BudgetLine.objects.filter(anggaran=anggaran).select_for_update(no_key=True, of=("self",))
        if user.is_opd_scoped:
            lines_qs = lines_qs.filter(
                Q(perangkat_daerah_id=user.perangkat_daerah_id)
                | Q(perangkat_daerah__induk_id=user.perangkat_daerah_id)
            )
        lines = list(
            lines_qs.order_by("pk").values_list(
                "pk", "perangkat_daerah_id", "perangkat_daerah__induk_id", "sub_kegiatan_kode", "akun__kode",
                "sumber_dana__kode", "jumlah",
            )
        )  # fmt: skip
        realized: dict[int, Decimal] = dict(
            RealisasiBulanan.objects.filter(anggaran=anggaran)
            .values("budget_line")
            .annotate(total=models.Sum("jumlah"))
            .values_list("budget_line", "total")
            .order_by()
        )
        by_key: dict[tuple, list[tuple]] = {}
        opds_of_sub: dict[str, set[int]] = {}
        for pk, unit, induk, sub_kode, akun_kode, dana_kode, jumlah in lines:
            opd = induk or unit
            by_key.setdefault((opd, sub_kode, akun_kode, dana_kode), []).append((pk, unit, jumlah))
            by_key.setdefault((opd, sub_kode, akun_kode, None), []).append((pk, unit, jumlah))
            opds_of_sub.setdefault(sub_kode, set()).add(opd)
        has_dana = "kode_sumber_dana" in table.index
        mode = batas_dpa_mode(anggaran=anggaran)
        errors: list[RowError] = []
        rows: list[tuple] = []
        seen: dict[tuple[str, str], int] = {}
        numbers: dict[tuple[str, str], int] = {}
        room = {pk: jumlah - realized.get(pk, Decimal(0)) for pk, _, _, _, _, _, jumlah in lines}
        flagged = 0
        for number, values in table.rows:
            if len(errors) >= MAX_ERRORS:
                errors.append(
                    RowError(None, "", f"Lebih dari {MAX_ERRORS} kesalahan; pemeriksaan dihentikan.")
                )
                break
            bad = False
            raw_date = table.get(values, "tanggal")
            try:
                tanggal = parse_date(raw_date) if raw_date is not None else None
            except ValueError:
                tanggal = None
            if tanggal is None or tanggal.year != anggaran.tahun:
                reason = (
                    "kosong" if raw_date is None else f"'{raw_date}' bukan tanggal tahun {anggaran.tahun}"
                )
                errors.append(RowError(number, column("tanggal"), f"Tanggal tidak sah: {reason}."))
                bad = True
            jenis = JENIS_ALIASES.get(re.sub(r"[^a-z0-9]", "", table.text(values, "jenis").lower()))
            if jenis is None:
                errors.append(
                    RowError(
                        number,
                        column("jenis"),
                        f"Jenis dokumen '{table.text(values, 'jenis')}' tidak dikenal.",
                    )
                )
                bad = True
            nomor = table.text(values, "nomor_dokumen")[:100]
            if not nomor:
                errors.append(RowError(number, column("nomor_dokumen"), "Nomor dokumen kosong."))
                bad = True
            elif jenis is not None:
                if (jenis, nomor) in seen:
                    errors.append(
                        RowError(
                            number,
                            column("nomor_dokumen"),
                            f"Nomor {nomor} ganda dalam berkas (baris {seen[(jenis, nomor)]}).",
                        )
                    )
                    bad = True
                else:
                    seen[(jenis, nomor)] = number
                    numbers[(jenis, nomor)] = number
            raw_nilai = table.get(values, "nilai")
            try:
                nilai = parse_money(raw_nilai) if raw_nilai is not None else None
            except ValueError:
                nilai = None
            if (
                nilai is None
                or nilai == 0
                or nilai != nilai.quantize(Decimal("0.01"))
                or abs(nilai) >= 10**18
            ):
                errors.append(
                    RowError(number, column("nilai"), f"Nilai '{raw_nilai}' bukan jumlah rupiah yang sah.")
                )
                bad = True
            elif jenis == RealisasiJenis.PENGEMBALIAN:
                nilai = -abs(nilai)
            elif jenis is not None and nilai < 0:
                errors.append(RowError(number, column("nilai"), "Hanya pengembalian yang bernilai negatif."))
                bad = True
            sub_kode = clean_code(table.get(values, "kode_sub_kegiatan"))
            akun_kode = clean_code(table.get(values, "kode_rekening"))
            dana_kode = clean_code(table.get(values, "kode_sumber_dana")) if has_dana else None
            skpd_kode = clean_code(table.get(values, "kode_skpd"))
            if skpd_kode:
                opd = units.get(skpd_kode)
                if opd is None:
                    errors.append(RowError(number, column("kode_skpd"), f"SKPD {skpd_kode} tidak dikenal."))
                    bad = True
            else:
                candidates = opds_of_sub.get(sub_kode, set())
                opd = next(iter(candidates)) if len(candidates) == 1 else None
                if len(candidates) > 1:
                    errors.append(
                        RowError(
                            number, column("kode_sub_kegiatan"),
                            f"Sub kegiatan {sub_kode} ada di beberapa SKPD; isi kolom kode_skpd.",
                        )
                    )  # fmt: skip
                    bad = True
            candidates_lines = by_key.get((opd, sub_kode, akun_kode, dana_kode or None)) if opd else None
            if opd is not None and not candidates_lines and not bad:
                errors.append(
                    RowError(
                        number, column("kode_rekening"),
                        f"Rincian DPA {sub_kode} / {akun_kode}{' / ' + dana_kode if dana_kode else ''} tidak dikenal.",
                    )
                )  # fmt: skip
                bad = True
            elif opd is None and not bad:
                errors.append(
                    RowError(
                        number, column("kode_sub_kegiatan"), f"Sub kegiatan {sub_kode} tidak ada di DPA."
                    )
                )
                bad = True
            if bad:
                continue
            target = next((c for c in candidates_lines if nilai <= 0 or room[c[0]] >= nilai), None)
            melebihi = False
            if target is None:
                if mode != BatasDpaMode.TANDAI:
                    left = max(room[c[0]] for c in candidates_lines)
                    errors.append(
                        RowError(
                            number,
                            column("nilai"),
                            f"Nilai Rp {nilai:,} melampaui sisa pagu DPA (Rp {left:,}).",
                        )
                    )
                    continue
                target, melebihi = candidates_lines[0], True
                flagged += 1
            room[target[0]] -= nilai
            rows.append((
                pemda.pk, anggaran.pk, target[1], target[0], tanggal, jenis, nomor,
                nilai, table.text(values, "keterangan")[:500], melebihi, user.pk,
            ))  # fmt: skip
        if numbers:
            taken = Realisasi.objects.filter(
                pemda=pemda, nomor_dokumen__in=[n for _, n in numbers]
            ).values_list("jenis", "nomor_dokumen")
            for key in taken:
                if key in numbers:
                    errors.append(
                        RowError(
                            numbers[key],
                            column("nomor_dokumen"),
                            f"Nomor {key[1]} sudah tercatat sebelumnya.",
                        )
                    )
        if errors:
            raise ImportRejected(sorted(errors, key=lambda e: e.row or 0))
        if not rows:
            raise ImportRejected([RowError(None, "", "Berkas tidak memuat baris data.")])
        ids = realisasi_bulk_insert(rows)
        if len(ids) != len(rows):  # a number taken meanwhile by a concurrent post
            raise ImportRejected(
                [RowError(None, column("nomor_dokumen"), "Nomor dokumen tercatat bersamaan; ulangi.")]
            )
    return RealisasiImportResult(
        created=len(rows), total=sum((r[7] for r in rows), Decimal(0)), flagged=flagged
    )
