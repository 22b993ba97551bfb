import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from cnscd.vntext.folding import fold, nfc


def test_province_name_folds_the_same_in_any_spelling():
    assert fold("Thanh Hoá") == fold("THANH HÓA") == fold("thanh hoa") == "thanh hoa"


def test_old_and_new_tone_placement_fold_equal():
    assert fold("hoà") == fold("hòa")
    assert fold("Thuý") == fold("Thúy")
    assert fold("khoẻ") == fold("khỏe")


def test_d_with_stroke_folds_to_d():
    assert fold("Nguyễn Văn Đức") == "nguyen van duc"
    assert fold("đường") == "duong"


def test_whitespace_is_collapsed_and_stripped():
    assert fold("  Lê\t Văn\u00a0\n An ") == "le van an"


def test_nfd_and_unikey_composite_input_fold_like_nfc():
    nfd = unicodedata.normalize("NFD", "Nguyễn")
    unikey_composite = "Nguy\u00ea\u0303n"  # precomposed ê + combining tilde
    assert fold(nfd) == fold(unikey_composite) == "nguyen"


def test_nfc_composes_decomposed_text():
    assert nfc("Nguy\u00ea\u0303n") == "Nguy\u1ec5n"


@given(st.text())
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@given(st.text())
def test_fold_leaves_no_marks_no_capitals_and_no_double_spaces(text):
    folded = fold(text)
    assert not any(unicodedata.category(ch).startswith("M") for ch in folded)
    assert folded == folded.casefold()
    assert "  " not in folded
    assert folded == folded.strip()
