"""Budget documents per stage, their lines, ceilings, price standards and shifts (DESIGN.md sections 2, 5, 6).

A stage (`Anggaran`) is open or closed; a closed stage, or a closed OPD within an open one, is an immutable
snapshot. Services refuse writes to it, and statement-level triggers refuse them in the database too, so even a
bulk `.update()` cannot change a locked row. Money is Decimal(20, 2), never float.
"""

import uuid
from decimal import Decimal

import pghistory
import pgtrigger
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from organisation.models import Pemda, PerangkatDaerah, TenantScope, VersionedModel
from reference.models import Akun, Nomenklatur, SumberDana

MONEY = {"max_digits": 20, "decimal_places": 2}
VOLUME = {"max_digits": 20, "decimal_places": 4}
PERCENT = {"max_digits": 5, "decimal_places": 2, "validators": [MinValueValidator(0), MaxValueValidator(100)]}
YEAR = {"validators": [MinValueValidator(2000), MaxValueValidator(2100)]}


def _locked_rows_guard(table: str, *transitions: str) -> str:
    """Body of a statement trigger refusing rows (in the transition tables) of a closed stage or closed OPD.

    The stage rows are read FOR SHARE, so closing a stage (an UPDATE of that row) waits for writers in flight and
    a writer that started before the close cannot slip a row into the snapshot after it.
    """
    rows = " UNION ALL ".join(f"SELECT anggaran_id, perangkat_daerah_id FROM {name}" for name in transitions)
    return f"""
    PERFORM 1 FROM budgeting_anggaran a
     WHERE a.id IN (SELECT DISTINCT t.anggaran_id FROM ({rows}) t) ORDER BY a.id FOR SHARE;
    IF EXISTS (
        SELECT 1 FROM ({rows}) t
          JOIN budgeting_anggaran a ON a.id = t.anggaran_id
          LEFT JOIN organisation_perangkatdaerah pd ON pd.id = t.perangkat_daerah_id
         WHERE a.status = 'closed'
            OR EXISTS (
                SELECT 1 FROM budgeting_anggaranopdlock l
                 WHERE l.anggaran_id = t.anggaran_id
                   AND l.perangkat_daerah_id = COALESCE(pd.induk_id, pd.id)
                   AND l.is_closed
            )
    ) THEN
        RAISE EXCEPTION 'stage_closed: % pada tahap yang sudah dikunci tidak dapat diubah', '{table}'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
    """


def locked_stage_triggers(table: str) -> list[pgtrigger.Trigger]:
    """Three statement triggers (PostgreSQL allows transition tables on single-event triggers only)."""
    return [
        pgtrigger.Trigger(
            name="locked_stage_insert",
            level=pgtrigger.Statement,
            when=pgtrigger.After,
            operation=pgtrigger.Insert,
            referencing=pgtrigger.Referencing(new="new_rows"),
            func=_locked_rows_guard(table, "new_rows"),
        ),
        pgtrigger.Trigger(
            name="locked_stage_update",
            level=pgtrigger.Statement,
            when=pgtrigger.After,
            operation=pgtrigger.Update,
            referencing=pgtrigger.Referencing(old="old_rows", new="new_rows"),
            func=_locked_rows_guard(table, "old_rows", "new_rows"),
        ),
        pgtrigger.Trigger(
            name="locked_stage_delete",
            level=pgtrigger.Statement,
            when=pgtrigger.After,
            operation=pgtrigger.Delete,
            referencing=pgtrigger.Referencing(old="old_rows"),
            func=_locked_rows_guard(table, "old_rows"),
        ),
    ]


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


class StageStatus(models.TextChoices):
    OPEN = "open", "Terbuka"
    CLOSED = "closed", "Dikunci"


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
        max_length=6, choices=StageStatus.choices, default=StageStatus.OPEN, editable=False
    )
    sumber = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="turunan", editable=False
    )
    keterangan = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

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
        return self.status == StageStatus.CLOSED


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


# ---------------------------------------------------------------- lines


class LineJenis(models.TextChoices):
    """Derived from the akun: 4 pendapatan, 5 belanja, 6 pembiayaan."""

    PENDAPATAN = "pendapatan", "Pendapatan"
    BELANJA = "belanja", "Belanja"
    PEMBIAYAAN = "pembiayaan", "Pembiayaan"


JENIS_BY_AKUN_ROOT = {"4": LineJenis.PENDAPATAN, "5": LineJenis.BELANJA, "6": LineJenis.PEMBIAYAAN}


@pghistory.track()
class BudgetLine(VersionedModel):
    """A rincian line of a stage: OPD (or sub unit) × sub kegiatan × akun × sumber dana × komponen.

    Belanja lines carry the sub kegiatan (`sub_kegiatan_kode` as instantiated for the OPD, the join key to
    planning with pemda, tahun and OPD; `sub_kegiatan` is the reference node). Pendapatan (akun 4) and
    pembiayaan (akun 6) lines carry no sub kegiatan. The koefisien is up to four factors volume × satuan;
    `jumlah` is computed by `budgeting.services.line_jumlah` and never taken from input. `kunci` identifies the
    line across stages (a copy keeps it), so stage comparisons can be made per line.
    """

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+")
    anggaran = models.ForeignKey(Anggaran, on_delete=models.CASCADE, related_name="lines")
    perangkat_daerah = models.ForeignKey(PerangkatDaerah, on_delete=models.PROTECT, related_name="+")
    jenis = models.CharField(max_length=10, choices=LineJenis.choices)
    sub_kegiatan = models.ForeignKey(
        Nomenklatur, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sub_kegiatan_kode = models.CharField(max_length=40, blank=True)
    akun = models.ForeignKey(Akun, on_delete=models.PROTECT, related_name="+")
    sumber_dana = models.ForeignKey(
        SumberDana, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kelompok = models.CharField(max_length=255, blank=True, help_text="pengelompokan rincian ([#], [-])")
    keterangan = models.CharField(max_length=255, blank=True)
    komponen = models.TextField()
    standar_harga = models.ForeignKey(
        StandarHarga, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kode_standar_harga = models.CharField(max_length=60, blank=True, help_text="kode komponen dari SIPD")
    volume_1 = models.DecimalField(validators=[MinValueValidator(0)], **VOLUME)
    satuan_1 = models.CharField(max_length=50)
    volume_2 = models.DecimalField(null=True, blank=True, validators=[MinValueValidator(0)], **VOLUME)
    satuan_2 = models.CharField(max_length=50, blank=True)
    volume_3 = models.DecimalField(null=True, blank=True, validators=[MinValueValidator(0)], **VOLUME)
    satuan_3 = models.CharField(max_length=50, blank=True)
    volume_4 = models.DecimalField(null=True, blank=True, validators=[MinValueValidator(0)], **VOLUME)
    satuan_4 = models.CharField(max_length=50, blank=True)
    koefisien = models.CharField(max_length=255, editable=False)
    harga_satuan = models.DecimalField(validators=[MinValueValidator(0)], **MONEY)
    ppn = models.DecimalField(default=0, help_text="PPN (%)", **PERCENT)
    jumlah = models.DecimalField(editable=False, **MONEY)
    melebihi_plafon = models.BooleanField(default=False, editable=False)
    kunci = models.UUIDField(default=uuid.uuid4, editable=False)

    tenant_scope = TenantScope(pemda="pemda", opd="perangkat_daerah")

    class Meta:
        ordering = ["anggaran", "perangkat_daerah", "sub_kegiatan_kode", "akun", "id"]
        indexes = [
            models.Index(
                fields=["anggaran", "perangkat_daerah", "sub_kegiatan_kode"], name="budgetline_scope"
            ),
            models.Index(fields=["pemda", "sub_kegiatan_kode"], name="budgetline_pemda_subkeg"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["anggaran", "kunci"], name="budgetline_unique_kunci"),
            models.CheckConstraint(condition=Q(jumlah__gte=0), name="budgetline_jumlah_nonnegative"),
            models.CheckConstraint(condition=Q(harga_satuan__gte=0), name="budgetline_harga_nonnegative"),
            models.CheckConstraint(
                condition=~Q(jenis=LineJenis.BELANJA) | ~Q(sub_kegiatan_kode=""),
                name="budgetline_belanja_subkeg",
            ),
        ]
        triggers = locked_stage_triggers("budgeting_budgetline")

    def __str__(self) -> str:
        return f"{self.sub_kegiatan_kode} {self.komponen[:40]} Rp {self.jumlah}"


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
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

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
    line leaves `budget_line` empty and carries the line itself (sub kegiatan × akun × sumber dana, komponen,
    one factor volume_1 × satuan_1, harga satuan, PPN) with the `kunci` it will have in the resulting stage;
    its `jumlah_sebelum` is 0. `perangkat_daerah` is the unit of either kind.
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
    komponen = models.TextField(blank=True)
    satuan_1 = models.CharField(max_length=50, blank=True)
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


# ---------------------------------------------------------------- execution: anggaran kas and realization

# Stages whose lines are executed: realization and anggaran kas hang on their lines.
EXECUTION_TAHAP = frozenset({Tahap.DPA, Tahap.PERGESERAN, Tahap.APBD_P})
MONTHS = range(1, 13)
MONTH = {"validators": [MinValueValidator(1), MaxValueValidator(12)]}
KAS_MONTH_FIELDS = tuple(f"bulan_{m}" for m in MONTHS)


KAS_MONTH = {"default": Decimal(0), "validators": [MinValueValidator(0)], **MONEY}


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


class RealisasiJenis(models.TextChoices):
    """The document a realization is recorded from; a pengembalian (return to the kas daerah) is negative."""

    SP2D_LS = "sp2d_ls", "SP2D-LS"
    SPJ_GU = "spj_gu", "SPJ-GU"
    SPJ_TU = "spj_tu", "SPJ-TU"
    PENGEMBALIAN = "pengembalian", "Pengembalian"


# First key of the transaction advisory lock on a pemda's realization periods: writers of realization take it
# shared (in the trigger below), closing a month takes it exclusive, so a close waits for the writes in flight and
# a write that started before the close cannot land in the closed month after it.
PERIODE_LOCK_NAMESPACE = 7302


def closed_period_trigger(tahun_of: str, bulan_of: str) -> pgtrigger.Trigger:
    """A row trigger refusing an insert, update or delete of realization in a month the pemda has closed
    (`RealisasiPeriode`); `tahun_of` / `bulan_of` are SQL expressions over the row `{row}`."""
    checks = []
    for record, skip in (("OLD", "INSERT"), ("NEW", "DELETE")):
        tahun, bulan = (expr.format(row=record) for expr in (tahun_of, bulan_of))
        checks.append(f"""
    IF TG_OP <> '{skip}' THEN
        PERFORM pg_advisory_xact_lock_shared({PERIODE_LOCK_NAMESPACE}, {record}.pemda_id::integer);
        IF EXISTS (
            SELECT 1 FROM budgeting_realisasiperiode p
             WHERE p.pemda_id = {record}.pemda_id AND p.tahun = {tahun} AND p.bulan = {bulan} AND p.is_closed
        ) THEN
            RAISE EXCEPTION 'period_closed: realisasi bulan % tahun % sudah ditutup', {bulan}, {tahun}
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    END IF;""")
    return pgtrigger.Trigger(
        name="closed_period",
        level=pgtrigger.Row,
        when=pgtrigger.Before,
        operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
        func="".join(checks) + "\n    RETURN COALESCE(NEW, OLD);\n",
    )


class BatasDpaMode(models.TextChoices):
    """What posting does with a realization that takes a line above its DPA amount."""

    TOLAK = "tolak", "Tolak realisasi yang melampaui pagu DPA"
    TANDAI = "tandai", "Terima dan tandai"


@pghistory.track()
class RealisasiPengaturan(VersionedModel):
    """Realization rules of a pemda (`anggaran` empty) or of one execution document (overrides the pemda's)."""

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+")
    anggaran = models.OneToOneField(
        Anggaran, on_delete=models.CASCADE, null=True, blank=True, related_name="realisasi_pengaturan"
    )
    batas_dpa = models.CharField(max_length=6, choices=BatasDpaMode.choices, default=BatasDpaMode.TOLAK)

    tenant_scope = TenantScope(pemda="pemda")

    class Meta:
        ordering = ["pemda", "anggaran"]
        verbose_name_plural = "pengaturan realisasi"
        constraints = [
            models.UniqueConstraint(
                fields=["pemda"], condition=Q(anggaran__isnull=True), name="realisasipengaturan_one_per_pemda"
            )
        ]

    def __str__(self) -> str:
        return f"Pengaturan realisasi {self.pemda_id}/{self.anggaran_id or '-'}: {self.batas_dpa}"


@pghistory.track()
class Realisasi(models.Model):
    """One realization entry (SP2D / SPJ, or a return) on a DPA line. Entries are never edited: a wrong one is
    voided (with a reason) and posted again. Posting and voiding keep `RealisasiBulanan` in step in the same
    transaction. `nomor_dokumen` is unique per pemda and jenis, voided entries included.
    """

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+")
    anggaran = models.ForeignKey(Anggaran, on_delete=models.PROTECT, related_name="+")
    perangkat_daerah = models.ForeignKey(PerangkatDaerah, on_delete=models.PROTECT, related_name="+")
    budget_line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="realisasi")
    tanggal = models.DateField()
    bulan = models.PositiveSmallIntegerField(editable=False, **MONTH)
    jenis = models.CharField(max_length=12, choices=RealisasiJenis.choices)
    nomor_dokumen = models.CharField(max_length=100)
    jumlah = models.DecimalField(**MONEY)
    keterangan = models.CharField(max_length=500, blank=True)
    melebihi_dpa = models.BooleanField(default=False, editable=False)
    is_void = models.BooleanField(default=False, editable=False)
    void_alasan = models.CharField(max_length=500, blank=True, editable=False)
    voided_at = models.DateTimeField(null=True, blank=True, editable=False)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    tenant_scope = TenantScope(pemda="pemda", opd="perangkat_daerah")

    class Meta:
        ordering = ["-tanggal", "-id"]
        verbose_name_plural = "realisasi"
        indexes = [
            models.Index(fields=["anggaran", "perangkat_daerah", "bulan"], name="realisasi_scope"),
            models.Index(fields=["budget_line", "bulan"], name="realisasi_line_bulan"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["pemda", "jenis", "nomor_dokumen"], name="realisasi_unique_nomor"
            ),
            models.CheckConstraint(
                condition=(Q(jenis=RealisasiJenis.PENGEMBALIAN) & Q(jumlah__lt=0))
                | (~Q(jenis=RealisasiJenis.PENGEMBALIAN) & Q(jumlah__gt=0)),
                name="realisasi_sign",
            ),
            models.CheckConstraint(condition=Q(bulan__gte=1, bulan__lte=12), name="realisasi_bulan"),
        ]
        triggers = [
            closed_period_trigger(
                "EXTRACT(YEAR FROM {row}.tanggal)::integer", "EXTRACT(MONTH FROM {row}.tanggal)::integer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} {self.nomor_dokumen} Rp {self.jumlah}"


class RealisasiBulanan(models.Model):
    """Running total of the valid realization of one line in one month (the summary reports read).

    Maintained by posting and voiding in the same transaction with `INSERT … ON CONFLICT DO UPDATE SET jumlah =
    jumlah + EXCLUDED.jumlah`, so concurrent posts never lose an update; `realisasi_rebuild` recomputes it from the
    entries. Derived data, so not tracked by pghistory (the entries are).
    """

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+")
    anggaran = models.ForeignKey(Anggaran, on_delete=models.CASCADE, related_name="+")
    perangkat_daerah = models.ForeignKey(PerangkatDaerah, on_delete=models.PROTECT, related_name="+")
    budget_line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="realisasi_bulanan")
    bulan = models.PositiveSmallIntegerField(**MONTH)
    jumlah = models.DecimalField(default=Decimal(0), **MONEY)

    tenant_scope = TenantScope(pemda="pemda", opd="perangkat_daerah")

    class Meta:
        ordering = ["budget_line", "bulan"]
        verbose_name_plural = "realisasi bulanan"
        indexes = [models.Index(fields=["anggaran", "bulan"], name="realisasibulanan_anggaran")]
        constraints = [
            models.UniqueConstraint(fields=["budget_line", "bulan"], name="realisasibulanan_unique"),
        ]
        triggers = [
            closed_period_trigger(
                "(SELECT a.tahun FROM budgeting_anggaran a WHERE a.id = {row}.anggaran_id)", "{row}.bulan"
            )
        ]

    def __str__(self) -> str:
        return f"{self.budget_line_id}/{self.bulan}: {self.jumlah}"


@pghistory.track()
class RealisasiFisik(VersionedModel):
    """Physical progress (%) of an OPD's sub kegiatan at the end of a month, with the problems met and the
    follow-up. Progress should not fall through the year; a fall is accepted and flagged `menurun` (a warning)."""

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+")
    perangkat_daerah = models.ForeignKey(PerangkatDaerah, on_delete=models.PROTECT, related_name="+")
    tahun = models.PositiveSmallIntegerField(**YEAR)
    sub_kegiatan_kode = models.CharField(max_length=40)
    bulan = models.PositiveSmallIntegerField(**MONTH)
    persen = models.DecimalField(**PERCENT)
    permasalahan = models.TextField(blank=True)
    tindak_lanjut = models.TextField(blank=True)
    menurun = models.BooleanField(default=False, editable=False)

    tenant_scope = TenantScope(pemda="pemda", opd="perangkat_daerah")

    class Meta:
        ordering = ["perangkat_daerah", "tahun", "sub_kegiatan_kode", "bulan"]
        verbose_name_plural = "realisasi fisik"
        constraints = [
            models.UniqueConstraint(
                fields=["perangkat_daerah", "tahun", "sub_kegiatan_kode", "bulan"],
                name="realisasifisik_unique",
            ),
            models.CheckConstraint(condition=Q(persen__gte=0, persen__lte=100), name="realisasifisik_range"),
            models.CheckConstraint(condition=Q(bulan__gte=1, bulan__lte=12), name="realisasifisik_bulan"),
        ]

    def __str__(self) -> str:
        return f"{self.sub_kegiatan_kode} {self.tahun}/{self.bulan}: {self.persen}%"


@pghistory.track()
class RealisasiIndikator(VersionedModel):
    """The realization of a Renja indicator (program, kegiatan or sub kegiatan) in one triwulan of its year.

    The value is in the indicator's satuan; `perangkat_daerah` is the Renja's OPD (the scope of the row).
    """

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+")
    perangkat_daerah = models.ForeignKey(PerangkatDaerah, on_delete=models.PROTECT, related_name="+")
    indikator = models.ForeignKey("planning.Indikator", on_delete=models.CASCADE, related_name="realisasi")
    tahun = models.PositiveSmallIntegerField(**YEAR)
    triwulan = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(4)])
    realisasi = models.DecimalField(max_digits=20, decimal_places=4)
    keterangan = models.TextField(blank=True)

    tenant_scope = TenantScope(pemda="pemda", opd="perangkat_daerah")

    class Meta:
        ordering = ["indikator", "tahun", "triwulan"]
        verbose_name_plural = "realisasi indikator"
        constraints = [
            models.UniqueConstraint(
                fields=["indikator", "tahun", "triwulan"], name="realisasiindikator_unique"
            ),
            models.CheckConstraint(
                condition=Q(triwulan__gte=1, triwulan__lte=4), name="realisasiindikator_tw"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indikator_id} {self.tahun} TW{self.triwulan}: {self.realisasi}"


@pghistory.track()
class RealisasiPeriode(VersionedModel):
    """A month of a pemda's budget year closed for realization (tutup buku realisasi) by BPKAD.

    While `is_closed`, no realization entry dated in that month can be posted, voided or imported and the month's
    totals cannot change: the services refuse (409 `period_closed`) and row triggers on `Realisasi` and
    `RealisasiBulanan` refuse in the database as well. A month is closed for the whole pemda, not per OPD: the
    monthly statements (RFK, LRA) are the pemda's and must not move under a closed month; an OPD's late correction
    is made by reopening the month, with a reason. Reopening keeps the row (`is_closed` false, who and why), and
    every change is recorded by pghistory, so a month's closing history stays in one place.
    """

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+")
    tahun = models.PositiveSmallIntegerField(**YEAR)
    bulan = models.PositiveSmallIntegerField(**MONTH)
    is_closed = models.BooleanField(default=True, editable=False)
    alasan = models.CharField(
        max_length=500, blank=True, help_text="catatan penutupan / alasan pembukaan kembali"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    tenant_scope = TenantScope(pemda="pemda")

    class Meta:
        ordering = ["pemda", "-tahun", "-bulan"]
        verbose_name_plural = "periode realisasi"
        constraints = [
            models.UniqueConstraint(fields=["pemda", "tahun", "bulan"], name="realisasiperiode_unique"),
            models.CheckConstraint(condition=Q(bulan__gte=1, bulan__lte=12), name="realisasiperiode_bulan"),
        ]

    def __str__(self) -> str:
        return f"{self.tahun}/{self.bulan:02d} {'ditutup' if self.is_closed else 'dibuka'}"
