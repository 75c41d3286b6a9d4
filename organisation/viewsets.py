"""The base of every API viewset: scoping to the caller and optimistic concurrency (ETag / If-Match).

Requests run in one transaction each (`ATOMIC_REQUESTS`), so an unsafe request locks the row it reads
(`SELECT … FOR UPDATE`) before comparing versions, and an error rolls back everything the request wrote.
"""

from collections.abc import Callable
from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from config.errors import Conflict, PreconditionFailed
from organisation.permissions import NATIONAL_RESOURCES, allowed, effective_role
from organisation.scoping import is_platform_operator, scope_queryset


class RolePermission(BasePermission):
    """Checks the caller's role against `MATRIX[view.resource]` for the request's method; a POST that only reads
    (an upload compared, nothing stored) is named in the view's `read_actions`."""

    message = "Peran Anda tidak diizinkan melakukan tindakan ini."

    def has_permission(self, request: Request, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        resource = getattr(view, "resource", None)
        if resource is None:
            return True  # views outside the matrix (login, me, schema) guard themselves
        reads = request.method in SAFE_METHODS or getattr(view, "action", None) in getattr(
            view, "read_actions", ()
        )
        letter = "r" if reads else "w"
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
    # Writes are declared, not written: a viewset names its services and, after the version check, they are
    # called as
    #     create_service(user=…, **validated_data) → the new row
    #     update_service(user=…, instance=…, **validated_data) → the row (the service moves its version on)
    #     delete_service(user=…, instance=…)
    # with `service_arguments()` added to each call. A viewset without a service saves through its serializer.
    create_service: Callable[..., Any] | None = None
    update_service: Callable[..., Any] | None = None
    delete_service: Callable[..., Any] | None = None

    def service_arguments(self) -> dict[str, Any]:
        """Arguments the services of this viewset take beside the caller and the request's data."""
        return {}

    def _service(self, name: str) -> Callable[..., Any] | None:
        # looked up on the class, so that a plain function is not bound as a method
        return getattr(type(self), name)

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

    def perform_create(self, serializer: Any) -> None:
        create = self._service("create_service")
        if create is None:
            serializer.save()
            return
        serializer.instance = create(
            user=self.request.user, **self.service_arguments(), **serializer.validated_data
        )

    def perform_update(self, serializer: Any) -> None:
        self.check_version(serializer.instance)
        update = self._service("update_service")
        if update is None:
            extra = (
                {"version": serializer.instance.version + 1}
                if hasattr(serializer.instance, "version")
                else {}
            )
            serializer.save(**extra)
            return
        serializer.instance = update(
            user=self.request.user,
            instance=serializer.instance,
            **self.service_arguments(),
            **serializer.validated_data,
        )

    def perform_destroy(self, instance: Any) -> None:
        self.check_version(instance)
        delete = self._service("delete_service")
        if delete is None:
            instance.delete()
            return
        delete(user=self.request.user, instance=instance, **self.service_arguments())

    def finalize_response(self, request: Request, response: Response, *args: Any, **kwargs: Any) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        data = getattr(response, "data", None)
        if isinstance(data, dict) and isinstance(data.get("version"), int):
            response["ETag"] = f'"{data["version"]}"'
        return response
