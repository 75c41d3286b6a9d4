from django.db.models import QuerySet

from organisation.models import AuditEvent, Pemda, PerangkatDaerah, User


def pemda_list() -> QuerySet[Pemda]:
    return Pemda.objects.all()


def perangkat_daerah_list() -> QuerySet[PerangkatDaerah]:
    return PerangkatDaerah.objects.select_related("pemda", "induk")


def user_list() -> QuerySet[User]:
    return User.objects.select_related("pemda", "perangkat_daerah")


def audit_event_list() -> QuerySet[AuditEvent]:
    return AuditEvent.objects.all()
