"""Writes to the guide library: create and edit guides, their steps and step images.

Every text that is shown as HTML (the steps) is cleaned here, once, so the
stored text is safe to render; the folded search columns are kept in the
same transaction. Callers check `permissions.may_write_guide` first.
"""

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from cnscd.audit.services import audit_record
from cnscd.changes import apply_changes, only_editable
from cnscd.errors import ServiceError
from cnscd.geo.models import Kind, Unit
from cnscd.learning.guide_index import base_slug, folded_text, folded_title
from cnscd.learning.models import Audience, Guide, GuideStep
from cnscd.learning.richtext import clean_html, plain_text
from cnscd.people.skills import Skill
from cnscd.teams.photos import photo_clean

MAX_STEPS = 30


def _clean_title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise ServiceError("title_required", _("Enter a title."), field="title")
    return title[:200]


def _clean_steps(steps: list[str]) -> list[str]:
    """Cleaned HTML of each step; steps left empty by cleaning are dropped."""
    cleaned = [clean_html(step) for step in steps]
    cleaned = [step for step in cleaned if plain_text(step)]
    if not cleaned:
        raise ServiceError("steps_required", _("Write at least one step."), field="steps")
    if len(cleaned) > MAX_STEPS:
        raise ServiceError(
            "too_many_steps",
            _("A guide has at most %(count)d steps.") % {"count": MAX_STEPS},
            field="steps",
        )
    return cleaned


def _check_choice(value: str, choices: type, field: str, *, blank: bool = False) -> str:
    if (blank and value == "") or value in choices.values:
        return value
    raise ServiceError(
        f"invalid_{field}",
        _("%(value)s is not a valid choice; use one of: %(choices)s.")
        % {"value": value, "choices": ", ".join(choices.values)},
        field=field,
    )


def _check_province(province: Unit | None) -> None:
    if province is not None and (province.kind != Kind.PROVINCE or not province.is_current):
        raise ServiceError(
            "not_a_province",
            _("A local guide belongs to a province; %(name)s is not one.")
            % {"name": province.name},
            field="province",
        )


def _unique_slug(title: str) -> str:
    base = base_slug(title)
    taken = set(Guide.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def _reindex(guide: Guide, steps: list[str]) -> None:
    guide.title_folded = folded_title(guide.title)
    guide.text_folded = folded_text(summary=guide.summary, steps=steps, safety=guide.safety)


def _write_steps(guide: Guide, steps: list[str]) -> None:
    """Replace the step texts; a step keeps its image while its number stays."""
    existing = {s.position: s for s in guide.steps.all()}
    for position, text in enumerate(steps, start=1):
        step = existing.pop(position, None) or GuideStep(guide=guide, position=position)
        if step.pk is None or step.text != text:
            step.text = text
            step.save()
    GuideStep.objects.filter(pk__in=[s.pk for s in existing.values()]).delete()


@transaction.atomic
def guide_create(
    *,
    by: Any,
    title: str,
    steps: list[str],
    summary: str = "",
    safety: str = "",
    skill: str = "",
    audience: str = Audience.RESIDENTS,
    province: Unit | None = None,
    is_published: bool = True,
) -> Guide:
    """Add a guide: national without a province, local with one. Its address is made from the
    title (`kich-hoat-vneid-muc-2`) and never changes afterwards, so printed links keep working."""
    _check_province(province)
    guide = Guide(
        title=_clean_title(title),
        summary=summary.strip(),
        safety=safety.strip(),
        skill=_check_choice(skill, Skill, "skill", blank=True),
        audience=_check_choice(audience, Audience, "audience"),
        province=province,
        is_published=is_published,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    cleaned = _clean_steps(steps)
    _reindex(guide, cleaned)
    guide.slug = _unique_slug(guide.title)
    guide.save()
    _write_steps(guide, cleaned)
    audit_record(actor=by, verb="learning.guide.created", obj=guide)
    return guide


GUIDE_EDITABLE = ("title", "summary", "safety", "skill", "audience", "is_published", "steps")


@transaction.atomic
def guide_update(*, guide: Guide, by: Any, **changes: Any) -> Guide:
    """Edit a guide; `steps` (a list of texts) replaces all steps. The address stays."""
    only_editable(changes, GUIDE_EDITABLE)
    fields: dict[str, Any] = {}
    if "title" in changes:
        fields["title"] = _clean_title(changes["title"])
    for name in ("summary", "safety"):
        if name in changes:
            fields[name] = (changes[name] or "").strip()
    if "skill" in changes:
        fields["skill"] = _check_choice(changes["skill"], Skill, "skill", blank=True)
    if "audience" in changes:
        fields["audience"] = _check_choice(changes["audience"], Audience, "audience")
    if "is_published" in changes:
        fields["is_published"] = bool(changes["is_published"])
    current = list(guide.steps.values_list("text", flat=True))
    steps = _clean_steps(changes["steps"]) if "steps" in changes else current
    changed = apply_changes(guide, fields)
    if steps != current:
        changed.append("steps")
        _write_steps(guide, steps)
    if changed:
        _reindex(guide, steps)
        guide.save()
        audit_record(
            actor=by, verb="learning.guide.updated", obj=guide, details={"fields": changed}
        )
    return guide


@transaction.atomic
def guide_step_set_image(*, step: GuideStep, image: UploadedFile | None, by: Any) -> GuideStep:
    """Attach a picture to a step (re-encoded, no EXIF survives), or remove it with None."""
    if image is None:
        step.image.delete(save=False)
        step.image = ""
    else:
        try:
            content = photo_clean(image)
        except ServiceError as e:
            raise ServiceError(e.code, e.message, field="image") from None
        step.image.save(content.name, content, save=False)
    step.save(update_fields=["image"])
    audit_record(
        actor=by,
        verb="learning.guide.image_set" if image else "learning.guide.image_removed",
        obj=step.guide,
        details={"step": step.position},
    )
    return step
