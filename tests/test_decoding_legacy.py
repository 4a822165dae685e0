"""Legacy Vietnamese encodings (TCVN3, VNI, Windows-1258, mis-read UTF-8) and
the readers for uploaded .txt, .html and .docx files."""

import io
import unicodedata
from pathlib import Path

import pytest

from archive import legacy_charsets
from archive.decoding import DecodeError, read_upload

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SEED = sorted(SEEDS.glob("*.txt"))[0]

SENTENCE = (
    "Ngày 29/6, Ban Bí thư Trung ương Đảng tổ chức hội nghị trực tuyến toàn quốc học tập, "
    "quán triệt Nghị quyết Trung ương 7 (khoá XII). Uỷ ban nhân dân tỉnh Quảng Ninh, "
    "đồng chí Trần Quốc Vượng phát biểu chỉ đạo; những người được mời dự."
)

# Unicode → TCVN3, built here from the published code chart independently of
# the module's table (base letter, then its five tones: huyền sắc hỏi ngã nặng).
TCVN3_CHART = {
    "à": "µ", "á": "¸", "ả": "¶", "ã": "·", "ạ": "¹",
    "ă": "¨", "ằ": "»", "ắ": "¾", "ẳ": "¼", "ẵ": "½", "ặ": "Æ",
    "â": "©", "ầ": "Ç", "ấ": "Ê", "ẩ": "È", "ẫ": "É", "ậ": "Ë",
    "è": "Ì", "é": "Ð", "ẻ": "Î", "ẽ": "Ï", "ẹ": "Ñ",
    "ê": "ª", "ề": "Ò", "ế": "Õ", "ể": "Ó", "ễ": "Ô", "ệ": "Ö",
    "ì": "×", "í": "Ý", "ỉ": "Ø", "ĩ": "Ü", "ị": "Þ",
    "ò": "ß", "ó": "ã", "ỏ": "á", "õ": "â", "ọ": "ä",
    "ô": "«", "ồ": "å", "ố": "è", "ổ": "æ", "ỗ": "ç", "ộ": "é",
    "ơ": "¬", "ờ": "ê", "ớ": "í", "ở": "ë", "ỡ": "ì", "ợ": "î",
    "ù": "ï", "ú": "ó", "ủ": "ñ", "ũ": "ò", "ụ": "ô",
    "ư": "\xad", "ừ": "õ", "ứ": "ø", "ử": "ö", "ữ": "÷", "ự": "ù",
    "ỳ": "ú", "ý": "ý", "ỷ": "û", "ỹ": "ü", "ỵ": "þ",
    "đ": "®", "Ă": "¡", "Â": "¢", "Ê": "£", "Ô": "¤", "Ơ": "¥", "Ư": "¦", "Đ": "§",
}  # fmt: skip

# VNI: base letter + mark bytes.
VNI_TONE = {"\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
VNI_CIRC_TONE = {"": "â", "\u0301": "á", "\u0300": "à", "\u0309": "å", "\u0303": "ã", "\u0323": "ä"}
VNI_BREVE_TONE = {
    "": "ê",
    "\u0301": "é",
    "\u0300": "è",
    "\u0309": "ú",
    "\u0303": "ü",
    "\u0323": "ë",
}
VNI_I = {"\u0300": "ì", "\u0301": "í", "\u0309": "æ", "\u0303": "ó", "\u0323": "ò"}


def to_tcvn3(text):
    # The .VnTime font has no upper-case accented letters: writers lower-cased them.
    return "".join(TCVN3_CHART.get(ch, TCVN3_CHART.get(ch.lower(), ch)) for ch in text)


def to_vni(text):
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in "đĐ":
            out.append("ñ" if ch == "đ" else "Ñ")
            continue
        decomposed = unicodedata.normalize("NFD", ch)
        base, marks = decomposed[0], decomposed[1:]
        tone = "".join(m for m in marks if m in VNI_TONE)
        shape = "".join(m for m in marks if m not in VNI_TONE)
        upper = base.isupper()
        if base.lower() == "i" and tone:
            code = VNI_I[tone]
        elif shape == "\u0302":
            code = base + VNI_CIRC_TONE[tone]
        elif shape == "\u0306":
            code = base + VNI_BREVE_TONE[tone]
        elif shape == "\u031b":
            code = ("ô" if base.lower() == "o" else "ö") + (VNI_TONE[tone] if tone else "")
        elif base.lower() == "y" and tone == "\u0323":
            code = "î"
        elif tone:
            code = base + VNI_TONE[tone]
        else:
            out.append(ch)
            continue
        out.append(code.upper() if upper else code)
    return "".join(out)


def to_cp1258(text):
    """Windows-1258 writes tones as combining marks after a precomposed base."""
    parts = []
    for ch in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", ch)
        tones = "".join(m for m in decomposed if m in VNI_TONE)
        base = unicodedata.normalize("NFC", "".join(m for m in decomposed if m not in VNI_TONE))
        parts.append(base + tones)
    return "".join(parts).encode("cp1258")


def as_cp1252_chars(data):
    """What a program that assumed Windows-1252 made of some bytes."""
    return "".join(
        bytes([b]).decode("cp1252") if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else chr(b)
        for b in data
    )


class TestConverters:
    def test_tcvn3_sentence_converts_back(self):
        legacy = to_tcvn3(SENTENCE)
        assert "nh©n d©n" in legacy
        assert legacy_charsets.tcvn3_to_unicode(legacy) == SENTENCE

    def test_tcvn3_every_letter_round_trips(self):
        letters = "".join(k for k in TCVN3_CHART if k.islower())
        assert legacy_charsets.tcvn3_to_unicode(to_tcvn3(letters)) == letters

    def test_tcvn3_all_capitals_word_stays_capital(self):
        # "NGHỊ QUYẾT" in the capitals font is "NGHÞ QUYÕT".
        assert legacy_charsets.tcvn3_to_unicode("NGHÞ QUYÕT H§ND") == "NGHỊ QUYẾT HĐND"

    def test_vni_sentence_converts_back(self):
        legacy = to_vni(SENTENCE)
        assert "Ñaûng" in legacy and "Vöôïng" in legacy
        assert legacy_charsets.vni_to_unicode(legacy) == unicodedata.normalize("NFC", SENTENCE)

    def test_vni_capitals_and_every_vowel(self):
        words = "VIỆT NAM ĐẢNG CỘNG SẢN ắ ằ ẳ ẵ ặ ố ồ ổ ỗ ộ ớ ờ ở ỡ ợ ứ ừ ử ữ ự ý ỳ ỷ ỹ ỵ ì í ỉ ĩ ị"
        assert legacy_charsets.vni_to_unicode(to_vni(words)) == words

    def test_undo_mojibake(self):
        broken = as_cp1252_chars(SENTENCE.encode("utf-8"))
        assert "á»" in broken
        assert legacy_charsets.undo_mojibake(broken) == SENTENCE


class TestRepairDetects:
    def test_tcvn3_text_is_detected(self):
        text, name = legacy_charsets.repair(to_tcvn3(SENTENCE))
        assert (text, name) == (SENTENCE, "TCVN3")

    def test_vni_text_is_detected(self):
        text, name = legacy_charsets.repair(to_vni(SENTENCE))
        assert name == "VNI" and text == SENTENCE

    def test_unicode_text_is_left_alone(self):
        assert legacy_charsets.repair(SENTENCE) == (SENTENCE, "")

    def test_french_or_english_with_accents_is_left_alone(self):
        text = "Le café de Hà Nội était très fréquenté, naïve résumé à côté."
        assert legacy_charsets.repair(text) == (text, "")

    def test_mixed_document_converts_only_legacy_lines(self):
        unicode_line = "Hội nghị học tập Nghị quyết của Đảng được tổ chức tại tỉnh."
        mixed = unicode_line + "\n" + to_tcvn3(SENTENCE)
        text, name = legacy_charsets.repair(mixed)
        assert name == "TCVN3"
        assert text == unicode_line + "\n" + SENTENCE


class TestReadTxt:
    @pytest.mark.parametrize(
        "encode",
        [
            lambda t: t.encode("utf-8"),
            lambda t: t.encode("utf-8-sig"),
            lambda t: t.encode("utf-16"),
            lambda t: t.encode("utf-16-le"),
            lambda t: t.encode("utf-16-be"),
            to_cp1258,
            lambda t: to_tcvn3(t).encode("cp1252"),
            lambda t: to_vni(t).encode("cp1252"),
            lambda t: unicodedata.normalize("NFD", t).encode("utf-8"),
            lambda t: as_cp1252_chars(t.encode("utf-8")).encode("utf-8"),
            lambda t: to_tcvn3(t).encode("utf-8"),
            lambda t: to_vni(t).encode("utf-16"),
        ],
        ids=[
            "utf8",
            "utf8-bom",
            "utf16-bom",
            "utf16le",
            "utf16be",
            "cp1258",
            "tcvn3",
            "vni",
            "nfd",
            "mojibake",
            "tcvn3-in-utf8",
            "vni-in-utf16",
        ],
    )
    def test_every_encoding_reads_to_the_same_text(self, encode):
        text = read_upload("bai.txt", encode(SENTENCE + "\n"))
        assert unicodedata.normalize("NFC", text).strip() == SENTENCE

    def test_seed_file_reads_verbatim(self):
        data = SEED.read_bytes()
        assert read_upload(SEED.name, data) == data.decode("utf-8")

    def test_seed_in_tcvn3_reads_like_the_seed(self):
        original = SEED.read_text(encoding="utf-8")
        text = read_upload("cu.txt", to_tcvn3(original).encode("cp1252", errors="replace"))
        # Capitals are lost by the .VnTime font itself; compare case-folded.
        assert text.lower() == original.lower()

    def test_empty_file_is_refused(self):
        with pytest.raises(DecodeError, match="rỗng"):
            read_upload("rong.txt", b"")
        with pytest.raises(DecodeError, match="rỗng"):
            read_upload("trang.txt", b" \n\r\n\t ")

    def test_binary_file_is_refused(self):
        with pytest.raises(DecodeError, match="nhị phân"):
            read_upload("anh.txt", bytes(range(256)) * 8)

    def test_image_renamed_txt_is_refused(self):
        png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(200)
        with pytest.raises(DecodeError):
            read_upload("bai.txt", png)

    def test_undecodable_bytes_are_refused(self):
        junk = bytes([0xC3, 0x28, 0xA9, 0xFE, 0x8F, 0xD0, 0x41]) * 50
        with pytest.raises(DecodeError, match="bảng mã"):
            read_upload("bai.txt", junk)

    def test_unaccented_text_with_curly_quotes_is_read(self):
        text = "Hoi nghi “quan triet” Nghi quyet 26 – thang 6…"
        assert read_upload("a.txt", text.encode("cp1252")) == text

    def test_unknown_extension_is_refused(self):
        with pytest.raises(DecodeError, match="định dạng"):
            read_upload("bai.pdf", b"%PDF-1.4 ...")


class TestReadHtml:
    PAGE = """<!doctype html><html><head><meta charset="{charset}">
    <title>Hội nghị quán triệt Nghị quyết 26 - Báo Quảng Ninh</title>
    <style>p {{ color: red }}</style><script>var x = "<p>không</p>";</script></head>
    <body><nav><a href="/">Trang chủ</a> | <a href="/tin">Tin tức</a></nav>
    <!-- quảng cáo -->
    <article><h1>Hội nghị quán triệt Nghị quyết 26-NQ/TW</h1>
    <p>Ngày 29/6, <b>Ban Bí thư</b> tổ chức hội nghị<br>trực tuyến toàn quốc.</p>
    <div><p>Đồng chí Trần Quốc Vượng phát biểu.</p></div>
    <ul><li>Điểm cầu Hà Nội</li><li>Điểm cầu Móng Cái</li></ul></article>
    <footer>Bản quyền © Báo Quảng Ninh</footer></body></html>"""

    def test_saved_page_keeps_paragraphs_drops_page_furniture(self):
        text = read_upload("trang.html", self.PAGE.format(charset="utf-8").encode("utf-8"))
        lines = [line for line in text.split("\n") if line.strip()]
        assert lines[0] == "Hội nghị quán triệt Nghị quyết 26-NQ/TW"
        assert "Ngày 29/6, Ban Bí thư tổ chức hội nghị" in lines
        assert "trực tuyến toàn quốc." in lines
        assert "Đồng chí Trần Quốc Vượng phát biểu." in lines
        assert "Điểm cầu Móng Cái" in lines
        for junk in ("color", "var x", "không", "Trang chủ", "quảng cáo", "Bản quyền"):
            assert junk not in text

    def test_page_without_h1_starts_with_its_title(self):
        page = "<html><head><title>Tin hội nghị | Báo X</title></head><body><p>Nội dung.</p>"
        text = read_upload("a.htm", page.encode("utf-8"))
        assert text.split("\n")[0] == "Tin hội nghị"

    def test_page_metadata_gives_the_outlet_and_the_publication_date(self):
        from archive.extract import extract

        page = (
            '<html><head><meta property="og:site_name" content="Báo Sơn Hà">'
            '<meta property="article:published_time" content="2024-05-30T18:54:00+07:00">'
            "<title>Quán triệt nghị quyết</title></head><body><h1>Quán triệt nghị quyết</h1>"
            "<p>Chiều 30/5, Huyện ủy tổ chức hội nghị.</p></body></html>"
        )
        data = extract(read_upload("a.html", page.encode("utf-8")))
        assert (data["source_outlet"], data["event_date"]) == ("Báo Sơn Hà", "2024-05-30")
        assert "Nguồn" not in data["body"] and "date" not in data["body"]
        # Without metadata, the site's name after the title is the outlet.
        page = "<html><head><title>Tin hội nghị | Báo X</title></head><body><p>Nội dung.</p>"
        assert extract(read_upload("a.htm", page.encode("utf-8")))["source_outlet"] == "Báo X"

    def test_page_in_declared_legacy_charset(self):
        page = self.PAGE.format(charset="windows-1258")
        text = read_upload("a.html", to_cp1258(page))
        assert "Đồng chí Trần Quốc Vượng phát biểu." in text

    def test_page_written_in_tcvn3_font(self):
        body = f"<html><body><p><font face='.VnTime'>{to_tcvn3(SENTENCE)}</font></p></body></html>"
        text = read_upload("cu.html", body.encode("cp1252"))
        assert SENTENCE in text

    def test_empty_page_is_refused(self):
        with pytest.raises(DecodeError):
            read_upload("a.html", b"<html><head><script>x()</script></head><body></body></html>")


def make_docx(paragraphs):
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


class TestReadDocx:
    def test_paragraphs_become_lines(self):
        data = make_docx(["Hội nghị quán triệt Nghị quyết 26-NQ/TW", "", SENTENCE])
        text = read_upload("bai.docx", data)
        assert text.split("\n")[0] == "Hội nghị quán triệt Nghị quyết 26-NQ/TW"
        assert SENTENCE in text

    def test_tcvn3_paragraphs_are_converted(self):
        data = make_docx(["Tiêu đề bằng Unicode của Đảng", to_tcvn3(SENTENCE)])
        text = read_upload("cu.docx", data)
        assert text == "Tiêu đề bằng Unicode của Đảng\n" + SENTENCE

    def test_broken_docx_is_refused(self):
        with pytest.raises(DecodeError, match="docx"):
            read_upload("hong.docx", make_docx([SENTENCE])[:300])

    def test_old_word_doc_is_refused_with_advice(self):
        with pytest.raises(DecodeError, match=r"\.docx"):
            read_upload("cu.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
