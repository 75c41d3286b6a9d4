"""Post realization entries from a SIPD-like export (.xlsx or .csv) on the lines of a DPA / DPPA."""

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

from django.db import models, transaction
from django.db.models import Q

from budgeting.importers.common import MAX_ERRORS, find_columns
from budgeting.models import Anggaran, BatasDpaMode, BudgetLine, Realisasi, RealisasiBulanan, RealisasiJenis
from budgeting.services import _check_execution_stage, batas_dpa_mode, realisasi_bulk_insert
from config.tabular import ImportRejected, RowError, parse_date, parse_money, read_sheets, rejected
from organisation.models import PerangkatDaerah, User
from organisation.permissions import check_access
from reference.codes import clean_code

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


@dataclass
class RealisasiImportResult:
    created: int
    total: Decimal
    flagged: int = 0


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
    table = find_columns(read_sheets(file, filename), REALISASI_COLUMNS, REALISASI_REQUIRED)
    column = table.written
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
        has_dana = table.has("kode_sumber_dana")
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
            raw_date = table.value(values, "tanggal")
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
            raw_nilai = table.value(values, "nilai")
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
            sub_kode = clean_code(table.value(values, "kode_sub_kegiatan"))
            akun_kode = clean_code(table.value(values, "kode_rekening"))
            dana_kode = clean_code(table.value(values, "kode_sumber_dana")) if has_dana else None
            skpd_kode = clean_code(table.value(values, "kode_skpd"))
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
            raise rejected("Berkas tidak memuat baris data.")
        ids = realisasi_bulk_insert(rows)
        if len(ids) != len(rows):  # a number taken meanwhile by a concurrent post
            raise ImportRejected(
                [RowError(None, column("nomor_dokumen"), "Nomor dokumen tercatat bersamaan; ulangi.")]
            )
    return RealisasiImportResult(
        created=len(rows), total=sum((r[7] for r in rows), Decimal(0)), flagged=flagged
    )
