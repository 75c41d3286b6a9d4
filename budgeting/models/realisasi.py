"""Realisasi: entries, monthly totals, the ceiling setting and the monthly period lock."""

from decimal import Decimal

import pghistory
import pgtrigger
from django.db import models
from django.db.models import Q

from budgeting.models.anggaran import Anggaran
from budgeting.models.anggaran_kas import MONTH
from budgeting.models.base import MONEY, YEAR
from budgeting.models.lines import BudgetLine
from organisation.models import Pemda, PerangkatDaerah, TenantScope, VersionedModel, recorded_user


class RealisasiJenis(models.TextChoices):
    """The document a realization is recorded from. Payments (belanja, pengeluaran pembiayaan 6.2) come from SP2D /
    SPJ; receipts (pendapatan 4, penerimaan pembiayaan 6.1) from an STS / bukti penerimaan; a pengembalian (money
    given back: unspent belanja to the kas daerah, or revenue refunded) is negative on either side."""

    SP2D_LS = "sp2d_ls", "SP2D-LS"
    SPJ_GU = "spj_gu", "SPJ-GU"
    SPJ_TU = "spj_tu", "SPJ-TU"
    PENERIMAAN = "penerimaan", "STS / Bukti Penerimaan"
    PENGEMBALIAN = "pengembalian", "Pengembalian"


RECEIPT_AKUN = ("4.", "6.1.")  # pendapatan and penerimaan pembiayaan: what the pemda receives


def is_receipt(akun_kode: str) -> bool:
    """Whether a line of this akun receives money (no DPA ceiling: revenue may exceed its target)."""
    return akun_kode.startswith(RECEIPT_AKUN)


def jenis_error(jenis: str, akun_kode: str) -> str | None:
    """Why a document of `jenis` cannot be recorded on a line of `akun_kode`, or None."""
    if jenis == RealisasiJenis.PENGEMBALIAN:
        return None
    if is_receipt(akun_kode) != (jenis == RealisasiJenis.PENERIMAAN):
        side = "penerimaan (STS / bukti penerimaan)" if is_receipt(akun_kode) else "pengeluaran (SP2D / SPJ)"
        return f"Akun {akun_kode} dicatat dengan dokumen {side}, bukan {RealisasiJenis(jenis).label}."
    return None


# First key of the transaction advisory lock on a pemda's realization periods: writers of realization take it
# shared (in the trigger below), closing a month takes it exclusive, so a close waits for the writes in flight and
# a write that started before the close cannot land in the closed month after it.
PERIODE_LOCK_NAMESPACE = 7302


def closed_period_trigger(tahun_of: str, bulan_of: str) -> pgtrigger.Trigger:
    """A row trigger refusing an insert, update or delete of realization in a month the pemda has closed
    (`RealisasiPeriode`); `tahun_of` / `bulan_of` are SQL expressions over the row `{row}`."""
    checks = []
    for record, skip in (("OLD", "INSERT"), ("NEW", "DELETE")):
        tahun, bulan = (expr.format(row=record) for expr in (tahun_of, bulan_of))
        checks.append(f"""
    IF TG_OP <> '{skip}' THEN
        PERFORM pg_advisory_xact_lock_shared({PERIODE_LOCK_NAMESPACE}, {record}.pemda_id::integer);
        IF EXISTS (
            SELECT 1 FROM budgeting_realisasiperiode p
             WHERE p.pemda_id = {record}.pemda_id AND p.tahun = {tahun} AND p.bulan = {bulan} AND p.is_closed
        ) THEN
            RAISE EXCEPTION 'period_closed: realisasi bulan % tahun % sudah ditutup', {bulan}, {tahun}
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    END IF;""")
    return pgtrigger.Trigger(
        name="closed_period",
        level=pgtrigger.Row,
        when=pgtrigger.Before,
        operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
        func="".join(checks) + "\n    RETURN COALESCE(NEW, OLD);\n",
    )


class BatasDpaMode(models.TextChoices):
    """What posting does with a realization that takes a line above its DPA amount."""

    TOLAK = "tolak", "Tolak realisasi yang melampaui pagu DPA"
    TANDAI = "tandai", "Terima dan tandai"


@pghistory.track()
class RealisasiPengaturan(VersionedModel):
    """Realization rules of a pemda (`anggaran` empty) or of one execution document (overrides the pemda's)."""

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+")
    anggaran = models.OneToOneField(
        Anggaran, on_delete=models.CASCADE, null=True, blank=True, related_name="realisasi_pengaturan"
    )
    batas_dpa = models.CharField(max_length=6, choices=BatasDpaMode.choices, default=BatasDpaMode.TOLAK)

    tenant_scope = TenantScope(pemda="pemda")

    class Meta:
        ordering = ["pemda", "anggaran"]
        verbose_name_plural = "pengaturan realisasi"
        constraints = [
            models.UniqueConstraint(
                fields=["pemda"], condition=Q(anggaran__isnull=True), name="realisasipengaturan_one_per_pemda"
            )
        ]

    def __str__(self) -> str:
        return f"Pengaturan realisasi {self.pemda_id}/{self.anggaran_id or '-'}: {self.batas_dpa}"


@pghistory.track()
class Realisasi(models.Model):
    """One realization entry (SP2D / SPJ, or a return) on a DPA line. Entries are never edited: a wrong one is
    voided (with a reason) and posted again. Posting and voiding keep `RealisasiBulanan` in step in the same
    transaction. `nomor_dokumen` is unique per pemda and jenis, voided entries included.
    """

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+")
    anggaran = models.ForeignKey(Anggaran, on_delete=models.PROTECT, related_name="+")
    perangkat_daerah = models.ForeignKey(PerangkatDaerah, on_delete=models.PROTECT, related_name="+")
    budget_line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="realisasi")
    tanggal = models.DateField()
    bulan = models.PositiveSmallIntegerField(editable=False, **MONTH)
    jenis = models.CharField(max_length=12, choices=RealisasiJenis.choices)
    nomor_dokumen = models.CharField(max_length=100)
    jumlah = models.DecimalField(**MONEY)
    keterangan = models.CharField(max_length=500, blank=True)
    melebihi_dpa = models.BooleanField(default=False, editable=False)
    is_void = models.BooleanField(default=False, editable=False)
    void_alasan = models.CharField(max_length=500, blank=True, editable=False)
    voided_at = models.DateTimeField(null=True, blank=True, editable=False)
    voided_by = recorded_user()
    created_by = recorded_user()
    created_at = models.DateTimeField(auto_now_add=True)

    tenant_scope = TenantScope(pemda="pemda", opd="perangkat_daerah")

    class Meta:
        ordering = ["-tanggal", "-id"]
        verbose_name_plural = "realisasi"
        indexes = [
            models.Index(fields=["anggaran", "perangkat_daerah", "bulan"], name="realisasi_scope"),
            models.Index(fields=["budget_line", "bulan"], name="realisasi_line_bulan"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["pemda", "jenis", "nomor_dokumen"], name="realisasi_unique_nomor"
            ),
            models.CheckConstraint(
                condition=(Q(jenis=RealisasiJenis.PENGEMBALIAN) & Q(jumlah__lt=0))
                | (~Q(jenis=RealisasiJenis.PENGEMBALIAN) & Q(jumlah__gt=0)),
                name="realisasi_sign",
            ),
            models.CheckConstraint(condition=Q(bulan__gte=1, bulan__lte=12), name="realisasi_bulan"),
        ]
        triggers = [
            closed_period_trigger(
                "EXTRACT(YEAR FROM {row}.tanggal)::integer", "EXTRACT(MONTH FROM {row}.tanggal)::integer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} {self.nomor_dokumen} Rp {self.jumlah}"


class RealisasiBulanan(models.Model):
    """Running total of the valid realization of one line in one month (the summary reports read).

    Maintained by posting and voiding in the same transaction with `INSERT … ON CONFLICT DO UPDATE SET jumlah =
    jumlah + EXCLUDED.jumlah`, so concurrent posts never lose an update; `realisasi_rebuild` recomputes it from the
    entries. Derived data, so not tracked by pghistory (the entries are).
    """

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+")
    anggaran = models.ForeignKey(Anggaran, on_delete=models.CASCADE, related_name="+")
    perangkat_daerah = models.ForeignKey(PerangkatDaerah, on_delete=models.PROTECT, related_name="+")
    budget_line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="realisasi_bulanan")
    bulan = models.PositiveSmallIntegerField(**MONTH)
    jumlah = models.DecimalField(default=Decimal(0), **MONEY)

    tenant_scope = TenantScope(pemda="pemda", opd="perangkat_daerah")

    class Meta:
        ordering = ["budget_line", "bulan"]
        verbose_name_plural = "realisasi bulanan"
        indexes = [models.Index(fields=["anggaran", "bulan"], name="realisasibulanan_anggaran")]
        constraints = [
            models.UniqueConstraint(fields=["budget_line", "bulan"], name="realisasibulanan_unique"),
        ]
        triggers = [
            closed_period_trigger(
                "(SELECT a.tahun FROM budgeting_anggaran a WHERE a.id = {row}.anggaran_id)", "{row}.bulan"
            )
        ]

    def __str__(self) -> str:
        return f"{self.budget_line_id}/{self.bulan}: {self.jumlah}"


@pghistory.track()
class RealisasiPeriode(VersionedModel):
    """A month of a pemda's budget year closed for realization (tutup buku realisasi) by BPKAD.

    While `is_closed`, no realization entry dated in that month can be posted, voided or imported and the month's
    totals cannot change: the services refuse (409 `period_closed`) and row triggers on `Realisasi` and
    `RealisasiBulanan` refuse in the database as well. A month is closed for the whole pemda, not per OPD: the
    monthly statements (RFK, LRA) are the pemda's and must not move under a closed month; an OPD's late correction
    is made by reopening the month, with a reason. Reopening keeps the row (`is_closed` false, who and why), and
    every change is recorded by pghistory, so a month's closing history stays in one place.
    """

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+")
    tahun = models.PositiveSmallIntegerField(**YEAR)
    bulan = models.PositiveSmallIntegerField(**MONTH)
    is_closed = models.BooleanField(default=True, editable=False)
    alasan = models.CharField(
        max_length=500, blank=True, help_text="catatan penutupan / alasan pembukaan kembali"
    )
    changed_by = recorded_user()

    tenant_scope = TenantScope(pemda="pemda")

    class Meta:
        ordering = ["pemda", "-tahun", "-bulan"]
        verbose_name_plural = "periode realisasi"
        constraints = [
            models.UniqueConstraint(fields=["pemda", "tahun", "bulan"], name="realisasiperiode_unique"),
            models.CheckConstraint(condition=Q(bulan__gte=1, bulan__lte=12), name="realisasiperiode_bulan"),
        ]

    def __str__(self) -> str:
        return f"{self.tahun}/{self.bulan:02d} {'ditutup' if self.is_closed else 'dibuka'}"
