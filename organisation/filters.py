import django_filters
from django.db.models import Q, QuerySet

from organisation.models import AuditEntry, Pemda, PerangkatDaerah, User


class SearchFilterMixin:
    """`q`: the code starts with it, or the name holds each of its words (any order, any case)."""

    search_fields: tuple[str, str] = ("kode", "nama")

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        code, text = self.search_fields
        words = Q()
        for word in value.split():
            words &= Q(**{f"{text}__icontains": word})
        return queryset.filter(Q(**{f"{code}__startswith": value.strip()}) | (words or Q(pk__in=[])))


class PemdaFilterSet(SearchFilterMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", max_length=200)

    class Meta:
        model = Pemda
        fields = ["level"]


class PerangkatDaerahFilterSet(SearchFilterMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", max_length=200)
    is_sub_unit = django_filters.BooleanFilter(field_name="induk", lookup_expr="isnull", exclude=True)

    class Meta:
        model = PerangkatDaerah
        fields = ["pemda", "induk", "is_active"]


class UserFilterSet(SearchFilterMixin, django_filters.FilterSet):
    search_fields = ("username", "last_name")
    q = django_filters.CharFilter(method="search", max_length=200)

    class Meta:
        model = User
        fields = ["role", "perangkat_daerah", "is_active"]


class AuditEventFilterSet(django_filters.FilterSet):
    """Filters the trail through its index (`AuditEntry`), each on an indexed column."""

    model = django_filters.CharFilter(
        field_name="object_model", max_length=100, help_text="e.g. organisation.PerangkatDaerah"
    )
    object_id = django_filters.CharFilter(field_name="object_id", max_length=40)
    label = django_filters.ChoiceFilter(
        field_name="label",
        choices=[("insert", "insert"), ("update", "update"), ("delete", "delete")],
        help_text="The event label.",
    )
    user = django_filters.NumberFilter(
        method="by_user", min_value=1, help_text="id of the user who made the change"
    )
    since = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    until = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="lt")

    def by_user(self, queryset: QuerySet, name: str, value: object) -> QuerySet:
        return queryset.filter(user_id=int(value)) if value == int(value) else queryset.none()  # type: ignore[call-overload]

    class Meta:
        model = AuditEntry
        fields = ["model", "object_id", "label", "user", "since", "until"]
