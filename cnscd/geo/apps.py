from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GeoConfig(AppConfig):
    name = "cnscd.geo"
    verbose_name = _("Administrative units")

    def ready(self) -> None:
        from cnscd.geo import lookups  # noqa: F401  (registers path__under)
