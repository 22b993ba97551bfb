"""The digital skills and household facts we track, with their stable keys.

Keys are a contract (API, imports, indicators): never rename one. The core
skills are columns on the resident row (`<key>_on`, `<key>_source`), the
fast layout for counting; skills a province adds live in `LocalSkill`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Skill(models.TextChoices):
    VNEID_L2 = "vneid_l2", _("VNeID level 2")
    DIGITAL_SIGNATURE = "digital_signature", _("personal digital signature")
    EPAYMENT = "epayment", _("e-payment account")
    PUBLIC_SERVICES = "public_services", _("online public services")
    ONLINE_SHOPPING = "online_shopping", _("online shopping")
    CYBER_SAFETY = "cyber_safety", _("safe online")
    EHEALTH_BOOK = "ehealth_book", _("e-health book")
    VSSID = "vssid", _("VssID")


class HouseholdFact(models.TextChoices):
    ADDRESS_CODE = "address_code", _("digital address code")
    ZALO_GROUP = "zalo_group", _("in the village Zalo group")


class Source(models.TextChoices):
    """How we know: seen done by a member, checked in the app, told, or imported."""

    VISIT = "visit", _("seen done during a visit")
    VERIFIED = "verified", _("checked by a member")
    SELF_REPORTED = "self_reported", _("told by the resident")
    IMPORT = "import", _("imported")


CORE_SKILLS: tuple[str, ...] = tuple(Skill.values)

# The legal minimum ages: a VNeID account of one's own from 14 (Nghị định 69/2024/NĐ-CP);
# personal digital signatures and online public services from 18. Younger residents are
# not offered these skills in the visit form.
SKILL_MIN_AGE = {Skill.VNEID_L2: 14, Skill.DIGITAL_SIGNATURE: 18, Skill.PUBLIC_SERVICES: 18}
