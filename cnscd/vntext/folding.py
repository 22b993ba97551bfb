"""Folding for search and matching, and NFC for storage.

Officers type names without diacritics, in any case, with the old or the new
tone placement (``hoà``/``hòa``); files come in NFC, NFD or UniKey's
"Unicode tổ hợp". :func:`fold` maps all of these to one plain form so that
``Nguyễn Văn Đức`` and ``nguyen van duc`` compare equal. Store :func:`nfc`
text; index and compare :func:`fold` text.
"""

import unicodedata
from functools import lru_cache

# đ/Đ have no decomposition, so dropping marks alone would keep them.
_D_WITH_STROKE = str.maketrans({"đ": "d", "Đ": "D"})


def nfc(text: str) -> str:
    """The stored form: composed characters, so that equal text is equal bytes."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower-case ASCII-like text for search: no diacritics, ``đ`` -> ``d``,
    case-folded, whitespace collapsed to single spaces and stripped.

    Casefolding comes before dropping marks because it can itself produce
    combining marks (``İ`` folds to ``i`` + U+0307).
    """
    if text.isascii():
        return " ".join(text.casefold().split())
    return " ".join(filter(None, map(_fold_word, text.split())))


@lru_cache(maxsize=65536)  # names and addresses repeat their words; imports fold 100,000s
def _fold_word(word: str) -> str:
    """`fold` of one word (nothing in folding makes or removes spaces between words)."""
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFD", word).casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.category(ch).startswith("M"))
    return "".join(bare.translate(_D_WITH_STROKE).split())
