from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "cnscd.indicators"
    verbose_name = _("Indicators and dashboards")

    def ready(self) -> None:
        """Plug the counters into people's writes (the hook documented in people.hooks)."""
        from cnscd.indicators import counters
        from cnscd.people import hooks

        hooks.listen(
            resident=counters.apply_resident_changes,
            household=counters.apply_household_change,
            communes=counters.rebuild_listed,
        )
