"""Access and lock checks shared by every planning write."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models

from config.api import Conflict
from organisation.models import Pemda, User
from organisation.permissions import allowed, effective_role
from planning.models import (
    DocumentStatus,
    PlanDocument,
)


def document_of(instance: models.Model) -> PlanDocument:
    if isinstance(instance, PlanDocument):
        return instance
    return getattr(instance, type(instance).document_field)


def _user_opd_ids(user: User) -> set[int]:
    opd = user.perangkat_daerah
    return {opd.pk, *([opd.induk_id] if opd and opd.induk_id else [])} if opd else set()


def check_document_access(*, user: User, document: PlanDocument, letter: str = "w") -> None:
    """The caller's role may do `letter` on this kind of document, within their pemda and (OPD roles) their OPD."""
    if not allowed(effective_role(user), document.resource, letter):
        raise PermissionDenied("Peran Anda tidak diizinkan melakukan tindakan ini pada dokumen ini.")
    if user.pemda_id is not None and document.pemda_id != user.pemda_id:
        raise PermissionDenied("Dokumen milik pemda lain.")
    if user.is_opd_scoped:
        opd_id = getattr(document, "perangkat_daerah_id", None)
        if opd_id is None or opd_id not in _user_opd_ids(user):
            raise PermissionDenied("Perencana OPD hanya dapat mengubah dokumen perangkat daerahnya sendiri.")


def check_editable(document: PlanDocument) -> None:
    if not document.is_current:
        raise Conflict(f"{document} bukan revisi terakhir dan tidak dapat diubah.", code="document_locked")
    if document.status != DocumentStatus.DRAFT:
        raise Conflict(
            f"{document} berstatus {document.get_status_display()}; perubahan hanya melalui revisi baru "
            "(atau setelah dikembalikan ke draf).",
            code="document_locked",
        )


def _require_pemda(pemda: Pemda | None) -> Pemda:
    if pemda is None:
        raise ValidationError(
            "Pengguna tanpa pemda tidak dapat membuat dokumen perencanaan.", code="no_pemda"
        )
    return pemda


def _save(instance: models.Model) -> models.Model:
    instance.full_clean()
    instance.save()
    return instance
