"""Is a word a well-formed Vietnamese syllable?

Used to tell legacy-encoded text from Unicode (:mod:`cnscd.vntext.legacy`):
text decoded the right way is nearly all valid syllables, text decoded the
wrong way is mostly not. The check is structural (onset + rhyme + at most one
tone, spelling rules), not a dictionary, so it also accepts syllables
nobody uses. The tone must sit where Vietnamese puts it: on the vowel with
a mark of its own (``người``), else on the last vowel before a final
consonant (``toán``), else on the first of two vowels (``kéo``, not ``keó``)
or the middle of three (``xoáy``); ``oa``, ``oe``, ``uy`` take it on either
(``hoà`` and ``hòa``, old and new style). Wrong placement is what text
decoded with the wrong legacy font often has.

Words from minority languages that do not follow Vietnamese spelling
(``Đắk``, ``Krông``, ``Kon``) and loanwords are rejected; for detection,
which counts words over a whole column, that does not matter.
"""

import functools
import unicodedata

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
# A syllable ending in -p -t -c -ch takes sắc or nặng, never another tone
# and never none ("hoc" is not a syllable, "học" and "hóc" are).
_ENTERING_TONES = {"\u0301", "\u0323"}
# Tone marks sit on these (in NFD, after the base letter and its other marks).
_TONE_BEARERS = frozenset("aeiouy")

_ONSETS = "ngh ng nh ch gh gi kh ph qu th tr b c d đ g h k l m n p r s t v x".split()  # noqa: SIM905

_RHYMES = frozenset(
    """
    a ai ao au ay am an ang anh ap at ac ach
    ăm ăn ăng ăp ăt ăc
    âu ây âm ân âng âp ât âc
    e eo em en eng ep et ec
    ê êu êm ên ênh êp êt êch
    i ia iu im in inh ip it ich
    iêu iêm iên iêng iêp iêt iêc
    o oi om on ong op ot oc oong ooc
    oa oai oay oao oam oan oang oanh oap oat oac oach
    oăm oăn oăng oăt oăc
    oe oeo oen oet
    ô ôi ôm ôn ông ôp ôt ôc
    ơ ơi ơm ơn ơp ơt
    u ua ui um un ung up ut uc
    uân uâng uât uây
    uê uênh uêch
    uy uya uyu uynh uych uyt uyên uyêt
    uôi uôm uôn uông uôt uôc
    uơ
    ư ưa ưi ưu ưm ưng ưt ưc
    ươi ươu ươm ươn ương ươp ươt ươc
    y yêu yêm yên yêng yêt
    """.split()  # noqa: SIM905 - one line per nucleus reads best
)

_FRONT = ("e", "ê", "i", "y")


def _spelling_ok(onset: str, rhyme: str) -> bool:
    """The spelling rules that pick one of c/k, g/gh, ng/ngh by the vowel
    that follows (``g`` before ``i`` is the ``gi`` of ``gì``, ``gìn``)."""
    front = rhyme.startswith(_FRONT)
    if onset == "k":
        return front
    if onset in ("gh", "ngh"):
        return front and not rhyme.startswith("y")
    if onset in ("c", "ng"):
        return not front
    if onset == "g":
        return not rhyme.startswith(("e", "ê", "y"))
    if onset == "qu":
        return not rhyme.startswith(("u", "o"))
    return True


def _split_tone(word: str) -> tuple[str, str, int] | None:
    """(toneless NFC word, tone mark or "", index of the letter bearing it or -1), or None
    if the marks are wrong: more than one tone, or a tone on something not a vowel."""
    tone = ""
    place = -1
    base = []
    for ch in unicodedata.normalize("NFD", word):
        if ch in _TONES:
            if tone:
                return None
            previous = [c for c in base if not unicodedata.combining(c)]
            if not previous or previous[-1] not in _TONE_BEARERS:
                return None
            tone = ch
            place = len(previous) - 1
        else:
            base.append(ch)
    return unicodedata.normalize("NFC", "".join(base)), tone, place


_VOWELS = frozenset("aăâeêioôơuưy")
_MARKED_VOWELS = frozenset("ăâêôơư")
_EITHER_VOWEL = frozenset({"oa", "oe", "uy"})


def _tone_places(rhyme: str) -> frozenset[int]:
    """Where in the rhyme a tone may sit (see the module docstring)."""
    vowels = [i for i, ch in enumerate(rhyme) if ch in _VOWELS]
    marked = [i for i in vowels if rhyme[i] in _MARKED_VOWELS]
    if marked:
        return frozenset({marked[-1]})
    if rhyme[-1] not in _VOWELS or len(vowels) == 1:
        return frozenset({vowels[-1]})
    if rhyme in _EITHER_VOWEL:
        return frozenset({0, 1})
    return frozenset({1 if len(vowels) == 3 else 0})


@functools.lru_cache(maxsize=65536)
def is_vietnamese_syllable(word: str) -> bool:
    """True if ``word`` (any case, NFC or NFD) is onset + rhyme + at most one
    tone in Vietnamese spelling, e.g. ``Nguyễn``, ``hoà``, ``hòa``, ``gì``."""
    split = _split_tone(word.lower())
    if split is None:
        return False
    base, tone, place = split
    for onset in ("", *_ONSETS):
        if not base.startswith(onset):
            continue
        rhyme = base[len(onset) :]
        if rhyme not in _RHYMES or not _spelling_ok(onset, rhyme):
            continue
        if rhyme.endswith(("p", "t", "c", "ch")) and tone not in _ENTERING_TONES:
            continue
        if tone and place - len(onset) not in _tone_places(rhyme):
            continue
        return True
    return False
