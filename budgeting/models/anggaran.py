"""Stages (KUA-PPAS … DPA, pergeseran, APBD-P) and the per-OPD lock within a stage."""

import pghistory
from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from budgeting.models.base import YEAR
from organisation.models import Pemda, PerangkatDaerah, TenantScope, VersionedModel, recorded_user

# ---------------------------------------------------------------- stages


class Tahap(models.TextChoices):
    """Stage kinds in budget-cycle order; PERGESERAN repeats with a sequence number."""

    RKPD = "rkpd", "Pagu RKPD"
    KUA_PPAS = "kua_ppas", "KUA-PPAS"
    RKA = "rka", "RKA"
    APBD = "apbd", "APBD"
    DPA = "dpa", "DPA"
    PERGESERAN = "pergeseran", "Pergeseran"
    APBD_P = "apbd_p", "APBD-P / DPPA"


TAHAP_ORDER = list(Tahap.values)


class AnggaranStatus(models.TextChoices):
    OPEN = "open", "Terbuka"
    CLOSED = "closed", "Dikunci"


class RenjaRule(models.TextChoices):
    """What a stage does with a belanja line whose sub kegiatan is not in its OPD's Renja for the year."""

    REFUSE = "refuse", "Tolak rincian di luar Renja"
    WARN = "warn", "Terima dan tandai"


@pghistory.track()
class Anggaran(VersionedModel):
    """A budget document: a pemda's budget for year `tahun` at one stage (`tahap`, and `nomor` for repeats).

    A later stage starts as a copy of `sumber` and never overwrites it. Closing makes the whole document an
    immutable snapshot; `AnggaranOpdLock` closes single OPDs of an open document.
    """

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+")
    tahun = models.PositiveSmallIntegerField(**YEAR)
    tahap = models.CharField(max_length=12, choices=Tahap.choices)
    nomor = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1)])
    status = models.CharField(
        max_length=6, choices=AnggaranStatus.choices, default=AnggaranStatus.OPEN, editable=False
    )
    sumber = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="turunan", editable=False
    )
    keterangan = models.TextField(blank=True)
    aturan_renja = models.CharField(
        max_length=6,
        choices=RenjaRule.choices,
        default=RenjaRule.REFUSE,
        db_default=RenjaRule.REFUSE,
        help_text="belanja di luar Renja OPD: tolak, atau terima dan tandai (TAPD)",
    )
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_by = recorded_user()

    tenant_scope = TenantScope(pemda="pemda")

    class Meta:
        ordering = ["pemda", "-tahun", "id"]
        verbose_name = "dokumen anggaran"
        verbose_name_plural = "dokumen anggaran"
        constraints = [
            models.UniqueConstraint(
                fields=["pemda", "tahun", "tahap", "nomor"], name="anggaran_unique_tahap"
            ),
        ]

    def __str__(self) -> str:
        nomor = f" {self.nomor}" if self.tahap == Tahap.PERGESERAN else ""
        return f"{self.get_tahap_display()}{nomor} {self.tahun}"

    @property
    def is_closed(self) -> bool:
        return self.status == AnggaranStatus.CLOSED


@pghistory.track()
class AnggaranOpdLock(models.Model):
    """The lock of one OPD (and its sub units) within an open stage: TAPD closes OPDs one by one."""

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+")
    anggaran = models.ForeignKey(Anggaran, on_delete=models.CASCADE, related_name="opd_locks")
    perangkat_daerah = models.ForeignKey(PerangkatDaerah, on_delete=models.PROTECT, related_name="+")
    is_closed = models.BooleanField(default=True)
    changed_at = models.DateTimeField(auto_now=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    tenant_scope = TenantScope(pemda="pemda", opd="perangkat_daerah")

    class Meta:
        ordering = ["anggaran", "perangkat_daerah"]
        constraints = [
            models.UniqueConstraint(fields=["anggaran", "perangkat_daerah"], name="anggaranopdlock_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.anggaran_id}/{self.perangkat_daerah_id} {'dikunci' if self.is_closed else 'terbuka'}"
