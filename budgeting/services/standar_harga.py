"""Price standards (standar harga)."""

from collections.abc import Iterable
from decimal import Decimal
from typing import TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction

from budgeting.models import (
    CEILING_JENIS,
    StandarHarga,
)
from budgeting.services.guards import _in_force, _require_pemda
from organisation.models import User
from organisation.permissions import check_access
from reference.models import Akun, ReferenceKind


class StandarHargaFields(TypedDict, total=False):
    tahun: int
    jenis: str
    kode_kelompok: str
    uraian_kelompok: str
    uraian: str
    spesifikasi: str
    satuan: str
    harga: Decimal
    tkdn: Decimal | None
    kode_wilayah: str
    is_ceiling: bool


@transaction.atomic
def standar_harga_save(
    *,
    user: User,
    instance: StandarHarga | None = None,
    akun: Iterable[Akun] | None = None,
    version: int | None = None,
    **fields: Unpack[StandarHargaFields],
) -> StandarHarga:
    item = instance or StandarHarga(pemda=_require_pemda(user))
    check_access(user=user, resource="standar-harga", letter="w", pemda_id=item.pemda_id)
    for name, value in fields.items():
        setattr(item, name, value)
    if instance is None and "is_ceiling" not in fields:
        item.is_ceiling = item.jenis in CEILING_JENIS
    if instance is not None:
        item.version = version if version is not None else item.version + 1
    item.full_clean(validate_constraints=False, validate_unique=False)
    akun_list = list(akun) if akun is not None else None
    for one in akun_list or []:
        if one.level != 6 or not _in_force(one.version, kind=ReferenceKind.AKUN, tahun=item.tahun):
            raise ValidationError(
                {
                    "akun": ValidationError(
                        f"Akun {one.kode} bukan level 6 dari versi yang berlaku.", code="akun_invalid"
                    )
                }
            )
    item.save()
    if akun_list is not None:
        item.akun.set(akun_list)
    return item


@transaction.atomic
def standar_harga_delete(*, user: User, instance: StandarHarga) -> None:
    check_access(user=user, resource="standar-harga", letter="w", pemda_id=instance.pemda_id)
    instance.delete()
