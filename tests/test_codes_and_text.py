"""Text normalisation, document codes and basic decoding: the building blocks
the extractor and the importer stand on."""

import codecs
import unicodedata

import pytest

from archive import codes, vietnamese
from archive.decoding import DecodeError, decode_bytes

SENTENCE = "Hội nghị quán triệt Nghị quyết Trung ương 7 (khoá XII) tại điểm cầu Thành ủy Móng Cái"


class TestNormalize:
    def test_nfd_becomes_nfc(self):
        assert vietnamese.normalize(unicodedata.normalize("NFD", SENTENCE)) == SENTENCE

    def test_invisible_characters_and_look_alikes(self):
        text = "Ð\u00e1ng\u200b k\u00adể\u00a0nhất\r\nđó"
        assert vietnamese.normalize(text) == "Đáng kể nhất\nđó"

    def test_clean_text_is_returned_unchanged(self):
        assert vietnamese.normalize(SENTENCE) is SENTENCE

    def test_fold_lower_keeps_offsets(self):
        text = "Điểm cẩu “Thành Ủy” – KHOÁ XII…"
        low = vietnamese.fold_lower(text)
        assert low == "diem cau “thanh uy” – khoa xii…"
        assert len(low) == len(text)

    def test_fold_lower_agrees_with_search_key(self):
        assert vietnamese.fold_lower(SENTENCE) == vietnamese.search_key(SENTENCE)

    @pytest.mark.parametrize(
        "words, number",
        [("Bảy", 7), ("bẩy", 7), ("tư", 4), ("năm", 5), ("mười một", 11), ("hai mươi mốt", 21)],
    )
    def test_number_words(self, words, number):
        assert vietnamese.number_from_words(words) == number

    def test_tone_placement(self):
        assert vietnamese.fix_tones("khóa") == vietnamese.fix_tones("khoá") == "khoá"
        assert vietnamese.fix_tones("quý") == "quý"


class TestCodes:
    @pytest.mark.parametrize(
        "written, code",
        [
            ("26-NQ/TW", "26-NQ/TW"),
            ("26 – NQ/TW", "26-NQ/TW"),
            ("26-nq/tw", "26-NQ/TW"),
            ("26/NQ-TW", "26-NQ/TW"),
            ("26-NQ/T.Ư", "26-NQ/TW"),
            ("205-QD/TW", "205-QĐ/TW"),
            ("07-ĐA/TU", "7-ĐA/TU"),
            ("21-HD/BTCTW", "21-HD/BTCTW"),
        ],
    )
    def test_written_forms_have_one_canonical_code(self, written, code):
        assert codes.normalize_code(written) == code
        assert codes.slug_to_code(codes.code_to_slug(code)) == code

    def test_find_codes_in_running_text(self):
        text = "theo Nghị quyết số 26-NQ/TW, ngày 6/02/2017 và 26 – nq/tw; Quy định 205-QĐ/TW."
        found = codes.find_codes(text)
        assert [c.code for c, _, _ in found] == ["26-NQ/TW", "26-NQ/TW", "205-QĐ/TW"]
        start, end = found[2][1:]
        assert text[start:end] == "205-QĐ/TW"

    def test_dates_and_unknown_types_are_not_codes(self):
        assert codes.find_codes("ngày 6/02/2017, tỷ lệ 3/4, mã 12-XX/TW") == []

    def test_long_issuer_is_not_cut(self):
        assert [c.code for c, _, _ in codes.find_codes("Hướng dẫn 05-HD/UBKTTW.")] == [
            "5-HD/UBKTTW"
        ]


class TestDecodeBytes:
    @pytest.mark.parametrize(
        "data",
        [
            SENTENCE.encode("utf-8"),
            codecs.BOM_UTF8 + SENTENCE.encode("utf-8"),
            codecs.BOM_UTF16_LE + SENTENCE.encode("utf-16-le"),
            codecs.BOM_UTF16_BE + SENTENCE.encode("utf-16-be"),
            SENTENCE.encode("utf-16-le"),
            SENTENCE.encode("utf-16-be"),
        ],
        ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16le", "utf16be"],
    )
    def test_unicode_encodings(self, data):
        assert decode_bytes(data) == SENTENCE

    @pytest.mark.parametrize(
        "data, words",
        [
            (b"", "rỗng"),
            (b"   \r\n\t", "rỗng"),
            (b"abc\x00\x01\x02\x03" * 40, "nhị phân"),
            (b"\x89PNG\r\n\x1a\n" + bytes(100), "ảnh"),
            (bytes([0xC3, 0x28, 0xA9, 0xFE, 0x8F, 0xD0, 0x41]) * 50, "bảng mã"),
        ],
        ids=["empty", "blank", "binary", "image", "undecodable"],
    )
    def test_bad_bytes_raise_a_clear_error(self, data, words):
        with pytest.raises(DecodeError, match=words):
            decode_bytes(data)
