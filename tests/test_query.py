"""Query understanding, without an index (search/query.py)."""

import pytest

from search.query import DocRef, PlenumRef, decode_telex, parse


@pytest.mark.parametrize(
    "text,expected",
    [
        ("26-NQ/TW", DocRef("26", "NQ", "TW")),
        ("26-nq/tw", DocRef("26", "NQ", "TW")),
        ("26/NQ-TW", DocRef("26", "NQ", "TW")),
        ("26 – NQ/T.Ư", DocRef("26", "NQ", "TW")),
        ("205-QD/TW", DocRef("205", "QĐ", "TW")),
        ("21-HD/BTCTW", DocRef("21", "HD", "BTCTW")),
        ("NQ 26", DocRef("26", "NQ")),
        ("NQ26", DocRef("26", "NQ")),
        ("nghị quyết 26", DocRef("26", "NQ")),
        ("nghi quyet so 26", DocRef("26", "NQ")),
        ("Quy định 205", DocRef("205", "QĐ")),
        ("Quy định số 205 của Bộ Chính trị", DocRef("205", "QĐ", "TW")),
        ("HD 21", DocRef("21", "HD")),
        ("chỉ thị 35", DocRef("35", "CT")),
    ],
)
def test_document_numbers_in_every_form_become_one_reference(text, expected):
    parsed = parse(text)
    assert parsed.documents == [expected]
    assert parsed.single_document == expected
    assert parsed.words == []


@pytest.mark.parametrize(
    "text,expected",
    [
        ("trung ương 7 khóa XII", PlenumRef(7, 12)),
        ("TW7 khoá 12", PlenumRef(7, 12)),
        ("HNTW 8", PlenumRef(8)),
        ("hội nghị lần thứ tám khóa 13", PlenumRef(8, 13)),
        ("trung uong 8 khoa 13", PlenumRef(8, 13)),
        ("Hội nghị lần thứ Bảy Ban Chấp hành Trung ương Đảng (Khóa XII)", PlenumRef(7, 12)),
        ("T.Ư 6 khóa XI", PlenumRef(6, 11)),
    ],
)
def test_plenums_and_terms_are_recognised(text, expected):
    assert parse(text).plenums == [expected]


def test_a_term_alone_is_a_term_reference():
    assert parse("khóa XIII").terms == [13]
    assert parse("khoa 12").terms == [12]


def test_plenum_keys_name_term_and_number():
    assert PlenumRef(7, 12).key == "XII-7"
    assert PlenumRef(8).key == "P8"


def test_quoted_phrases_are_kept_in_order_and_words_stay_apart():
    parsed = parse('"chính sách tiền lương" cán bộ')
    assert parsed.phrases == [["chính", "sách", "tiền", "lương"]]
    assert parsed.words == ["cán", "bộ"]


def test_phrases_split_at_punctuation_like_the_index():
    parsed = parse('"chạy chức, chạy quyền"')
    assert parsed.phrases == [["chạy", "chức"], ["chạy", "quyền"]]


def test_tone_placement_is_unified_in_query_words():
    assert parse("hoà bình").words == parse("hòa bình").words


def test_stop_words_leave_the_bag_of_words_but_not_phrases():
    parsed = parse('cải cách của "của cán bộ"')
    assert "của" not in parsed.words
    assert parsed.phrases == [["của", "cán", "bộ"]]


def test_abbreviations_expand_to_alternatives():
    parsed = parse("BCH TƯ")
    assert ("bch", ["ban", "chấp", "hành"]) in parsed.alternatives
    assert ("tw", ["trung", "ương"]) in parsed.alternatives


def test_field_filters_typed_in_the_query():
    parsed = parse('năm:2018 tỉnh:"Hải Phòng" cán bộ')
    assert parsed.filters == {"year": ["2018"], "province": ["Hải Phòng"]}
    assert parsed.words == ["cán", "bộ"]


def test_unknown_field_names_are_plain_words():
    assert parse("foo:bar").words == ["foo", "bar"]


def test_leftover_telex_is_decoded_only_when_the_raw_word_is_unknown():
    vocabulary = {"nghi", "quyet", "dang", "nghij"}
    parsed = parse("nghij quyeets ddangr", known_word=vocabulary.__contains__)
    # "nghij" is itself in the vocabulary, so it is kept as typed.
    assert parsed.words == ["nghij", "quyết", "đảng"]


@pytest.mark.parametrize(
    "word,expected",
    [
        ("nghij", "nghị"),
        ("quyeets", "quyết"),
        ("ddangr", "đảng"),
        ("tuw", "tư"),
        ("hoaf", "hoà"),
        ("truwowngf", "trường"),
        ("cana", None),
    ],
)
def test_decode_telex(word, expected):
    assert decode_telex(word) == expected


@pytest.mark.parametrize(
    "text",
    [
        '"unbalanced quote',
        "AND",
        "OR OR",
        "*",
        "((()))",
        "!!!",
        "",
        "   ",
        "\x00\x07\x1b",
        "a" * 10_000,
        "nghị quyết " * 2000,
        'năm:"',
        "tỉnh:",
        "26-NQ/",
        "-- ++ &&",
    ],
    ids=lambda text: repr(text[:12]),
)
def test_malformed_input_never_raises(text):
    parsed = parse(text)
    assert len(parsed.words) <= 32
    for word in parsed.words:
        assert word.strip() and len(word) <= 40


def test_long_query_is_truncated_with_a_note():
    parsed = parse("cán bộ " * 1000)
    assert parsed.notes and "quá dài" in parsed.notes[0]


def test_nfd_input_is_read_like_nfc():
    import unicodedata

    nfd = unicodedata.normalize("NFD", "nghị quyết trung ương 7 khóa XII")
    assert parse(nfd).plenums == [PlenumRef(7, 12)]
