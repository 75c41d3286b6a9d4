"""Physical progress (realisasi fisik) and indicator realisasi."""

import pghistory
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from budgeting.models.anggaran_kas import MONTH
from budgeting.models.base import PERCENT, YEAR
from budgeting.models.realisasi import closed_period_trigger
from organisation.models import Pemda, PerangkatDaerah, TenantScope, VersionedModel


@pghistory.track()
class RealisasiFisik(VersionedModel):
    """Physical progress (%) of an OPD's sub kegiatan at the end of a month, with the problems met and the
    follow-up. Progress should not fall through the year; a fall is accepted and flagged `menurun` (a warning)."""

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+")
    perangkat_daerah = models.ForeignKey(PerangkatDaerah, on_delete=models.PROTECT, related_name="+")
    tahun = models.PositiveSmallIntegerField(**YEAR)
    sub_kegiatan_kode = models.CharField(max_length=40)
    bulan = models.PositiveSmallIntegerField(**MONTH)
    persen = models.DecimalField(**PERCENT)
    permasalahan = models.TextField(blank=True)
    tindak_lanjut = models.TextField(blank=True)
    menurun = models.BooleanField(default=False, editable=False)

    tenant_scope = TenantScope(pemda="pemda", opd="perangkat_daerah")

    class Meta:
        ordering = ["perangkat_daerah", "tahun", "sub_kegiatan_kode", "bulan"]
        verbose_name_plural = "realisasi fisik"
        constraints = [
            models.UniqueConstraint(
                fields=["perangkat_daerah", "tahun", "sub_kegiatan_kode", "bulan"],
                name="realisasifisik_unique",
            ),
            models.CheckConstraint(condition=Q(persen__gte=0, persen__lte=100), name="realisasifisik_range"),
            models.CheckConstraint(condition=Q(bulan__gte=1, bulan__lte=12), name="realisasifisik_bulan"),
        ]
        triggers = [closed_period_trigger("{row}.tahun", "{row}.bulan")]

    def __str__(self) -> str:
        return f"{self.sub_kegiatan_kode} {self.tahun}/{self.bulan}: {self.persen}%"


@pghistory.track()
class RealisasiIndikator(VersionedModel):
    """The realization of a Renja indicator (program, kegiatan or sub kegiatan) in one triwulan of its year.

    The value is in the indicator's satuan; `perangkat_daerah` is the Renja's OPD (the scope of the row).
    """

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+")
    perangkat_daerah = models.ForeignKey(PerangkatDaerah, on_delete=models.PROTECT, related_name="+")
    indikator = models.ForeignKey("planning.Indikator", on_delete=models.CASCADE, related_name="realisasi")
    tahun = models.PositiveSmallIntegerField(**YEAR)
    triwulan = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(4)])
    realisasi = models.DecimalField(max_digits=20, decimal_places=4)
    keterangan = models.TextField(blank=True)

    tenant_scope = TenantScope(pemda="pemda", opd="perangkat_daerah")

    class Meta:
        ordering = ["indikator", "tahun", "triwulan"]
        verbose_name_plural = "realisasi indikator"
        constraints = [
            models.UniqueConstraint(
                fields=["indikator", "tahun", "triwulan"], name="realisasiindikator_unique"
            ),
            models.CheckConstraint(
                condition=Q(triwulan__gte=1, triwulan__lte=4), name="realisasiindikator_tw"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indikator_id} {self.tahun} TW{self.triwulan}: {self.realisasi}"
