import django_filters

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
