"""Legacy 8-bit Vietnamese text: TCVN3 (ABC) and VNI, and Windows-1258.

Commune offices still type with the TCVN3 fonts (``.VnTime``, ``.VnArial``,
and the capital-only ``.VnTimeH``, ``.VnArialH``) and the VNI fonts
(``VNI-Times``, ``VNI-Helve``). The file stores the font's bytes; without the
font, a reader sees them as Windows-1252/Latin-1 text: ``Hä vµ tªn`` (TCVN3)
or ``Hoï vaø teân`` (VNI) for *Họ và tên* (DOMAIN.md section 6).

Input and output of the decoders are ``str``: the text as read with
Windows-1252 or Latin-1. Both readings give the same characters for bytes
0xA0-0xFF, where every TCVN3 and VNI letter lives, and bytes 0x80-0x9F are
punctuation in both fonts, so either reading decodes the same way.

TCVN3 here is the ABC (VN3) table of TCVN 5712:1993, as in UniKey and in the
lower-case part of glibc's ``TCVN5712-1``: it has every lower-case letter,
the capitals Ă Â Ê Ô Ơ Ư Đ, and no toned capitals. Typists write a toned
capital with the lower-case code in an H font, which draws every code as a
capital; so :func:`decode_tcvn3` gives lower case unless told
``uppercase=True``, and :func:`encode_tcvn3` writes a toned capital with the
lower-case code (as UniKey does): ``decode(encode(text))`` gives back
``text`` for text without toned capitals, and ``text.upper()`` with
``uppercase=True`` for text in capitals.

A single cell cannot always tell its encoding (``cã``, ``Sè hé``, ``roài``
are valid Unicode and valid legacy text), so :func:`repair_column` lets the
cells that can tell vote for the column, by counting words that are not
Vietnamese syllables under each reading.
"""

import re
import unicodedata
from collections import Counter
from typing import Literal

from cnscd.vntext.syllables import is_vietnamese_syllable

Encoding = Literal["unicode", "tcvn3", "vni"]

_TONE_MARKS = ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323")  # huyền hỏi ngã sắc nặng

# TCVN3: the codes of each vowel with huyền, hỏi, ngã, sắc, nặng.
_TCVN3_TONED = {
    "a": (0xB5, 0xB6, 0xB7, 0xB8, 0xB9),
    "ă": (0xBB, 0xBC, 0xBD, 0xBE, 0xC6),
    "â": (0xC7, 0xC8, 0xC9, 0xCA, 0xCB),
    "e": (0xCC, 0xCE, 0xCF, 0xD0, 0xD1),
    "ê": (0xD2, 0xD3, 0xD4, 0xD5, 0xD6),
    "i": (0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
    "o": (0xDF, 0xE1, 0xE2, 0xE3, 0xE4),
    "ô": (0xE5, 0xE6, 0xE7, 0xE8, 0xE9),
    "ơ": (0xEA, 0xEB, 0xEC, 0xED, 0xEE),
    "u": (0xEF, 0xF1, 0xF2, 0xF3, 0xF4),
    "ư": (0xF5, 0xF6, 0xF7, 0xF8, 0xF9),
    "y": (0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
}
# TCVN3: letters without a tone that are not ASCII. 0xAD (ư) is the soft
# hyphen, which some tools drop: such a word cannot be repaired.
_TCVN3_PLAIN = {
    "Ă": 0xA1,
    "Â": 0xA2,
    "Ê": 0xA3,
    "Ô": 0xA4,
    "Ơ": 0xA5,
    "Ư": 0xA6,
    "Đ": 0xA7,
    "ă": 0xA8,
    "â": 0xA9,
    "ê": 0xAA,
    "ô": 0xAB,
    "ơ": 0xAC,
    "ư": 0xAD,
    "đ": 0xAE,
}

# VNI: a letter is a base character plus at most one mark character. Marks
# for huyền, hỏi, ngã, sắc, nặng; then the vowel's own mark, and the single
# characters that combine it with each tone.
_VNI_TONES = ("ø", "û", "õ", "ù", "ï")
_VNI_VOWELS = {
    # letter: (base, vowel mark, marks for the vowel mark + each tone)
    "a": ("a", "", _VNI_TONES),
    "ă": ("a", "ê", ("è", "ú", "ü", "é", "ë")),
    "â": ("a", "â", ("à", "å", "ã", "á", "ä")),
    "e": ("e", "", _VNI_TONES),
    "ê": ("e", "â", ("à", "å", "ã", "á", "ä")),
    "o": ("o", "", _VNI_TONES),
    "ô": ("o", "â", ("à", "å", "ã", "á", "ä")),
    "ơ": ("ô", "", _VNI_TONES),
    "u": ("u", "", _VNI_TONES),
    "ư": ("ö", "", _VNI_TONES),
    "y": ("y", "", _VNI_TONES),
}
# VNI letters written as one character: i with each tone, ỵ, đ.
_VNI_SINGLE = {"ì": "ì", "ỉ": "æ", "ĩ": "ó", "í": "í", "ị": "ò", "ỵ": "î", "đ": "ñ"}


def _with_tone(letter: str, tone_index: int) -> str:
    return unicodedata.normalize("NFC", letter + _TONE_MARKS[tone_index])


def _tcvn3_tables() -> tuple[dict[str, str], dict[str, str]]:
    """(Unicode letter -> TCVN3 character, TCVN3 character -> Unicode letter)."""
    decode = {chr(code): letter for letter, code in _TCVN3_PLAIN.items()}
    for letter, codes in _TCVN3_TONED.items():
        for tone_index, code in enumerate(codes):
            decode[chr(code)] = _with_tone(letter, tone_index)
    encode = {letter: code for code, letter in decode.items()}
    # No toned capitals: write the lower-case code, which an H font draws as
    # a capital.
    for code, letter in decode.items():
        if letter.upper() not in encode:
            encode[letter.upper()] = code
    return encode, decode


def _vni_tables() -> tuple[dict[str, str], dict[str, str]]:
    """(Unicode letter -> VNI text, VNI text -> Unicode letter), both cases."""
    encode: dict[str, str] = {}
    for letter, (base, vowel_mark, toned_marks) in _VNI_VOWELS.items():
        if base + vowel_mark != letter:
            encode[letter] = base + vowel_mark
        for tone_index, mark in enumerate(toned_marks):
            encode[_with_tone(letter, tone_index)] = base + mark
    encode.update(_VNI_SINGLE)
    for letter, vni in list(encode.items()):
        encode[letter.upper()] = vni.upper()
    decode = {vni: letter for letter, vni in encode.items()}
    # Typists mix the case of base and mark ("Aù" for "Á"): the base decides.
    for vni, letter in list(decode.items()):
        if len(vni) == 2:
            decode.setdefault(vni[0] + vni[1].swapcase(), letter)
    return encode, decode


_TCVN3_ENCODE, _TCVN3_DECODE = _tcvn3_tables()
_VNI_ENCODE, _VNI_DECODE = _vni_tables()


def _check_encodable(text: str, table: dict[str, str], name: str) -> None:
    for ch in text:
        if not ch.isascii() and ch not in table:
            raise ValueError(f"{ch!r} cannot be written in {name}")


def decode_tcvn3(text: str, *, uppercase: bool = False) -> str:
    """Unicode (NFC) for TCVN3 text read as Windows-1252 or Latin-1.
    ``uppercase=True`` for the H fonts (``.VnTimeH``), which draw every
    letter as a capital."""
    decoded = "".join(_TCVN3_DECODE.get(ch, ch) for ch in unicodedata.normalize("NFC", text))
    decoded = unicodedata.normalize("NFC", decoded)
    return decoded.upper() if uppercase else decoded


def encode_tcvn3(text: str) -> str:
    """TCVN3 text (as read with Latin-1) for Unicode text; for test fixtures.
    Toned capitals get the lower-case code. Raises ValueError for a character
    that is neither ASCII nor a Vietnamese letter."""
    text = unicodedata.normalize("NFC", text)
    _check_encodable(text, _TCVN3_ENCODE, "TCVN3")
    return "".join(_TCVN3_ENCODE.get(ch, ch) for ch in text)


def decode_vni(text: str) -> str:
    """Unicode (NFC) for VNI text read as Windows-1252 or Latin-1."""
    text = unicodedata.normalize("NFC", text)
    out = []
    i = 0
    while i < len(text):
        pair = text[i : i + 2]
        if len(pair) == 2 and pair in _VNI_DECODE:
            out.append(_VNI_DECODE[pair])
            i += 2
        else:
            out.append(_VNI_DECODE.get(text[i], text[i]))
            i += 1
    return unicodedata.normalize("NFC", "".join(out))


def encode_vni(text: str) -> str:
    """VNI text (as read with Latin-1) for Unicode text; for test fixtures.
    Raises ValueError for a character that is neither ASCII nor a Vietnamese
    letter."""
    text = unicodedata.normalize("NFC", text)
    _check_encodable(text, _VNI_ENCODE, "VNI")
    return "".join(_VNI_ENCODE.get(ch, ch) for ch in text)


def decode_cp1258(data: bytes) -> str:
    """Text of a Windows-1258 file, NFC. The code page writes many toned
    letters as base letter + combining tone, which NFC composes. Raises
    UnicodeDecodeError for bytes the code page does not define."""
    return unicodedata.normalize("NFC", data.decode("cp1258"))


_DECODERS = {
    "unicode": lambda text: unicodedata.normalize("NFC", text),
    "tcvn3": decode_tcvn3,
    "vni": decode_vni,
}
_WORD = re.compile(r"[^\W\d_]+")


# Letters that only Unicode Vietnamese has: neither legacy reading produces them.
_UNICODE_ONLY = re.compile("[ĂăĐđĨĩŨũƠơƯư\u1ea0-\u1ef9]")


def _misspelt(text: str) -> int:
    """Words of the text that are not Vietnamese syllables."""
    return sum(1 for word in _WORD.findall(text) if not is_vietnamese_syllable(word))


def repair_column(cells: list[str]) -> list[str]:
    """The cells of one spreadsheet column in NFC Unicode, each decoded on its own.

    Lists are pasted together from several offices, so one column can hold
    TCVN3, VNI and Unicode rows. Each cell is read three ways; when one
    reading has fewer words that are not Vietnamese syllables than the
    others, it wins (``Hµ`` → ``Hà``, ``Traàn Thò`` → ``Trần Thị``). A cell
    that is surely legacy votes for each font it fits, and every cell with
    letters only Unicode has votes for Unicode. A cell that reads validly
    more than one way (``Phan Dòng`` is Unicode, and ``Phan Dũng`` in TCVN3)
    follows the column's majority, Unicode on a tie: Unicode text is never
    damaged by being left alone. ASCII cells and cells with Unicode-only
    letters are never decoded, which keeps 100,000-row imports fast.
    """
    texts = [unicodedata.normalize("NFC", cell) for cell in cells]
    votes = Counter({"unicode": 0, "tcvn3": 0, "vni": 0})
    readings: dict[str, tuple[dict[str, str], list[str]]] = {}
    for text in texts:
        if text.isascii():
            continue
        if _UNICODE_ONLY.search(text):
            votes["unicode"] += 1
            continue
        if text not in readings:
            decoded = {name: decode(text) for name, decode in _DECODERS.items()}
            misspelt = {name: _misspelt(value) for name, value in decoded.items()}
            fewest = min(misspelt.values())
            readings[text] = decoded, [n for n in _DECODERS if misspelt[n] == fewest]
        winners = readings[text][1]
        if len(winners) == 1 or "unicode" not in winners:
            votes.update(winners)  # a cell that is surely legacy supports each font it fits
    column = max(votes, key=lambda name: (votes[name], name == "unicode"))
    repaired = []
    for text in texts:
        if text not in readings:
            repaired.append(text)
            continue
        decoded, winners = readings[text]
        repaired.append(decoded[column if column in winners else winners[0]])
    return repaired
