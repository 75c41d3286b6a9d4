import django_filters
from django.db.models import QuerySet

from organisation.filters import SearchFilterMixin
from reference.models import Akun, CodeMapping, Nomenklatur, ReferenceVersion, SumberDana
from reference.selectors import versions_in_force_q


class ReferenceVersionFilterSet(django_filters.FilterSet):
    tahun = django_filters.NumberFilter(method="in_force", min_value=1900, max_value=2200)

    class Meta:
        model = ReferenceVersion
        fields = ["kind", "pemda_level"]

    def in_force(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        return queryset.filter(versions_in_force_q(tahun=value, prefix=""))


class CodeNodeFilterSet(SearchFilterMixin, django_filters.FilterSet):
    """Browse a reference tree: by version (or the one in force for `tahun`), level, parent, code prefix or name."""

    q = django_filters.CharFilter(method="search", max_length=200)
    kode_prefix = django_filters.CharFilter(field_name="kode", lookup_expr="startswith", max_length=40)
    tahun = django_filters.NumberFilter(method="in_force", min_value=1900, max_value=2200)
    root = django_filters.BooleanFilter(field_name="parent", lookup_expr="isnull")

    def in_force(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        return queryset.filter(versions_in_force_q(tahun=value))


class NomenklaturFilterSet(CodeNodeFilterSet):
    pemda_level = django_filters.CharFilter(field_name="version__pemda_level", max_length=6)

    class Meta:
        model = Nomenklatur
        fields = ["version", "level", "parent"]


class AkunFilterSet(CodeNodeFilterSet):
    class Meta:
        model = Akun
        fields = ["version", "level", "parent"]


class SumberDanaFilterSet(CodeNodeFilterSet):
    class Meta:
        model = SumberDana
        fields = ["version", "level", "parent"]


class CodeMappingFilterSet(django_filters.FilterSet):
    class Meta:
        model = CodeMapping
        fields = ["kind", "from_version", "to_version", "kode_lama", "kode_baru"]
