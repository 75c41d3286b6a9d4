from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo pemda (Kabupaten Sukamaju): its builders, its reference subset and `manage.py load_demo`."""

    name = "demo"
    verbose_name = "Demo"
