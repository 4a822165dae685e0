"""Vietnamese text written in the pre-Unicode 8-bit encodings, back to Unicode.

Two legacy encodings were everywhere in Vietnamese offices and still turn up
in saved files and Word documents:

- TCVN3 (TCVN 5712:1993 "VN3", the ".Vn" fonts of the ABC package): one byte per
  accented lower-case letter, e.g. "Uû ban nh©n d©n" for "Uỷ ban nhân dân".
  Upper-case accented letters were drawn with a second font (.VnTimeH) over the
  same bytes, so they come back lower case; see _restore_caps.
- VNI-Windows: a base letter followed by one byte for its marks, e.g.
  "Vieät Nam" for "Việt Nam", "Ñaûng" for "Đảng".

Both reach us as text that was decoded as Windows-1252 (a .txt file's bytes)
or as those same characters inside a .docx/.html (the font did the rest), so
the converters work on characters, not bytes. Detection is by result: each
conversion is tried and kept only if it produces clearly more real Vietnamese
words than the text had (vietnamese_score). The same check undoes UTF-8 that
was read as Windows-1252 ("Nghá»‹ quyáº¿t").
"""

import re
import unicodedata

# TCVN3 byte (read as Windows-1252/Latin-1) → Unicode. Lower case, then the
# seven upper-case letters the encoding has.
_TCVN3_LOWER = {
    "a": "µ¸¶·¹",  # à á ả ã ạ
    "ă": "¨»¾¼½Æ",  # ă ằ ắ ẳ ẵ ặ
    "â": "©ÇÊÈÉË",  # â ầ ấ ẩ ẫ ậ
    "e": "ÌÐÎÏÑ",  # è é ẻ ẽ ẹ
    "ê": "ªÒÕÓÔÖ",  # ê ề ế ể ễ ệ
    "i": "×ÝØÜÞ",  # ì í ỉ ĩ ị
    "o": "ßãáâä",  # ò ó ỏ õ ọ
    "ô": "«åèæçé",  # ô ồ ố ổ ỗ ộ
    "ơ": "¬êíëìî",  # ơ ờ ớ ở ỡ ợ
    "u": "ïóñòô",  # ù ú ủ ũ ụ
    "ư": "\xadõøö÷ù",  # ư ừ ứ ử ữ ự  (ư is the soft-hyphen byte 0xAD)
    "y": "úýûüþ",  # ỳ ý ỷ ỹ ỵ
}
_TONES = "\u0300\u0301\u0309\u0303\u0323"  # huyền sắc hỏi ngã nặng


def _build_tcvn3():
    table = {}
    for base, chars in _TCVN3_LOWER.items():
        # Letters with their own base glyph (ă â ê ô ơ ư) list it first.
        tones = ("",) + tuple(_TONES) if base in "ăâêôơư" else tuple(_TONES)
        for legacy, tone in zip(chars, tones, strict=True):
            table[ord(legacy)] = unicodedata.normalize("NFC", base + tone)
    table[ord("®")] = "đ"
    for legacy, letter in zip("¡¢£¤¥¦§", "ĂÂÊÔƠƯĐ", strict=True):
        table[ord(legacy)] = letter
    return table


TCVN3_TABLE = _build_tcvn3()


def tcvn3_to_unicode(text):
    """Convert TCVN3 (ABC) text, read as Windows-1252 characters, to Unicode NFC."""
    return _restore_caps(text.translate(TCVN3_TABLE), TCVN3_TABLE)


def _restore_caps(converted, table):
    # An all-capitals word such as "NGHÞ QUYÕT" (.VnTimeH) converts to "NGHị
    # QUYếT": upper-case the converted letters of words whose plain letters are
    # all capitals.
    converted_chars = set(table.values())

    def fix(match):
        word = match.group(0)
        plain = [c for c in word if c.isascii() and c.isalpha()]
        if len(plain) >= 2 and all(c.isupper() for c in plain):
            if any(c in converted_chars for c in word):
                return word.upper()
        return word

    return re.sub(r"\w+", fix, converted)


# VNI-Windows: marks written as the byte after the base letter. Lower-case mark
# bytes follow lower-case letters and upper-case ones follow capitals; both
# cases are accepted after either, the letter's case wins.
_CIRC, _BREVE = "\u0302", "\u0306"
_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT = _TONES
_VNI_MARKS = {}
for _lower, _upper, _marks in (
    ("ù", "Ù", _ACUTE),
    ("ø", "Ø", _GRAVE),
    ("û", "Û", _HOOK),
    ("õ", "Õ", _TILDE),
    ("ï", "Ï", _DOT),
    ("â", "Â", _CIRC),
    ("á", "Á", _CIRC + _ACUTE),
    ("à", "À", _CIRC + _GRAVE),
    ("å", "Å", _CIRC + _HOOK),
    ("ã", "Ã", _CIRC + _TILDE),
    ("ä", "Ä", _CIRC + _DOT),
    ("ê", "Ê", _BREVE),
    ("é", "É", _BREVE + _ACUTE),
    ("è", "È", _BREVE + _GRAVE),
    ("ú", "Ú", _BREVE + _HOOK),
    ("ü", "Ü", _BREVE + _TILDE),
    ("ë", "Ë", _BREVE + _DOT),
):
    _VNI_MARKS[_lower] = _VNI_MARKS[_upper] = _marks

# Letters VNI writes as one byte (ì and í are the same as in Windows-1252).
_VNI_SINGLE = {
    "ñ": "đ",
    "Ñ": "Đ",
    "ô": "ơ",
    "Ô": "Ơ",
    "ö": "ư",
    "Ö": "Ư",
    "ò": "ị",
    "Ò": "Ị",
    "ó": "ĩ",
    "Ó": "Ĩ",
    "æ": "ỉ",
    "Æ": "Ỉ",
    "î": "ỵ",
    "Î": "Ỵ",
}
# Which bases take which marks: tones go on any vowel, the circumflex on a/e/o,
# the breve on a only.
_TAKES_TONE = set("aeiouyơưAEIOUYƠƯ")
_TAKES_CIRC = set("aeoAEO")
_TAKES_BREVE = set("aA")


def vni_to_unicode(text):
    """Convert VNI-Windows text, read as Windows-1252 characters, to Unicode NFC."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        single = _VNI_SINGLE.get(c)
        base = single or c
        marks = _VNI_MARKS.get(text[i + 1]) if i + 1 < n and base in _TAKES_TONE else None
        if marks and _fits(base, marks):
            out.append(unicodedata.normalize("NFC", base + marks))
            i += 2
            continue
        out.append(base)
        i += 1
    return "".join(out)


def _fits(base, marks):
    if marks[0] == _CIRC:
        return base in _TAKES_CIRC
    if marks[0] == _BREVE:
        return base in _TAKES_BREVE
    return True


def undo_mojibake(text):
    """UTF-8 bytes that were read as Windows-1252 ("Há»™i nghá»‹"), read again
    as UTF-8. Returns None when the text is not that."""
    data = bytearray()
    for ch in text:
        code = ord(ch)
        if code < 0x80:
            data.append(code)
            continue
        b = _CP1252_BYTES.get(ch)
        if b is None:
            if code > 0xFF:
                return None
            b = code  # bytes 0x81, 0x8D, 0x8F, 0x90, 0x9D pass through as C1 controls
        data.append(b)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


_CP1252_BYTES = {}
for _b in range(0x80, 0x100):
    try:
        _CP1252_BYTES[bytes([_b]).decode("cp1252")] = _b
    except UnicodeDecodeError:
        pass

# Frequent words of this genre that carry diacritics: unaccented words ("va",
# "cac") would score legacy junk and real text alike.
_COMMON_WORDS = frozenset(
    """
    của và được những các người trong đảng nghị quyết hội năm với cho là có đã một này
    thực hiện đồng chí tỉnh ủy uỷ trung ương việt nhân dân công tác để về từ đến khi không
    phát triển học tập quán triệt khai điểm cầu cán bộ viên thành phố lãnh đạo chỉ tổ chức
    xã kinh tế ngày tháng đề nội dung cấp chấp hành bí thư đại huyện chính trị nước cơ sở
    tuyên giáo thường vụ quốc gia trực tuyến đoàn thể sự lần thứ nhiệm kỳ hà quản lý địa
    phương tiếp tục nâng cao hiệu quả tăng cường xây dựng chương trình kế hoạch
    """.split()
)
_WORD = re.compile(r"\w+")
# Letters that exist only in Unicode Vietnamese (not in Windows-1252), i.e.
# evidence that a line is already real Unicode text.
_UNICODE_ONLY = re.compile("[ăĂđĐơƠưƯĩĨũŨ\u1ea0-\u1ef9\u0300-\u0323]")


def vietnamese_score(text):
    """Share of words that are common accented Vietnamese words (0..1)."""
    words = _WORD.findall(text.lower())
    if not words:
        return 0.0
    return sum(w in _COMMON_WORDS for w in words) / len(words)


CONVERTERS = {
    "TCVN3": tcvn3_to_unicode,
    "VNI": vni_to_unicode,
}


def repair(text):
    """Return (text, encoding) with legacy-encoded text converted to Unicode.

    `encoding` names what was found: "TCVN3", "VNI", "UTF-8 (đọc nhầm
    Windows-1252)", or "" when the text was left alone. Lines that already
    contain Unicode-only Vietnamese letters are never converted, so a Word file
    mixing Unicode and TCVN3 paragraphs comes out whole.
    """
    if not any("\x80" <= ch <= "\xff" for ch in text):
        return text, ""
    base = vietnamese_score(text)
    best, best_name, best_score = text, "", base
    fixed = undo_mojibake(text)
    if fixed is not None and vietnamese_score(fixed) > best_score:
        best, best_name, best_score = (
            fixed,
            "UTF-8 (đọc nhầm Windows-1252)",
            vietnamese_score(fixed),
        )
    for name, convert in CONVERTERS.items():
        candidate = _convert_lines(text, convert)
        score = vietnamese_score(candidate)
        if score > best_score:
            best, best_name, best_score = candidate, name, score
    # A lone matching word is not evidence; ask for a real difference.
    if best_name and best_score - base < 0.02:
        return text, ""
    return best, best_name


def _convert_lines(text, convert):
    return "\n".join(
        line if _UNICODE_ONLY.search(line) else convert(line) for line in text.split("\n")
    )


# Windows-1252 punctuation that unaccented text may contain without being
# in any legacy Vietnamese encoding.
_PLAIN_CP1252 = set("“”‘’–—…•€\xa0«»°·")


def decode_8bit(data):
    """Decode bytes that are not UTF-8: Windows-1258, TCVN3 or VNI, whichever
    gives real Vietnamese. Returns (text, encoding) or None when none does.
    """
    cp1252 = data.decode("cp1252", errors="replace").replace("\ufffd", "")
    candidates = [
        (unicodedata.normalize("NFC", data.decode("cp1258", errors="replace")), "Windows-1258"),
        (tcvn3_to_unicode(cp1252), "TCVN3"),
        (vni_to_unicode(cp1252), "VNI"),
    ]
    scored = [(vietnamese_score(text), text, name) for text, name in candidates]
    score, text, name = max(scored, key=lambda item: item[0])
    if score > 0.02:
        return text, name
    # Unaccented text with a few curly quotes or dashes: plain Windows-1252.
    if all(ch.isascii() or ch in _PLAIN_CP1252 for ch in cp1252):
        return cp1252, "Windows-1252"
    return None
