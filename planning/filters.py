import django_filters
from django.db.models import Q, QuerySet

from planning.models import (
    INDIKATOR_OWNERS,
    ArahKebijakan,
    Indikator,
    Misi,
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
)

DOCUMENT_FIELDS = ["status", "is_current", "revisi"]


class RpjmdFilterSet(django_filters.FilterSet):
    tahun = django_filters.NumberFilter(
        method="covers", min_value=2000, max_value=2100, label="periode memuat tahun"
    )

    class Meta:
        model = Rpjmd
        fields = [*DOCUMENT_FIELDS, "tahun_awal"]

    def covers(self, queryset, name, value):  # type: ignore[no-untyped-def]
        return queryset.filter(tahun_awal__lte=value, tahun_akhir__gte=value)


class RenstraFilterSet(django_filters.FilterSet):
    class Meta:
        model = Renstra
        fields = [*DOCUMENT_FIELDS, "perangkat_daerah", "rpjmd", "tahun_awal"]


class RkpdFilterSet(django_filters.FilterSet):
    class Meta:
        model = Rkpd
        fields = [*DOCUMENT_FIELDS, "tahun"]


class RenjaFilterSet(django_filters.FilterSet):
    class Meta:
        model = Renja
        fields = [*DOCUMENT_FIELDS, "tahun", "perangkat_daerah"]


class MisiFilterSet(django_filters.FilterSet):
    class Meta:
        model = Misi
        fields = ["rpjmd"]


class TujuanFilterSet(django_filters.FilterSet):
    class Meta:
        model = Tujuan
        fields = ["rpjmd", "misi"]


class SasaranFilterSet(django_filters.FilterSet):
    class Meta:
        model = Sasaran
        fields = ["rpjmd", "tujuan", "kunci"]


class StrategiFilterSet(django_filters.FilterSet):
    class Meta:
        model = Strategi
        fields = ["rpjmd", "sasaran"]


class ArahKebijakanFilterSet(django_filters.FilterSet):
    class Meta:
        model = ArahKebijakan
        fields = ["rpjmd", "strategi"]


class ProgramRpjmdFilterSet(django_filters.FilterSet):
    kode_prefix = django_filters.CharFilter(field_name="kode", lookup_expr="startswith", max_length=40)

    class Meta:
        model = ProgramRpjmd
        fields = [
            "rpjmd",
            "sasaran",
            "perangkat_daerah",
            "kode",
            "prioritas_nasional",
            "prioritas_daerah",
            "spm",
        ]


class RenstraTujuanFilterSet(django_filters.FilterSet):
    class Meta:
        model = RenstraTujuan
        fields = ["renstra"]


class RenstraSasaranFilterSet(django_filters.FilterSet):
    class Meta:
        model = RenstraSasaran
        fields = ["renstra", "tujuan", "sasaran_rpjmd"]


class RenstraProgramFilterSet(django_filters.FilterSet):
    class Meta:
        model = RenstraProgram
        fields = ["renstra", "sasaran", "kode"]


class RenstraKegiatanFilterSet(django_filters.FilterSet):
    class Meta:
        model = RenstraKegiatan
        fields = ["renstra", "program", "kode"]


class RenstraSubKegiatanFilterSet(django_filters.FilterSet):
    class Meta:
        model = RenstraSubKegiatan
        fields = ["renstra", "kegiatan", "kode"]


class RenjaProgramFilterSet(django_filters.FilterSet):
    tahun = django_filters.NumberFilter(field_name="renja__tahun")
    perangkat_daerah = django_filters.NumberFilter(field_name="renja__perangkat_daerah")

    class Meta:
        model = RenjaProgram
        fields = ["renja", "sasaran", "kode"]


class RenjaKegiatanFilterSet(django_filters.FilterSet):
    tahun = django_filters.NumberFilter(field_name="renja__tahun")

    class Meta:
        model = RenjaKegiatan
        fields = ["renja", "program", "kode"]


class RenjaSubKegiatanFilterSet(django_filters.FilterSet):
    tahun = django_filters.NumberFilter(field_name="renja__tahun")
    perangkat_daerah = django_filters.NumberFilter(field_name="renja__perangkat_daerah")
    kode_prefix = django_filters.CharFilter(field_name="kode", lookup_expr="startswith", max_length=40)

    class Meta:
        model = RenjaSubKegiatan
        fields = [
            "renja",
            "kegiatan",
            "kode",
            "sumber_dana",
            "prioritas_nasional",
            "prioritas_provinsi",
            "prioritas_daerah",
            "spm",
        ]


class IndikatorFilterSet(django_filters.FilterSet):
    class Meta:
        model = Indikator
        fields = [*INDIKATOR_OWNERS, "is_iku"]


class UsulanFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search", max_length=200, label="kata dalam permasalahan atau uraian"
    )
    lokasi = django_filters.CharFilter(
        method="within", max_length=13, label="kode wilayah: usulan di wilayah itu atau di bawahnya"
    )
    pengusul_nama = django_filters.CharFilter(field_name="pengusul_nama", max_length=200)
    sampai_tahap = django_filters.ChoiceFilter(
        method="reached",
        choices=TahapUsulan.choices,
        label="usulan yang sudah sampai tahap ini atau sesudahnya",
    )

    class Meta:
        model = Usulan
        fields = [
            "tahun",
            "jenis",
            "pengusul_jenis",
            "keputusan",
            "tahap",
            "perangkat_daerah",
            "renja_sub_kegiatan",
        ]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        for word in value.split():
            queryset = queryset.filter(Q(permasalahan__icontains=word) | Q(uraian__icontains=word))
        return queryset

    def within(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip().rstrip(".")
        return queryset.filter(Q(lokasi=value) | Q(lokasi__startswith=value + "."))

    def reached(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        order = list(TahapUsulan.values)
        return queryset.filter(tahap__in=order[order.index(value) :])
