"""Shifts of a stage's budget (pergeseran) and their items."""

from decimal import Decimal

import pghistory
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from budgeting.models.anggaran import Anggaran
from budgeting.models.base import MONEY, PERCENT, VOLUME
from budgeting.models.lines import BudgetLine
from budgeting.models.standar_harga import StandarHarga
from organisation.models import Pemda, PerangkatDaerah, TenantScope, VersionedModel, recorded_user
from reference.models import Akun, Nomenklatur, SumberDana

# ---------------------------------------------------------------- pergeseran


class PergeseranJenis(models.TextChoices):
    PERGESERAN = "pergeseran", "Pergeseran anggaran"
    APBD_P = "apbd_p", "Perubahan APBD (APBD-P)"


class PergeseranStatus(models.TextChoices):
    DRAFT = "draft", "Draf"
    APPROVED = "approved", "Disetujui"
    APPLIED = "applied", "Diterapkan"


class PergeseranLingkup(models.TextChoices):
    """How far a shift reaches; anything beyond one sub kegiatan needs TAPD approval."""

    SUB_KEGIATAN = "sub_kegiatan", "Dalam satu sub kegiatan"
    OPD = "opd", "Antar sub kegiatan dalam satu OPD"
    ANTAR_OPD = "antar_opd", "Antar OPD"


@pghistory.track()
class Pergeseran(VersionedModel):
    """A request to shift amounts between lines of a stage (or, for APBD-P, to amend them).

    draft → approved → applied. Applying produces a new stage (`hasil`: PERGESERAN n or APBD-P) copied from
    `anggaran` with the items' new volumes and prices and the new lines added. A pergeseran keeps the total
    (Σ change = 0); APBD-P may change it. Maker-checker: neither `created_by` nor `updated_by` (the last one to
    change the draft) may approve it.
    """

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+")
    anggaran = models.ForeignKey(Anggaran, on_delete=models.PROTECT, related_name="pergeseran")
    perangkat_daerah = models.ForeignKey(
        PerangkatDaerah,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="the OPD of a shift within one OPD; empty for shifts across OPDs",
    )
    jenis = models.CharField(
        max_length=10, choices=PergeseranJenis.choices, default=PergeseranJenis.PERGESERAN
    )
    uraian = models.TextField(help_text="alasan pergeseran")
    status = models.CharField(
        max_length=8, choices=PergeseranStatus.choices, default=PergeseranStatus.DRAFT, editable=False
    )
    lingkup = models.CharField(max_length=12, choices=PergeseranLingkup.choices, editable=False)
    hasil = models.ForeignKey(
        Anggaran, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    approved_by = recorded_user()
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = recorded_user()
    updated_by = recorded_user()

    tenant_scope = TenantScope(pemda="pemda", opd="perangkat_daerah")

    class Meta:
        ordering = ["-id"]
        verbose_name_plural = "pergeseran"

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} #{self.pk} ({self.get_status_display()})"


@pghistory.track()
class PergeseranItem(models.Model):
    """One line of a pergeseran: a change of an existing line, or a line the pergeseran adds.

    A change names `budget_line` and its new `volume_1` and/or `harga_satuan` (volume 0 zeroes the line). A new
    line leaves `budget_line` empty and carries the line itself (sub kegiatan × akun × sumber dana, kelompok and
    keterangan headings, komponen, up to four factors volume × satuan, harga satuan, PPN) with the `kunci` it
    will have in the resulting stage; its `jumlah_sebelum` is 0. `perangkat_daerah` is the unit of either kind.
    """

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+")
    pergeseran = models.ForeignKey(Pergeseran, on_delete=models.CASCADE, related_name="items")
    # Required (check constraint below); nullable as a column so the events of items recorded before it existed
    # need not be rewritten.
    perangkat_daerah = models.ForeignKey(
        PerangkatDaerah, on_delete=models.PROTECT, null=True, related_name="+"
    )
    budget_line = models.ForeignKey(
        BudgetLine, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    volume_1 = models.DecimalField(null=True, blank=True, validators=[MinValueValidator(0)], **VOLUME)
    harga_satuan = models.DecimalField(null=True, blank=True, validators=[MinValueValidator(0)], **MONEY)
    # the new line (empty for a change of an existing line)
    sub_kegiatan = models.ForeignKey(
        Nomenklatur, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    akun = models.ForeignKey(Akun, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    sumber_dana = models.ForeignKey(
        SumberDana, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    standar_harga = models.ForeignKey(
        StandarHarga, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kelompok = models.CharField(max_length=255, blank=True)
    keterangan = models.CharField(max_length=255, blank=True)
    komponen = models.TextField(blank=True)
    satuan_1 = models.CharField(max_length=50, blank=True)
    volume_2 = models.DecimalField(null=True, blank=True, validators=[MinValueValidator(0)], **VOLUME)
    satuan_2 = models.CharField(max_length=50, blank=True)
    volume_3 = models.DecimalField(null=True, blank=True, validators=[MinValueValidator(0)], **VOLUME)
    satuan_3 = models.CharField(max_length=50, blank=True)
    volume_4 = models.DecimalField(null=True, blank=True, validators=[MinValueValidator(0)], **VOLUME)
    satuan_4 = models.CharField(max_length=50, blank=True)
    ppn = models.DecimalField(null=True, blank=True, help_text="PPN (%)", **PERCENT)
    kunci = models.UUIDField(null=True, blank=True, editable=False, help_text="kunci of the new line")
    jumlah_sebelum = models.DecimalField(editable=False, **MONEY)
    jumlah_sesudah = models.DecimalField(editable=False, **MONEY)

    tenant_scope = TenantScope(pemda="pemda", opd="perangkat_daerah")

    class Meta:
        ordering = ["pergeseran", "id"]
        constraints = [
            models.UniqueConstraint(fields=["pergeseran", "budget_line"], name="pergeseranitem_unique_line"),
            models.CheckConstraint(
                condition=Q(volume_1__isnull=False) | Q(harga_satuan__isnull=False),
                name="pergeseranitem_changes",
            ),
            models.CheckConstraint(
                condition=Q(budget_line__isnull=False, akun__isnull=True, kunci__isnull=True)
                | Q(
                    budget_line__isnull=True,
                    akun__isnull=False,
                    kunci__isnull=False,
                    volume_1__isnull=False,
                    harga_satuan__isnull=False,
                    ppn__isnull=False,
                    jumlah_sebelum=0,
                ),
                name="pergeseranitem_line_or_new",
            ),
            models.CheckConstraint(condition=Q(perangkat_daerah__isnull=False), name="pergeseranitem_unit"),
        ]

    def __str__(self) -> str:
        line = self.budget_line_id or f"baru {self.komponen[:40]}"
        return f"{line}: {self.jumlah_sebelum} → {self.jumlah_sesudah}"

    @property
    def is_new(self) -> bool:
        return self.budget_line_id is None

    @property
    def selisih(self) -> Decimal:
        return self.jumlah_sesudah - self.jumlah_sebelum
