"""The RKPD, the pemda's yearly plan."""

import pghistory
from django.db import models
from django.db.models import Q

from organisation.models import TenantScope
from planning.models.base import YEAR, PlanDocument


@pghistory.track()
class Rkpd(PlanDocument):
    """RKPD for budget year `tahun`: the pemda's yearly plan, compiled from the Renja of every OPD of that year."""

    tahun = models.PositiveSmallIntegerField(**YEAR)
    tema = models.TextField(blank=True, help_text="tema pembangunan tahun ini")
    prioritas_pembangunan = models.TextField(blank=True)

    tenant_scope = TenantScope(pemda="pemda")
    resource = "rkpd"

    class Meta:
        ordering = ["pemda", "-tahun", "-revisi"]
        verbose_name = "RKPD"
        verbose_name_plural = "RKPD"
        constraints = [
            models.UniqueConstraint(fields=["pemda", "tahun", "revisi"], name="rkpd_unique_revisi"),
            models.UniqueConstraint(
                fields=["pemda", "tahun"], condition=Q(is_current=True), name="rkpd_one_current"
            ),
        ]

    def __str__(self) -> str:
        return f"RKPD {self.tahun} rev {self.revisi}"

    @property
    def period(self) -> tuple[int, int]:
        return (self.tahun, self.tahun)
