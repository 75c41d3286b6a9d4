"""Post realization entries from a SIPD-like export (.xlsx or .csv) on the lines of a DPA / DPPA."""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO, NamedTuple

from django.db import models, transaction
from django.db.models import Q

from budgeting.importers.common import find_columns
from budgeting.models import (
    Anggaran,
    BatasDpaMode,
    BudgetLine,
    Realisasi,
    RealisasiBulanan,
    RealisasiJenis,
    is_receipt,
    jenis_error,
)
from budgeting.services import _check_execution_stage, batas_dpa_mode, realisasi_bulk_insert
from config.errors import Conflict
from config.tabular import Header, Problems, parse_date, parse_money, read_sheets, rejected
from organisation.models import PerangkatDaerah, User
from organisation.permissions import check_access
from reference.codes import normalize_code

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
    "penerimaan": RealisasiJenis.PENERIMAAN, "buktipenerimaan": RealisasiJenis.PENERIMAAN,
    "tbp": RealisasiJenis.PENERIMAAN, "stspenerimaan": RealisasiJenis.PENERIMAAN,
    "stspendapatan": RealisasiJenis.PENERIMAAN,
    "pengembalian": RealisasiJenis.PENGEMBALIAN, "sts": RealisasiJenis.PENGEMBALIAN,
    "cp": RealisasiJenis.PENGEMBALIAN, "contrapos": RealisasiJenis.PENGEMBALIAN,
}  # fmt: skip


# How a row names its line: (OPD, sub kegiatan, rekening, sumber dana), sumber dana None for any.
LineKey = tuple[int, str, str, str | None]


@dataclass
class RealisasiImportResult:
    created: int
    total: Decimal
    flagged: int = 0


@dataclass(frozen=True)
class _Line:
    """A line of the document a row may go to."""

    pk: int
    unit: int
    akun_kode: str


@dataclass(frozen=True)
class _LineIndex:
    """The document's lines in the caller's scope by what a row names them by, and the room left on each."""

    by_key: dict[LineKey, list[_Line]]
    opds_of_sub: dict[str, set[int]]
    room: dict[int, Decimal]  # line id -> DPA amount less what is realized (lowered as rows are placed)


@dataclass(frozen=True)
class _Reading:
    """What reading a row needs beside the row itself."""

    table: Header
    tahun: int
    units: dict[str, int]  # SKPD code -> id, in the pemda
    index: _LineIndex
    problems: Problems
    numbers: dict[tuple[str, str], int]  # (jenis, nomor) -> the first row naming it


@dataclass(frozen=True)
class _Entry:
    """A row read without error: the entry it posts and the lines it may go to."""

    number: int
    tanggal: date
    jenis: str
    nomor: str
    nilai: Decimal
    keterangan: str
    lines: tuple[_Line, ...]


class _Insert(NamedTuple):
    """One row for `realisasi_bulk_insert`, in its order."""

    pemda: int
    anggaran: int
    unit: int
    line: int
    tanggal: date
    jenis: str
    nomor: str
    jumlah: Decimal
    keterangan: str
    melebihi: bool
    created_by: int


def realisasi_import(
    *, user: User, anggaran: Anggaran, file: str | Path | BinaryIO, filename: str
) -> RealisasiImportResult:
    """Post the realization entries of a SIPD-like export (.xlsx / .csv) on the lines of a DPA / DPPA, all or nothing.

    A row names its line by sub kegiatan × rekening (× sumber dana when the column is there; × SKPD, optional
    when the sub kegiatan code belongs to one OPD only). Where several komponen lines share that key, the entry
    goes to the first (by id) with room left under its DPA amount. Every bad row is reported (unknown line, a
    number taken in the file or already recorded, an amount beyond the DPA, a malformed date or amount) and
    nothing is written. A superseded document is 409 `stage_superseded`, as posting is. Entries are inserted
    set-based; the monthly totals get one upsert per (line, month).
    """
    check_access(user=user, resource="realisasi", letter="w", pemda_id=anggaran.pemda_id)
    _check_execution_stage(anggaran)
    table = find_columns(read_sheets(file, filename), REALISASI_COLUMNS, REALISASI_REQUIRED)
    units = dict(PerangkatDaerah.objects.filter(pemda_id=anggaran.pemda_id).values_list("kode", "id"))
    with transaction.atomic():
        index = _line_index(user=user, anggaran=anggaran)
        _check_not_superseded(anggaran)
        problems = Problems()
        reading = _Reading(table, anggaran.tahun, units, index, problems, numbers={})
        entries = [entry for row in table.rows if (entry := _read_row(reading, *row)) is not None]
        rows = _place(
            entries, reading=reading, mode=batas_dpa_mode(anggaran=anggaran), anggaran=anggaran, user=user
        )
        _check_numbers_free(reading, pemda_id=anggaran.pemda_id)
        problems.raise_if_errors()
        if not rows:
            raise rejected("Berkas tidak memuat baris data.")
        ids = realisasi_bulk_insert(rows)
        if len(ids) != len(rows):  # a number taken meanwhile by a concurrent post
            raise rejected("Nomor dokumen tercatat bersamaan; ulangi.", column=table.written("nomor_dokumen"))
    return RealisasiImportResult(
        created=len(rows),
        total=sum((row.jumlah for row in rows), Decimal(0)),
        flagged=sum(1 for row in rows if row.melebihi),
    )


def _line_index(*, user: User, anggaran: Anggaran) -> _LineIndex:
    """The document's lines in the caller's OPD scope, locked (id order, as posting does) before their realized
    totals are read; each is found by (OPD, sub kegiatan, rekening, sumber dana) and by the same with any sumber
    dana, the OPD being the line's parent unit when it has one."""
    lines = BudgetLine.objects.filter(anggaran=anggaran).select_for_update(no_key=True, of=("self",))
    if user.is_opd_scoped:
        lines = lines.filter(
            Q(perangkat_daerah_id=user.perangkat_daerah_id)
            | Q(perangkat_daerah__induk_id=user.perangkat_daerah_id)
        )
    found = list(
        lines.order_by("pk").values_list(
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
    index = _LineIndex(by_key={}, opds_of_sub={}, room={})
    for pk, unit, induk, sub_kode, akun_kode, dana_kode, jumlah in found:
        opd, line = induk or unit, _Line(pk=pk, unit=unit, akun_kode=akun_kode)
        index.by_key.setdefault((opd, sub_kode, akun_kode, dana_kode), []).append(line)
        index.by_key.setdefault((opd, sub_kode, akun_kode, None), []).append(line)
        index.opds_of_sub.setdefault(sub_kode, set()).add(opd)
        index.room[pk] = jumlah - realized.get(pk, Decimal(0))
    return index


def _check_not_superseded(anggaran: Anggaran) -> None:
    """409 `stage_superseded` when a later stage was made from the document (a pergeseran or perubahan applied
    on it), as posting refuses; asked with the document's lines locked."""
    if Anggaran.objects.filter(sumber_id=anggaran.pk).exists():
        raise Conflict(
            f"Dokumen {anggaran} sudah digantikan hasil pergeseran / perubahan; impor realisasi pada dokumen "
            "terkini.",
            code="stage_superseded",
        )


def _read_row(reading: _Reading, number: int, values: list[object]) -> _Entry | None:
    """The row as an entry, or None when it has errors (each reported). A row with an error in its date, jenis,
    number or amount is not looked up further than its SKPD."""
    tanggal = _read_tanggal(reading, number, values)
    jenis = _read_jenis(reading, number, values)
    nomor = _read_nomor(reading, number, values, jenis)
    nilai = _read_nilai(reading, number, values, jenis)
    clean = tanggal is not None and jenis is not None and nomor is not None and nilai is not None
    lines = _read_lines(reading, number, values, report_missing=clean)
    if tanggal is None or jenis is None or nomor is None or nilai is None or lines is None:
        return None
    keterangan = reading.table.text(values, "keterangan")[:500]
    return _Entry(number, tanggal, jenis, nomor, nilai, keterangan, lines)


def _read_tanggal(reading: _Reading, number: int, values: list[object]) -> date | None:
    """The date, which must fall in the document's year."""
    raw = reading.table.value(values, "tanggal")
    try:
        tanggal = parse_date(raw) if raw is not None else None
    except ValueError:
        tanggal = None
    if tanggal is not None and tanggal.year == reading.tahun:
        return tanggal
    reason = "kosong" if raw is None else f"'{raw}' bukan tanggal tahun {reading.tahun}"
    reading.problems.error(number, reading.table.written("tanggal"), f"Tanggal tidak sah: {reason}.")
    return None


def _read_jenis(reading: _Reading, number: int, values: list[object]) -> str | None:
    """The document kind, by any of its `JENIS_ALIASES` (case, spaces and punctuation ignored)."""
    written = reading.table.text(values, "jenis")
    jenis = JENIS_ALIASES.get(re.sub(r"[^a-z0-9]", "", written.lower()))
    if jenis is None:
        reading.problems.error(
            number, reading.table.written("jenis"), f"Jenis dokumen '{written}' tidak dikenal."
        )
    return jenis


def _read_nomor(reading: _Reading, number: int, values: list[object], jenis: str | None) -> str | None:
    """The document number (≤ 100 characters), once per jenis in the file; its first row is kept in
    `reading.numbers`."""
    nomor = reading.table.text(values, "nomor_dokumen")[:100]
    column = reading.table.written("nomor_dokumen")
    if not nomor:
        reading.problems.error(number, column, "Nomor dokumen kosong.")
        return None
    if jenis is None:
        return nomor
    first = reading.numbers.get((jenis, nomor))
    if first is not None:
        reading.problems.error(number, column, f"Nomor {nomor} ganda dalam berkas (baris {first}).")
        return None
    reading.numbers[(jenis, nomor)] = number
    return nomor


def _read_nilai(reading: _Reading, number: int, values: list[object], jenis: str | None) -> Decimal | None:
    """The amount in rupiah (sen at most, nonzero, below 10^18); a pengembalian is made negative, and only a
    pengembalian may be written negative."""
    raw = reading.table.value(values, "nilai")
    try:
        nilai = parse_money(raw) if raw is not None else None
    except ValueError:
        nilai = None
    column = reading.table.written("nilai")
    # the magnitude first: quantizing an amount of 10^26 or more raises rather than answers
    if nilai is None or nilai == 0 or abs(nilai) >= 10**18 or nilai != nilai.quantize(Decimal("0.01")):
        reading.problems.error(number, column, f"Nilai '{raw}' bukan jumlah rupiah yang sah.")
        return None
    if jenis == RealisasiJenis.PENGEMBALIAN:
        return -abs(nilai)
    if jenis is not None and nilai < 0:
        reading.problems.error(number, column, "Hanya pengembalian yang bernilai negatif.")
        return None
    return nilai


def _read_lines(
    reading: _Reading, number: int, values: list[object], *, report_missing: bool
) -> tuple[_Line, ...] | None:
    """The lines the row names, in its SKPD or else the one OPD holding its sub kegiatan. An unknown SKPD and a
    sub kegiatan of several OPDs are always reported; a line not in the index only when `report_missing`."""
    table, index, problems = reading.table, reading.index, reading.problems
    sub_kode = normalize_code(table.value(values, "kode_sub_kegiatan"), "nomenklatur")
    akun_kode = normalize_code(table.value(values, "kode_rekening"), "akun")
    dana_kode = (
        normalize_code(table.value(values, "kode_sumber_dana"), "sumber_dana")
        if table.has("kode_sumber_dana")
        else None
    )
    skpd_kode = normalize_code(table.value(values, "kode_skpd"), "opd")
    if skpd_kode:
        opd = reading.units.get(skpd_kode)
        if opd is None:
            problems.error(number, table.written("kode_skpd"), f"SKPD {skpd_kode} tidak dikenal.")
            return None
    else:
        opds = index.opds_of_sub.get(sub_kode, set())
        if len(opds) > 1:
            reason = f"Sub kegiatan {sub_kode} ada di beberapa SKPD; isi kolom kode_skpd."
            problems.error(number, table.written("kode_sub_kegiatan"), reason)
            return None
        if not opds:
            if report_missing:
                reason = f"Sub kegiatan {sub_kode} tidak ada di DPA."
                problems.error(number, table.written("kode_sub_kegiatan"), reason)
            return None
        (opd,) = opds
    lines = index.by_key.get((opd, sub_kode, akun_kode, dana_kode or None))
    if not lines:
        if report_missing:
            dana = f" / {dana_kode}" if dana_kode else ""
            reason = f"Rincian DPA {sub_kode} / {akun_kode}{dana} tidak dikenal."
            problems.error(number, table.written("kode_rekening"), reason)
        return None
    return tuple(lines)


def _place(
    entries: list[_Entry], *, reading: _Reading, mode: str, anggaran: Anggaran, user: User
) -> list[_Insert]:
    """The entries on their lines, in file order, each using up the room of its line; an entry with no line to
    hold it is reported."""
    rows: list[_Insert] = []
    for entry in entries:
        if reason := jenis_error(entry.jenis, entry.lines[0].akun_kode):
            reading.problems.error(entry.number, reading.table.written("jenis"), reason)
            continue
        chosen = _choose_line(entry, room=reading.index.room, mode=mode)
        if chosen is None:
            left = max(reading.index.room[line.pk] for line in entry.lines)
            reason = f"Nilai Rp {entry.nilai:,} melampaui sisa pagu DPA (Rp {left:,})."
            reading.problems.error(entry.number, reading.table.written("nilai"), reason)
            continue
        line, melebihi = chosen
        reading.index.room[line.pk] -= entry.nilai
        rows.append(_Insert(
            anggaran.pemda_id, anggaran.pk, line.unit, line.pk, entry.tanggal, entry.jenis, entry.nomor,
            entry.nilai, entry.keterangan, melebihi, user.pk,
        ))  # fmt: skip
    return rows


def _choose_line(entry: _Entry, *, room: dict[int, Decimal], mode: str) -> tuple[_Line, bool] | None:
    """The first of the entry's lines with room for it (a return and a receipt fit any), not over the DPA; else,
    when the pemda's rule flags over-DPA entries (`TANDAI`), the first line, flagged; else None."""
    for line in entry.lines:
        if entry.nilai <= 0 or is_receipt(line.akun_kode) or room[line.pk] >= entry.nilai:
            return line, False
    if mode == BatasDpaMode.TANDAI:
        return entry.lines[0], True
    return None


def _check_numbers_free(reading: _Reading, *, pemda_id: int) -> None:
    """Report every document number of the file already recorded in the pemda (per jenis), at its first row."""
    if not reading.numbers:
        return
    taken = Realisasi.objects.filter(
        pemda_id=pemda_id, nomor_dokumen__in=[nomor for _, nomor in reading.numbers]
    ).values_list("jenis", "nomor_dokumen")
    for key in taken:
        if key in reading.numbers:
            reason = f"Nomor {key[1]} sudah tercatat sebelumnya."
            reading.problems.error(reading.numbers[key], reading.table.written("nomor_dokumen"), reason)
