"""Musrenbang and Pokir proposals and their review."""

import pghistory
from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from organisation.models import Pemda, PerangkatDaerah, TenantScope, VersionedModel, recorded_user
from planning.models.base import MONEY, YEAR
from planning.models.renja import RenjaSubKegiatan
from reference.models import Nomenklatur


class UsulanJenis(models.TextChoices):
    MUSRENBANG = "musrenbang", "Musrenbang"
    POKIR = "pokir", "Pokok-pokok pikiran DPRD"


class Pengusul(models.TextChoices):
    DESA = "desa", "Desa/Kelurahan"
    KECAMATAN = "kecamatan", "Forum Musrenbang Kecamatan"
    DPRD = "dprd", "Anggota DPRD"


class TahapUsulan(models.TextChoices):
    KECAMATAN = "kecamatan", "Musrenbang Kecamatan"
    OPD = "opd", "Forum Perangkat Daerah"
    KABUPATEN = "kabupaten", "Musrenbang Kabupaten/Kota"


class UsulanStatus(models.TextChoices):
    DIAJUKAN = "diajukan", "Diajukan"
    DITERIMA = "diterima", "Diterima"
    DITOLAK = "ditolak", "Ditolak"
    DIGABUNG = "digabung", "Digabung"


@pghistory.track()
class Usulan(VersionedModel):
    """A Musrenbang or Pokir proposal: who proposed what, where, at which cost; its review and the Renja row it became."""

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+", editable=False)
    updated_by = recorded_user(help_text="who entered or last changed the proposal; never its reviewer")
    tahun = models.PositiveSmallIntegerField(**YEAR)
    jenis = models.CharField(max_length=10, choices=UsulanJenis.choices)
    pengusul_jenis = models.CharField(max_length=10, choices=Pengusul.choices)
    pengusul_nama = models.CharField(max_length=200, help_text="nama desa/kecamatan atau anggota DPRD")
    lokasi = models.CharField(max_length=13, help_text="kode wilayah")
    permasalahan = models.TextField()
    uraian = models.TextField(help_text="usulan kegiatan")
    sub_kegiatan = models.ForeignKey(
        Nomenklatur, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    perangkat_daerah = models.ForeignKey(
        PerangkatDaerah, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    volume = models.DecimalField(max_digits=20, decimal_places=4, validators=[MinValueValidator(0)])
    satuan = models.CharField(max_length=100)
    perkiraan_biaya = models.DecimalField(**MONEY)
    prioritas = models.PositiveSmallIntegerField(default=1)
    tahap = models.CharField(
        max_length=10, choices=TahapUsulan.choices, default=TahapUsulan.KECAMATAN, editable=False
    )
    keputusan = models.CharField(
        max_length=10,
        choices=UsulanStatus.choices,
        default=UsulanStatus.DIAJUKAN,
        editable=False,
        help_text="the latest review decision",
    )
    alasan = models.TextField(blank=True, editable=False)
    digabung_ke = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    renja_sub_kegiatan = models.ForeignKey(
        RenjaSubKegiatan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="usulan",
        editable=False,
    )

    tenant_scope = TenantScope(pemda="pemda", opd="perangkat_daerah")

    class Meta:
        ordering = ["-tahun", "prioritas", "id"]
        verbose_name_plural = "usulan"
        constraints = [
            models.CheckConstraint(condition=Q(perkiraan_biaya__gte=0), name="usulan_biaya_nonnegative")
        ]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} {self.tahun}: {self.uraian[:60]}"


@pghistory.track()
class UsulanReview(models.Model):
    """One review decision on a proposal at one level (kecamatan, forum OPD, kabupaten)."""

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+")
    usulan = models.ForeignKey(Usulan, on_delete=models.CASCADE, related_name="reviews")
    tahap = models.CharField(max_length=10, choices=TahapUsulan.choices)
    keputusan = models.CharField(max_length=10, choices=UsulanStatus.choices)
    alasan = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(auto_now_add=True)

    tenant_scope = TenantScope(pemda="pemda", opd="usulan__perangkat_daerah")

    class Meta:
        ordering = ["usulan", "reviewed_at"]

    def __str__(self) -> str:
        return f"{self.get_tahap_display()}: {self.get_keputusan_display()}"
