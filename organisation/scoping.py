"""Row scoping: the one place that limits a queryset to what the caller may see.

A model declares `tenant_scope = TenantScope(pemda=..., opd=...)`; every API viewset derives from
`organisation.viewsets.ScopedViewSetMixin`, which passes its queryset through `scope_queryset`. A model served by the API
without a `tenant_scope` is a configuration error, so a new endpoint cannot forget its scope.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, Q, QuerySet

from organisation.models import TenantScope, User


def tenant_scope_of(model: type[Model]) -> TenantScope:
    scope = getattr(model, "tenant_scope", None)
    if not isinstance(scope, TenantScope):
        raise ImproperlyConfigured(f"{model.__name__} has no tenant_scope; see organisation.scoping.")
    return scope


def is_platform_operator(user: User) -> bool:
    return bool(user.is_superuser and user.pemda_id is None)


def scope_queryset(queryset: QuerySet, user: User) -> QuerySet:
    scope = tenant_scope_of(queryset.model)
    if not user.is_authenticated:
        return queryset.none()
    if scope.pemda is None or is_platform_operator(user):
        return queryset
    own = Q(**{scope.pemda or "pk": user.pemda_id})
    queryset = queryset.filter(own | scope.also(user.pemda_id) if scope.also else own)
    if scope.opd is not None and user.is_opd_scoped:
        opd = scope.opd or "pk"
        induk = f"{scope.opd}__induk" if scope.opd else "induk"
        queryset = queryset.filter(
            Q(**{opd: user.perangkat_daerah_id}) | Q(**{induk: user.perangkat_daerah_id})
        )
    return queryset
