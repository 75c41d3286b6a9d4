"""The OPD list of a pemda as pemda keep it (.xlsx or .csv: `KODE, ORGANISASI, KETERANGAN`), into its
perangkat daerah.

A code is matched after restoring its zero padding (`1.2.0.0.0.0.1.0` is `1.02.0.00.0.00.01.0000`); a code that
ends in `.0000` is an OPD, any other a sub unit (UPT, Puskesmas) of the OPD with the same first seven parts, which
must be in the file or already in the pemda. An OPD already there by code has its name (and keterangan,
singkatan where the file has the column) updated, never a second row. Every bad row is reported (row, column,
reason) and nothing is written when any row is bad; rows are written through `perangkat_daerah_save`.
"""

from dataclasses import dataclass, field
from typing import Any, BinaryIO

from django.core.exceptions import ValidationError
from django.db import transaction

from config.tabular import (
    Problems,
    RowWarning,
    alias_lookup,
    locate_header,
    normalize_code,
    read_sheets,
)
from organisation.models import OPD_CODE_RE, Pemda, PerangkatDaerah, User
from organisation.permissions import check_access
from organisation.services import perangkat_daerah_save

# field → header names (matched after `normalize_header`)
OPD_COLUMNS = {
    "kode": (
        "kode",
        "kode_opd",
        "kode_skpd",
        "kode_unit",
        "kode_organisasi",
        "kd_skpd",
        "kode_perangkat_daerah",
    ),
    "nama": (
        "organisasi",
        "nama",
        "nama_opd",
        "nama_skpd",
        "nama_unit",
        "nama_organisasi",
        "perangkat_daerah",
        "nama_perangkat_daerah",
        "skpd",
        "opd",
        "uraian",
    ),
    "keterangan": ("keterangan", "ket", "catatan"),
    "singkatan": ("singkatan", "akronim", "nama_singkat"),
}
NAMA_MAX = PerangkatDaerah._meta.get_field("nama").max_length or 255
SINGKATAN_MAX = PerangkatDaerah._meta.get_field("singkatan").max_length or 50


@dataclass
class OpdRow:
    number: int
    kode: str
    nama: str
    keterangan: str | None  # None: the file has no such column, the stored value stays
    singkatan: str | None

    @property
    def is_sub_unit(self) -> bool:
        return not self.kode.endswith(".0000")

    @property
    def induk_kode(self) -> str:
        return self.kode[:-5] + ".0000"


@dataclass
class OpdImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    opd: int = 0
    sub_unit: int = 0
    warnings: list[RowWarning] = field(default_factory=list)


def _read_rows(file: str | BinaryIO, filename: str, problems: Problems) -> list[OpdRow]:
    lookup = alias_lookup(OPD_COLUMNS)
    header = locate_header(
        read_sheets(file, filename, first_only=True),
        lookup,
        key=["kode"],
        required=["nama"],
        problems=problems,
    )
    if header is None:
        return []
    rows: list[OpdRow] = []
    seen: dict[str, int] = {}
    for number, values in header.rows:
        raw = header.text(values, "kode")
        kode = normalize_code(raw, "opd")
        nama = header.text(values, "nama")
        if not raw and not nama:
            continue
        bad = False
        if not raw:
            problems.error(number, header.written("kode"), "Kode perangkat daerah wajib diisi.")
            bad = True
        elif not OPD_CODE_RE.match(kode):
            problems.error(
                number,
                header.written("kode"),
                f"'{raw}' bukan kode perangkat daerah (U.BB.U.BB.U.BB.NN.SSSS, mis. 1.02.0.00.0.00.01.0000).",
            )
            bad = True
        elif kode in seen:
            problems.error(number, header.written("kode"), f"Kode {kode} sudah ada di baris {seen[kode]}.")
            bad = True
        else:
            seen[kode] = number
        if not nama:
            problems.error(number, header.written("nama"), "Nama perangkat daerah wajib diisi.")
            bad = True
        elif len(nama) > NAMA_MAX:
            problems.error(number, header.written("nama"), f"Nama lebih dari {NAMA_MAX} karakter.")
            bad = True
        singkatan = header.text(values, "singkatan") if header.has("singkatan") else None
        if singkatan and len(singkatan) > SINGKATAN_MAX:
            problems.error(
                number, header.written("singkatan"), f"Singkatan lebih dari {SINGKATAN_MAX} karakter."
            )
            bad = True
        keterangan = header.text(values, "keterangan") if header.has("keterangan") else None
        if not bad:
            rows.append(OpdRow(number, kode, nama, keterangan, singkatan))
    return rows


def _changes(row: OpdRow, instance: PerangkatDaerah | None) -> dict[str, Any]:
    wanted: dict[str, Any] = {"nama": row.nama}
    if row.keterangan is not None:
        wanted["keterangan"] = row.keterangan
    if row.singkatan is not None:
        wanted["singkatan"] = row.singkatan
    if instance is None:
        return wanted
    return {name: value for name, value in wanted.items() if getattr(instance, name) != value}


@transaction.atomic
def perangkat_daerah_import(
    *, user: User, pemda: Pemda, file: str | BinaryIO, filename: str
) -> OpdImportResult:
    """Create or update the pemda's OPD and sub units from its OPD list; a bad file writes nothing."""
    check_access(user=user, resource="perangkat-daerah", letter="w", pemda_id=pemda.pk)
    problems = Problems()
    rows = _read_rows(file, filename, problems)
    existing = {opd.kode: opd for opd in PerangkatDaerah.objects.select_for_update().filter(pemda=pemda)}
    in_file = {row.kode: row for row in rows}
    for row in rows:
        if not row.is_sub_unit:
            continue
        induk = in_file.get(row.induk_kode) or existing.get(row.induk_kode)
        if induk is None:
            problems.error(
                row.number,
                "kode",
                f"Sub unit {row.kode}: OPD induk {row.induk_kode} tidak ada di berkas maupun di pemda.",
            )
        current = existing.get(row.kode)
        if current is not None and current.induk is not None and current.induk.kode != row.induk_kode:
            problems.error(row.number, "kode", f"Sub unit {row.kode} sudah tercatat di bawah OPD lain.")
    problems.raise_if_errors()

    result = OpdImportResult(warnings=problems.warnings)
    # OPDs first, so that each sub unit finds its induk
    for row in sorted(rows, key=lambda row: row.is_sub_unit):
        instance = existing.get(row.kode)
        changes = _changes(row, instance)
        if row.is_sub_unit:
            result.sub_unit += 1
            induk = existing[row.induk_kode]
            if instance is None or instance.induk_id != induk.pk:
                changes["induk"] = induk
        else:
            result.opd += 1
        try:
            if instance is None:
                existing[row.kode] = perangkat_daerah_save(user=user, pemda=pemda, kode=row.kode, **changes)
                result.created += 1
            elif changes:
                perangkat_daerah_save(user=user, instance=instance, **changes)
                result.updated += 1
            else:
                result.unchanged += 1
        except ValidationError as error:
            for column, messages in error.message_dict.items():
                for message in messages:
                    problems.error(row.number, column, message)
    problems.raise_if_errors()  # the transaction rolls back every row written before
    return result
