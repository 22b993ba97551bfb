"""Sort keys for Vietnamese text that any database orders correctly.

We store the key in a column and ``ORDER BY`` it, on SQLite (binary order)
and on PostgreSQL (whatever the database collation is). So a key is made only
of the characters ``0-9a-z``, which every collation orders the same way, and
binary order of keys gives the CLDR ``vi`` order of the texts:

- the alphabet a ă â b c d đ e ê (f) g h i (j) k l m n o ô ơ p q r s t u ư v
  (w) x y (z), where f j w z sit in their Latin places as in CLDR;
- base letters are compared across the whole text first; then tones
  (ngang < huyền < hỏi < ngã < sắc < nặng); then case (lower before upper);
- a space (a word boundary) sorts before everything else, so
  "An" < "An Bình" < "Anh"; runs of digits compare by value, so
  "Thôn 2" < "Thôn 10".

Key layout: ``primary + "0" + secondary + tertiary``.

``primary`` is a sequence of elements; the first character of each tells
its kind, and the kind fixes the element's length, so no element is a
prefix of another:

- ``1``: a run of whitespace between words;
- ``2`` + 4 base-36 digits: any other character that is not a letter or a
  digit (punctuation, symbols, stray combining marks), by code point;
- ``3`` + 2 base-36 digits for the length + the digits: a number, leading
  zeros removed, so that a shorter number sorts first;
- ``4`` + 1 character: a Latin letter, its place in the alphabet above
  (``0`` for a ... ``w`` for z); a mark that makes another Vietnamese letter
  (breve, circumflex, horn) is part of the letter, ``đ`` is its own letter;
- ``5`` + 4 base-36 digits: a letter of another script (or a Latin letter
  such as ``ø`` that has no decomposition), lower-cased, by code point.

The single ``0`` ends the primary part and sorts before every element, so a
text sorts before its own continuations.

``secondary`` has one character per run of Latin letters (a word): ``0``
no tone, ``1`` huyền, ``2`` hỏi, ``3`` ngã, ``4`` sắc, ``5`` nặng, ``6``
several tone marks or other diacritics (ü, ç, ...). The tone belongs to the
word, not to a letter, so the old and the new tone placement (``hoà``/
``hòa``) give the same key; CLDR compares per letter, which differs only in
that case. Non-Vietnamese words with different diacritics may tie.

``tertiary`` has one character per Latin letter (``0`` lower, ``1`` upper)
and per number (the count of leading zeros, so "2" < "02").

Two texts with the same primary part have the same elements, hence
secondary and tertiary parts of equal length: no separator is needed after
the primary one, and no key is a proper prefix of a different key.
"""

import unicodedata
from functools import lru_cache

from cnscd.vntext.folding import nfc

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_WEIGHTS = dict(zip(_ALPHABET, "0123456789abcdefghijklmnopqrstuvw", strict=True))
_BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"
_LATIN_BASES = frozenset("abcdefghijklmnopqrstuvwxyzđ")
_DIGITS = frozenset("0123456789")

_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"
_LETTER_MARKS = {
    ("a", _BREVE): "ă",
    ("a", _CIRCUMFLEX): "â",
    ("e", _CIRCUMFLEX): "ê",
    ("o", _CIRCUMFLEX): "ô",
    ("o", _HORN): "ơ",
    ("u", _HORN): "ư",
}
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}
_SEVERAL_MARKS = "6"
# A number longer than this is split into numbers of this length, so that its
# length always fits in two base-36 digits.
_MAX_NUMBER_LENGTH = 36 * 36 - 1


def _base36(value: int, width: int) -> str:
    digits = []
    for _ in range(width):
        value, digit = divmod(value, 36)
        digits.append(_BASE36[digit])
    return "".join(reversed(digits))


def _clusters(text: str) -> list[tuple[str, str]]:
    """Split NFD text into (base character, its combining marks). A mark after
    whitespace stands alone, so that collapsing whitespace keeps it."""
    clusters: list[tuple[str, str]] = []
    for ch in unicodedata.normalize("NFD", text):
        is_mark = unicodedata.category(ch).startswith("M")
        if is_mark and clusters and not clusters[-1][0].isspace():
            base, marks = clusters[-1]
            clusters[-1] = (base, marks + ch)
        else:
            clusters.append((ch, ""))
    return clusters


class _KeyBuilder:
    """Collects the three levels while walking the text once."""

    def __init__(self) -> None:
        self.primary: list[str] = []
        self.secondary: list[str] = []
        self.tertiary: list[str] = []
        self.word_marks: list[str] | None = None  # marks of the current Latin word
        self.digits: list[str] = []

    def end_word(self) -> None:
        if self.word_marks is None:
            return
        tones = [mark for mark in self.word_marks if mark in _TONES]
        if not self.word_marks:
            self.secondary.append("0")
        elif len(tones) == 1 and len(self.word_marks) == 1:
            self.secondary.append(_TONES[tones[0]])
        else:
            self.secondary.append(_SEVERAL_MARKS)
        self.word_marks = None

    def end_number(self) -> None:
        if not self.digits:
            return
        raw = "".join(self.digits)
        self.digits = []
        for start in range(0, len(raw), _MAX_NUMBER_LENGTH):
            chunk = raw[start : start + _MAX_NUMBER_LENGTH]
            value = chunk.lstrip("0") or "0"
            self.primary.append("3" + _base36(len(value), 2) + value)
            self.tertiary.append(_BASE36[min(len(chunk) - len(value), 35)])

    def add_latin(self, base: str, marks: str) -> None:
        lower = base.lower()
        remaining = []
        for mark in marks:
            combined = _LETTER_MARKS.get((lower, mark))
            if combined:
                lower = combined
            else:
                remaining.append(mark)
        if self.word_marks is None:
            self.word_marks = []
        self.word_marks.extend(remaining)
        self.primary.append("4" + _LETTER_WEIGHTS[lower])
        self.tertiary.append("1" if base.isupper() else "0")

    def add_code_point(self, kind: str, ch: str) -> None:
        self.primary.append(kind + _base36(ord(ch), 4))


@lru_cache(maxsize=65536)  # names repeat their words: given names, "Nguyễn Văn"…
def sort_key(text: str) -> str:
    """A key of ``0-9a-z`` whose binary order is the Vietnamese order of the
    texts (see the module docstring for the layout). Accepts any string."""
    builder = _KeyBuilder()
    pending_space = False
    for base, marks in _clusters(text):
        if base.isspace():
            builder.end_word()
            builder.end_number()
            pending_space = bool(builder.primary)
            continue
        if pending_space:
            builder.primary.append("1")
            pending_space = False
        if base in _DIGITS:
            builder.end_word()
            builder.digits.append(base)
            continue
        builder.end_number()
        if base.lower() in _LATIN_BASES:
            builder.add_latin(base, marks)
            continue
        builder.end_word()
        kind = "5" if base.isalpha() else "2"
        lower = base.lower()
        builder.add_code_point(kind, lower if len(lower) == 1 else base)
        for mark in marks:
            builder.add_code_point(kind, mark)
    builder.end_word()
    builder.end_number()
    return "".join(builder.primary) + "0" + "".join(builder.secondary + builder.tertiary)


def name_sort_key(full_name: str) -> str:
    """Key for a person's full name: by given name (the last word), then by the
    rest (family and middle names), as Vietnamese lists are ordered.

    Each part gets a full :func:`sort_key` (all three levels), so "Lê Văn An"
    comes before "Nguyễn Thị Án": the given names differ in tone. Keys are
    never prefixes of other keys, so the concatenation orders by given name
    first and by the rest second.
    """
    words = nfc(full_name).split()
    if not words:
        return sort_key("")
    return sort_key(words[-1]) + sort_key(" ".join(words[:-1]))
