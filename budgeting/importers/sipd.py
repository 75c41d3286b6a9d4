"""Load a stage's lines from the flat SIPD rincian export (.xlsx or .csv)."""

import dataclasses
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from budgeting.importers.common import RowCells, find_columns, money_error, reference_codes
from budgeting.models import (
    JENIS_BY_AKUN_ROOT,
    Anggaran,
    AnggaranOpdLock,
    BudgetLine,
    LineJenis,
    RenjaRule,
    StandarHarga,
)
from budgeting.selectors import plafon_usage, renja_codes
from budgeting.services import (
    bulk_line_writes,
    check_not_execution_stage,
    check_stage_writable,
    execution_line_writes,
    record_line_history,
    renja_rule,
)
from config.tabular import Header, ImportRejected, Problems, RowError, read_sheets, rejected
from organisation.models import PerangkatDaerah, User
from organisation.permissions import check_access
from reference.codes import clean_code, generic_of
from reference.models import Akun, Nomenklatur, ReferenceKind, SumberDana

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


@dataclass(frozen=True, slots=True)
class SipdReferences:
    """What a file's codes are checked against: the stage's year, the pemda's units, the OPDs closed on the stage
    and the reference codes in force (one query each)."""

    tahun: int
    pemda_nama: str
    units: dict[str, tuple[int, int | None]]  # kode -> (id, induk id)
    opd_of: dict[int, int]  # unit id -> the OPD it belongs to (itself, or a sub unit's induk)
    closed_opds: frozenset[int]
    sub_kegiatan: dict[str, int]
    akun: dict[str, int]
    sumber_dana: dict[str, int]
    renja: dict[int, frozenset[str]]  # OPD id -> sub kegiatan codes of its current Renja for the year
    renja_rule: str  # the stage's `aturan_renja`


@dataclass(frozen=True, slots=True)
class SipdLine:
    """One accepted row: the line it becomes (komponen `1 Paket` at its pagu)."""

    perangkat_daerah_id: int
    jenis: str
    sub_kegiatan_id: int | None
    sub_kegiatan_kode: str
    akun_id: int
    sumber_dana_id: int | None
    komponen: str
    kode_standar_harga: str
    pagu: Decimal
    di_luar_renja: bool = False


def sipd_import(
    *, user: User, anggaran: Anggaran, file: str | Path | BinaryIO, filename: str, replace: bool = True
) -> SipdImportResult:
    """Load a stage's lines from the flat SIPD rincian export (one row per komponen with its pagu).

    Every code is checked against in-memory maps of the pemda's units and of the reference versions in force for
    the stage's year (one query per table); the lines are written with PostgreSQL COPY. Each
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
    table = find_columns(read_sheets(file, filename), SIPD_COLUMNS, SIPD_REQUIRED)
    timings["read"] = time.perf_counter() - started
    lines = _sipd_lines(table, _sipd_references(anggaran))
    timings["validate"] = time.perf_counter() - started - timings["read"]
    with transaction.atomic():
        check_stage_writable(anggaran=anggaran)
        _check_execution_stage_empty(anggaran)
        mark = time.perf_counter()
        removed, links = _write_lines(anggaran, lines, replace=replace)
        timings["write"] = time.perf_counter() - mark
        flagged = _check_ceilings(anggaran)
    timings["total"] = time.perf_counter() - started
    return SipdImportResult(
        created=len(lines),
        removed=removed,
        total=sum((line.pagu for line in lines), Decimal(0)),
        flagged=flagged,
        standar_harga_unmatched=sum(
            1 for line, link in zip(lines, links, strict=True) if line.kode_standar_harga and link is None
        ),
        timings=timings,
    )


def sipd_totals(
    *, anggaran: Anggaran, file: str | Path | BinaryIO, filename: str
) -> dict[tuple[int, str, int], Decimal]:
    """A SIPD export's pagu per OPD (a sub unit counts for its SKPD) × sub kegiatan kode × akun id, for
    reconciliation with the stage (DESIGN.md check 10). Its codes are checked as an import checks them — every
    bad row reported in `ImportRejected` — against the stage as it stands: a closed OPD or a sub kegiatan outside
    the Renja is no error here. Nothing is written."""
    table = find_columns(read_sheets(file, filename), SIPD_COLUMNS, SIPD_REQUIRED)
    refs = dataclasses.replace(_sipd_references(anggaran), closed_opds=frozenset(), renja_rule=RenjaRule.WARN)
    totals: dict[tuple[int, str, int], Decimal] = defaultdict(Decimal)
    for line in _sipd_lines(table, refs):
        opd = refs.opd_of.get(line.perangkat_daerah_id, line.perangkat_daerah_id)
        totals[opd, line.sub_kegiatan_kode, line.akun_id] += line.pagu
    return totals


def _sipd_references(anggaran: Anggaran) -> SipdReferences:
    """The maps a file of the stage is checked against, in one query per table."""
    pemda = anggaran.pemda
    tahun = anggaran.tahun
    units = PerangkatDaerah.objects.filter(pemda=pemda).values_list("kode", "id", "induk_id")
    closed = AnggaranOpdLock.objects.filter(anggaran=anggaran, is_closed=True)
    return SipdReferences(
        tahun=tahun,
        pemda_nama=pemda.nama,
        units={kode: (pk, induk) for kode, pk, induk in units},
        opd_of={pk: induk or pk for _, pk, induk in units},
        closed_opds=frozenset(closed.values_list("perangkat_daerah_id", flat=True)),
        sub_kegiatan=reference_codes(
            Nomenklatur, kind=ReferenceKind.NOMENKLATUR, tahun=tahun, pemda_level=pemda.level, level=5
        ),
        akun=reference_codes(Akun, kind=ReferenceKind.AKUN, tahun=tahun, level=6),
        sumber_dana=reference_codes(SumberDana, kind=ReferenceKind.SUMBER_DANA, tahun=tahun),
        renja=renja_codes(anggaran=anggaran),
        renja_rule=anggaran.aturan_renja,
    )


def _sipd_lines(table: Header, refs: SipdReferences) -> list[SipdLine]:
    """Every row as a line; `ImportRejected` with every bad row's errors (the answer shows the first rows)."""
    problems = Problems()
    lines: list[SipdLine] = []
    for number, values in table.rows:
        line = _sipd_line(RowCells(table, number, values, problems), refs)
        if line is not None and not problems:  # once a row is bad nothing will be written: only keep checking
            lines.append(line)
    problems.raise_if_errors()
    if not lines:
        raise rejected("Berkas tidak memuat baris data.")
    return lines


def _sipd_line(row: RowCells, refs: SipdReferences) -> SipdLine | None:
    """The row as a line, or None when it has errors (each reported)."""
    before = len(row.problems.errors)
    raw_tahun = row.value("tahun")
    if raw_tahun is not None and clean_code(raw_tahun) != str(refs.tahun):
        row.error("tahun", f"Tahun {raw_tahun} bukan tahun dokumen ({refs.tahun}).")
    unit_id = _unit_of(row, refs)
    akun_kode = row.official_code("kode_rekening", "akun")
    akun = _akun_of(row, akun_kode, refs)
    jenis = akun[1] if akun else None
    sub_kode = row.official_code("kode_sub_kegiatan", "nomenklatur")
    sub_id = _sub_kegiatan_of(row, sub_kode, jenis, refs)
    dana_id = _sumber_dana_of(row, jenis, refs)
    raw_pagu = row.value("pagu")
    pagu, reason = money_error(raw_pagu) if raw_pagu is not None else (None, "Pagu kosong.")
    if pagu is None:
        row.error("pagu", f"Pagu tidak sah: {reason}")
    outside = _outside_renja(row, unit_id, sub_kode, jenis, refs)
    if len(row.problems.errors) > before or unit_id is None or akun is None or pagu is None:
        return None
    return SipdLine(
        perangkat_daerah_id=unit_id,
        jenis=akun[1],
        sub_kegiatan_id=sub_id,
        sub_kegiatan_kode=sub_kode,
        akun_id=akun[0],
        sumber_dana_id=dana_id,
        komponen=row.text("nama_standar_harga") or row.text("nama_rekening") or akun_kode,
        kode_standar_harga=row.code("kode_standar_harga")[:60],
        pagu=pagu,
        di_luar_renja=outside,
    )


def _outside_renja(
    row: RowCells, unit_id: int | None, sub_kode: str, jenis: str | None, refs: SipdReferences
) -> bool:
    """`renja_rule` on a belanja row (against the file's map of Renja codes): its flag, or its row error."""
    if jenis != LineJenis.BELANJA or unit_id is None:
        return False
    planned = refs.renja.get(refs.opd_of.get(unit_id, unit_id))
    flag, refusal = renja_rule(planned=planned, kode=sub_kode, rule=refs.renja_rule, tahun=refs.tahun)
    if refusal:
        row.error("kode_sub_kegiatan", refusal)
    return flag


def _unit_of(row: RowCells, refs: SipdReferences) -> int | None:
    """The row's unit: its sub unit (under its SKPD) when one is named, else the SKPD, which must be open."""
    skpd_kode = row.official_code("kode_skpd", "opd")
    skpd = refs.units.get(skpd_kode)
    if skpd is None or skpd[1] is not None:
        row.error("kode_skpd", f"SKPD {skpd_kode or '(kosong)'} tidak dikenal di {refs.pemda_nama}.")
    unit_id = skpd[0] if skpd else None
    sub_unit_kode = row.official_code("kode_sub_unit", "opd")
    if sub_unit_kode and sub_unit_kode != skpd_kode:
        sub_unit = refs.units.get(sub_unit_kode)
        if sub_unit is None or (skpd is not None and sub_unit[1] != skpd[0]):
            row.error("kode_sub_unit", f"Sub unit {sub_unit_kode} tidak dikenal di bawah SKPD {skpd_kode}.")
        else:
            unit_id = sub_unit[0]
    if skpd is not None and skpd[0] in refs.closed_opds:
        row.error("kode_skpd", f"SKPD {skpd_kode} sudah dikunci pada tahap ini.")
    return unit_id


def _akun_of(row: RowCells, akun_kode: str, refs: SipdReferences) -> tuple[int, str] | None:
    """The level-6 akun in force and the line jenis its root gives."""
    akun_id = refs.akun.get(akun_kode)
    jenis = JENIS_BY_AKUN_ROOT.get(akun_kode[:1]) if akun_id else None
    if akun_id is None or jenis is None:
        row.error(
            "kode_rekening",
            f"Akun {akun_kode or '(kosong)'} bukan akun level 6 yang berlaku untuk {refs.tahun}.",
        )
        return None
    return akun_id, jenis


def _sub_kegiatan_of(row: RowCells, sub_kode: str, jenis: str | None, refs: SipdReferences) -> int | None:
    """The sub kegiatan in force (by its code, or the generic code it instantiates); belanja must name one."""
    sub_id = refs.sub_kegiatan.get(sub_kode) or refs.sub_kegiatan.get(generic_of(sub_kode) or "")
    if sub_kode and sub_id is None:
        row.error(
            "kode_sub_kegiatan",
            f"Sub kegiatan {sub_kode} tidak ada di nomenklatur yang berlaku untuk {refs.tahun}.",
        )
    elif not sub_kode and jenis == LineJenis.BELANJA:
        row.error("kode_sub_kegiatan", "Belanja wajib menyebut sub kegiatan.")
    return sub_id


def _sumber_dana_of(row: RowCells, jenis: str | None, refs: SipdReferences) -> int | None:
    """The sumber dana in force; belanja must name one."""
    dana_kode = row.official_code("kode_sumber_dana", "sumber_dana")
    dana_id = refs.sumber_dana.get(dana_kode) if dana_kode else None
    if dana_kode and dana_id is None:
        row.error(
            "kode_sumber_dana",
            f"Sumber dana {dana_kode} tidak ada di klasifikasi yang berlaku untuk {refs.tahun}.",
        )
    elif not dana_kode and jenis == LineJenis.BELANJA:
        row.error("kode_sumber_dana", "Belanja wajib menyebut sumber dana.")
    return dana_id


def _write_lines(anggaran: Anggaran, lines: list[SipdLine], *, replace: bool) -> tuple[int, list[int | None]]:
    """Write the lines (after removing the stage's own with `replace`), recording their history; returns how many
    lines were removed and each new line's catalogue item (or None)."""
    removed = 0
    with bulk_line_writes(), execution_line_writes():
        if replace:
            record_line_history(label="delete", where="anggaran_id = %s", params=[anggaran.pk])
            removed, _ = BudgetLine.objects.filter(anggaran=anggaran).delete()
        links = _standar_harga_links(anggaran, lines)
        ids = _copy_lines(anggaran, lines, links)
        record_line_history(label="insert", where="id = ANY(%s)", params=[ids])
    return removed, links


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


def _standar_harga_links(anggaran: Anggaran, lines: list[SipdLine]) -> list[int | None]:
    """The catalogue item (of the stage's pemda and year) each line links to by its kode_standar_harga, or None.

    A code held by one item names it; a code several items share names the one whose uraian is the line's
    komponen (case aside). An unknown code is no error: SIPD exports carry codes of catalogues not loaded here,
    and the code stays on the line as text (`kode_standar_harga`). The price is not checked against the item: a
    SIPD line is its pagu as one Paket, not a unit price.
    """
    codes = list({line.kode_standar_harga for line in lines if line.kode_standar_harga})
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
        single.get(line.kode_standar_harga)
        or (named.get((line.kode_standar_harga, line.komponen.lower())) if named else None)
        for line in lines
    ]


# Every column of budgeting_budgetline, in the order `_copy_lines` writes them (a test keeps this complete).
COPY_COLUMNS = (
    "id", "version", "created_at", "updated_at", "pemda_id", "anggaran_id", "perangkat_daerah_id", "jenis",
    "sub_kegiatan_id", "sub_kegiatan_kode", "akun_id", "sumber_dana_id", "komponen", "kode_standar_harga",
    "harga_satuan", "jumlah", "kelompok", "keterangan", "standar_harga_id", "volume_1", "satuan_1", "volume_2",
    "satuan_2", "volume_3", "satuan_3", "volume_4", "satuan_4", "koefisien", "ppn", "melebihi_plafon", "kunci",
    "di_luar_renja",
)  # fmt: skip


def _copy_lines(anggaran: Anggaran, lines: list[SipdLine], standar_harga: list[int | None]) -> list[int]:
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
        pemda_id, anggaran_id = anggaran.pemda_id, anggaran.pk
        with cursor.cursor.copy(sql) as copy:
            for pk, item, line in zip(ids, standar_harga, lines, strict=True):
                pagu = line.pagu
                copy.write_row((
                    pk, 1, now, now, pemda_id, anggaran_id, line.perangkat_daerah_id, line.jenis,
                    line.sub_kegiatan_id, line.sub_kegiatan_kode, line.akun_id, line.sumber_dana_id, line.komponen,
                    line.kode_standar_harga, pagu, pagu, "", "", item, one, satuan, None, "", None, "", None, "",
                    koefisien, zero, False, uuid.uuid4(), line.di_luar_renja,
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
