"""Reconciliation (DESIGN.md section 6): each check of a stage with its status, the number of offending rows and
the first of them, so an auditor can open each one.

Checked here: 2 the Renja (every belanja line's sub kegiatan is in its OPD's Renja for the year), 4 the ceilings,
6 the cash plan (Σ anggaran kas = the line, on an execution stage), 7 spending (realization never negative, never
above the line unless an entry was accepted and flagged, the monthly totals equal the entries) and 8 the balance
(SiLPA ≥ 0, pemda-wide). The planning checks of the cascade are `/api/planning-checks/`.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from budgeting.models import (
    EXECUTION_TAHAP,
    KAS_MONTH_FIELDS,
    BudgetLine,
    LineJenis,
    PlafonMode,
    Realisasi,
    RealisasiBulanan,
)
from budgeting.selectors import plafon_usage, realisasi_by_kunci, renja_codes
from reporting.selectors import ReportScope

ROWS_SHOWN = 100
OK, WARNING, FAILED = "ok", "peringatan", "gagal"
ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=20, decimal_places=2))


@dataclass
class Check:
    nomor: int
    kode: str
    nama: str
    status: str = OK
    jumlah: int = 0
    rows: list[dict[str, Any]] = field(default_factory=list)

    def found(self, rows: list[dict[str, Any]], *, status: str = FAILED) -> "Check":
        self.jumlah, self.rows = len(rows), rows[:ROWS_SHOWN]
        self.status = status if rows else OK
        return self


def reconciliation(*, scope: ReportScope) -> list[Check]:
    checks = [_renja(scope), _plafon(scope)]
    if scope.anggaran.tahap in EXECUTION_TAHAP:
        checks += [_anggaran_kas(scope), _realisasi(scope)]
    if scope.opd is None:
        checks.append(_saldo(scope))
    return checks


def _lines(scope: ReportScope) -> QuerySet[BudgetLine]:
    lines = BudgetLine.objects.filter(anggaran=scope.anggaran)
    if scope.opd is not None:
        lines = lines.filter(Q(perangkat_daerah=scope.opd) | Q(perangkat_daerah__induk=scope.opd))
    return lines


LINE_COLUMNS = ("id", "perangkat_daerah_id", "sub_kegiatan_kode", "akun__kode", "komponen", "jumlah")


def _line_row(line: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "budget_line": line["id"],
        "perangkat_daerah": line["perangkat_daerah_id"],
        "sub_kegiatan_kode": line["sub_kegiatan_kode"],
        "akun_kode": line["akun__kode"],
        "komponen": line["komponen"],
        "jumlah": line["jumlah"],
        **extra,
    }


def _renja(scope: ReportScope) -> Check:
    check = Check(2, "renja", "Sub kegiatan belanja ada di Renja perangkat daerahnya")
    planned = renja_codes(anggaran=scope.anggaran)
    lines = (
        _lines(scope)
        .filter(jenis=LineJenis.BELANJA)
        .annotate(opd=Coalesce("perangkat_daerah__induk_id", "perangkat_daerah_id"))
    )
    rows = [
        _line_row(line, di_luar_renja=line["di_luar_renja"])
        for line in lines.values(*LINE_COLUMNS, "opd", "di_luar_renja").order_by("id")
        if line["opd"] in planned and line["sub_kegiatan_kode"] not in planned[line["opd"]]
    ]
    accepted = all(row["di_luar_renja"] for row in rows)
    return check.found(rows, status=WARNING if accepted else FAILED)


def _plafon(scope: ReportScope) -> Check:
    check = Check(4, "plafon", "Belanja tidak melampaui plafon")
    rows = [
        {
            "plafon": usage.plafon.pk,
            "perangkat_daerah": usage.plafon.perangkat_daerah_id,
            "program_kode": usage.plafon.program_kode,
            "sub_kegiatan_kode": usage.plafon.sub_kegiatan_kode,
            "mode": usage.plafon.mode,
            "plafon_jumlah": usage.plafon.jumlah,
            "terpakai": usage.terpakai,
            "selisih": usage.terpakai - usage.plafon.jumlah,
        }
        for usage in plafon_usage(anggaran=scope.anggaran)
        if usage.terpakai > usage.plafon.jumlah
        and (scope.opd is None or usage.plafon.perangkat_daerah_id == scope.opd.pk)
    ]
    refused = any(row["mode"] != PlafonMode.WARN for row in rows)
    return check.found(rows, status=FAILED if refused else WARNING)


def _anggaran_kas(scope: ReportScope) -> Check:
    check = Check(6, "anggaran_kas", "Anggaran kas 12 bulan sama dengan pagu rincian")
    months = sum((F(f"anggaran_kas__{name}") for name in KAS_MONTH_FIELDS[1:]), F("anggaran_kas__bulan_1"))
    lines = _lines(scope).annotate(rak=Coalesce(months, ZERO))
    offending = lines.filter(Q(anggaran_kas__isnull=True) | ~Q(rak=F("jumlah")))
    rows = [
        _line_row(line, anggaran_kas=line["rak"], selisih=line["rak"] - line["jumlah"])
        for line in offending.values(*LINE_COLUMNS, "rak").order_by("id")
    ]
    return check.found(rows)


def _realisasi(scope: ReportScope) -> Check:
    check = Check(7, "realisasi", "Realisasi tidak negatif, dalam pagu (kecuali ditandai), ringkasan = entri")
    lines = list(_lines(scope).values(*LINE_COLUMNS, "kunci").order_by("id"))
    realized = realisasi_by_kunci(
        pemda_id=scope.pemda.pk, tahun=scope.tahun, kunci=[line["kunci"] for line in lines]
    )
    flagged = set(
        Realisasi.objects.filter(budget_line__anggaran=scope.anggaran, melebihi_dpa=True, is_void=False)
        .values_list("budget_line_id", flat=True)
        .distinct()
    )
    summary = _totals(RealisasiBulanan.objects.filter(anggaran=scope.anggaran))
    entries = _totals(Realisasi.objects.filter(anggaran=scope.anggaran, is_void=False))
    rows = []
    for line in lines:
        total = realized.get(line["kunci"], Decimal(0))
        reasons = []
        if total < 0:
            reasons.append("realisasi negatif")
        if total > line["jumlah"] and line["id"] not in flagged:
            reasons.append("melampaui pagu tanpa tanda")
        if summary.get(line["id"], Decimal(0)) != entries.get(line["id"], Decimal(0)):
            reasons.append("ringkasan bulanan berbeda dari entri")
        if reasons:
            rows.append(_line_row(line, realisasi=total, masalah="; ".join(reasons)))
    return check.found(rows)


def _totals(rows: QuerySet) -> dict[int, Decimal]:
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for line_id, amount in (
        rows.values("budget_line_id").annotate(total=Sum("jumlah")).values_list("budget_line_id", "total")
    ):
        totals[line_id] += amount
    return totals


def _saldo(scope: ReportScope) -> Check:
    check = Check(8, "saldo", "Pendapatan − belanja + pembiayaan netto (SiLPA) tidak negatif")
    by_jenis: dict[str, Decimal] = defaultdict(Decimal)
    totals = _lines(scope).values("jenis", "akun__kode").annotate(total=Sum("jumlah"))
    for jenis, kode, total in totals.values_list("jenis", "akun__kode", "total"):
        by_jenis[kode[:3] if jenis == LineJenis.PEMBIAYAAN else jenis] += total
    surplus = by_jenis[LineJenis.PENDAPATAN] - by_jenis[LineJenis.BELANJA]
    netto = by_jenis["6.1"] - by_jenis["6.2"]
    row = {
        "pendapatan": by_jenis[LineJenis.PENDAPATAN],
        "belanja": by_jenis[LineJenis.BELANJA],
        "surplus_defisit": surplus,
        "pembiayaan_netto": netto,
        "silpa": surplus + netto,
    }
    return check.found([row] if row["silpa"] < 0 else [])
