"""Physical progress (realisasi fisik) with its photo evidence, and indicator realisasi."""

from typing import Any

import pghistory
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from budgeting.models.anggaran_kas import MONTH
from budgeting.models.base import PERCENT, YEAR
from budgeting.models.realisasi import closed_period_trigger
from organisation.models import Pemda, PerangkatDaerah, TenantScope, VersionedModel, recorded_user


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


class LokasiSumber(models.TextChoices):
    """Where a photo's position comes from: the photo's own EXIF GPS, or the browser's location at upload."""

    EXIF = "exif", "EXIF foto"
    BROWSER = "browser", "Lokasi peramban"


def _foto_path(instance: Any, filename: str) -> str:
    """`realisasi-fisik/<pemda>/<tahun>/<name>`; the service names the file (never the uploader's name)."""
    return f"realisasi-fisik/{instance.pemda_id}/{instance.entry.tahun}/{filename}"


# The month of the photo's entry, for the closed-month trigger (the photo row carries only the entry's id).
_ENTRY = "(SELECT f.{column} FROM budgeting_realisasifisik f WHERE f.id = {{row}}.entry_id)"


@pghistory.track()
class RealisasiFisikFoto(models.Model):
    """A photo attached as evidence to a month's physical progress (`RealisasiFisik`) of a sub kegiatan.

    The file (JPEG, PNG or WebP, sniffed from its content) is kept in Django's default storage with a thumbnail,
    served only through the scoped API. `taken_at`, `latitude` and `longitude` come from the photo's EXIF, the
    position otherwise from the browser (`lokasi_sumber`). Photos are added and removed while the entry's month is
    open (the closed-month trigger refuses otherwise); they are never edited.
    """

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+")
    entry = models.ForeignKey(RealisasiFisik, on_delete=models.CASCADE, related_name="foto")
    file = models.FileField(upload_to=_foto_path, max_length=200)
    thumbnail = models.FileField(upload_to=_foto_path, max_length=200)
    content_type = models.CharField(max_length=20)
    size = models.PositiveIntegerField(help_text="bytes")
    width = models.PositiveIntegerField(help_text="px")
    height = models.PositiveIntegerField(help_text="px")
    taken_at = models.DateTimeField(null=True, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    lokasi_sumber = models.CharField(max_length=7, choices=LokasiSumber.choices, blank=True)
    keterangan = models.CharField(max_length=500, blank=True)
    created_by = recorded_user()
    created_at = models.DateTimeField(auto_now_add=True)

    tenant_scope = TenantScope(pemda="pemda", opd="entry__perangkat_daerah")

    class Meta:
        ordering = ["entry", "created_at", "id"]
        verbose_name_plural = "foto realisasi fisik"
        constraints = [
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True) & Q(lokasi_sumber=""))
                | (
                    Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180)
                    & ~Q(lokasi_sumber="")
                ),
                name="realisasifisikfoto_lokasi",
            ),
        ]
        triggers = [closed_period_trigger(_ENTRY.format(column="tahun"), _ENTRY.format(column="bulan"))]

    def __str__(self) -> str:
        return f"Foto {self.pk} realisasi fisik {self.entry_id}"


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
