"""The Renstra of a perangkat daerah and its contents."""

import pghistory
from django.db import models
from django.db.models import Q

from organisation.models import Pemda, PerangkatDaerah, TenantScope, VersionedModel
from planning.models.base import YEAR, CodedItem, PlanDocument
from planning.models.rpjmd import Rpjmd, Sasaran


@pghistory.track()
class Renstra(PlanDocument):
    """Renstra OPD: an OPD's five-year plan over the RPJMD's period, its sasaran linked to RPJMD sasaran."""

    perangkat_daerah = models.ForeignKey(PerangkatDaerah, on_delete=models.PROTECT, related_name="+")
    rpjmd = models.ForeignKey(Rpjmd, on_delete=models.PROTECT, related_name="+")
    tahun_awal = models.PositiveSmallIntegerField(editable=False, **YEAR)
    tahun_akhir = models.PositiveSmallIntegerField(editable=False, **YEAR)

    tenant_scope = TenantScope(pemda="pemda", opd="perangkat_daerah")
    resource = "renstra"

    class Meta:
        ordering = ["pemda", "perangkat_daerah", "-tahun_awal", "-revisi"]
        verbose_name_plural = "renstra"
        constraints = [
            models.UniqueConstraint(
                fields=["perangkat_daerah", "tahun_awal", "revisi"], name="renstra_unique_revisi"
            ),
            models.UniqueConstraint(
                fields=["perangkat_daerah", "tahun_awal"],
                condition=Q(is_current=True),
                name="renstra_one_current",
            ),
        ]

    def __str__(self) -> str:
        return f"Renstra {self.perangkat_daerah_id} {self.tahun_awal}–{self.tahun_akhir} rev {self.revisi}"

    @property
    def period(self) -> tuple[int, int]:
        return (self.tahun_awal, self.tahun_akhir)


class RenstraContent(VersionedModel):
    """A row inside a Renstra; `renstra` is derived from the parent (or given, for top rows)."""

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+", editable=False)

    tenant_scope = TenantScope(pemda="pemda", opd="renstra__perangkat_daerah")
    document_field = "renstra"

    class Meta:
        abstract = True


@pghistory.track()
class RenstraTujuan(RenstraContent):
    """A tujuan of the OPD's Renstra."""

    renstra = models.ForeignKey(Renstra, on_delete=models.CASCADE, related_name="tujuan")
    nomor = models.PositiveSmallIntegerField(default=1)
    uraian = models.TextField()
    parent_field = None

    class Meta:
        ordering = ["renstra", "nomor", "id"]
        verbose_name_plural = "tujuan renstra"


@pghistory.track()
class RenstraSasaran(RenstraContent):
    """A sasaran of the OPD's Renstra, linked to the RPJMD sasaran it supports."""

    renstra = models.ForeignKey(Renstra, on_delete=models.CASCADE, related_name="+", editable=False)
    tujuan = models.ForeignKey(RenstraTujuan, on_delete=models.CASCADE, related_name="sasaran")
    sasaran_rpjmd = models.ForeignKey(
        Sasaran, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    nomor = models.PositiveSmallIntegerField(default=1)
    uraian = models.TextField()
    parent_field = "tujuan"

    class Meta:
        ordering = ["renstra", "nomor", "id"]
        verbose_name_plural = "sasaran renstra"


@pghistory.track()
class RenstraProgram(CodedItem):
    """A program of the Renstra serving one of its sasaran; pagu indikatif per year."""

    renstra = models.ForeignKey(Renstra, on_delete=models.CASCADE, related_name="+", editable=False)
    sasaran = models.ForeignKey(RenstraSasaran, on_delete=models.CASCADE, related_name="program")
    tenant_scope = TenantScope(pemda="pemda", opd="renstra__perangkat_daerah")
    document_field = "renstra"
    parent_field = "sasaran"
    level = 3


@pghistory.track()
class RenstraKegiatan(CodedItem):
    """A kegiatan of a Renstra program; pagu indikatif per year."""

    renstra = models.ForeignKey(Renstra, on_delete=models.CASCADE, related_name="+", editable=False)
    program = models.ForeignKey(RenstraProgram, on_delete=models.CASCADE, related_name="kegiatan")
    tenant_scope = TenantScope(pemda="pemda", opd="renstra__perangkat_daerah")
    document_field = "renstra"
    parent_field = "program"
    level = 4


@pghistory.track()
class RenstraSubKegiatan(CodedItem):
    """A sub kegiatan of a Renstra kegiatan; pagu indikatif per year."""

    renstra = models.ForeignKey(Renstra, on_delete=models.CASCADE, related_name="+", editable=False)
    kegiatan = models.ForeignKey(RenstraKegiatan, on_delete=models.CASCADE, related_name="sub_kegiatan")
    tenant_scope = TenantScope(pemda="pemda", opd="renstra__perangkat_daerah")
    document_field = "renstra"
    parent_field = "kegiatan"
    level = 5
