from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "cnscd.audit"
    verbose_name = "Audit log"
