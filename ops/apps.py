from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operations: `manage.py backup` and `manage.py restore`. Imports nothing but config."""

    name = "ops"
    verbose_name = "Operasi"
