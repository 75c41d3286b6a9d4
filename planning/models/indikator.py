"""Indicators, their yearly targets and the yearly pagu of plan rows."""

import pghistory
from django.db import models
from django.db.models import F, Q

from organisation.models import Pemda, TenantScope, VersionedModel
from planning.models.base import MONEY, YEAR, AturanTahunan, IndikatorJenis, Polaritas
from planning.models.renja import RenjaKegiatan, RenjaProgram, RenjaSubKegiatan
from planning.models.renstra import (
    RenstraKegiatan,
    RenstraProgram,
    RenstraSasaran,
    RenstraSubKegiatan,
    RenstraTujuan,
)
from planning.models.rpjmd import ProgramRpjmd, Sasaran, Tujuan

# The rows an indicator (or a yearly pagu) may hang on; exactly one is set.
INDIKATOR_OWNERS: tuple[str, ...] = (
    "tujuan",
    "sasaran",
    "program_rpjmd",
    "renstra_tujuan",
    "renstra_sasaran",
    "renstra_program",
    "renstra_kegiatan",
    "renstra_sub_kegiatan",
    "renja_program",
    "renja_kegiatan",
    "renja_sub_kegiatan",
)
PAGU_OWNERS: tuple[str, ...] = (
    "program_rpjmd",
    "renstra_program",
    "renstra_kegiatan",
    "renstra_sub_kegiatan",
)


def _owner(model: type[models.Model], name: str) -> models.ForeignKey:
    return models.ForeignKey(model, on_delete=models.CASCADE, null=True, blank=True, related_name="indikator")


@pghistory.track()
class Indikator(VersionedModel):
    """A performance indicator (name, satuan, polarity, baseline, period-end target) of exactly one plan row.

    Targets per year are `IndikatorTarget` rows; years must lie within the owning document's period.
    """

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+", editable=False)
    tujuan = _owner(Tujuan, "tujuan")
    sasaran = _owner(Sasaran, "sasaran")
    program_rpjmd = _owner(ProgramRpjmd, "program_rpjmd")
    renstra_tujuan = _owner(RenstraTujuan, "renstra_tujuan")
    renstra_sasaran = _owner(RenstraSasaran, "renstra_sasaran")
    renstra_program = _owner(RenstraProgram, "renstra_program")
    renstra_kegiatan = _owner(RenstraKegiatan, "renstra_kegiatan")
    renstra_sub_kegiatan = _owner(RenstraSubKegiatan, "renstra_sub_kegiatan")
    renja_program = _owner(RenjaProgram, "renja_program")
    renja_kegiatan = _owner(RenjaKegiatan, "renja_kegiatan")
    renja_sub_kegiatan = _owner(RenjaSubKegiatan, "renja_sub_kegiatan")
    nama = models.TextField()
    satuan = models.CharField(max_length=100)
    polaritas = models.CharField(max_length=6, choices=Polaritas.choices, default=Polaritas.HIGHER)
    aturan_tahunan = models.CharField(
        max_length=4,
        choices=AturanTahunan.choices,
        default=AturanTahunan.SUM,
        help_text="realisasi tahunan dari triwulan: sum (dijumlah) atau last (triwulan terakhir); bila tidak "
        "diisi saat dibuat, dibaca dari satuan (%, rasio, indeks → last)",
    )
    jenis = models.CharField(
        max_length=8,
        choices=IndikatorJenis.choices,
        blank=True,
        help_text="capaian, keluaran or hasil; may be empty",
    )
    is_iku = models.BooleanField(default=False, help_text="Indikator Kinerja Utama")
    baseline = models.DecimalField(
        max_digits=20, decimal_places=4, null=True, blank=True, help_text="kondisi awal"
    )
    target_akhir = models.DecimalField(
        max_digits=20, decimal_places=4, null=True, blank=True, help_text="target akhir periode"
    )

    # Pemda-wide visibility (RPJMD indicators are read by every OPD); writes check the owning document's OPD.
    tenant_scope = TenantScope(pemda="pemda")

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "indikator"
        constraints = [
            models.CheckConstraint(
                condition=models.lookups.Exact(
                    models.Func(*[F(name) for name in INDIKATOR_OWNERS], function="num_nonnulls"), 1
                ),
                name="indikator_one_owner",
            )
        ]

    def __str__(self) -> str:
        return f"{self.nama} ({self.satuan})"

    @property
    def owner_field(self) -> str:
        return next(name for name in INDIKATOR_OWNERS if getattr(self, f"{name}_id") is not None)


@pghistory.track()
class IndikatorTarget(models.Model):
    """The target of an indicator for one year."""

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+")
    indikator = models.ForeignKey(Indikator, on_delete=models.CASCADE, related_name="targets")
    tahun = models.PositiveSmallIntegerField(**YEAR)
    target = models.DecimalField(max_digits=20, decimal_places=4)

    tenant_scope = TenantScope(pemda="pemda")

    class Meta:
        ordering = ["indikator", "tahun"]
        constraints = [
            models.UniqueConstraint(fields=["indikator", "tahun"], name="indikatortarget_unique_tahun")
        ]

    def __str__(self) -> str:
        return f"{self.tahun}: {self.target}"


@pghistory.track()
class PaguTahunan(models.Model):
    """Pagu indikatif of an RPJMD or Renstra row for one year of the period."""

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+")
    program_rpjmd = models.ForeignKey(
        ProgramRpjmd, on_delete=models.CASCADE, null=True, blank=True, related_name="pagu_tahunan"
    )
    renstra_program = models.ForeignKey(
        RenstraProgram, on_delete=models.CASCADE, null=True, blank=True, related_name="pagu_tahunan"
    )
    renstra_kegiatan = models.ForeignKey(
        RenstraKegiatan, on_delete=models.CASCADE, null=True, blank=True, related_name="pagu_tahunan"
    )
    renstra_sub_kegiatan = models.ForeignKey(
        RenstraSubKegiatan, on_delete=models.CASCADE, null=True, blank=True, related_name="pagu_tahunan"
    )
    tahun = models.PositiveSmallIntegerField(**YEAR)
    pagu = models.DecimalField(**MONEY)

    tenant_scope = TenantScope(pemda="pemda")

    class Meta:
        ordering = ["tahun"]
        verbose_name_plural = "pagu tahunan"
        constraints = [
            models.CheckConstraint(
                condition=models.lookups.Exact(
                    models.Func(*[F(name) for name in PAGU_OWNERS], function="num_nonnulls"), 1
                ),
                name="pagutahunan_one_owner",
            ),
            models.CheckConstraint(condition=Q(pagu__gte=0), name="pagutahunan_nonnegative"),
        ]

    def __str__(self) -> str:
        return f"{self.tahun}: {self.pagu}"
