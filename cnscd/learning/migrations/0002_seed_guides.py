"""Seed the nine national guides (cẩm nang) of `cnscd/learning/guide_texts.py`.

National guides have no province, so they need no units: a fresh clone has
them right after `migrate`. Guides already present (same address) are left
as they are, because officers may have improved them since.
"""

from django.db import migrations

from cnscd.learning.guide_index import folded_text, folded_title
from cnscd.learning.guide_texts import NATIONAL_GUIDES
from cnscd.learning.richtext import clean_html


def seed(apps, schema_editor):
    Guide = apps.get_model("learning", "Guide")
    GuideStep = apps.get_model("learning", "GuideStep")
    for position, data in enumerate(NATIONAL_GUIDES, start=1):
        if Guide.objects.filter(slug=data["slug"]).exists():
            continue
        steps = [clean_html(step) for step in data["steps"]]
        safety = "\n".join(data["safety"])
        guide = Guide.objects.create(
            slug=data["slug"],
            title=data["title"],
            skill=data["skill"],
            audience=data["audience"],
            summary=data["summary"],
            safety=safety,
            position=position,
            title_folded=folded_title(data["title"]),
            text_folded=folded_text(summary=data["summary"], steps=steps, safety=safety),
        )
        GuideStep.objects.bulk_create(
            GuideStep(guide=guide, position=number, text=text)
            for number, text in enumerate(steps, start=1)
        )


class Migration(migrations.Migration):
    dependencies = [("learning", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
