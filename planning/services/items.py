"""The contents of a plan document (misi … sub kegiatan): save and delete."""

from typing import Any, TypeVar, Unpack

from django.db import models, transaction

from organisation.models import User, VersionedModel
from planning.models import (
    PaguTahunan,
    PlanDocument,
)
from planning.services.fields import ItemFields
from planning.services.guards import _save, check_document_access, check_editable, document_of, record_change
from planning.services.validation import _owner_field_for, _validate_item, _validate_pagu_tahunan


def _derive_item(instance: models.Model) -> PlanDocument:
    """Set the row's document and pemda from its parent (or its document, for top rows); return the document."""
    model = type(instance)
    parent_field = model.parent_field
    if parent_field:
        parent = getattr(instance, parent_field)
        setattr(instance, model.document_field, document_of(parent))
    document = document_of(instance)
    instance.pemda_id = document.pemda_id
    return document


Row = TypeVar("Row", bound=VersionedModel)


@transaction.atomic
def item_save(
    *,
    user: User,
    model: type[Row],
    instance: Row | None = None,
    pagu_tahunan: list[dict[str, Any]] | None = None,
    **fields: Unpack[ItemFields],
) -> Row:
    """Create or update a row of a plan document (misi … sub kegiatan): checks rights, lock, codes and links."""
    if instance is not None:
        before = document_of(instance)
        check_document_access(user=user, document=before)
        check_editable(before)
        instance.version += 1
    instance = instance or model()
    for name, value in fields.items():
        setattr(instance, name, value)
    document = _derive_item(instance)
    check_document_access(user=user, document=document)
    check_editable(document)
    record_change(document, user)
    _validate_item(instance, document)
    _save(instance)
    if pagu_tahunan is not None:
        _validate_pagu_tahunan(pagu_tahunan, document.period)
        owner = _owner_field_for(model)
        PaguTahunan.objects.filter(**{owner: instance}).delete()
        PaguTahunan.objects.bulk_create(
            [PaguTahunan(pemda_id=document.pemda_id, **{owner: instance}, **row) for row in pagu_tahunan]
        )
    return instance


@transaction.atomic
def item_delete(*, user: User, instance: models.Model) -> None:
    document = document_of(instance)
    check_document_access(user=user, document=document)
    check_editable(document)
    record_change(document, user)
    instance.delete()
