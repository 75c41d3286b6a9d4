"""The base of every API viewset: scoping to the caller and optimistic concurrency (ETag / If-Match).

Requests run in one transaction each (`ATOMIC_REQUESTS`), so an unsafe request locks the row it reads
(`SELECT … FOR UPDATE`) before comparing versions, and an error rolls back everything the request wrote.
"""

from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from config.errors import Conflict, PreconditionFailed
from organisation.permissions import NATIONAL_RESOURCES, allowed, effective_role
from organisation.scoping import is_platform_operator, scope_queryset


class RolePermission(BasePermission):
    """Checks the caller's role against `MATRIX[view.resource]` for the request's method."""

    message = "Peran Anda tidak diizinkan melakukan tindakan ini."

    def has_permission(self, request: Request, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        resource = getattr(view, "resource", None)
        if resource is None:
            return True  # views outside the matrix (login, me, schema) guard themselves
        letter = "r" if request.method in SAFE_METHODS else "w"
        if letter == "w" and resource in NATIONAL_RESOURCES:
            return is_platform_operator(request.user)
        return allowed(effective_role(request.user), resource, letter)


def etag(instance: Any) -> str:
    return f'"{instance.version}"'


class ScopedViewSetMixin:
    """Base of every API viewset: the queryset is scoped to the caller, writes are checked against versions.

    `resource` names the row of `organisation.permissions.MATRIX` that governs the viewset.
    """

    resource: str
    request: Request

    def get_queryset(self):  # type: ignore[no-untyped-def]
        queryset = scope_queryset(super().get_queryset(), self.request.user)  # type: ignore[misc]
        if self.request.method not in SAFE_METHODS:
            queryset = queryset.select_for_update(of=("self",))
        return queryset

    def check_version(self, instance: Any) -> None:
        """412 for a stale `If-Match`, 409 for a stale `version` in the body; the row is already locked."""
        if not hasattr(instance, "version"):
            return
        if_match = self.request.headers.get("If-Match")
        if if_match is not None and if_match.removeprefix("W/") not in (etag(instance), "*"):
            raise PreconditionFailed()
        sent = self.request.data.get("version") if isinstance(self.request.data, dict) else None
        if sent is not None and str(sent) != str(instance.version):
            raise Conflict(
                f"Versi {sent} sudah usang; versi terkini {instance.version}.", code="stale_version"
            )

    def perform_update(self, serializer: Any) -> None:
        self.check_version(serializer.instance)
        extra = (
            {"version": serializer.instance.version + 1} if hasattr(serializer.instance, "version") else {}
        )
        serializer.save(**extra)

    def perform_destroy(self, instance: Any) -> None:
        self.check_version(instance)
        instance.delete()

    def finalize_response(self, request: Request, response: Response, *args: Any, **kwargs: Any) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        data = getattr(response, "data", None)
        if isinstance(data, dict) and isinstance(data.get("version"), int):
            response["ETag"] = f'"{data["version"]}"'
        return response
