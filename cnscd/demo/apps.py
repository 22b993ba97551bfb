from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data: sits above every domain app and calls each one's generator."""

    name = "cnscd.demo"
    verbose_name = "Demo data"
