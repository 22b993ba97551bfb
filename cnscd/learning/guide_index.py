"""What guide search reads: a guide's folded title and folded body.

Pure functions, shared by the guide services and the data migration that
seeds the national guides, so both index a guide the same way.
"""

from django.utils.text import slugify

from cnscd.learning.richtext import plain_text
from cnscd.vntext.folding import fold

TITLE_MAX = 200
SLUG_MAX = 70  # room for a "-2" suffix within the 80 characters of Guide.slug


def folded_title(title: str) -> str:
    return fold(title)[:TITLE_MAX]


def folded_text(*, summary: str, steps: list[str], safety: str) -> str:
    """Summary, step texts (cleaned HTML) and warnings, folded into one searchable string."""
    return fold(" ".join([summary, *(plain_text(step) for step in steps), safety]))


def base_slug(title: str) -> str:
    """`Kích hoạt VNeID mức 2` → `kich-hoat-vneid-muc-2`: the fold keeps it ASCII."""
    return slugify(fold(title))[:SLUG_MAX].strip("-") or "cam-nang"
