"""Plan documents: create, update, delete, the workflow transitions and revisions."""

from typing import Any, Unpack

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from config.errors import Conflict, Forbidden
from organisation.models import User
from organisation.permissions import allowed, effective_role
from planning.models import (
    INDIKATOR_OWNERS,
    PAGU_OWNERS,
    ArahKebijakan,
    DocumentStatus,
    Indikator,
    IndikatorTarget,
    Misi,
    PaguTahunan,
    PlanDocument,
    ProgramRpjmd,
    Renja,
    RenjaKegiatan,
    RenjaProgram,
    RenjaSubKegiatan,
    Renstra,
    RenstraKegiatan,
    RenstraProgram,
    RenstraSasaran,
    RenstraSubKegiatan,
    RenstraTujuan,
    Rkpd,
    Rpjmd,
    Sasaran,
    Strategi,
    Tujuan,
)
from planning.services.fields import DocumentFields
from planning.services.guards import _require_pemda, _save, check_document_access, check_editable


def _document_derive(document: PlanDocument) -> None:
    if isinstance(document, Renstra):
        rpjmd = document.rpjmd
        if rpjmd.pemda_id != document.pemda_id:
            raise ValidationError({"rpjmd": "RPJMD milik pemda lain."}, code="other_pemda")
        document.tahun_awal, document.tahun_akhir = rpjmd.tahun_awal, rpjmd.tahun_akhir
    is_rpjmd = isinstance(document, Rpjmd) and None not in (document.tahun_awal, document.tahun_akhir)
    if is_rpjmd and not 0 <= document.tahun_akhir - document.tahun_awal <= 4:
        raise ValidationError({"tahun_akhir": "Periode RPJMD paling lama lima tahun."}, code="invalid_period")
    opd = getattr(document, "perangkat_daerah", None)
    if opd is not None and (opd.pemda_id != document.pemda_id or opd.induk_id is not None):
        raise ValidationError(
            {"perangkat_daerah": "Harus OPD (bukan sub unit) pemda ini."}, code="invalid_opd"
        )


@transaction.atomic
def document_create(
    *, user: User, model: type[PlanDocument], **fields: Unpack[DocumentFields]
) -> PlanDocument:
    document = model(pemda=_require_pemda(user.pemda), updated_by=user, **fields)
    _document_derive(document)
    check_document_access(user=user, document=document)
    return _save(document)


@transaction.atomic
def document_update(*, user: User, instance: PlanDocument, **fields: Unpack[DocumentFields]) -> PlanDocument:
    check_document_access(user=user, document=instance)
    check_editable(instance)
    for name, value in fields.items():
        setattr(instance, name, value)
    _document_derive(instance)
    check_document_access(user=user, document=instance)
    instance.version += 1
    instance.updated_by = user
    return _save(instance)


@transaction.atomic
def document_delete(*, user: User, instance: PlanDocument) -> None:
    check_document_access(user=user, document=instance)
    check_editable(instance)
    previous = None
    if instance.revisi > 1:
        key = _revision_key(instance)
        previous = type(instance).objects.filter(**key, revisi=instance.revisi - 1).first()
    instance.delete()
    if previous is not None:
        type(previous).objects.filter(pk=previous.pk).update(is_current=True)


def _revision_key(document: PlanDocument) -> dict[str, Any]:
    if isinstance(document, Rpjmd):
        return {"pemda_id": document.pemda_id, "tahun_awal": document.tahun_awal}
    if isinstance(document, Renstra):
        return {"perangkat_daerah_id": document.perangkat_daerah_id, "tahun_awal": document.tahun_awal}
    if isinstance(document, Rkpd):
        return {"pemda_id": document.pemda_id, "tahun": document.tahun}
    return {"perangkat_daerah_id": document.perangkat_daerah_id, "tahun": document.tahun}


# action → (allowed from, to, matrix letter)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "submit": ((DocumentStatus.DRAFT,), DocumentStatus.SUBMITTED, "s"),
    "verify": ((DocumentStatus.SUBMITTED,), DocumentStatus.VERIFIED, "v"),
    "return": ((DocumentStatus.SUBMITTED, DocumentStatus.VERIFIED), DocumentStatus.DRAFT, "v"),
    "approve": ((DocumentStatus.VERIFIED,), DocumentStatus.APPROVED, "a"),
}


def _check_not_maker(user: User, document: PlanDocument, verb: str) -> None:
    """Whoever submitted the document or last changed it never verifies or approves it."""
    if user.pk in (document.submitted_by_id, document.updated_by_id):
        raise Forbidden(
            f"Pengaju atau pengubah terakhir dokumen tidak boleh {verb} sendiri (maker-checker).",
            code="maker_checker",
        )


@transaction.atomic
def document_transition(
    *, user: User, document: PlanDocument, action: str, catatan: str = ""
) -> PlanDocument:
    """Move a document along draft → submitted → verified → approved (or back to draft with notes)."""
    sources, target, letter = TRANSITIONS[action]
    if not allowed(effective_role(user), document.resource, letter):
        raise Forbidden(
            f"Peran {effective_role(user)} tidak boleh melakukan '{action}' pada {document.resource}.",
            code="transition_not_allowed",
        )
    check_document_access(user=user, document=document, letter=letter)
    if not document.is_current:
        raise Conflict("Hanya revisi terakhir yang dapat diproses.", code="document_locked")
    if document.status not in sources:
        raise Conflict(
            f"Tidak dapat '{action}' dari status {document.get_status_display()}.", code="invalid_transition"
        )
    now = timezone.now()
    if action == "submit":
        document.submitted_by, document.submitted_at = user, now
    elif action == "verify":
        _check_not_maker(user, document, "memverifikasinya")
        document.verified_by, document.verified_at = user, now
    elif action == "return":
        if not catatan.strip():
            raise ValidationError(
                {"catatan": "Catatan wajib diisi saat mengembalikan dokumen."}, code="required"
            )
        document.verified_by, document.verified_at = None, None
    elif action == "approve":
        _check_not_maker(user, document, "menyetujuinya")
        document.approved_by, document.approved_at = user, now
    if catatan:
        document.catatan = catatan
    document.status = target
    document.version += 1
    return _save(document)


# document model → (content models in dependency order, the content's document field)
COPY_PLAN: dict[type[PlanDocument], tuple[type[models.Model], ...]] = {
    Rpjmd: (Misi, Tujuan, Sasaran, Strategi, ArahKebijakan, ProgramRpjmd),
    Renstra: (RenstraTujuan, RenstraSasaran, RenstraProgram, RenstraKegiatan, RenstraSubKegiatan),
    Rkpd: (),
    Renja: (RenjaProgram, RenjaKegiatan, RenjaSubKegiatan),
}


@transaction.atomic
def document_revise(*, user: User, document: PlanDocument) -> PlanDocument:
    """Open revision n+1 of an approved document as a draft copy of everything in it; revision n stays locked."""
    check_document_access(user=user, document=document)
    document = type(document).objects.select_for_update().get(pk=document.pk)
    if not document.is_current or document.status != DocumentStatus.APPROVED:
        raise Conflict(
            "Revisi hanya dapat dibuat dari revisi terakhir yang sudah disetujui.", code="not_approved"
        )
    type(document).objects.filter(pk=document.pk).update(is_current=False)
    old_pk = document.pk
    new = type(document).objects.get(pk=old_pk)
    new.pk = None
    new.id = None
    new._state.adding = True
    new.revisi, new.is_current, new.status, new.version, new.catatan = (
        document.revisi + 1,
        True,
        "draft",
        1,
        "",
    )
    for name in ("submitted", "verified", "approved"):
        setattr(new, f"{name}_by", None)
        setattr(new, f"{name}_at", None)
    new.updated_by = user
    new.save()
    _copy_contents(old=document, new=new)
    return new


def _clone(row: models.Model, **changes: Any) -> models.Model:
    row.pk = None
    if hasattr(row, "id"):
        row.id = None
    row._state.adding = True
    for name, value in changes.items():
        setattr(row, name, value)
    return row


def _copy_contents(*, old: PlanDocument, new: PlanDocument) -> None:
    mapping: dict[type[models.Model], dict[int, int]] = {}
    for model in COPY_PLAN[type(old)]:
        doc_field = model.document_field
        parent_field = model.parent_field
        parent_model = model._meta.get_field(parent_field).related_model if parent_field else None
        rows = list(model.objects.filter(**{doc_field: old}).order_by("pk"))
        old_pks = [row.pk for row in rows]
        for row in rows:
            changes: dict[str, Any] = {f"{doc_field}_id": new.pk}
            if parent_model in mapping:
                changes[f"{parent_field}_id"] = mapping[parent_model][getattr(row, f"{parent_field}_id")]
            _clone(row, **changes)
        model.objects.bulk_create(rows)
        mapping[model] = dict(zip(old_pks, [row.pk for row in rows], strict=True))
    owners = {name: Indikator._meta.get_field(name).related_model for name in INDIKATOR_OWNERS}
    for name, model in owners.items():
        if model not in mapping:
            continue
        indicators = list(Indikator.objects.filter(**{f"{name}__in": mapping[model]}).order_by("pk"))
        targets = list(IndikatorTarget.objects.filter(indikator__in=indicators).order_by("pk"))
        old_pks = [i.pk for i in indicators]
        for indikator in indicators:
            _clone(indikator, version=1, **{f"{name}_id": mapping[model][getattr(indikator, f"{name}_id")]})
        Indikator.objects.bulk_create(indicators)
        new_pk = dict(zip(old_pks, [i.pk for i in indicators], strict=True))
        IndikatorTarget.objects.bulk_create([_clone(t, indikator_id=new_pk[t.indikator_id]) for t in targets])
    for name in PAGU_OWNERS:
        model = PaguTahunan._meta.get_field(name).related_model
        if model not in mapping:
            continue
        rows = list(PaguTahunan.objects.filter(**{f"{name}__in": mapping[model]}))
        PaguTahunan.objects.bulk_create(
            [_clone(r, **{f"{name}_id": mapping[model][getattr(r, f"{name}_id")]}) for r in rows]
        )
