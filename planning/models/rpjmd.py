"""The RPJMD and its contents: misi, tujuan, sasaran, strategi, arah kebijakan, programs."""

import uuid

import pghistory
from django.db import models
from django.db.models import F, Q

from organisation.models import Pemda, PerangkatDaerah, TenantScope, VersionedModel
from planning.models.base import YEAR, CodedItem, PlanDocument, PriorityLabels


@pghistory.track()
class Rpjmd(PlanDocument):
    """RPJMD: the pemda's five-year plan (per Perda) — visi, then misi → tujuan → sasaran with their indicators."""

    tahun_awal = models.PositiveSmallIntegerField(**YEAR)
    tahun_akhir = models.PositiveSmallIntegerField(**YEAR)
    visi = models.TextField()
    dasar_hukum = models.CharField(max_length=255, blank=True, help_text="e.g. Perda Nomor 3 Tahun 2025")

    tenant_scope = TenantScope(pemda="pemda")
    resource = "rpjmd"

    class Meta:
        ordering = ["pemda", "-tahun_awal", "-revisi"]
        verbose_name = "RPJMD"
        verbose_name_plural = "RPJMD"
        constraints = [
            models.UniqueConstraint(fields=["pemda", "tahun_awal", "revisi"], name="rpjmd_unique_revisi"),
            models.UniqueConstraint(
                fields=["pemda", "tahun_awal"], condition=Q(is_current=True), name="rpjmd_one_current"
            ),
            models.CheckConstraint(condition=Q(tahun_akhir__gte=F("tahun_awal")), name="rpjmd_years"),
        ]

    def __str__(self) -> str:
        return f"RPJMD {self.tahun_awal}–{self.tahun_akhir} rev {self.revisi}"

    @property
    def period(self) -> tuple[int, int]:
        return (self.tahun_awal, self.tahun_akhir)


class RpjmdContent(VersionedModel):
    """A row inside an RPJMD; `rpjmd` is derived from its parent."""

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+", editable=False)
    rpjmd = models.ForeignKey(Rpjmd, on_delete=models.CASCADE, related_name="+", editable=False)
    nomor = models.PositiveSmallIntegerField(default=1)
    uraian = models.TextField()

    tenant_scope = TenantScope(pemda="pemda")
    document_field = "rpjmd"

    class Meta:
        abstract = True
        ordering = ["rpjmd", "nomor", "id"]

    def __str__(self) -> str:
        return f"{self.nomor}. {self.uraian[:60]}"


@pghistory.track()
class Misi(RpjmdContent):
    """A misi of the RPJMD's visi."""

    parent_field = None

    class Meta(RpjmdContent.Meta):
        verbose_name_plural = "misi"


@pghistory.track()
class Tujuan(RpjmdContent):
    """A tujuan (goal) serving a misi; carries indicators."""

    misi = models.ForeignKey(Misi, on_delete=models.CASCADE, related_name="tujuan")
    parent_field = "misi"

    class Meta(RpjmdContent.Meta):
        verbose_name_plural = "tujuan"


@pghistory.track()
class Sasaran(RpjmdContent):
    """A sasaran (objective) of a tujuan; its indicators are the IKU. Renja programs trace to a sasaran.

    `kunci` is kept across revisions, so a link made to an earlier revision's sasaran still resolves.
    """

    tujuan = models.ForeignKey(Tujuan, on_delete=models.CASCADE, related_name="sasaran")
    kunci = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    parent_field = "tujuan"

    class Meta(RpjmdContent.Meta):
        verbose_name_plural = "sasaran"


@pghistory.track()
class Strategi(RpjmdContent):
    """A strategi to reach a sasaran."""

    sasaran = models.ForeignKey(Sasaran, on_delete=models.CASCADE, related_name="strategi")
    parent_field = "sasaran"

    class Meta(RpjmdContent.Meta):
        verbose_name_plural = "strategi"


@pghistory.track()
class ArahKebijakan(RpjmdContent):
    """An arah kebijakan (policy direction) under a strategi."""

    strategi = models.ForeignKey(Strategi, on_delete=models.CASCADE, related_name="arah_kebijakan")
    parent_field = "strategi"

    class Meta(RpjmdContent.Meta):
        verbose_name_plural = "arah kebijakan"


@pghistory.track()
class ProgramRpjmd(CodedItem, PriorityLabels):
    """A program prioritas of the RPJMD serving one sasaran, with its responsible OPD and pagu indikatif per year."""

    rpjmd = models.ForeignKey(Rpjmd, on_delete=models.CASCADE, related_name="+", editable=False)
    sasaran = models.ForeignKey(Sasaran, on_delete=models.CASCADE, related_name="program")
    perangkat_daerah = models.ForeignKey(PerangkatDaerah, on_delete=models.PROTECT, related_name="+")

    tenant_scope = TenantScope(pemda="pemda")
    document_field = "rpjmd"
    parent_field = "sasaran"
    level = 3

    class Meta(CodedItem.Meta):
        verbose_name = "program RPJMD"
        verbose_name_plural = "program RPJMD"
