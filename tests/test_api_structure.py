"""Every API endpoint is scoped to the caller and governed by the permission matrix."""

from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.viewsets import ViewSetMixin

from organisation.models import TenantScope
from organisation.permissions import MATRIX, ROLES
from organisation.viewsets import ScopedViewSetMixin


def api_viewsets() -> set[type]:
    found: set[type] = set()

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern):
                cls = getattr(pattern.callback, "cls", None)
                if cls is not None and issubclass(cls, ViewSetMixin):
                    found.add(cls)

    walk(get_resolver().url_patterns)
    return found


def test_every_viewset_is_scoped_and_in_the_matrix():
    viewsets = api_viewsets()
    assert len(viewsets) >= 8
    for viewset in viewsets:
        assert issubclass(viewset, ScopedViewSetMixin), viewset
        assert viewset.resource in MATRIX, viewset
        assert isinstance(viewset.queryset.model.tenant_scope, TenantScope), viewset


def test_matrix_has_a_column_for_every_role():
    for resource, letters in MATRIX.items():
        assert len(letters) == len(ROLES), resource
        assert all(set(cell) <= set("rwsva") for cell in letters), resource
