from typing import Any

from rest_framework import serializers

from organisation.models import PerangkatDaerah
from organisation.serializers import ScopedPrimaryKeyRelatedField, VersionedSerializer
from planning.models import (
    INDIKATOR_OWNERS,
    ArahKebijakan,
    Indikator,
    IndikatorTarget,
    Misi,
    PaguTahunan,
    Pengusul,
    ProgramRpjmd,
    Renja,
    RenjaKegiatan,
    RenjaProgram,
    RenjaSubKegiatan,
    Renstra,
    RenstraKegiatan,
    RenstraProgram,
    RenstraSasaran,
    RenstraSubKegiatan,
    RenstraTujuan,
    Rkpd,
    Rpjmd,
    Sasaran,
    Strategi,
    TahapUsulan,
    Tujuan,
    Usulan,
    UsulanReview,
    UsulanStatus,
)
from reference.serializers import ImportRowWarningSerializer


def scoped(model: type, **kwargs: Any) -> ScopedPrimaryKeyRelatedField:
    return ScopedPrimaryKeyRelatedField(queryset=model.objects.all(), **kwargs)


DOCUMENT_FIELDS = [
    "id",
    "pemda",
    "status",
    "revisi",
    "is_current",
    "catatan",
    "updated_by",
    "submitted_by",
    "submitted_at",
    "verified_by",
    "verified_at",
    "approved_by",
    "approved_at",
    "created_at",
    "updated_at",
    "version",
]
DOCUMENT_READ_ONLY = ["pemda", "status", "catatan"]


class RpjmdSerializer(VersionedSerializer):
    class Meta:
        model = Rpjmd
        fields = [*DOCUMENT_FIELDS, "tahun_awal", "tahun_akhir", "visi", "dasar_hukum"]
        read_only_fields = DOCUMENT_READ_ONLY


class RenstraSerializer(VersionedSerializer):
    perangkat_daerah = scoped(PerangkatDaerah)
    rpjmd = scoped(Rpjmd)

    class Meta:
        model = Renstra
        fields = [*DOCUMENT_FIELDS, "perangkat_daerah", "rpjmd", "tahun_awal", "tahun_akhir"]
        read_only_fields = DOCUMENT_READ_ONLY


class RkpdSerializer(VersionedSerializer):
    class Meta:
        model = Rkpd
        fields = [*DOCUMENT_FIELDS, "tahun", "tema", "prioritas_pembangunan"]
        read_only_fields = DOCUMENT_READ_ONLY


class RenjaSerializer(VersionedSerializer):
    perangkat_daerah = scoped(PerangkatDaerah)

    class Meta:
        model = Renja
        fields = [*DOCUMENT_FIELDS, "tahun", "perangkat_daerah"]
        read_only_fields = DOCUMENT_READ_ONLY


class DocumentTransitionSerializer(serializers.Serializer):
    catatan = serializers.CharField(required=False, allow_blank=True, default="")


CONTENT_FIELDS = ["id", "pemda", "rpjmd", "nomor", "uraian", "created_at", "updated_at", "version"]


class MisiSerializer(VersionedSerializer):
    rpjmd = scoped(Rpjmd)

    class Meta:
        model = Misi
        fields = CONTENT_FIELDS


class TujuanSerializer(VersionedSerializer):
    misi = scoped(Misi)

    class Meta:
        model = Tujuan
        fields = [*CONTENT_FIELDS, "misi"]


class SasaranSerializer(VersionedSerializer):
    tujuan = scoped(Tujuan)

    class Meta:
        model = Sasaran
        fields = [*CONTENT_FIELDS, "tujuan", "kunci"]


class StrategiSerializer(VersionedSerializer):
    sasaran = scoped(Sasaran)

    class Meta:
        model = Strategi
        fields = [*CONTENT_FIELDS, "sasaran"]


class ArahKebijakanSerializer(VersionedSerializer):
    strategi = scoped(Strategi)

    class Meta:
        model = ArahKebijakan
        fields = [*CONTENT_FIELDS, "strategi"]


class PaguTahunanSerializer(serializers.ModelSerializer):
    class Meta:
        model = PaguTahunan
        fields = ["tahun", "pagu"]


CODED_FIELDS = ["id", "pemda", "nomenklatur", "kode", "nama", "created_at", "updated_at", "version"]
PRIORITY_FIELDS = ["prioritas_nasional", "prioritas_provinsi", "prioritas_daerah", "spm"]


class CodedItemSerializer(VersionedSerializer):
    nama = serializers.CharField(source="nomenklatur.nama", read_only=True)


class ProgramRpjmdSerializer(CodedItemSerializer):
    sasaran = scoped(Sasaran)
    perangkat_daerah = scoped(PerangkatDaerah)
    pagu_tahunan = PaguTahunanSerializer(many=True, required=False)

    class Meta:
        model = ProgramRpjmd
        fields = [*CODED_FIELDS, "rpjmd", "sasaran", "perangkat_daerah", "pagu_tahunan", *PRIORITY_FIELDS]


class RenstraTujuanSerializer(VersionedSerializer):
    renstra = scoped(Renstra)

    class Meta:
        model = RenstraTujuan
        fields = ["id", "pemda", "renstra", "nomor", "uraian", "created_at", "updated_at", "version"]


class RenstraSasaranSerializer(VersionedSerializer):
    tujuan = scoped(RenstraTujuan)
    sasaran_rpjmd = scoped(Sasaran, required=False, allow_null=True)

    class Meta:
        model = RenstraSasaran
        fields = [
            "id",
            "pemda",
            "renstra",
            "tujuan",
            "sasaran_rpjmd",
            "nomor",
            "uraian",
            "created_at",
            "updated_at",
            "version",
        ]


class RenstraProgramSerializer(CodedItemSerializer):
    sasaran = scoped(RenstraSasaran)
    pagu_tahunan = PaguTahunanSerializer(many=True, required=False)

    class Meta:
        model = RenstraProgram
        fields = [*CODED_FIELDS, "renstra", "sasaran", "pagu_tahunan"]


class RenstraKegiatanSerializer(CodedItemSerializer):
    program = scoped(RenstraProgram)
    pagu_tahunan = PaguTahunanSerializer(many=True, required=False)

    class Meta:
        model = RenstraKegiatan
        fields = [*CODED_FIELDS, "renstra", "program", "pagu_tahunan"]


class RenstraSubKegiatanSerializer(CodedItemSerializer):
    kegiatan = scoped(RenstraKegiatan)
    pagu_tahunan = PaguTahunanSerializer(many=True, required=False)

    class Meta:
        model = RenstraSubKegiatan
        fields = [*CODED_FIELDS, "renstra", "kegiatan", "pagu_tahunan"]


class RenjaProgramSerializer(CodedItemSerializer):
    renja = scoped(Renja)
    sasaran = scoped(Sasaran, required=False, allow_null=True)

    class Meta:
        model = RenjaProgram
        fields = [*CODED_FIELDS, "renja", "sasaran"]


class RenjaKegiatanSerializer(CodedItemSerializer):
    program = scoped(RenjaProgram)

    class Meta:
        model = RenjaKegiatan
        fields = [*CODED_FIELDS, "renja", "program"]


class RenjaSubKegiatanSerializer(CodedItemSerializer):
    kegiatan = scoped(RenjaKegiatan)

    class Meta:
        model = RenjaSubKegiatan
        fields = [
            *CODED_FIELDS,
            "renja",
            "kegiatan",
            "lokasi",
            "lokasi_uraian",
            "bulan_mulai",
            "bulan_selesai",
            "sumber_dana",
            "pagu_indikatif",
            *PRIORITY_FIELDS,
        ]


class IndikatorTargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndikatorTarget
        fields = ["tahun", "target"]


class IndikatorSerializer(VersionedSerializer):
    tujuan = scoped(Tujuan, required=False, allow_null=True)
    sasaran = scoped(Sasaran, required=False, allow_null=True)
    program_rpjmd = scoped(ProgramRpjmd, required=False, allow_null=True)
    renstra_tujuan = scoped(RenstraTujuan, required=False, allow_null=True)
    renstra_sasaran = scoped(RenstraSasaran, required=False, allow_null=True)
    renstra_program = scoped(RenstraProgram, required=False, allow_null=True)
    renstra_kegiatan = scoped(RenstraKegiatan, required=False, allow_null=True)
    renstra_sub_kegiatan = scoped(RenstraSubKegiatan, required=False, allow_null=True)
    renja_program = scoped(RenjaProgram, required=False, allow_null=True)
    renja_kegiatan = scoped(RenjaKegiatan, required=False, allow_null=True)
    renja_sub_kegiatan = scoped(RenjaSubKegiatan, required=False, allow_null=True)
    targets = IndikatorTargetSerializer(many=True, required=False)

    class Meta:
        model = Indikator
        fields = [
            "id",
            "pemda",
            *INDIKATOR_OWNERS,
            "nama",
            "satuan",
            "polaritas",
            "aturan_tahunan",
            "jenis",
            "is_iku",
            "baseline",
            "target_akhir",
            "targets",
            "created_at",
            "updated_at",
            "version",
        ]


class UsulanReviewSerializer(serializers.ModelSerializer):
    class Meta:
        model = UsulanReview
        fields = ["id", "tahap", "keputusan", "alasan", "reviewed_by", "reviewed_at"]


class UsulanRenjaEntrySerializer(serializers.ModelSerializer):
    """The Renja sub kegiatan an accepted proposal became, enough to link to it."""

    nama = serializers.CharField(source="nomenklatur.nama", read_only=True)
    perangkat_daerah = serializers.IntegerField(source="renja.perangkat_daerah_id", read_only=True)

    class Meta:
        model = RenjaSubKegiatan
        fields = ["id", "kode", "nama", "renja", "perangkat_daerah"]


class UsulanSerializer(VersionedSerializer):
    perangkat_daerah = scoped(PerangkatDaerah, required=False, allow_null=True)
    reviews = UsulanReviewSerializer(many=True, read_only=True)
    renja_entry = UsulanRenjaEntrySerializer(source="renja_sub_kegiatan", read_only=True, allow_null=True)

    class Meta:
        model = Usulan
        fields = [
            "id",
            "pemda",
            "updated_by",
            "tahun",
            "jenis",
            "pengusul_jenis",
            "pengusul_nama",
            "lokasi",
            "permasalahan",
            "uraian",
            "sub_kegiatan",
            "perangkat_daerah",
            "volume",
            "satuan",
            "perkiraan_biaya",
            "prioritas",
            "tahap",
            "keputusan",
            "alasan",
            "digabung_ke",
            "renja_sub_kegiatan",
            "renja_entry",
            "reviews",
            "created_at",
            "updated_at",
            "version",
        ]


class UsulanReviewInputSerializer(serializers.Serializer):
    tahap = serializers.ChoiceField(choices=TahapUsulan.choices)
    keputusan = serializers.ChoiceField(
        choices=UsulanStatus.choices, help_text="diterima, ditolak or digabung"
    )
    alasan = serializers.CharField(required=False, allow_blank=True, default="")
    digabung_ke = scoped(Usulan, required=False, allow_null=True, default=None)
    renja_sub_kegiatan = scoped(RenjaSubKegiatan, required=False, allow_null=True, default=None)


class UsulanBulkReviewInputSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1), min_length=1, max_length=500
    )
    tahap = serializers.ChoiceField(choices=TahapUsulan.choices)
    keputusan = serializers.ChoiceField(choices=UsulanStatus.choices, help_text="diterima or ditolak")
    alasan = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="required when rejecting"
    )


class UsulanBulkRowErrorSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="0-based position in `ids`")
    id = serializers.IntegerField()
    field = serializers.CharField()
    reason = serializers.CharField()


class UsulanBulkRejectedSerializer(serializers.Serializer):
    """400 of a bulk review: nothing written; every refused proposal in `errors`, or field errors of the form."""

    detail = serializers.CharField(required=False)
    code = serializers.CharField(required=False)
    errors = UsulanBulkRowErrorSerializer(many=True, required=False)  # type: ignore[assignment]


class UsulanPengusulSerializer(serializers.Serializer):
    pengusul_jenis = serializers.ChoiceField(choices=Pengusul.choices)
    pengusul_nama = serializers.CharField()
    jumlah = serializers.IntegerField()


# ---------------------------------------------------------------- cascade, trace, checks


class CascadeQuerySerializer(serializers.Serializer):
    tahun = serializers.IntegerField(min_value=2000, max_value=2100)
    perangkat_daerah = serializers.IntegerField(required=False, min_value=1)


class CascadeIndikatorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    nama = serializers.CharField()
    satuan = serializers.CharField()
    polaritas = serializers.CharField()
    baseline = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True)
    target_akhir = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True)
    target = serializers.DecimalField(
        max_digits=20, decimal_places=4, allow_null=True, help_text="target tahun ini"
    )


class CascadeNodeSerializer(serializers.Serializer):
    level = serializers.ChoiceField(
        choices=["visi", "misi", "tujuan", "sasaran", "program", "kegiatan", "sub_kegiatan"]
    )
    id = serializers.IntegerField()
    kode = serializers.CharField()
    uraian = serializers.CharField()
    perangkat_daerah = serializers.IntegerField(allow_null=True)
    pagu = serializers.DecimalField(
        max_digits=20, decimal_places=2, help_text="Σ anak; sub kegiatan: pagu indikatif"
    )
    indikator = CascadeIndikatorSerializer(many=True)


# a node's children are nodes: declared after the class so the schema references itself
CascadeNodeSerializer._declared_fields["children"] = CascadeNodeSerializer(many=True)


class CascadeSerializer(serializers.Serializer):
    tahun = serializers.IntegerField()
    rpjmd = serializers.IntegerField(allow_null=True)
    root = CascadeNodeSerializer(allow_null=True)
    untraced = CascadeNodeSerializer(
        many=True, help_text="programs not traced to a sasaran of the RPJMD in force"
    )
    pagu_total = serializers.DecimalField(max_digits=20, decimal_places=2)


class TraceNodeSerializer(serializers.Serializer):
    level = serializers.CharField()
    id = serializers.IntegerField()
    kode = serializers.CharField(allow_blank=True)
    uraian = serializers.CharField()
    perangkat_daerah = serializers.IntegerField(allow_null=True)
    pagu = serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True)


class PlanIssueSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="stable identifier, e.g. program_not_traced")
    message = serializers.CharField()
    object_type = serializers.CharField()
    object_id = serializers.IntegerField()
    kode = serializers.CharField(allow_blank=True)
    perangkat_daerah = serializers.IntegerField(allow_null=True)


class PlanCheckSerializer(serializers.Serializer):
    tahun = serializers.IntegerField()
    count = serializers.IntegerField()
    issues = PlanIssueSerializer(many=True)


class RenjaImportSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=".xlsx or .csv, one row per sub kegiatan")
    replace = serializers.BooleanField(default=False, help_text="delete the document's rows first")


class RenjaImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField(help_text="sub kegiatan rows created")
    renja = serializers.ListField(child=serializers.IntegerField(), help_text="Renja documents written")
    warnings = ImportRowWarningSerializer(
        many=True,
        help_text="imported, but worth a look: unknown columns, locations kept as text, program totals",
    )
