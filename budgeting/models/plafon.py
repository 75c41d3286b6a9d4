"""Ceilings (plafon) on the lines of a stage."""

import pghistory
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from budgeting.models.anggaran import Anggaran
from budgeting.models.base import MONEY, locked_stage_triggers
from organisation.models import Pemda, PerangkatDaerah, TenantScope, VersionedModel

# ---------------------------------------------------------------- ceilings


class PlafonMode(models.TextChoices):
    REFUSE = "refuse", "Tolak rincian yang melampaui"
    WARN = "warn", "Terima dan tandai"


@pghistory.track()
class Plafon(VersionedModel):
    """A ceiling on a stage's belanja of one OPD, optionally narrowed to a program or a sub kegiatan.

    Set in KUA-PPAS (or any stage) and copied to the next stage with the lines. Lines that would take the sum
    above `jumlah` are refused, or (mode `warn`) accepted and flagged `melebihi_plafon`.
    """

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+")
    anggaran = models.ForeignKey(Anggaran, on_delete=models.CASCADE, related_name="plafon")
    perangkat_daerah = models.ForeignKey(PerangkatDaerah, on_delete=models.PROTECT, related_name="+")
    program_kode = models.CharField(max_length=40, blank=True)
    sub_kegiatan_kode = models.CharField(max_length=40, blank=True)
    jumlah = models.DecimalField(validators=[MinValueValidator(0)], **MONEY)
    mode = models.CharField(max_length=6, choices=PlafonMode.choices, default=PlafonMode.REFUSE)

    tenant_scope = TenantScope(pemda="pemda", opd="perangkat_daerah")

    class Meta:
        ordering = ["anggaran", "perangkat_daerah", "program_kode", "sub_kegiatan_kode"]
        verbose_name_plural = "plafon"
        constraints = [
            models.UniqueConstraint(
                fields=["anggaran", "perangkat_daerah", "program_kode", "sub_kegiatan_kode"],
                name="plafon_unique",
            ),
            models.CheckConstraint(condition=Q(jumlah__gte=0), name="plafon_nonnegative"),
        ]
        triggers = locked_stage_triggers("budgeting_plafon")

    def __str__(self) -> str:
        scope = self.sub_kegiatan_kode or self.program_kode or "OPD"
        return f"Plafon {self.perangkat_daerah_id} {scope} Rp {self.jumlah}"
