from django.apps import AppConfig
from django.db.models.signals import post_migrate


class OrganisationConfig(AppConfig):
    name = "organisation"
    verbose_name = "Organisasi"

    def ready(self) -> None:
        from organisation import audit

        post_migrate.connect(audit.install, sender=self, dispatch_uid="organisation.audit.install")
