from django.db.models import QuerySet
from django.utils import timezone

from organisation.models import AuditEntry, AuditEvent, AuthToken, ImportJob, Pemda, PerangkatDaerah, User


def pemda_list() -> QuerySet[Pemda]:
    return Pemda.objects.all()


def perangkat_daerah_list() -> QuerySet[PerangkatDaerah]:
    return PerangkatDaerah.objects.select_related("pemda", "induk")


def user_list() -> QuerySet[User]:
    return User.objects.select_related("pemda", "perangkat_daerah")


def audit_event_list() -> QuerySet[AuditEvent]:
    return AuditEvent.objects.all()


def audit_entry_list() -> QuerySet[AuditEntry]:
    return AuditEntry.objects.all()


def auth_token_list(*, user: User) -> QuerySet[AuthToken]:
    return AuthToken.objects.filter(user=user, expires_at__gt=timezone.now())


def import_job_list() -> QuerySet[ImportJob]:
    return ImportJob.objects.defer("content")
