import pghistory
from django.db import models
from django.db.models import Q

from organisation.models import NATIONAL, PemdaLevel


class ReferenceKind(models.TextChoices):
    NOMENKLATUR = "nomenklatur", "Nomenklatur urusan/program/kegiatan/sub kegiatan"
    AKUN = "akun", "Kode rekening (akun)"
    SUMBER_DANA = "sumber_dana", "Sumber dana"


@pghistory.track()
class ReferenceVersion(models.Model):
    """One published edition of a national reference list, with its legal basis and the budget years it governs.

    Nomenclature is published separately for provinsi and kab/kota, so a nomenclature version names its
    `pemda_level`; akun and sumber dana versions apply to both (`pemda_level` empty). Versions of one kind and
    level never overlap in years (checked by `reference.services.reference_version_get_or_create`), so
    at most one is in force for a given year.
    """

    kind = models.CharField(max_length=20, choices=ReferenceKind.choices)
    pemda_level = models.CharField(max_length=6, choices=PemdaLevel.choices, blank=True)
    legal_basis = models.CharField(max_length=255, help_text="e.g. Kepmendagri 900.1.15.5-1317/2023")
    tahun_mulai = models.PositiveSmallIntegerField()
    tahun_selesai = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    tenant_scope = NATIONAL

    class Meta:
        ordering = ["kind", "pemda_level", "-tahun_mulai"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "pemda_level", "legal_basis"], name="refversion_unique_basis"
            ),
            models.CheckConstraint(
                condition=Q(tahun_selesai__gte=models.F("tahun_mulai")), name="refversion_years"
            ),
        ]

    def __str__(self) -> str:
        level = f" {self.pemda_level}" if self.pemda_level else ""
        return (
            f"{self.get_kind_display()}{level} — {self.legal_basis} ({self.tahun_mulai}–{self.tahun_selesai})"
        )


class CodeNode(models.Model):
    """A node of a coded reference tree: its code, name, depth and parent within one version."""

    version = models.ForeignKey(ReferenceVersion, on_delete=models.CASCADE)
    kode = models.CharField(max_length=40)
    nama = models.TextField()
    level = models.PositiveSmallIntegerField()
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    keterangan = models.TextField(blank=True)

    tenant_scope = NATIONAL

    class Meta:
        abstract = True
        ordering = ["version", "kode"]

    def __str__(self) -> str:
        return f"{self.kode} {self.nama}"


class NomenklaturLevel(models.IntegerChoices):
    URUSAN = 1, "Urusan"
    BIDANG_URUSAN = 2, "Bidang urusan"
    PROGRAM = 3, "Program"
    KEGIATAN = 4, "Kegiatan"
    SUB_KEGIATAN = 5, "Sub kegiatan"


@pghistory.track()
class Nomenklatur(CodeNode):
    """Urusan, bidang urusan, program, kegiatan or sub kegiatan (Permendagri 90/2019 and its updates).

    Sub kegiatan carry the official kinerja (output), indikator and satuan. Generic codes (`X.XX.01...` for the
    program penunjang) are kept as published; a pemda instantiates them with an OPD's bidang.
    """

    level = models.PositiveSmallIntegerField(choices=NomenklaturLevel.choices)
    kinerja = models.TextField(blank=True)
    indikator = models.TextField(blank=True)
    satuan = models.CharField(max_length=100, blank=True)

    class Meta(CodeNode.Meta):
        verbose_name_plural = "nomenklatur"
        constraints = [models.UniqueConstraint(fields=["version", "kode"], name="nomenklatur_unique_kode")]
        indexes = [models.Index(fields=["kode"], name="nomenklatur_kode_idx")]


@pghistory.track()
class Akun(CodeNode):
    """Kode rekening: akun, kelompok, jenis, objek, rincian objek, sub rincian objek (levels 1–6)."""

    class Meta(CodeNode.Meta):
        verbose_name_plural = "akun"
        constraints = [models.UniqueConstraint(fields=["version", "kode"], name="akun_unique_kode")]
        indexes = [models.Index(fields=["kode"], name="akun_kode_idx")]


@pghistory.track()
class SumberDana(CodeNode):
    """Klasifikasi sumber dana (levels 1–6)."""

    class Meta(CodeNode.Meta):
        verbose_name_plural = "sumber dana"
        constraints = [models.UniqueConstraint(fields=["version", "kode"], name="sumberdana_unique_kode")]
        indexes = [models.Index(fields=["kode"], name="sumberdana_kode_idx")]


@pghistory.track()
class CodeMapping(models.Model):
    """Old → new code when a later decree renumbers or renames: history is never keyed on the code alone."""

    kind = models.CharField(max_length=20, choices=ReferenceKind.choices)
    from_version = models.ForeignKey(ReferenceVersion, on_delete=models.CASCADE, related_name="mappings_from")
    to_version = models.ForeignKey(ReferenceVersion, on_delete=models.CASCADE, related_name="mappings_to")
    kode_lama = models.CharField(max_length=40)
    kode_baru = models.CharField(max_length=40)
    keterangan = models.TextField(blank=True)

    tenant_scope = NATIONAL

    class Meta:
        ordering = ["kind", "kode_lama"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_version", "to_version", "kode_lama", "kode_baru"], name="codemapping_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kode_lama} → {self.kode_baru}"
