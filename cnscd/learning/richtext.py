"""The little HTML that guide steps and announcements may carry, cleaned with nh3.

Officers paste text from Word, Zalo or web pages; whatever they paste is
shown to other people, so it is cleaned on the way in (the stored text is
already safe) with a small allow-list: paragraphs, line breaks, bold,
italic, lists and links to http(s), mail and phone numbers. Scripts, event
attributes (`onerror=`), styles and `javascript:` URLs never survive.
"""

import html
import re

import nh3

ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "ul", "ol", "li", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# removed with their content, not just unwrapped
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "template"}

_BLOCK_TAG = re.compile(r"</?(?:p|br|li|ul|ol)\b[^>]*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"<[^>]*>")


def clean_html(raw: str) -> str:
    """The allowed subset of `raw`; links get rel="noopener noreferrer nofollow"."""
    return nh3.clean(
        raw.strip(),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        clean_content_tags=DROPPED_WITH_CONTENT,
        link_rel="noopener noreferrer nofollow",
    ).strip()


def plain_text(cleaned: str) -> str:
    """Text of HTML made by `clean_html`, for search and PDFs: blocks become line breaks."""
    text = _ANY_TAG.sub("", _BLOCK_TAG.sub("\n", cleaned))
    lines = (" ".join(line.split()) for line in html.unescape(text).splitlines())
    return "\n".join(line for line in lines if line)
