"""What every plan document and content row shares: the workflow status, coded items, priority labels."""

import re
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from organisation.models import Pemda, VersionedModel, recorded_user
from reference.models import Nomenklatur

MONEY: dict[str, Any] = {"max_digits": 20, "decimal_places": 2, "validators": [MinValueValidator(0)]}
YEAR: dict[str, Any] = {"validators": [MinValueValidator(2000), MaxValueValidator(2100)]}
MONTH: dict[str, Any] = {"validators": [MinValueValidator(1), MaxValueValidator(12)]}


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", "Draf"
    SUBMITTED = "submitted", "Diajukan"
    VERIFIED = "verified", "Terverifikasi"
    APPROVED = "approved", "Disetujui (terkunci)"


class Polaritas(models.TextChoices):
    """How capaian is formed: R / T × 100 where higher is better; (2T − R) / T × 100, floored at 0, where lower is
    better (Permendagri 86/2017)."""

    HIGHER = "higher", "Semakin tinggi semakin baik"
    LOWER = "lower", "Semakin rendah semakin baik"


class AturanTahunan(models.TextChoices):
    """How the four quarters' realization make the year's (column 13 of the Evaluasi RKPD)."""

    SUM = "sum", "Jumlah triwulan (jumlah, keluaran)"
    LAST = "last", "Triwulan terakhir (persentase, rasio, indeks, stok)"


# A satuan that names a rate, a share or an index: the year is its last quarter, not the sum of its quarters.
LAST_QUARTER_SATUAN = re.compile(r"%|persen|rasio|rate|indeks|angka|per ", re.IGNORECASE)


def aturan_for_satuan(satuan: str) -> str:
    """The year's rule an indicator gets when none is given, read from its satuan (`%` → last, `Unit` → sum)."""
    return AturanTahunan.LAST if LAST_QUARTER_SATUAN.search(satuan) else AturanTahunan.SUM


class IndikatorJenis(models.TextChoices):
    """Which result an indicator measures, as the Renja / RKA indicator block names them."""

    CAPAIAN = "capaian", "Capaian"
    KELUARAN = "keluaran", "Keluaran"
    HASIL = "hasil", "Hasil"


class PlanDocument(VersionedModel):
    """A planning document with its workflow state and revision number; approved means locked."""

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT)
    revisi = models.PositiveSmallIntegerField(default=1, editable=False)
    is_current = models.BooleanField(default=True, editable=False, help_text="the latest revision")
    catatan = models.TextField(blank=True, help_text="catatan verifikasi (alasan dikembalikan)")
    updated_by = recorded_user(
        help_text="who last changed the document or its contents; never its verifier or approver"
    )
    submitted_by = recorded_user()
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    verified_by = recorded_user()
    verified_at = models.DateTimeField(null=True, blank=True, editable=False)
    approved_by = recorded_user()
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)

    # the MATRIX row governing the document and its contents
    resource: str = ""

    class Meta:
        abstract = True

    @property
    def is_locked(self) -> bool:
        return self.status != DocumentStatus.DRAFT or not self.is_current

    @property
    def period(self) -> tuple[int, int]:
        raise NotImplementedError


class PriorityLabels(models.Model):
    """Priority labels users filter and report on."""

    prioritas_nasional = models.BooleanField(default=False)
    prioritas_provinsi = models.BooleanField(default=False)
    prioritas_daerah = models.BooleanField(default=False)
    spm = models.BooleanField(default=False, help_text="Standar Pelayanan Minimal")

    class Meta:
        abstract = True


class CodedItem(VersionedModel):
    """A program, kegiatan or sub kegiatan in a plan: the reference node and the code as instantiated.

    The program penunjang is published generically (`X.XX.01...`); `kode` carries the OPD's bidang in its place.
    """

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+", editable=False)
    nomenklatur = models.ForeignKey(Nomenklatur, on_delete=models.PROTECT, related_name="+")
    kode = models.CharField(max_length=40, editable=False)

    class Meta:
        abstract = True
        ordering = ["kode", "id"]

    def __str__(self) -> str:
        return f"{self.kode} {self.nomenklatur.nama}"
