"""Execution stages and the monthly cash plan (anggaran kas) of their lines."""

from decimal import Decimal
from typing import Any

import pghistory
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from budgeting.models.anggaran import Anggaran, Tahap
from budgeting.models.base import MONEY, locked_stage_triggers
from budgeting.models.lines import BudgetLine
from organisation.models import Pemda, PerangkatDaerah, TenantScope, VersionedModel

# ---------------------------------------------------------------- execution: anggaran kas and realization

# Stages whose lines are executed: realization and anggaran kas hang on their lines.
EXECUTION_TAHAP = frozenset({Tahap.DPA, Tahap.PERGESERAN, Tahap.APBD_P})
MONTHS = range(1, 13)
MONTH: dict[str, Any] = {"validators": [MinValueValidator(1), MaxValueValidator(12)]}
KAS_MONTH_FIELDS = tuple(f"bulan_{m}" for m in MONTHS)


KAS_MONTH: dict[str, Any] = {"default": Decimal(0), "validators": [MinValueValidator(0)], **MONEY}


@pghistory.track()
class AnggaranKas(VersionedModel):
    """The anggaran kas (RAK) of one DPA / DPPA line: twelve monthly amounts summing to the line's jumlah.

    One row per line (`bulan_1` … `bulan_12`), so the sum rule is checked on one row and "RAK s.d. bulan m" is a
    sum of columns. `anggaran` and `perangkat_daerah` repeat the line's, so the stage-lock triggers guard these
    rows like the lines themselves.
    """

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+")
    anggaran = models.ForeignKey(Anggaran, on_delete=models.CASCADE, related_name="+")
    perangkat_daerah = models.ForeignKey(PerangkatDaerah, on_delete=models.PROTECT, related_name="+")
    budget_line = models.OneToOneField(BudgetLine, on_delete=models.CASCADE, related_name="anggaran_kas")
    bulan_1 = models.DecimalField(**KAS_MONTH)
    bulan_2 = models.DecimalField(**KAS_MONTH)
    bulan_3 = models.DecimalField(**KAS_MONTH)
    bulan_4 = models.DecimalField(**KAS_MONTH)
    bulan_5 = models.DecimalField(**KAS_MONTH)
    bulan_6 = models.DecimalField(**KAS_MONTH)
    bulan_7 = models.DecimalField(**KAS_MONTH)
    bulan_8 = models.DecimalField(**KAS_MONTH)
    bulan_9 = models.DecimalField(**KAS_MONTH)
    bulan_10 = models.DecimalField(**KAS_MONTH)
    bulan_11 = models.DecimalField(**KAS_MONTH)
    bulan_12 = models.DecimalField(**KAS_MONTH)

    tenant_scope = TenantScope(pemda="pemda", opd="perangkat_daerah")

    class Meta:
        ordering = ["anggaran", "budget_line"]
        verbose_name_plural = "anggaran kas"
        indexes = [models.Index(fields=["anggaran", "perangkat_daerah"], name="anggarankas_scope")]
        constraints = [
            models.CheckConstraint(
                condition=Q(**{f"{name}__gte": 0 for name in KAS_MONTH_FIELDS}),
                name="anggarankas_nonnegative",
            )
        ]
        triggers = locked_stage_triggers("budgeting_anggarankas")

    def __str__(self) -> str:
        return f"RAK line {self.budget_line_id}"

    @property
    def amounts(self) -> list[Decimal]:
        return [getattr(self, name) for name in KAS_MONTH_FIELDS]

    @property
    def total(self) -> Decimal:
        return sum(self.amounts, Decimal(0))
