"""Budget lines (RKA rows) of a stage."""

import uuid

import pghistory
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from budgeting.models.anggaran import Anggaran
from budgeting.models.base import MONEY, PERCENT, VOLUME, execution_stage_triggers, locked_stage_triggers
from budgeting.models.standar_harga import StandarHarga
from organisation.models import Pemda, PerangkatDaerah, TenantScope, VersionedModel
from reference.models import Akun, Nomenklatur, SumberDana

# ---------------------------------------------------------------- lines


class LineJenis(models.TextChoices):
    """Derived from the akun: 4 pendapatan, 5 belanja, 6 pembiayaan."""

    PENDAPATAN = "pendapatan", "Pendapatan"
    BELANJA = "belanja", "Belanja"
    PEMBIAYAAN = "pembiayaan", "Pembiayaan"


JENIS_BY_AKUN_ROOT = {"4": LineJenis.PENDAPATAN, "5": LineJenis.BELANJA, "6": LineJenis.PEMBIAYAAN}


@pghistory.track()
class BudgetLine(VersionedModel):
    """A rincian line of a stage: OPD (or sub unit) × sub kegiatan × akun × sumber dana × komponen.

    Belanja lines carry the sub kegiatan (`sub_kegiatan_kode` as instantiated for the OPD, the join key to
    planning with pemda, tahun and OPD; `sub_kegiatan` is the reference node). Pendapatan (akun 4) and
    pembiayaan (akun 6) lines carry no sub kegiatan. The koefisien is up to four factors volume × satuan;
    `jumlah` is computed by `budgeting.services.line_jumlah` and never taken from input. `kunci` identifies the
    line across stages (a copy keeps it), so stage comparisons can be made per line.
    """

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+")
    anggaran = models.ForeignKey(Anggaran, on_delete=models.CASCADE, related_name="lines")
    perangkat_daerah = models.ForeignKey(PerangkatDaerah, on_delete=models.PROTECT, related_name="+")
    jenis = models.CharField(max_length=10, choices=LineJenis.choices)
    sub_kegiatan = models.ForeignKey(
        Nomenklatur, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sub_kegiatan_kode = models.CharField(max_length=40, blank=True)
    akun = models.ForeignKey(Akun, on_delete=models.PROTECT, related_name="+")
    sumber_dana = models.ForeignKey(
        SumberDana, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kelompok = models.CharField(max_length=255, blank=True, help_text="pengelompokan rincian ([#], [-])")
    keterangan = models.CharField(max_length=255, blank=True)
    komponen = models.TextField()
    standar_harga = models.ForeignKey(
        StandarHarga, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kode_standar_harga = models.CharField(max_length=60, blank=True, help_text="kode komponen dari SIPD")
    volume_1 = models.DecimalField(validators=[MinValueValidator(0)], **VOLUME)
    satuan_1 = models.CharField(max_length=50)
    volume_2 = models.DecimalField(null=True, blank=True, validators=[MinValueValidator(0)], **VOLUME)
    satuan_2 = models.CharField(max_length=50, blank=True)
    volume_3 = models.DecimalField(null=True, blank=True, validators=[MinValueValidator(0)], **VOLUME)
    satuan_3 = models.CharField(max_length=50, blank=True)
    volume_4 = models.DecimalField(null=True, blank=True, validators=[MinValueValidator(0)], **VOLUME)
    satuan_4 = models.CharField(max_length=50, blank=True)
    koefisien = models.CharField(max_length=255, editable=False)
    harga_satuan = models.DecimalField(validators=[MinValueValidator(0)], **MONEY)
    ppn = models.DecimalField(default=0, help_text="PPN (%)", **PERCENT)
    jumlah = models.DecimalField(editable=False, **MONEY)
    melebihi_plafon = models.BooleanField(default=False, editable=False)
    di_luar_renja = models.BooleanField(
        default=False,
        db_default=False,  # rows written set-based (SIPD import, stage copies) leave it out
        editable=False,
        help_text="sub kegiatan tidak ada di Renja OPD tahun ini (diterima, ditandai)",
    )
    kunci = models.UUIDField(default=uuid.uuid4, editable=False)

    tenant_scope = TenantScope(pemda="pemda", opd="perangkat_daerah")

    class Meta:
        ordering = ["anggaran", "perangkat_daerah", "sub_kegiatan_kode", "akun", "id"]
        indexes = [
            models.Index(
                fields=["anggaran", "perangkat_daerah", "sub_kegiatan_kode"], name="budgetline_scope"
            ),
            models.Index(fields=["pemda", "sub_kegiatan_kode"], name="budgetline_pemda_subkeg"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["anggaran", "kunci"], name="budgetline_unique_kunci"),
            models.CheckConstraint(condition=Q(jumlah__gte=0), name="budgetline_jumlah_nonnegative"),
            models.CheckConstraint(condition=Q(harga_satuan__gte=0), name="budgetline_harga_nonnegative"),
            models.CheckConstraint(
                condition=~Q(jenis=LineJenis.BELANJA) | ~Q(sub_kegiatan_kode=""),
                name="budgetline_belanja_subkeg",
            ),
        ]
        triggers = [*locked_stage_triggers("budgeting_budgetline"), *execution_stage_triggers()]

    def __str__(self) -> str:
        return f"{self.sub_kegiatan_kode} {self.komponen[:40]} Rp {self.jumlah}"
