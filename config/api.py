"""API plumbing shared by every app: pagination, the error shape, and the request size cap."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from config.errors import Conflict, PreconditionFailed
from config.tabular import ImportRejected, import_rejected_body


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 1000


class HttpPreconditionFailed(exceptions.APIException):
    """The 412 answer to a domain `config.errors.PreconditionFailed`."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = PreconditionFailed.message
    default_code = "precondition_failed"


class HttpConflict(exceptions.APIException):
    """The 409 answer to a domain `config.errors.Conflict`."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = Conflict.default_message
    default_code = "conflict"


# Database triggers that guard locks raise "<code>: …"; the API answers 409 with that code and this message.
LOCK_TRIGGER_MESSAGES = {
    "document_locked": "Dokumen perencanaan sudah diajukan atau disetujui; perubahan hanya melalui revisi baru.",
    "stage_closed": "Tahap anggaran ini sudah dikunci; perubahan tidak dapat disimpan.",
    "period_closed": "Periode realisasi ini sudah ditutup; perubahan tidak dapat disimpan.",
    "execution_stage": "Rincian dokumen pelaksanaan (DPA / DPPA) hanya berubah melalui pergeseran yang disetujui.",
}


def lock_conflict(exc: IntegrityError) -> Conflict | None:
    """The 409 for an IntegrityError raised by one of the lock triggers, else None."""
    code = str(exc.__cause__ or exc).partition(":")[0].strip()
    return Conflict(LOCK_TRIGGER_MESSAGES[code], code=code) if code in LOCK_TRIGGER_MESSAGES else None


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Translate domain errors (`config.errors`) into DRF's shape: `{field: [messages]}` for 400, `{detail, code}` otherwise; a
    rejected import is a 400 `{detail, code: "import_rejected", errors, error_count}`."""
    if isinstance(exc, ImportRejected):
        set_rollback()
        return Response(import_rejected_body(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, ProtectedError):
        exc = Conflict("Data masih dipakai oleh data lain dan tidak dapat dihapus.", code="protected")
    elif isinstance(exc, IntegrityError):
        exc = lock_conflict(exc) or Conflict(
            "Data bertentangan dengan data yang sudah ada (duplikat atau referensi tidak sah)."
        )
    if isinstance(exc, Conflict):
        exc = HttpConflict(exc.message, code=exc.code)
    elif isinstance(exc, PreconditionFailed):
        exc = HttpPreconditionFailed()
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None, code=getattr(exc, "code", None))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, dict) and "detail" in response.data:
        response.data["code"] = getattr(exc, "get_codes", lambda: None)() or "error"
    return response


class RequestSizeLimitMiddleware:
    """Refuse a request whose declared body is over `UPLOAD_MAX_BYTES` with a JSON 413 in the API error shape,
    before Django reads any of it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.UPLOAD_MAX_BYTES
        if length > limit:
            size, cap = (f"{value / 2**20:.1f}".replace(".", ",") for value in (length, limit))
            detail = f"Permintaan {size} MB melebihi batas unggah {cap} MB."
            return JsonResponse({"detail": detail, "code": "upload_too_large"}, status=413)
        return self.get_response(request)
