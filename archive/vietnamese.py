"""Vietnamese text normalisation: the one module every other part calls.

Ingestion (``normalize``) makes text NFC and removes look-alikes and invisible
characters. ``fix_tones`` brings one lower-cased syllable to one tone-placement
convention (new style: hoà → hoà, khóa → khoá ... see below) and ``fold``
removes diacritics (đ → d). ``number_from_words`` and the Roman helpers read
the numbers reports write as words ("lần thứ Bảy") or numerals ("khóa XII").
"""

import re
import unicodedata
from functools import lru_cache

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff\u00ad"), None)
_INVISIBLE.update({0x00A0: " ", 0x202F: " ", 0x2007: " ", 0x00D0: "Đ", 0x00F0: "đ"})


_INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\ufeff\u00ad\u00a0\u202f\u2007\u00d0\u00f0]")


def normalize(text):
    """NFC, Ð/ð look-alikes → Đ/đ, zero-width and soft hyphens removed,
    non-breaking spaces → spaces, Windows/Mac line ends → \\n."""
    if not text:
        return ""
    # Each step only when needed: most text is already clean NFC, and
    # str.translate is slow on non-ASCII text (this runs on every import).
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if _INVISIBLE_RE.search(text):
        text = text.translate(_INVISIBLE)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def strip_controls(text, replacement=""):
    """Control characters (C0, DEL, C1) removed, or replaced by ``replacement``:
    they mean nothing in a query or a URL parameter, and PostgreSQL refuses NUL."""
    return _CONTROL_RE.sub(replacement, text)


def ascii_int(text, max_digits=4):
    """The number written in ASCII digits ("2018"), at most ``max_digits`` of
    them; None for anything else. ``str.isdigit`` also accepts "²" and "①"
    (which ``int`` refuses), and an unbounded number is a CPU and memory bomb
    wherever it is turned into Roman numerals or compared against a table."""
    text = text.strip()
    if 0 < len(text) <= max_digits and text.isascii() and text.isdigit():
        return int(text)
    return None


# Old → new tone placement on open syllables ending in oa/oe/uy. Applied to a
# lower-cased syllable's end only: closed syllables (hoàng, toán) and "qu"
# (quý) are written the same in both styles.
_TONE_PAIRS = {
    "òa": "oà",
    "óa": "oá",
    "ỏa": "oả",
    "õa": "oã",
    "ọa": "oạ",
    "òe": "oè",
    "óe": "oé",
    "ỏe": "oẻ",
    "õe": "oẽ",
    "ọe": "oẹ",
    "ùy": "uỳ",
    "úy": "uý",
    "ủy": "uỷ",
    "ũy": "uỹ",
    "ụy": "uỵ",
}


@lru_cache(maxsize=100_000)
def fix_tones(syllable):
    """One tone-placement convention for a lower-cased NFC syllable:
    ``khóa`` → ``khoá``, ``ủy`` → ``uỷ``; anything else unchanged."""
    tail = syllable[-2:]
    new = _TONE_PAIRS.get(tail)
    if new is None:
        return syllable
    # "quý" keeps its tone on y in both styles; only the u+y vowel pair moves.
    if tail[1] == "y" and syllable[-3:-2] == "q":
        return syllable
    return syllable[:-2] + new


_FOLD = {}
for _base, _variants in {
    "a": "àáảãạăằắẳẵặâầấẩẫậ",
    "e": "èéẻẽẹêềếểễệ",
    "i": "ìíỉĩị",
    "o": "òóỏõọôồốổỗộơờớởỡợ",
    "u": "ùúủũụưừứửữự",
    "y": "ỳýỷỹỵ",
    "d": "đ",
}.items():
    for _ch in _variants:
        _FOLD[ord(_ch)] = _base
        _FOLD[ord(_ch.upper())] = _base.upper()


# Lower-case + fold, one character for one character: offsets in the folded
# text are offsets in the original, so regexes can run on the folded form and
# slices be taken from the original (extractor).
_FOLD_LOWER = {ord(c): c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
_FOLD_LOWER.update({k: v.lower() for k, v in _FOLD.items()})
# A list indexed by code point translates ~3× faster than a dict; code points
# past its end raise IndexError, which str.translate treats as "keep".
_FOLD_LOWER_TABLE = [chr(i) for i in range(max(_FOLD_LOWER) + 1)]
for _k, _v in _FOLD_LOWER.items():
    _FOLD_LOWER_TABLE[_k] = _v
UPPER_LETTERS = "".join(sorted({chr(k) for k in _FOLD} | set("ABCDEFGHIJKLMNOPQRSTUVWXYZ")))
UPPER_LETTERS = "".join(c for c in UPPER_LETTERS if c.isupper())
LOWER_LETTERS = UPPER_LETTERS.lower()


def fold_lower(text):
    """Lower-cased and folded like ``fold(text).lower()`` for Vietnamese and
    ASCII letters, but with exactly one output character per input character
    (other characters are kept), so match offsets carry over to ``text``."""
    return text.translate(_FOLD_LOWER_TABLE)


def word_starts(low, literals, start=0, end=None):
    """Sorted offsets in ``low`` (``fold_lower`` text) where one of
    ``literals`` starts a word.
    str.find is far faster than a regex scan whose pattern does not begin
    with a literal, so regexes are matched only at these offsets."""
    end = len(low) if end is None else end
    found = set()
    for literal in literals:
        pos = low.find(literal, start, end)
        while pos >= 0:
            if pos == 0 or not low[pos - 1].isalnum():
                found.add(pos)
            pos = low.find(literal, pos + 1, end)
    return sorted(found)


def fold(text):
    """Remove Vietnamese diacritics, đ → d (case kept). Other scripts' marks
    are removed through NFD."""
    text = text.translate(_FOLD)
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


SYLLABLE_RE = re.compile(r"\w+", re.UNICODE)


def syllables(text):
    """The syllables (word characters runs) of NFC text, in order."""
    return SYLLABLE_RE.findall(text)


def search_key(text):
    """Lower-cased, folded, single-spaced form for loose comparisons
    (names, places, titles)."""
    return " ".join(fold(normalize(text)).lower().split())


# Administrative words written before a place's name ("Tỉnh ủy Quảng Ninh",
# "UBND huyện Mai Sơn", "TP. Hồ Chí Minh"), folded; several may stack.
_PLACE_PREFIXES = (
    "thanh uy ",
    "tinh uy ",
    "huyen uy ",
    "quan uy ",
    "thi uy ",
    "dang uy ",
    "ubnd ",
    "thanh pho ",
    "tp. ",
    "tp ",
    "tinh ",
    "huyen ",
    "quan ",
    "thi xa ",
)


def place_aliases(name, historical_names=""):
    """Every name a place goes by, as keys (``search_key``): its name, its
    historical names (one a line) and, for "Thành phố X", plain "X" (how
    "Thành phố Hồ Chí Minh" is mostly written)."""
    names = [name, *historical_names.splitlines()]
    if name.startswith("Thành phố "):
        names.append(name[len("Thành phố ") :])
    return [key for key in dict.fromkeys(search_key(n) for n in names) if key]


def place_key(text):
    """``search_key`` of a place as written with the administrative words
    before it removed: "Tỉnh ủy Quảng Ninh", "tỉnh Quảng Ninh" → "quang ninh"."""
    key = search_key(text)
    changed = True
    while changed:
        changed = False
        for prefix in _PLACE_PREFIXES:
            if key.startswith(prefix):
                key, changed = key[len(prefix) :], True
    return key


# Vietnamese alphabetical order (the order of dictionaries and of official
# lists of provinces): ă, â, đ, ê, ô, ơ, ư are letters of their own after their
# base letter, and tones only break ties, in the order ngang, huyền, hỏi, ngã,
# sắc, nặng. Code-point or folded order puts "Cần Thơ" before "Cao Bằng".
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {c: i + 1 for i, c in enumerate(_ALPHABET)}
_MODIFIERS = {"\u0306": "ă", "\u0302": "^", "\u031b": "+"}
_WITH_MODIFIER = {
    ("a", "ă"): "ă",
    ("a", "^"): "â",
    ("e", "^"): "ê",
    ("o", "^"): "ô",
    ("o", "+"): "ơ",
    ("u", "+"): "ư",
}
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def collation_key(text):
    """Sort key for names in Vietnamese alphabetical order (case-insensitive):
    ``sorted(names, key=collation_key)`` lists Cao Bằng before Cần Thơ and
    Đà Nẵng after Dương."""
    letters, tones = [], []
    for ch in unicodedata.normalize("NFD", normalize(text).lower()):
        if ch in _MODIFIERS and letters:
            base = _WITH_MODIFIER.get((letters[-1], _MODIFIERS[ch]))
            if base:
                letters[-1] = base
            continue
        if ch in _TONE_RANK:
            if tones:
                tones[-1] = _TONE_RANK[ch]
            continue
        if unicodedata.combining(ch):
            continue
        letters.append(ch)
        tones.append(0)
    ranks = tuple(_LETTER_RANK.get(c, 0 if c.isspace() else 100 + ord(c)) for c in letters)
    return ranks, tuple(tones), text


_UNITS = {
    "không": 0,
    "một": 1,
    "mốt": 1,
    "nhất": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "tư": 4,
    "năm": 5,
    "lăm": 5,
    "nhăm": 5,
    "sáu": 6,
    "bảy": 7,
    "bẩy": 7,
    "tám": 8,
    "chín": 9,
}
_UNITS_FOLDED = {fold(k): v for k, v in _UNITS.items()}
# Folded forms that are ambiguous ("tu" is also "từ", "nam" also "nam") are only
# accepted when the text is accented, so take them from the accented table.
for _ambiguous in ("tu", "nam", "mot", "lam", "nham"):
    _UNITS_FOLDED.pop(_ambiguous, None)


def number_from_words(words):
    """Read a Vietnamese number written in words, 1–99: "bảy" → 7,
    "mười một" → 11, "hai mươi mốt" → 21. Returns None if it is not one.
    Digits ("8") are read too."""
    text = " ".join(fix_tones(w) for w in normalize(words).lower().split())
    if text.isdigit():
        return ascii_int(text, 3)
    parts = text.split()
    if not parts:
        return None

    def unit(word):
        if word in _UNITS:
            return _UNITS[word]
        return _UNITS_FOLDED.get(word)

    if len(parts) == 1:
        if parts[0] in ("mười", "muoi"):
            return 10
        value = unit(parts[0])
        return value if value not in (None, 0) else None
    if parts[0] in ("mười", "muoi") and len(parts) == 2:
        value = unit(parts[1])
        return 10 + value if value is not None and value != 0 else None
    if len(parts) in (2, 3) and parts[1] in ("mươi", "muoi"):
        tens = unit(parts[0])
        if tens is None or tens < 2:
            return None
        if len(parts) == 2:
            return tens * 10
        ones = unit(parts[2])
        return tens * 10 + ones if ones is not None else None
    return None


_ROMAN = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
ROMAN_RE = re.compile(r"^(X{0,3})(IX|IV|V?I{0,3})$", re.IGNORECASE)


def int_to_roman(n):
    """12 → "XII" for 1–39 (the numerals ``roman_to_int`` reads); "" for
    anything else: one "X" per ten made 1,000,000,000 a 900 MB string."""
    if not isinstance(n, int) or not 1 <= n <= 39:
        return ""
    out = []
    for value, numeral in _ROMAN:
        while n >= value:
            out.append(numeral)
            n -= value
    return "".join(out)


def roman_to_int(text):
    """ "XII" → 12, "xiii" → 13; None if not a Roman numeral (1–39)."""
    text = text.strip().upper()
    if not text or not ROMAN_RE.match(text):
        return None
    values = {"I": 1, "V": 5, "X": 10}
    total = 0
    for i, ch in enumerate(text):
        v = values[ch]
        if i + 1 < len(text) and values[text[i + 1]] > v:
            total -= v
        else:
            total += v
    return total or None


def term_number(text):
    """A term written as Roman numeral or digits ("XII", "12") → 12; None for
    anything else, numbers past 39 included (the Roman numerals read here)."""
    text = text.strip()
    if text.isdigit():
        number = ascii_int(text, 2)
        return number if number and number <= 39 else None
    return roman_to_int(text)


def names_alternation(keys):
    """One regex alternation matching any of ``keys`` (search keys: folded,
    lower-case, single-spaced) in folded text, longest first so "Hà Nội" is
    not cut to a shorter name, any run of spaces or line breaks between words."""
    ordered = sorted(keys, key=len, reverse=True)
    return "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in ordered)
