import unicodedata

import pytest
from hypothesis import given
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
_OPEN_RHYMES = ["a", "ai", "anh", "ăn", "âu", "ương", "uyên", "ôi", "ơn", "ưu", "oai", "iêng"]
_CHECKED_RHYMES = ["ac", "ăt", "âp", "ươc", "uôt", "ich", "êch", "oach"]
_SAC, _NANG = "\u0301", "\u0323"


def _with_tone(onset, rhyme, tone, position):
    """Put the tone after the vowel at ``position`` (mod the vowel count)."""
    nfd = unicodedata.normalize("NFD", onset + rhyme)
    vowels = [i for i, ch in enumerate(nfd) if ch in "aeiouy" and i >= len(onset)]
    at = vowels[position % len(vowels)] + 1
    return unicodedata.normalize("NFC", nfd[:at] + tone + nfd[at:])


@given(
    st.sampled_from(_ONSETS),
    st.sampled_from(_OPEN_RHYMES),
    st.sampled_from(TONE_MARKS),
    st.integers(0, 2),
)
def test_open_and_sonorant_syllables_take_any_tone_on_any_vowel(onset, rhyme, tone, position):
    assert is_vietnamese_syllable(_with_tone(onset, rhyme, tone, position))


@given(
    st.sampled_from(_ONSETS),
    st.sampled_from(_CHECKED_RHYMES),
    st.sampled_from(TONE_MARKS),
    st.integers(0, 2),
)
def test_syllables_ending_in_p_t_c_ch_take_only_sac_or_nang(onset, rhyme, tone, position):
    word = _with_tone(onset, rhyme, tone, position)
    assert is_vietnamese_syllable(word) == (tone in (_SAC, _NANG))


@given(vietnamese_words)
def test_case_and_normal_form_do_not_matter(word):
    expected = is_vietnamese_syllable(word)
    assert is_vietnamese_syllable(word.upper()) == expected
    assert is_vietnamese_syllable(unicodedata.normalize("NFD", word)) == expected


@given(st.text())
def test_any_text_gets_an_answer(text):
    assert is_vietnamese_syllable(text) in (True, False)
