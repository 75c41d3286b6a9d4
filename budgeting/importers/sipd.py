"""Load a stage's lines from the flat SIPD rincian export (.xlsx or .csv)."""

import time
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from budgeting.importers.common import MAX_ERRORS, find_columns, money_error
from budgeting.models import (
    JENIS_BY_AKUN_ROOT,
    Anggaran,
    AnggaranOpdLock,
    BudgetLine,
    LineJenis,
    StandarHarga,
)
from budgeting.selectors import plafon_usage
from budgeting.services import (
    bulk_line_writes,
    check_not_execution_stage,
    check_stage_writable,
    execution_line_writes,
    record_line_history,
)
from config.tabular import ImportRejected, RowError, read_sheets, rejected
from organisation.models import PerangkatDaerah, User
from organisation.permissions import check_access
from reference.codes import clean_code, generic_of
from reference.models import Akun, Nomenklatur, ReferenceKind, SumberDana
from reference.selectors import reference_version_in_force

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
    With `replace` the stage's existing lines are removed first; an execution stage (DPA / DPPA) loads only while it
    has no line. Ceilings of the stage are checked on the result:
    a `refuse` ceiling exceeded rejects the file, a `warn` one flags its lines.
    """
    started = time.perf_counter()
    timings: dict[str, float] = {}
    check_access(user=user, resource="anggaran", letter="w", pemda_id=anggaran.pemda_id)
    check_stage_writable(anggaran=anggaran)
    _check_execution_stage_empty(anggaran)
    pemda = anggaran.pemda
    tahun = anggaran.tahun
    table = find_columns(read_sheets(file, filename), SIPD_COLUMNS, SIPD_REQUIRED)
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
    column = table.written
    for number, row in table.rows:
        if len(errors) >= MAX_ERRORS:
            errors.append(RowError(None, "", f"Lebih dari {MAX_ERRORS} kesalahan; pemeriksaan dihentikan."))
            break
        bad = False
        raw_tahun = table.value(row, "tahun")
        if raw_tahun is not None and clean_code(raw_tahun) != str(tahun):
            errors.append(
                RowError(number, column("tahun"), f"Tahun {raw_tahun} bukan tahun dokumen ({tahun}).")
            )
            bad = True
        skpd_kode = clean_code(table.value(row, "kode_skpd"))
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
        sub_unit_kode = clean_code(table.value(row, "kode_sub_unit"))
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
        akun_kode = clean_code(table.value(row, "kode_rekening"))
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
        sub_kode = clean_code(table.value(row, "kode_sub_kegiatan"))
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
        dana_kode = clean_code(table.value(row, "kode_sumber_dana"))
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
        raw_pagu = table.value(row, "pagu")
        pagu, reason = money_error(raw_pagu) if raw_pagu is not None else (None, "Pagu kosong.")
        if pagu is None:
            errors.append(RowError(number, column("pagu"), f"Pagu tidak sah: {reason}"))
            bad = True
        if bad or errors:
            continue  # once a row is bad nothing will be written: only keep checking
        komponen = table.text(row, "nama_standar_harga") or table.text(row, "nama_rekening") or akun_kode
        lines.append((
            pemda.pk, anggaran.pk, unit_id, jenis, sub_id, sub_kode, akun_id, dana_id, komponen,
            clean_code(table.value(row, "kode_standar_harga"))[:60], pagu,
        ))  # fmt: skip
    timings["validate"] = time.perf_counter() - started - timings["read"]
    if errors:
        raise ImportRejected(errors)
    if not lines:
        raise rejected("Berkas tidak memuat baris data.")

    with transaction.atomic():
        check_stage_writable(anggaran=anggaran)
        _check_execution_stage_empty(anggaran)
        removed = 0
        mark = time.perf_counter()
        with bulk_line_writes(), execution_line_writes():
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


def _check_execution_stage_empty(anggaran: Anggaran) -> None:
    """An execution document (DPA / DPPA) may be born from a SIPD export, once: while it has no line yet. After
    that its lines change only through a pergeseran (409 `execution_stage`)."""
    if BudgetLine.objects.filter(anggaran=anggaran).exists():
        check_not_execution_stage(anggaran=anggaran)


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
    "di_luar_renja",
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
                    uuid.uuid4(), False,
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
