import re

from hypothesis import example, given
from hypothesis import strategies as st

from cnscd.vntext.sorting import name_sort_key, sort_key
from cnscd.vntext.tests.strategies import typed_text

# Expected orders below are written by hand from the CLDR vi rules: alphabet
# a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y; base letters of
# the whole text first, then tones ngang < huyền < hỏi < ngã < sắc < nặng,
# then lower case before upper case.


def test_letters_follow_the_vietnamese_alphabet():
    alphabet = list("aăâbcdđeêghiklmnoôơpqrstuưvxy")
    assert sorted(reversed(alphabet), key=sort_key) == alphabet


def test_f_j_w_z_sit_in_their_latin_places():
    expected = ["e", "ê", "f", "g", "i", "j", "k", "v", "w", "x", "y", "z"]
    assert sorted(reversed(expected), key=sort_key) == expected


def test_tones_sort_ngang_huyen_hoi_nga_sac_nang():
    expected = ["anh", "ành", "ảnh", "ãnh", "ánh", "ạnh"]
    assert sorted(reversed(expected), key=sort_key) == expected


def test_base_letters_of_the_whole_text_come_before_tones():
    # "ạnh" has the heaviest tone but "anha" is longer at the base level.
    assert sort_key("ạnh") < sort_key("anha")
    assert sort_key("Ánh Bình") < sort_key("Anh Cường")


def test_d_with_stroke_is_a_letter_after_d():
    expected = ["Dũng", "Dương", "Đào", "Đạo", "Đức", "Em"]
    assert sorted(reversed(expected), key=sort_key) == expected


def test_breve_and_circumflex_letters_follow_plain_a():
    expected = ["An", "Ạn", "Ăn", "Ân", "Bá"]
    assert sorted(reversed(expected), key=sort_key) == expected


def test_horn_letters_follow_their_base():
    expected = ["Tô", "Tố", "Tơ", "Tu", "Tư", "Tý"]
    assert sorted(reversed(expected), key=sort_key) == expected


def test_word_boundary_sorts_before_any_letter():
    expected = ["An", "An Bình", "An Khánh", "Anh", "Anh Thư"]
    assert sorted(reversed(expected), key=sort_key) == expected


def test_lower_case_sorts_before_upper_case_after_tones():
    expected = ["an", "An", "án", "Án"]
    assert sorted(reversed(expected), key=sort_key) == expected


def test_numbers_sort_by_value():
    expected = ["Thôn 1", "Thôn 2", "Thôn 02", "Thôn 9", "Thôn 10", "Thôn 10A", "Thôn Đông"]
    assert sorted(reversed(expected), key=sort_key) == expected


def test_residential_groups_sort_by_number():
    assert sort_key("Tổ dân phố 9") < sort_key("Tổ dân phố 12")


def test_old_and_new_tone_placement_give_the_same_key():
    assert sort_key("Hoà") == sort_key("Hòa")
    assert sort_key("Thuý") == sort_key("Thúy")


def test_nfd_input_gives_the_same_key_as_nfc():
    assert sort_key("Nguye\u0302\u0303n") == sort_key("Nguyễn")


def test_punctuation_and_other_scripts_get_a_stable_place():
    assert sort_key("An") < sort_key("An-Bình") < sort_key("Anh")
    assert sort_key("Zô") < sort_key("Ωmega") < sort_key("中文")


def test_people_are_listed_by_given_name_then_the_rest():
    expected = [
        "An",
        "Lê Văn An",
        "Trần Thị An",
        "Phạm Thị Ánh",
        "Nguyễn Thị Bình",
        "Hoàng Văn Cường",
        "Đỗ Văn Dũng",
        "Bùi Thị Dương",
        "Vũ Đức Đạt",
        "Dương Thị Hà",
        "Đỗ Thị Hà",
        "Lê Thị Hải",
        "Trần Văn Hùng",
        "Nguyễn Văn Hưng",
        "Phan Văn Long",
        "Nguyễn Thị Yến",
    ]
    assert sorted(reversed(expected), key=name_sort_key) == expected


def test_given_names_that_differ_only_in_tone_are_compared_before_family_names():
    assert name_sort_key("Trần Văn An") < name_sort_key("Lê Văn Án")


def test_name_key_ignores_extra_whitespace():
    assert name_sort_key(" Lê  Văn\tAn ") == name_sort_key("Lê Văn An")


@given(st.text())
def test_sort_key_uses_only_digits_and_lower_case_ascii(text):
    assert re.fullmatch(r"[0-9a-z]+", sort_key(text))
    assert re.fullmatch(r"[0-9a-z]+", name_sort_key(text))


@given(typed_text, typed_text)
def test_different_keys_are_never_prefixes_of_each_other(first, second):
    a, b = sort_key(first), sort_key(second)
    if a != b:
        assert not a.startswith(b)
        assert not b.startswith(a)


@given(typed_text, typed_text)
def test_a_text_sorts_before_itself_followed_by_another_word(first, second):
    first, second = first.strip(), second.strip()
    if first and second:
        assert sort_key(first) < sort_key(first + " " + second)


@given(st.text())
@example(" \u0301")  # a combining mark after a space
def test_whitespace_runs_do_not_change_the_key(text):
    assert sort_key(text) == sort_key(" ".join(text.split()))
