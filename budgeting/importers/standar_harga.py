"""Import of a price-standard catalogue (SSH / SBU / HSPK / ASB) from .xlsx or .csv."""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

from django.db import transaction

from budgeting.importers.common import (
    BATCH_SIZE,
    RowCells,
    money_error,
    reference_codes,
)
from budgeting.models import CEILING_JENIS, StandarHarga, StandarHargaJenis
from config.tabular import (
    Header,
    ImportRejected,
    Problems,
    RowError,
    RowWarning,
    alias_lookup,
    locate_header,
    parse_money,
    parse_number,
    read_sheets,
    rejected,
)
from organisation.models import Pemda, User
from organisation.permissions import check_access
from reference.codes import normalize_code
from reference.models import Akun, ReferenceKind

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
    "harga": {
        "harga_satuan",
        "harga",
        "nilai",
        "harga_barang",
        "harga_satuan_rp",
        "harga_rp",
        "biaya",
        "nilai_asb",
    },
    "tkdn": {"tkdn", "tkdn_persen", "nilai_tkdn"},
    "kode_rekening": {"kode_rekening", "kode_akun", "akun", "rekening", "kd_rekening", "kode_belanja"},
    "kode_wilayah": {"kode_wilayah", "wilayah", "kode_daerah"},
}
STANDAR_HARGA_REQUIRED = ("uraian", "satuan", "harga")
STANDAR_HARGA_KEY = ("uraian",)  # the rows are read when the header row names at least this
TEXT_LIMITS = {"kode_kelompok": 60, "uraian_kelompok": 500, "uraian": 500, "satuan": 100, "kode_wilayah": 13}
ITEM_TEXTS = ("kode_kelompok", "uraian_kelompok", "uraian", "spesifikasi", "satuan", "kode_wilayah")
ITEM_FIELDS = (*ITEM_TEXTS, "harga", "tkdn")  # what an item is compared by, with its akun


@dataclass
class StandarHargaImportResult:
    created: int
    duplicates: list[RowError] = field(default_factory=list)
    warnings: list[RowWarning] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class CatalogueRow:
    """One accepted row: the item's values and its akun ids (as listed in the cell)."""

    kode_kelompok: str
    uraian_kelompok: str
    uraian: str
    spesifikasi: str
    satuan: str
    kode_wilayah: str
    harga: Decimal
    tkdn: Decimal | None
    akun: tuple[int, ...]

    def values(self) -> dict[str, Any]:
        """The item's fields, as `StandarHarga` takes them."""
        return {name: getattr(self, name) for name in ITEM_FIELDS}


def standar_harga_import(
    *, user: User, file: str | Path | BinaryIO, filename: str, jenis: str, tahun: int
) -> StandarHargaImportResult:
    """Import a price-standard catalogue of the caller's pemda for `tahun`.

    Several `kode_rekening` may share one cell (comma, semicolon or line separated); each must be a level-6
    akun of the version in force. Exact repeats (within the file, or of an item already stored) are skipped and
    listed in `duplicates`. A price with more than two decimals (a catalogue computed in Excel) is rounded
    half-up to the sen and listed in `warnings` with its value as written; so are columns no alias names. Missing
    columns and bad rows are reported together.
    """
    if user.pemda is None:
        raise rejected("Pengguna tanpa pemda tidak dapat mengimpor standar harga.")
    pemda = user.pemda
    check_access(user=user, resource="standar-harga", letter="w", pemda_id=pemda.pk)
    if jenis not in StandarHargaJenis.values:
        raise rejected(f"Jenis standar harga '{jenis}' tidak dikenal.")
    problems = Problems()
    table = locate_header(
        read_sheets(file, filename),
        alias_lookup(STANDAR_HARGA_COLUMNS),
        key=STANDAR_HARGA_KEY,
        required=STANDAR_HARGA_REQUIRED,
        problems=problems,
    )
    if table is None:
        raise ImportRejected(problems.errors)
    akun_ids = reference_codes(Akun, kind=ReferenceKind.AKUN, tahun=tahun, level=6)
    stored = StandarHarga.objects.filter(pemda=pemda, tahun=tahun, jenis=jenis).prefetch_related("akun")
    existing = {_signature(item, [a.pk for a in item.akun.all()]): 0 for item in stored}
    planned, duplicates = _catalogue_rows(table, akun_ids, tahun, existing, problems)
    with transaction.atomic():
        created = _create_items(planned, pemda=pemda, tahun=tahun, jenis=jenis)
    return StandarHargaImportResult(created=created, duplicates=duplicates, warnings=problems.warnings)


def _signature(item: object, akun: Iterable[int]) -> tuple[object, ...]:
    """What makes two items exact repeats: every value and the set of akun."""
    return (*(getattr(item, name) for name in ITEM_FIELDS), tuple(sorted(set(akun))))


def _catalogue_rows(
    table: Header,
    akun_ids: dict[str, int],
    tahun: int,
    seen: dict[tuple[object, ...], int],
    problems: Problems,
) -> tuple[list[CatalogueRow], list[RowError]]:
    """The rows to store and the exact repeats skipped (of `seen`, an item's signature -> its row, 0 when it is
    stored); `ImportRejected` with every error of the header and the rows (the answer shows the first rows)."""
    planned: list[CatalogueRow] = []
    duplicates: list[RowError] = []
    for number, values in table.rows:
        item = _catalogue_row(RowCells(table, number, values, problems), akun_ids, tahun)
        if item is None:
            continue
        key = _signature(item, item.akun)
        if key in seen:
            where = f"baris {seen[key]}" if seen[key] else "data yang sudah tersimpan"
            duplicates.append(RowError(number, "", f"Sama persis dengan {where}; baris dilewati."))
            continue
        seen[key] = number
        planned.append(item)
    problems.raise_if_errors()
    if not planned and not duplicates:
        raise rejected("Berkas tidak memuat baris data.")
    return planned, duplicates


def _catalogue_row(row: RowCells, akun_ids: dict[str, int], tahun: int) -> CatalogueRow | None:
    """The row as an item, or None when it has errors (each reported)."""
    before = len(row.problems.errors)
    texts = _texts(row)
    harga = _harga(row)
    tkdn = _tkdn(row)
    akun = _akun(row, akun_ids, tahun)
    if len(row.problems.errors) > before or harga is None:
        return None
    return CatalogueRow(**texts, harga=harga, tkdn=tkdn, akun=akun)


def _texts(row: RowCells) -> dict[str, str]:
    """The item's text values, each within its length; uraian and satuan are required."""
    texts: dict[str, str] = {}
    for name in ITEM_TEXTS:
        text = row.code(name) if name == "kode_wilayah" else row.text(name)
        if name in TEXT_LIMITS and len(text) > TEXT_LIMITS[name]:
            row.error(name, f"Lebih dari {TEXT_LIMITS[name]} karakter.")
        texts[name] = text
    for name in ("uraian", "satuan"):
        if not texts[name] and row.table.has(name):
            row.error(name, "Wajib diisi.")
    return texts


def _harga(row: RowCells) -> Decimal | None:
    """The price in sen, rounded half-up with a warning when written with more decimals; None on an error (or
    when the column is missing, which the header reports)."""
    raw = row.value("harga")
    if raw is None:
        if row.table.has("harga"):
            row.error("harga", "Harga wajib diisi.")
        return None
    harga, reason = money_error(raw, round_sen=True)
    if harga is None:
        row.error("harga", reason)
        return None
    written = parse_money(raw)
    if written != harga:
        row.problems.warning(
            row.number,
            row.table.written("harga"),
            f"Harga {written} dibulatkan ke sen menjadi {harga}.",
            original=str(written),
            value=str(harga),
        )
    return harga


def _tkdn(row: RowCells) -> Decimal | None:
    """The TKDN percentage (0–100), None when blank."""
    raw = row.value("tkdn")
    if raw is None:
        return None
    try:
        tkdn = parse_number(raw)
        if not 0 <= tkdn <= 100:
            raise ValueError(tkdn)
        return tkdn.quantize(Decimal("0.01"))
    except ValueError:
        row.error("tkdn", f"TKDN '{raw}' bukan persen 0–100.")
        return None


def _akun(row: RowCells, akun_ids: dict[str, int], tahun: int) -> tuple[int, ...]:
    """The ids of the level-6 akun the cell lists (comma, semicolon or line separated)."""
    cell = row.value("kode_rekening")
    akun: list[int] = []
    for kode in re.split(r"[,;\n\r]+", str(cell)) if cell is not None else []:
        kode = normalize_code(kode, "akun")
        if not kode:
            continue
        if kode not in akun_ids:
            row.error("kode_rekening", f"Akun {kode} bukan akun level 6 yang berlaku untuk {tahun}.")
        else:
            akun.append(akun_ids[kode])
    return tuple(akun)


def _create_items(planned: list[CatalogueRow], *, pemda: Pemda, tahun: int, jenis: str) -> int:
    """Store the items and their akun links in bulk; returns how many items were created."""
    items = StandarHarga.objects.bulk_create(
        [
            StandarHarga(
                pemda=pemda, tahun=tahun, jenis=jenis, is_ceiling=jenis in CEILING_JENIS, **row.values()
            )
            for row in planned
        ],
        batch_size=BATCH_SIZE,
    )
    through = StandarHarga.akun.through
    through.objects.bulk_create(
        [
            through(standarharga_id=item.pk, akun_id=akun_id)
            for item, row in zip(items, planned, strict=True)
            for akun_id in dict.fromkeys(row.akun)
        ],
        batch_size=BATCH_SIZE,
    )
    return len(items)
