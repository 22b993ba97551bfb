"""Title case for people's names as they are written in Vietnamese records.

Lists arrive in capitals ("NGUYỄN VĂN ĐỨC") or typed in lower case; records
show "Nguyễn Văn Đức". Only the case changes: a name's spelling is never
"corrected" (DOMAIN.md section 6).
"""

import unicodedata
from functools import lru_cache

from cnscd.vntext.folding import nfc

# Ethnic minority names join parts with these ("H'Hen Niê", "Y-Moan"): each
# part starts with a capital.
_PART_SEPARATORS = frozenset("-'’")


def _same_length_case(ch: str, *, upper: bool) -> str:
    """Change case only where it maps one character to one character, so that
    no letter is added or replaced (``ß`` stays ``ß``, not ``SS``)."""
    changed = ch.upper() if upper else ch.lower()
    return changed if len(changed) == 1 else ch


@lru_cache(maxsize=65536)  # a list of 100,000 names has a few thousand distinct words
def _title_word(word: str) -> str:
    chars = []
    starts_part = True
    for ch in word:
        if ch in _PART_SEPARATORS:
            starts_part = True
            chars.append(ch)
        elif ch.isalpha():
            chars.append(_same_length_case(ch, upper=starts_part))
            starts_part = False
        else:
            chars.append(ch)
    return "".join(chars)


def title_case_name(text: str) -> str:
    """NFC, whitespace collapsed, each word (and each part after ``-`` or an
    apostrophe) with a capital first letter and the rest in lower case.

    Idempotent. Precomposed Vietnamese letters change case as one character
    (``đ``/``Đ``, ``ỗ``/``Ỗ``), which is why the text is NFC first.
    """
    words = nfc(text).split()
    return unicodedata.normalize("NFC", " ".join(_title_word(word) for word in words))
