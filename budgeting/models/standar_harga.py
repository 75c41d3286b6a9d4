"""Price standards (SSH, SBU, HSPK, ASB)."""

import pghistory
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from budgeting.models.base import MONEY, PERCENT, YEAR
from organisation.models import Pemda, TenantScope, VersionedModel
from reference.models import Akun

# ---------------------------------------------------------------- standar harga


class StandarHargaJenis(models.TextChoices):
    SSH = "SSH", "Standar Satuan Harga"
    SBU = "SBU", "Standar Biaya Umum"
    HSPK = "HSPK", "Harga Satuan Pokok Kegiatan"
    ASB = "ASB", "Analisis Standar Belanja"


CEILING_JENIS = frozenset({StandarHargaJenis.SSH, StandarHargaJenis.SBU})


@pghistory.track()
class StandarHarga(VersionedModel):
    """One item of a pemda's price standard (SSH / SBU / HSPK / ASB) for a budget year.

    `akun` lists the level-6 accounts a budget line may use with this item (empty: any). Where `is_ceiling`
    (SSH and SBU by default) a line's harga satuan may not exceed `harga`. `kode_wilayah` narrows the item to a
    region of the pemda (empty: the whole pemda).
    """

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+")
    tahun = models.PositiveSmallIntegerField(**YEAR)
    jenis = models.CharField(max_length=4, choices=StandarHargaJenis.choices)
    kode_kelompok = models.CharField(max_length=60, blank=True)
    uraian_kelompok = models.CharField(max_length=500, blank=True)
    uraian = models.CharField(max_length=500, help_text="uraian barang / komponen")
    spesifikasi = models.TextField(blank=True)
    satuan = models.CharField(max_length=100)
    harga = models.DecimalField(validators=[MinValueValidator(0)], **MONEY)
    tkdn = models.DecimalField(null=True, blank=True, help_text="TKDN (%)", **PERCENT)
    akun = models.ManyToManyField(Akun, blank=True, related_name="+")
    kode_wilayah = models.CharField(max_length=13, blank=True)
    is_ceiling = models.BooleanField(default=True, help_text="harga batas tertinggi (SSH, SBU)")

    tenant_scope = TenantScope(pemda="pemda")

    class Meta:
        ordering = ["pemda", "tahun", "jenis", "kode_kelompok", "uraian", "id"]
        verbose_name_plural = "standar harga"
        indexes = [models.Index(fields=["pemda", "tahun", "jenis"], name="standarharga_pemda_tahun")]
        constraints = [
            models.CheckConstraint(condition=Q(harga__gte=0), name="standarharga_harga_nonnegative")
        ]

    def __str__(self) -> str:
        return f"{self.jenis} {self.uraian} ({self.satuan}) Rp {self.harga}"
