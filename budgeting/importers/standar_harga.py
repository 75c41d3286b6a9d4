"""Import of a price-standard catalogue (SSH / SBU / HSPK / ASB) from .xlsx or .csv."""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

from django.db import transaction

from budgeting.importers.common import BATCH_SIZE, MAX_ERRORS, find_columns, money_error
from budgeting.models import CEILING_JENIS, StandarHarga, StandarHargaJenis
from config.tabular import ImportRejected, RowError, parse_number, read_sheets, rejected
from organisation.models import User
from organisation.permissions import check_access
from reference.codes import clean_code
from reference.models import Akun, ReferenceKind
from reference.selectors import reference_version_in_force

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
        raise rejected(f"Jenis standar harga '{jenis}' tidak dikenal.")
    table = find_columns(read_sheets(file, filename), STANDAR_HARGA_COLUMNS, STANDAR_HARGA_REQUIRED)
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
            text = clean_code(table.value(row, name)) if name == "kode_wilayah" else table.text(row, name)
            if name in TEXT_LIMITS and len(text) > TEXT_LIMITS[name]:
                errors.append(
                    RowError(number, table.written(name), f"Lebih dari {TEXT_LIMITS[name]} karakter.")
                )
                ok = False
            values[name] = text
        for name in ("uraian", "satuan"):
            if not values[name]:
                errors.append(RowError(number, table.written(name), "Wajib diisi."))
                ok = False
        raw = table.value(row, "harga")
        harga, reason = money_error(raw) if raw is not None else (None, "Harga wajib diisi.")
        if harga is None:
            errors.append(RowError(number, table.written("harga"), reason))
            ok = False
        values["harga"] = harga
        values["tkdn"] = None
        raw_tkdn = table.value(row, "tkdn")
        if raw_tkdn is not None:
            try:
                tkdn = parse_number(raw_tkdn)
                if not 0 <= tkdn <= 100:
                    raise ValueError(tkdn)
                values["tkdn"] = tkdn.quantize(Decimal("0.01"))
            except ValueError:
                errors.append(
                    RowError(number, table.written("tkdn"), f"TKDN '{raw_tkdn}' bukan persen 0–100.")
                )
                ok = False
        akun: list[int] = []
        cell = table.value(row, "kode_rekening")
        for kode in re.split(r"[,;\n\r]+", str(cell)) if cell is not None else []:
            kode = clean_code(kode)
            if not kode:
                continue
            if kode not in akun_ids:
                errors.append(
                    RowError(
                        number,
                        table.written("kode_rekening"),
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
        raise rejected("Berkas tidak memuat baris data.")
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
