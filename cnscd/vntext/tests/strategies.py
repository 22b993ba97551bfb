"""Hypothesis strategies for Vietnamese text, shared by the vntext tests."""

import unicodedata

from hypothesis import strategies as st

TONE_MARKS = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
VOWELS = "aăâeêioôơuưy"
CONSONANTS = "bcdđghklmnpqrstvx"

LOWER_LETTERS = sorted(
    {unicodedata.normalize("NFC", vowel + tone) for vowel in VOWELS for tone in TONE_MARKS}
    | set(CONSONANTS)
)
ALL_LETTERS = sorted(set(LOWER_LETTERS) | {letter.upper() for letter in LOWER_LETTERS})

vietnamese_letters = st.sampled_from(ALL_LETTERS)
lowercase_letters = st.sampled_from(LOWER_LETTERS)

vietnamese_words = st.text(vietnamese_letters, min_size=1, max_size=8)
vietnamese_text = st.lists(vietnamese_words, max_size=5).map(" ".join)

# Text a typist could produce: Vietnamese letters, ASCII letters, digits,
# spaces and common punctuation.
typed_text = st.text(
    st.one_of(vietnamese_letters, st.sampled_from("AZaz09fjwz .,-/()'\"\n")), max_size=30
)
