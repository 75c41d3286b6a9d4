"""Photo evidence of a month's physical progress: upload (type, size, EXIF position and time) and removal."""

import datetime
import uuid
from decimal import Decimal
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from budgeting.models import LokasiSumber, RealisasiFisik, RealisasiFisikFoto
from budgeting.photos import EXTENSIONS, PhotoRejected, inspect_photo, thumbnail
from budgeting.services.guards import _opd_id
from budgeting.services.realisasi import check_period_open
from organisation.models import User
from organisation.permissions import check_access


def _check_entry_writable(*, user: User, entry: RealisasiFisik) -> None:
    check_access(
        user=user,
        resource="realisasi-fisik",
        letter="w",
        pemda_id=entry.pemda_id,
        opd_ids=[_opd_id(entry.perangkat_daerah)],
    )
    check_period_open(pemda_id=entry.pemda_id, tanggal=datetime.date(entry.tahun, entry.bulan, 1))


def _file_error(message: str, code: str) -> ValidationError:
    return ValidationError({"file": ValidationError(message, code=code)})


def _aware(taken_at: datetime.datetime | None) -> datetime.datetime | None:
    """EXIF time without an offset is the pemda's local time (TIME_ZONE)."""
    if taken_at is None or taken_at.tzinfo is not None:
        return taken_at
    return timezone.make_aware(taken_at, timezone.get_default_timezone())


@transaction.atomic
def realisasi_fisik_foto_upload(
    *,
    user: User,
    entry: RealisasiFisik,
    file: IO[bytes],
    size: int,
    keterangan: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
) -> RealisasiFisikFoto:
    """Attach a photo to `entry`. The type is sniffed from the bytes (JPEG, PNG or WebP; else 400 `invalid_type`),
    the size bounded by FOTO_MAX_BYTES (400 `file_too_large`). The position is the photo's EXIF GPS when it has
    one, else `latitude` / `longitude` as the browser sent them (both or neither); `taken_at` is EXIF
    DateTimeOriginal. 409 `period_closed` when the entry's month is closed."""
    _check_entry_writable(user=user, entry=entry)
    if size > settings.FOTO_MAX_BYTES:
        limit = f"{settings.FOTO_MAX_BYTES / 2**20:.1f}".replace(".", ",")
        raise _file_error(f"Foto melebihi batas {limit} MB.", "file_too_large")
    if (latitude is None) != (longitude is None):
        raise ValidationError(
            {"longitude" if longitude is None else "latitude": "Kirim lintang dan bujur bersama-sama."}
        )
    try:
        info = inspect_photo(file)
        small = thumbnail(file)
    except PhotoRejected as error:
        raise _file_error(str(error), "invalid_type") from error
    source = ""
    if info.latitude is not None:
        latitude, longitude, source = info.latitude, info.longitude, LokasiSumber.EXIF
    elif latitude is not None:
        source = LokasiSumber.BROWSER
    foto = RealisasiFisikFoto(
        pemda_id=entry.pemda_id,
        entry=entry,
        content_type=info.content_type,
        size=size,
        width=info.width,
        height=info.height,
        taken_at=_aware(info.taken_at),
        latitude=latitude,
        longitude=longitude,
        lokasi_sumber=source,
        keterangan=keterangan,
        created_by=user,
    )
    foto.full_clean(exclude=["file", "thumbnail"])
    name = uuid.uuid4().hex
    file.seek(0)
    foto.file.save(f"{name}.{EXTENSIONS[info.content_type]}", File(file), save=False)
    foto.thumbnail.save(f"{name}-kecil.jpg", ContentFile(small), save=False)
    stored = [foto.file.name, foto.thumbnail.name]
    try:
        foto.save()
    except Exception:
        _remove_files(stored)
        raise
    return foto


def _remove_files(names: list[str | None]) -> None:
    for name in names:
        if name:
            default_storage.delete(name)


def remove_files_on_commit(fotos: list[RealisasiFisikFoto]) -> None:
    """Delete the stored files of photo rows being deleted, once the deletion has committed."""
    names = [name for foto in fotos for name in (foto.file.name, foto.thumbnail.name)]
    if names:
        transaction.on_commit(lambda: _remove_files(names))


@transaction.atomic
def realisasi_fisik_foto_delete(*, user: User, instance: RealisasiFisikFoto) -> None:
    """Remove a photo while its entry's month is open; its files go when the deletion commits."""
    _check_entry_writable(user=user, entry=instance.entry)
    remove_files_on_commit([instance])
    instance.delete()
