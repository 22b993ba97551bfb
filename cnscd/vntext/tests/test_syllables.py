import unicodedata

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from cnscd.vntext.syllables import is_vietnamese_syllable
from cnscd.vntext.tests.strategies import TONE_MARKS, vietnamese_words


@pytest.mark.parametrize(
    "word",
    [
        "Nguyễn", "Văn", "Đức", "họ", "và", "tên", "người", "được", "khuya", "khuỷu",
        "quốc", "quyển", "giếng", "gì", "giữ", "nghiêng", "kẻ", "ghi", "thuở", "oải",
        "ngoặc", "xoong", "Hạc", "Thành", "phường", "uống", "yến", "y", "THANH", "HÓA",
    ],
)  # fmt: skip
def test_vietnamese_syllables_are_accepted(word):
    assert is_vietnamese_syllable(word)


def test_both_tone_placements_are_accepted():
    for word in ("hoà", "hòa", "thuý", "thúy", "khoẻ", "khỏe"):
        assert is_vietnamese_syllable(word)


def test_decomposed_and_unikey_composite_forms_are_accepted():
    assert is_vietnamese_syllable(unicodedata.normalize("NFD", "Nguyễn"))
    assert is_vietnamese_syllable("Nguy\u00ea\u0303n")


@pytest.mark.parametrize(
    "word",
    [
        "Hä", "vµ", "tªn", "Hoï", "vaø", "teân", "Nguyeãn", "NguyÔn", "hoù", "",
        "xyz", "John", "film", "hoc", "hòc", "hõp", "ka", "ci", "ghe" + "\u0301" + "a",
        "ngi", "quu", "tèé", "n\u0300", "strong",
    ],
)  # fmt: skip
def test_garbled_and_foreign_words_are_rejected(word):
    assert not is_vietnamese_syllable(word)


def test_legacy_words_that_look_like_unicode_are_accepted_as_they_look():
    # DOMAIN.md: why detection must look at a whole column.
    for word in ("Sè", "hé", "cã", "roài"):
        assert is_vietnamese_syllable(word)


_ONSETS = ["", "b", "ch", "đ", "kh", "nh", "ph", "th", "tr", "x"]
# rhyme -> which of its vowels carries the tone, as Vietnamese spelling places it
_OPEN_RHYMES = {
    "a": 0, "ai": 0, "anh": 0, "ăn": 0, "âu": 0, "ương": 1, "uyên": 2, "ôi": 0, "ơn": 0,
    "ưu": 0, "oai": 1, "iêng": 1, "eo": 0, "ia": 0, "ua": 0, "uôi": 1, "oong": 1,
}  # fmt: skip
_CHECKED_RHYMES = {"ac": 0, "ăt": 0, "âp": 0, "ươc": 1, "uôt": 1, "ich": 0, "êch": 0, "oach": 1}
_SAC, _NANG = "\u0301", "\u0323"


def _with_tone(onset, rhyme, tone, position):
    """Put the tone after the vowel at ``position`` of the rhyme."""
    nfd = unicodedata.normalize("NFD", onset + rhyme)
    vowels = [i for i, ch in enumerate(nfd) if ch in "aeiouy" and i >= len(onset)]
    at = vowels[position] + 1
    return unicodedata.normalize("NFC", nfd[:at] + tone + nfd[at:])


@given(st.sampled_from(_ONSETS), st.sampled_from(sorted(_OPEN_RHYMES)), st.sampled_from(TONE_MARKS))
def test_open_and_sonorant_syllables_take_any_tone_in_its_place(onset, rhyme, tone):
    assert is_vietnamese_syllable(_with_tone(onset, rhyme, tone, _OPEN_RHYMES[rhyme]))


@given(st.sampled_from(_ONSETS), st.sampled_from(sorted(_OPEN_RHYMES)), st.sampled_from(TONE_MARKS))
def test_a_tone_on_the_wrong_vowel_is_rejected(onset, rhyme, tone):
    """`keó`, `muà`, `ngươì`: what text decoded with the wrong legacy font looks like."""
    assume(tone)
    vowels = sum(1 for ch in unicodedata.normalize("NFD", rhyme) if ch in "aeiouy")
    for position in range(vowels):
        if position != _OPEN_RHYMES[rhyme]:
            assert not is_vietnamese_syllable(_with_tone(onset, rhyme, tone, position))


@given(
    st.sampled_from(_ONSETS), st.sampled_from(sorted(_CHECKED_RHYMES)), st.sampled_from(TONE_MARKS)
)
def test_syllables_ending_in_p_t_c_ch_take_only_sac_or_nang(onset, rhyme, tone):
    word = _with_tone(onset, rhyme, tone, _CHECKED_RHYMES[rhyme])
    assert is_vietnamese_syllable(word) == (tone in (_SAC, _NANG))


@given(vietnamese_words)
def test_case_and_normal_form_do_not_matter(word):
    expected = is_vietnamese_syllable(word)
    assert is_vietnamese_syllable(word.upper()) == expected
    assert is_vietnamese_syllable(unicodedata.normalize("NFD", word)) == expected


@given(st.text())
def test_any_text_gets_an_answer(text):
    assert is_vietnamese_syllable(text) in (True, False)
