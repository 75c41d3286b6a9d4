"""Access and lock checks shared by every planning write."""

from django.core.exceptions import ValidationError
from django.db import models

from config.errors import Conflict
from organisation.models import Pemda, User
from organisation.permissions import check_access
from planning.models import (
    DocumentStatus,
    PlanDocument,
)


def document_of(instance: models.Model) -> PlanDocument:
    if isinstance(instance, PlanDocument):
        return instance
    return getattr(instance, type(instance).document_field)


def check_document_access(*, user: User, document: PlanDocument, letter: str = "w") -> None:
    """The caller's role may do `letter` on this kind of document, within their pemda and (OPD roles) their OPD."""
    check_access(
        user=user,
        resource=document.resource,
        letter=letter,
        pemda_id=document.pemda_id,
        opd_ids=[getattr(document, "perangkat_daerah_id", None)],
    )


def check_editable(document: PlanDocument) -> None:
    if not document.is_current:
        raise Conflict(f"{document} bukan revisi terakhir dan tidak dapat diubah.", code="document_locked")
    if document.status != DocumentStatus.DRAFT:
        raise Conflict(
            f"{document} berstatus {document.get_status_display()}; perubahan hanya melalui revisi baru "
            "(atau setelah dikembalikan ke draf).",
            code="document_locked",
        )


def record_change(document: PlanDocument, user: User) -> None:
    """`user` changed the document or its contents: they may no longer verify or approve it (maker-checker)."""
    if document.pk is not None and document.updated_by_id != user.pk:
        type(document)._default_manager.filter(pk=document.pk).update(updated_by=user)
        document.updated_by = user


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
