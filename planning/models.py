"""Planning documents (RPJMD, Renstra, RKPD, Renja), their contents, indicators and community proposals.

Every document runs draft → submitted → verified → approved; an approved document is locked and changes only
through a new revision (a draft copy, `revisi` n+1). Contents carry a direct key to their document so the lock
and the scope are one lookup away. Money is Decimal(20, 2); targets are Decimal with a `satuan`.
"""

import uuid

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from organisation.models import Pemda, PerangkatDaerah, TenantScope, VersionedModel
from reference.models import Nomenklatur, SumberDana

MONEY = {"max_digits": 20, "decimal_places": 2, "validators": [MinValueValidator(0)]}
YEAR = {"validators": [MinValueValidator(2000), MaxValueValidator(2100)]}
MONTH = {"validators": [MinValueValidator(1), MaxValueValidator(12)]}


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", "Draf"
    SUBMITTED = "submitted", "Diajukan"
    VERIFIED = "verified", "Terverifikasi"
    APPROVED = "approved", "Disetujui (terkunci)"


class Polaritas(models.TextChoices):
    HIGHER = "higher", "Semakin tinggi semakin baik"
    LOWER = "lower", "Semakin rendah semakin baik"


class PlanDocument(VersionedModel):
    """A planning document with its workflow state and revision number; approved means locked."""

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT)
    revisi = models.PositiveSmallIntegerField(default=1, editable=False)
    is_current = models.BooleanField(default=True, editable=False, help_text="the latest revision")
    catatan = models.TextField(blank=True, help_text="catatan verifikasi (alasan dikembalikan)")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    verified_at = models.DateTimeField(null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)

    # the MATRIX row governing the document and its contents
    resource: str = ""

    class Meta:
        abstract = True

    @property
    def is_locked(self) -> bool:
        return self.status != DocumentStatus.DRAFT or not self.is_current

    @property
    def period(self) -> tuple[int, int]:
        raise NotImplementedError


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


class PriorityLabels(models.Model):
    """Priority labels users filter and report on."""

    prioritas_nasional = models.BooleanField(default=False)
    prioritas_provinsi = models.BooleanField(default=False)
    prioritas_daerah = models.BooleanField(default=False)
    spm = models.BooleanField(default=False, help_text="Standar Pelayanan Minimal")

    class Meta:
        abstract = True


class CodedItem(VersionedModel):
    """A program, kegiatan or sub kegiatan in a plan: the reference node and the code as instantiated.

    The program penunjang is published generically (`X.XX.01...`); `kode` carries the OPD's bidang in its place.
    """

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+", editable=False)
    nomenklatur = models.ForeignKey(Nomenklatur, on_delete=models.PROTECT, related_name="+")
    kode = models.CharField(max_length=40, editable=False)

    class Meta:
        abstract = True
        ordering = ["kode", "id"]

    def __str__(self) -> str:
        return f"{self.kode} {self.nomenklatur.nama}"


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


# The rows an indicator (or a yearly pagu) may hang on; exactly one is set.
INDIKATOR_OWNERS: tuple[str, ...] = (
    "tujuan",
    "sasaran",
    "program_rpjmd",
    "renstra_tujuan",
    "renstra_sasaran",
    "renstra_program",
    "renstra_kegiatan",
    "renstra_sub_kegiatan",
    "renja_program",
    "renja_kegiatan",
    "renja_sub_kegiatan",
)
PAGU_OWNERS: tuple[str, ...] = (
    "program_rpjmd",
    "renstra_program",
    "renstra_kegiatan",
    "renstra_sub_kegiatan",
)


def _owner(model: type[models.Model], name: str) -> models.ForeignKey:
    return models.ForeignKey(model, on_delete=models.CASCADE, null=True, blank=True, related_name="indikator")


@pghistory.track()
class Indikator(VersionedModel):
    """A performance indicator (name, satuan, polarity, baseline, period-end target) of exactly one plan row.

    Targets per year are `IndikatorTarget` rows; years must lie within the owning document's period.
    """

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+", editable=False)
    tujuan = _owner(Tujuan, "tujuan")
    sasaran = _owner(Sasaran, "sasaran")
    program_rpjmd = _owner(ProgramRpjmd, "program_rpjmd")
    renstra_tujuan = _owner(RenstraTujuan, "renstra_tujuan")
    renstra_sasaran = _owner(RenstraSasaran, "renstra_sasaran")
    renstra_program = _owner(RenstraProgram, "renstra_program")
    renstra_kegiatan = _owner(RenstraKegiatan, "renstra_kegiatan")
    renstra_sub_kegiatan = _owner(RenstraSubKegiatan, "renstra_sub_kegiatan")
    renja_program = _owner(RenjaProgram, "renja_program")
    renja_kegiatan = _owner(RenjaKegiatan, "renja_kegiatan")
    renja_sub_kegiatan = _owner(RenjaSubKegiatan, "renja_sub_kegiatan")
    nama = models.TextField()
    satuan = models.CharField(max_length=100)
    polaritas = models.CharField(max_length=6, choices=Polaritas.choices, default=Polaritas.HIGHER)
    is_iku = models.BooleanField(default=False, help_text="Indikator Kinerja Utama")
    baseline = models.DecimalField(
        max_digits=20, decimal_places=4, null=True, blank=True, help_text="kondisi awal"
    )
    target_akhir = models.DecimalField(
        max_digits=20, decimal_places=4, null=True, blank=True, help_text="target akhir periode"
    )

    # Pemda-wide visibility (RPJMD indicators are read by every OPD); writes check the owning document's OPD.
    tenant_scope = TenantScope(pemda="pemda")

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "indikator"
        constraints = [
            models.CheckConstraint(
                condition=models.lookups.Exact(
                    models.Func(*[F(name) for name in INDIKATOR_OWNERS], function="num_nonnulls"), 1
                ),
                name="indikator_one_owner",
            )
        ]

    def __str__(self) -> str:
        return f"{self.nama} ({self.satuan})"

    @property
    def owner_field(self) -> str:
        return next(name for name in INDIKATOR_OWNERS if getattr(self, f"{name}_id") is not None)


@pghistory.track()
class IndikatorTarget(models.Model):
    """The target of an indicator for one year."""

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+")
    indikator = models.ForeignKey(Indikator, on_delete=models.CASCADE, related_name="targets")
    tahun = models.PositiveSmallIntegerField(**YEAR)
    target = models.DecimalField(max_digits=20, decimal_places=4)

    tenant_scope = TenantScope(pemda="pemda")

    class Meta:
        ordering = ["indikator", "tahun"]
        constraints = [
            models.UniqueConstraint(fields=["indikator", "tahun"], name="indikatortarget_unique_tahun")
        ]

    def __str__(self) -> str:
        return f"{self.tahun}: {self.target}"


@pghistory.track()
class PaguTahunan(models.Model):
    """Pagu indikatif of an RPJMD or Renstra row for one year of the period."""

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+")
    program_rpjmd = models.ForeignKey(
        ProgramRpjmd, on_delete=models.CASCADE, null=True, blank=True, related_name="pagu_tahunan"
    )
    renstra_program = models.ForeignKey(
        RenstraProgram, on_delete=models.CASCADE, null=True, blank=True, related_name="pagu_tahunan"
    )
    renstra_kegiatan = models.ForeignKey(
        RenstraKegiatan, on_delete=models.CASCADE, null=True, blank=True, related_name="pagu_tahunan"
    )
    renstra_sub_kegiatan = models.ForeignKey(
        RenstraSubKegiatan, on_delete=models.CASCADE, null=True, blank=True, related_name="pagu_tahunan"
    )
    tahun = models.PositiveSmallIntegerField(**YEAR)
    pagu = models.DecimalField(**MONEY)

    tenant_scope = TenantScope(pemda="pemda")

    class Meta:
        ordering = ["tahun"]
        verbose_name_plural = "pagu tahunan"
        constraints = [
            models.CheckConstraint(
                condition=models.lookups.Exact(
                    models.Func(*[F(name) for name in PAGU_OWNERS], function="num_nonnulls"), 1
                ),
                name="pagutahunan_one_owner",
            ),
            models.CheckConstraint(condition=Q(pagu__gte=0), name="pagutahunan_nonnegative"),
        ]

    def __str__(self) -> str:
        return f"{self.tahun}: {self.pagu}"


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


# The lock of an approved (or superseded) document, in the database: no statement, bulk `.update()` included,
# may insert, change or delete a content row of a document that is not the current draft.
LOCKED_CONTENT = (
    Misi, Tujuan, Sasaran, Strategi, ArahKebijakan, ProgramRpjmd,
    RenstraTujuan, RenstraSasaran, RenstraProgram, RenstraKegiatan, RenstraSubKegiatan,
    RenjaProgram, RenjaKegiatan, RenjaSubKegiatan,
)  # fmt: skip


def document_lock_trigger(model: type[models.Model]) -> pgtrigger.Trigger:
    field = model._meta.get_field(model.document_field)
    documents, column = field.remote_field.model._meta.db_table, field.column
    return pgtrigger.Trigger(
        name="document_locked",
        level=pgtrigger.Row,
        when=pgtrigger.Before,
        operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
        func=f"""
            IF EXISTS (
                SELECT 1 FROM {documents} d
                 WHERE d.id IN (OLD.{column}, NEW.{column}) AND (d.status <> 'draft' OR NOT d.is_current)
            ) THEN
                RAISE EXCEPTION 'document_locked: % belongs to a locked document', TG_TABLE_NAME
                    USING ERRCODE = 'check_violation';
            END IF;
            RETURN COALESCE(NEW, OLD);
        """,
    )


for _model in LOCKED_CONTENT:
    pgtrigger.register(document_lock_trigger(_model))(_model)
