"""API plumbing shared by every app: pagination and the error shape."""

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 1000


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "Data telah diubah pengguna lain; muat ulang lalu ulangi."
    default_code = "precondition_failed"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Permintaan bertentangan dengan keadaan data saat ini."
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
    """Translate domain errors into DRF's shape: `{field: [messages]}` for 400, `{detail, code}` otherwise."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, ProtectedError):
        exc = Conflict("Data masih dipakai oleh data lain dan tidak dapat dihapus.", code="protected")
    elif isinstance(exc, IntegrityError):
        exc = lock_conflict(exc) or Conflict(
            "Data bertentangan dengan data yang sudah ada (duplikat atau referensi tidak sah)."
        )
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, dict) and "detail" in response.data:
        response.data["code"] = getattr(exc, "get_codes", lambda: None)() or "error"
    return response
