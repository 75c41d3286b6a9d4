"""Indicators and their yearly targets."""

from typing import Any, Unpack

from django.core.exceptions import ValidationError
from django.db import models, transaction

from organisation.models import User
from planning.models import (
    INDIKATOR_OWNERS,
    Indikator,
    IndikatorTarget,
    aturan_for_satuan,
)
from planning.services.fields import IndikatorFields
from planning.services.guards import _save, check_document_access, check_editable, document_of, record_change


def _indikator_owner(instance: Indikator) -> models.Model:
    set_owners = [name for name in INDIKATOR_OWNERS if getattr(instance, f"{name}_id") is not None]
    if len(set_owners) != 1:
        raise ValidationError(
            f"Indikator harus melekat pada tepat satu baris rencana ({', '.join(INDIKATOR_OWNERS)}).",
            code="indikator_owner",
        )
    return getattr(instance, set_owners[0])


@transaction.atomic
def indikator_save(
    *,
    user: User,
    instance: Indikator | None = None,
    targets: list[dict[str, Any]] | None = None,
    **fields: Unpack[IndikatorFields],
) -> Indikator:
    """Create or update an indicator and (when given) replace its yearly targets; years must lie in the period.
    A new indicator without `aturan_tahunan` gets the rule its satuan names (`aturan_for_satuan`)."""
    if instance is not None:
        before = document_of(_indikator_owner(instance))
        check_document_access(user=user, document=before)
        check_editable(before)
        instance.version += 1
    if instance is None:
        instance = Indikator(aturan_tahunan=aturan_for_satuan(fields.get("satuan", "")))
    for name, value in fields.items():
        setattr(instance, name, value)
    document = document_of(_indikator_owner(instance))
    check_document_access(user=user, document=document)
    check_editable(document)
    record_change(document, user)
    instance.pemda_id = document.pemda_id
    if targets is not None:
        start, end = document.period
        years = [row["tahun"] for row in targets]
        for tahun in years:
            if not start <= tahun <= end:
                raise ValidationError(
                    {"targets": f"Tahun {tahun} di luar periode dokumen {start}–{end}."},
                    code="year_outside_period",
                )
        if len(set(years)) != len(years):
            raise ValidationError({"targets": "Tahun target ganda."}, code="duplicate_year")
    _save(instance)
    if targets is not None:
        instance.targets.all().delete()
        IndikatorTarget.objects.bulk_create(
            [IndikatorTarget(pemda_id=instance.pemda_id, indikator=instance, **row) for row in targets]
        )
    return instance


@transaction.atomic
def indikator_delete(*, user: User, instance: Indikator) -> None:
    document = document_of(_indikator_owner(instance))
    check_document_access(user=user, document=document)
    check_editable(document)
    record_change(document, user)
    instance.delete()
