import django_filters
from django.db.models import Q, QuerySet

from budgeting.models import (
    Anggaran,
    AnggaranKas,
    BudgetLine,
    Pergeseran,
    Plafon,
    Realisasi,
    RealisasiFisik,
    RealisasiFisikFoto,
    RealisasiIndikator,
    RealisasiPengaturan,
    RealisasiPeriode,
    StandarHarga,
)


class StandarHargaFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search", max_length=200, label="teks: uraian, spesifikasi, kelompok"
    )
    akun = django_filters.NumberFilter(field_name="akun", label="item yang mengizinkan akun (id)")
    akun_kode = django_filters.CharFilter(
        method="by_akun_kode", max_length=40, label="item yang mengizinkan akun (kode)"
    )

    class Meta:
        model = StandarHarga
        fields = ["tahun", "jenis", "is_ceiling", "kode_kelompok", "akun"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(
            Q(uraian__icontains=value)
            | Q(spesifikasi__icontains=value)
            | Q(uraian_kelompok__icontains=value)
            | Q(kode_kelompok__startswith=value)
        )

    def by_akun_kode(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(akun__kode=value).distinct()


class AnggaranFilterSet(django_filters.FilterSet):
    class Meta:
        model = Anggaran
        fields = ["tahun", "tahap", "status", "nomor"]


class BudgetLineFilterSet(django_filters.FilterSet):
    opd = django_filters.NumberFilter(method="by_opd", label="OPD with its sub units (id)")
    sub_kegiatan_kode = django_filters.CharFilter(
        lookup_expr="startswith", max_length=40, label="code prefix"
    )
    akun = django_filters.CharFilter(
        field_name="akun__kode", lookup_expr="startswith", max_length=40, label="akun code prefix"
    )
    sumber_dana = django_filters.CharFilter(
        field_name="sumber_dana__kode",
        lookup_expr="startswith",
        max_length=40,
        label="sumber dana code prefix",
    )
    q = django_filters.CharFilter(field_name="komponen", lookup_expr="icontains", max_length=200)

    class Meta:
        model = BudgetLine
        fields = [
            "anggaran",
            "perangkat_daerah",
            "jenis",
            "sub_kegiatan",
            "standar_harga",
            "melebihi_plafon",
            "di_luar_renja",
        ]

    def by_opd(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        return queryset.filter(Q(perangkat_daerah_id=value) | Q(perangkat_daerah__induk_id=value))


class PlafonFilterSet(django_filters.FilterSet):
    class Meta:
        model = Plafon
        fields = ["anggaran", "perangkat_daerah", "mode", "program_kode", "sub_kegiatan_kode"]


class PergeseranFilterSet(django_filters.FilterSet):
    class Meta:
        model = Pergeseran
        fields = ["anggaran", "perangkat_daerah", "jenis", "status", "lingkup"]


# ---------------------------------------------------------------- execution


def _by_opd(queryset: QuerySet, name: str, value: int) -> QuerySet:
    return queryset.filter(Q(perangkat_daerah_id=value) | Q(perangkat_daerah__induk_id=value))


class AnggaranKasFilterSet(django_filters.FilterSet):
    opd = django_filters.NumberFilter(method=_by_opd, label="OPD with its sub units (id)")
    sub_kegiatan_kode = django_filters.CharFilter(
        field_name="budget_line__sub_kegiatan_kode", lookup_expr="startswith", max_length=40
    )

    class Meta:
        model = AnggaranKas
        fields = ["anggaran", "perangkat_daerah", "budget_line"]


class RealisasiFilterSet(django_filters.FilterSet):
    opd = django_filters.NumberFilter(method=_by_opd, label="OPD with its sub units (id)")
    bulan = django_filters.NumberFilter(min_value=1, max_value=12)
    tanggal_dari = django_filters.DateFilter(field_name="tanggal", lookup_expr="gte")
    tanggal_sampai = django_filters.DateFilter(field_name="tanggal", lookup_expr="lte")
    nomor_dokumen = django_filters.CharFilter(lookup_expr="icontains", max_length=100)

    class Meta:
        model = Realisasi
        fields = ["anggaran", "perangkat_daerah", "budget_line", "jenis", "is_void", "melebihi_dpa"]


class RealisasiFisikFilterSet(django_filters.FilterSet):
    opd = django_filters.NumberFilter(method=_by_opd, label="OPD with its sub units (id)")
    sub_kegiatan_kode = django_filters.CharFilter(lookup_expr="startswith", max_length=40)
    bulan = django_filters.NumberFilter(min_value=1, max_value=12)

    class Meta:
        model = RealisasiFisik
        fields = ["perangkat_daerah", "tahun", "menurun"]


class RealisasiFisikFotoFilterSet(django_filters.FilterSet):
    opd = django_filters.NumberFilter(method="by_opd", label="OPD with its sub units (id)")
    tahun = django_filters.NumberFilter(field_name="entry__tahun")
    bulan = django_filters.NumberFilter(field_name="entry__bulan", min_value=1, max_value=12)
    sub_kegiatan_kode = django_filters.CharFilter(field_name="entry__sub_kegiatan_kode", max_length=40)

    class Meta:
        model = RealisasiFisikFoto
        fields = ["entry", "lokasi_sumber"]

    def by_opd(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        return queryset.filter(
            Q(entry__perangkat_daerah_id=value) | Q(entry__perangkat_daerah__induk_id=value)
        )


class RealisasiIndikatorFilterSet(django_filters.FilterSet):
    triwulan = django_filters.NumberFilter(min_value=1, max_value=4)

    class Meta:
        model = RealisasiIndikator
        fields = ["indikator", "perangkat_daerah", "tahun"]


class RealisasiPengaturanFilterSet(django_filters.FilterSet):
    bawaan = django_filters.BooleanFilter(
        field_name="anggaran", lookup_expr="isnull", label="only the pemda's default (true) or per document"
    )

    class Meta:
        model = RealisasiPengaturan
        fields = ["anggaran", "batas_dpa"]


class RealisasiPeriodeFilterSet(django_filters.FilterSet):
    bulan = django_filters.NumberFilter(min_value=1, max_value=12)

    class Meta:
        model = RealisasiPeriode
        fields = ["tahun", "is_closed"]


class RealisasiRingkasanFilterSet(django_filters.FilterSet):
    """The summary of an execution document (`anggaran`) up to month `bulan` (default 12)."""

    anggaran = django_filters.NumberFilter(field_name="anggaran")
    bulan = django_filters.NumberFilter(method="noop", min_value=1, max_value=12, label="up to month (1–12)")
    opd = django_filters.NumberFilter(method=_by_opd, label="OPD with its sub units (id)")
    sub_kegiatan_kode = django_filters.CharFilter(lookup_expr="startswith", max_length=40)
    jenis = django_filters.CharFilter(max_length=10)
    q = django_filters.CharFilter(
        method="search",
        max_length=200,
        label="teks: komponen, sub kegiatan (kode / nama), akun (kode / nama)",
    )

    class Meta:
        model = BudgetLine
        fields = ["anggaran"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(
            Q(komponen__icontains=value)
            | Q(sub_kegiatan_kode__startswith=value)
            | Q(sub_kegiatan__nama__icontains=value)
            | Q(akun__kode__startswith=value)
            | Q(akun__nama__icontains=value)
        )

    def noop(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        return queryset  # applied by the view through the selector (it shapes the annotations)
