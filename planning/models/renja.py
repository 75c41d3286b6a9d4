"""The Renja of a perangkat daerah and its programs, kegiatan and sub kegiatan."""

import pghistory
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q

from organisation.models import PerangkatDaerah, TenantScope
from planning.models.base import MONEY, MONTH, YEAR, CodedItem, PlanDocument, PriorityLabels
from planning.models.rpjmd import Sasaran
from reference.models import SumberDana


@pghistory.track()
class Renja(PlanDocument):
    """Renja OPD for budget year `tahun`: the programs, kegiatan and sub kegiatan an OPD plans for the year."""

    tahun = models.PositiveSmallIntegerField(**YEAR)
    perangkat_daerah = models.ForeignKey(PerangkatDaerah, on_delete=models.PROTECT, related_name="+")

    tenant_scope = TenantScope(pemda="pemda", opd="perangkat_daerah")
    resource = "renja"

    class Meta:
        ordering = ["pemda", "-tahun", "perangkat_daerah", "-revisi"]
        verbose_name_plural = "renja"
        constraints = [
            models.UniqueConstraint(
                fields=["perangkat_daerah", "tahun", "revisi"], name="renja_unique_revisi"
            ),
            models.UniqueConstraint(
                fields=["perangkat_daerah", "tahun"], condition=Q(is_current=True), name="renja_one_current"
            ),
        ]

    def __str__(self) -> str:
        return f"Renja {self.perangkat_daerah_id} {self.tahun} rev {self.revisi}"

    @property
    def period(self) -> tuple[int, int]:
        return (self.tahun, self.tahun)


@pghistory.track()
class RenjaProgram(CodedItem):
    """A program in a Renja, traced to the RPJMD sasaran it serves."""

    renja = models.ForeignKey(Renja, on_delete=models.CASCADE, related_name="program")
    sasaran = models.ForeignKey(Sasaran, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    tenant_scope = TenantScope(pemda="pemda", opd="renja__perangkat_daerah")
    document_field = "renja"
    parent_field = None
    level = 3

    class Meta(CodedItem.Meta):
        constraints = [models.UniqueConstraint(fields=["renja", "kode"], name="renjaprogram_unique_kode")]


@pghistory.track()
class RenjaKegiatan(CodedItem):
    """A kegiatan of a Renja program."""

    renja = models.ForeignKey(Renja, on_delete=models.CASCADE, related_name="+", editable=False)
    program = models.ForeignKey(RenjaProgram, on_delete=models.CASCADE, related_name="kegiatan")
    tenant_scope = TenantScope(pemda="pemda", opd="renja__perangkat_daerah")
    document_field = "renja"
    parent_field = "program"
    level = 4

    class Meta(CodedItem.Meta):
        constraints = [models.UniqueConstraint(fields=["renja", "kode"], name="renjakegiatan_unique_kode")]


@pghistory.track()
class RenjaSubKegiatan(CodedItem, PriorityLabels):
    """A sub kegiatan planned for the year: location (wilayah codes), months, sumber dana and pagu indikatif."""

    renja = models.ForeignKey(Renja, on_delete=models.CASCADE, related_name="+", editable=False)
    kegiatan = models.ForeignKey(RenjaKegiatan, on_delete=models.CASCADE, related_name="sub_kegiatan")
    lokasi = ArrayField(models.CharField(max_length=13), default=list, blank=True, help_text="kode wilayah")
    lokasi_uraian = models.TextField(
        blank=True, help_text="the location as written where it names no wilayah code (an imported free text)"
    )
    bulan_mulai = models.PositiveSmallIntegerField(default=1, **MONTH)
    bulan_selesai = models.PositiveSmallIntegerField(default=12, **MONTH)
    sumber_dana = models.ForeignKey(
        SumberDana, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    pagu_indikatif = models.DecimalField(default=0, **MONEY)

    tenant_scope = TenantScope(pemda="pemda", opd="renja__perangkat_daerah")
    document_field = "renja"
    parent_field = "kegiatan"
    level = 5

    class Meta(CodedItem.Meta):
        verbose_name_plural = "sub kegiatan renja"
        constraints = [
            models.UniqueConstraint(fields=["renja", "kode"], name="renjasubkegiatan_unique_kode"),
            models.CheckConstraint(condition=Q(bulan_selesai__gte=F("bulan_mulai")), name="renjasub_months"),
            models.CheckConstraint(condition=Q(pagu_indikatif__gte=0), name="renjasub_pagu_nonnegative"),
        ]
