"""Query understanding: what a person typed → a structured query.

Pure and index-free: ``parse(text, known_word=None)`` returns a
``ParsedQuery`` with document references (any written form of a document
number), plenum and term references, quoted phrases, expanded abbreviations,
field filters the user typed (``năm:2018``, ``tỉnh:"Hải Phòng"``) and the
remaining bag of words. ``known_word`` (folded syllable → bool) lets the
caller check leftover Telex keys against the index vocabulary.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from archive import codes, vietnamese
from search import analysis

MAX_QUERY_CHARS = 400
MAX_WORDS = 32


@dataclass(frozen=True)
class DocRef:
    number: str
    type: str
    issuer: str | None = None

    @property
    def code(self):
        """Canonical code when the issuer is known, else None."""
        return f"{self.number}-{self.type}/{self.issuer}" if self.issuer else None

    @property
    def key(self):
        """Number and type only ("26-NQ"): matches whatever the issuer."""
        return f"{self.number}-{self.type}"

    def __str__(self):
        return self.code or f"{codes.type_name(self.type)} {self.number}"


@dataclass(frozen=True)
class PlenumRef:
    number: int
    term: int | None = None

    @property
    def key(self):
        if self.term:
            return f"{vietnamese.int_to_roman(self.term)}-{self.number}"
        return f"P{self.number}"

    def __str__(self):
        text = f"Hội nghị Trung ương {self.number}"
        if self.term:
            text += f" khóa {vietnamese.int_to_roman(self.term)}"
        return text


@dataclass
class ParsedQuery:
    raw: str
    words: list = field(default_factory=list)
    phrases: list = field(default_factory=list)
    alternatives: list = field(default_factory=list)
    documents: list = field(default_factory=list)
    plenums: list = field(default_factory=list)
    terms: list = field(default_factory=list)
    filters: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)

    @property
    def is_empty(self):
        return not (
            self.words
            or self.phrases
            or self.alternatives
            or self.documents
            or self.plenums
            or self.terms
            or self.filters
        )

    @property
    def single_document(self):
        """The one document reference when the query is exactly that."""
        if len(self.documents) == 1 and not (
            self.words or self.phrases or self.alternatives or self.plenums or self.terms
        ):
            return self.documents[0]
        return None


# Words users type as field names → filter keys (folded, lower case).
FIELD_NAMES = {
    "nam": "year",
    "year": "year",
    "tinh": "province",
    "tinh/thanh": "province",
    "dia-phuong": "province",
    "province": "province",
    "thanh-pho": "province",
    "van-ban": "document",
    "vanban": "document",
    "document": "document",
    "loai": "type",
    "type": "type",
    "khoa": "term",
    "term": "term",
    "hoi-nghi": "plenum",
    "plenum": "plenum",
    "nguoi": "speaker",
    "speaker": "speaker",
    "dien-gia": "speaker",
    "hinh-thuc": "format",
    "format": "format",
}

ABBREVIATIONS = {
    "tw": "trung ương",
    "bch": "ban chấp hành",
    "bct": "bộ chính trị",
    "bbt": "ban bí thư",
    "btv": "ban thường vụ",
    "hđnd": "hội đồng nhân dân",
    "ubnd": "ủy ban nhân dân",
    "mttq": "mặt trận tổ quốc",
    "ubkt": "ủy ban kiểm tra",
    "nq": "nghị quyết",
    "qđ": "quy định",
    "đbqh": "đại biểu quốc hội",
    "hntw": "hội nghị trung ương",
    "bchtw": "ban chấp hành trung ương",
}
_ABBREV_FOLDED = {vietnamese.fold(k): v for k, v in ABBREVIATIONS.items()}

# Dropped from the bag of words only (never from phrases), and only when
# typed with accents: folded "co" is both "có" and "cơ".
STOP_WORDS = frozenset(
    "và của các là những được cho với trong về tại theo để đã này thì mà ở có "
    "số lần thứ một như từ khi đến".split()
)

_NUM_WORD = r"(?:\d{1,2}|muoi (?:mot|hai|ba|bon|tu|lam|nam|sau|bay|tam|chin)|mot|nhat|hai|ba|bon|tu|nam|sau|bay|tam|chin|muoi)"
_TERM = r"(?:\d{1,2}|(?=[xvi])x{0,3}(?:ix|iv|v?i{0,3}))"

_ISSUER_HINT_RE = re.compile(r"^\s*(?:cua\s+)?(bo chinh tri|ban bi thu|trung uong|ban chap hanh)")
_PLENUM_RES = [
    # "hội nghị lần thứ tám", "hội nghị trung ương 8", "trung ương 7", "HNTW 8", "TW7"
    re.compile(
        rf"\b(?:hoi nghi\s+)?(?:ban chap hanh\s+)?(?:trung uong|hntw|hn tw|tw)\s*"
        rf"(?:lan\s+)?(?:thu\s+)?(?P<num>{_NUM_WORD})\b"
    ),
    re.compile(rf"\bhoi nghi\s+(?:lan\s+)?thu\s+(?P<num>{_NUM_WORD})\b"),
]
_TERM_RE = re.compile(rf"\(?\s*\bkhoa\s+(?P<term>{_TERM})\b\s*\)?")
_PLENUM_TAIL_RE = re.compile(
    rf"^\s*(?:ban chap hanh\s+)?(?:trung uong\s+)?(?:dang\s+)?\(?\s*khoa\s+(?P<term>{_TERM})\b\s*\)?"
)
_FILTER_RE = re.compile(r'(?<!\S)([\w/-]+):(?:"([^"]*)"|“([^”]*)”|(\S+))')
_QUOTED_RE = re.compile(r'"([^"]+)"|“([^”]+)”')
_TELEX_FINAL = {"s": "\u0301", "f": "\u0300", "r": "\u0309", "x": "\u0303", "j": "\u0323"}
_TELEX_PAIRS = [
    ("dd", "đ"),
    ("uow", "ươ"),
    ("aa", "â"),
    ("aw", "ă"),
    ("ee", "ê"),
    ("oo", "ô"),
    ("ow", "ơ"),
    ("uw", "ư"),
]


def _clean(text):
    text = vietnamese.normalize(text or "")
    # Control characters become spaces; nothing else is special to us.
    text = vietnamese.strip_controls(text, " ")
    text = re.sub(r"\bT\s?\.\s?Ư\b", "TW", text, flags=re.IGNORECASE)
    return re.sub(r"\bTƯ\b", "TW", text)


def _mask(text, start, end):
    return text[:start] + " " * (end - start) + text[end:]


def decode_telex(word):
    """ "nghij" → "nghị", "ddangr" → "đảng", "quyeets" → "quyết"; None if the
    word has no Telex keys."""
    w = word.lower()
    tone = ""
    if len(w) > 2 and w[-1] in _TELEX_FINAL and re.search(r"[aeiouy]", w[:-1]):
        tone = _TELEX_FINAL[w[-1]]
        w = w[:-1]
    changed = bool(tone)
    for src, dst in _TELEX_PAIRS:
        if src in w:
            w = w.replace(src, dst)
            changed = True
    if not changed:
        return None
    if tone:
        # Put the tone on the main vowel: the last of ơ/ê/â/ă/ô/ư if any,
        # else the second of a two-vowel nucleus when followed by a consonant.
        vowels = [i for i, c in enumerate(w) if c in "aăâeêioôơuưy"]
        if not vowels:
            return None
        marked = [i for i in vowels if w[i] in "ăâêôơư"]
        if marked:
            pos = marked[-1]
        elif len(vowels) >= 2 and vowels[-1] < len(w) - 1:
            pos = vowels[-1]
        elif len(vowels) >= 2:
            pos = vowels[-2]
        else:
            pos = vowels[0]
        if w.startswith(("qu", "gi")) and pos == 1 and len(vowels) > 1:
            pos = vowels[-1]
        w = vietnamese.normalize(w[: pos + 1] + tone + w[pos + 1 :])
    return vietnamese.fix_tones(w)


def _read_filters(text, parsed):
    for m in list(_FILTER_RE.finditer(text)):
        key = FIELD_NAMES.get(vietnamese.fold(m.group(1)).lower())
        if key is None:
            continue
        value = next(g for g in m.groups()[1:] if g is not None).strip()
        if value:
            parsed.filters.setdefault(key, []).append(value)
        text = _mask(text, m.start(), m.end())
    return text


def _read_documents(text, folded, parsed):
    for code, start, end in codes.find_codes(text):
        ref = DocRef(code.number, code.type, code.issuer)
        if ref not in parsed.documents:
            parsed.documents.append(ref)
        text, folded = _mask(text, start, end), _mask(folded, start, end)
    for m in list(codes.SHORT_REF_RE.finditer(folded)):
        type_, number = codes.short_ref(m)
        if type_ is None:
            continue
        hint = _ISSUER_HINT_RE.match(folded[m.end() :])
        ref = DocRef(number, type_, "TW" if hint else None)
        if ref not in parsed.documents:
            parsed.documents.append(ref)
        end = m.end() + (hint.end() if hint else 0)
        text, folded = _mask(text, m.start(), end), _mask(folded, m.start(), end)
    return text, folded


def _read_plenums(text, folded, parsed):
    for regex in _PLENUM_RES:
        for m in list(regex.finditer(folded)):
            num_text = text[m.start("num") : m.end("num")]
            number = vietnamese.number_from_words(num_text) or vietnamese.number_from_words(
                m.group("num")
            )
            if not number or number > 30:
                continue
            end = m.end()
            term = None
            tail = _PLENUM_TAIL_RE.match(folded[end:])
            if tail:
                term = vietnamese.term_number(tail.group("term"))
                end += tail.end()
            ref = PlenumRef(number, term)
            if ref not in parsed.plenums:
                parsed.plenums.append(ref)
            text, folded = _mask(text, m.start(), end), _mask(folded, m.start(), end)
    for m in list(_TERM_RE.finditer(folded)):
        term = vietnamese.term_number(m.group("term"))
        if term and 1 <= term <= 20:
            if term not in parsed.terms:
                parsed.terms.append(term)
            text, folded = _mask(text, m.start(), m.end()), _mask(folded, m.start(), m.end())
    return text, folded


def _word_tokens(text, known_word, parsed):
    out = []
    for raw in analysis.TOKEN_RE.findall(text):
        if raw.upper() in ("AND", "OR", "NOT") or raw.strip("_") == "" or len(raw) > 40:
            continue
        low = vietnamese.fix_tones(raw.lower())
        if known_word is not None and not known_word(vietnamese.fold(low)):
            decoded = decode_telex(low)
            if decoded and known_word(vietnamese.fold(decoded)):
                parsed.notes.append(
                    _("Đã hiểu “%(raw)s” là “%(decoded)s”.") % {"raw": raw, "decoded": decoded}
                )
                low = decoded
        out.append(low)
    return out


def parse(text, known_word=None):
    """Parse a search box query. Never raises: malformed input (unbalanced
    quotes, lone operators, control characters, 10,000 characters) yields
    whatever words it contains, possibly none."""
    text = _clean(text)
    parsed = ParsedQuery(raw=text.strip())
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        parsed.notes.append(
            _("Câu tìm kiếm quá dài: chỉ dùng %(count)d ký tự đầu.") % {"count": MAX_QUERY_CHARS}
        )
    text = _read_filters(text, parsed)
    # Phrases first, so codes inside quotes are still read as codes below.
    phrase_texts = []
    for m in list(_QUOTED_RE.finditer(text)):
        phrase_texts.append(m.group(1) or m.group(2))
        text = _mask(text, m.start(), m.end())
    text = text.replace('"', " ").replace("“", " ").replace("”", " ")
    pieces = []
    for piece in [text, *phrase_texts]:
        folded = vietnamese.fold(piece.lower())
        if len(folded) != len(piece):
            folded = piece.lower()
        piece, folded = _read_documents(piece, folded, parsed)
        piece, folded = _read_plenums(piece, folded, parsed)
        pieces.append(piece)
    for phrase_text in pieces[1:]:
        # The index keeps no syllable pairs across punctuation, so neither
        # does a phrase: "chạy chức, chạy quyền" is two adjacent-pair groups.
        for clause in analysis.CLAUSE_SPLIT_RE.split(phrase_text):
            words = _word_tokens(clause, known_word, parsed)
            if len(words) > 1:
                parsed.phrases.append(words[:MAX_WORDS])
            elif words:
                parsed.words.extend(words)
    words = []
    for word in _word_tokens(pieces[0], known_word, parsed):
        expansion = _ABBREV_FOLDED.get(vietnamese.fold(word))
        if expansion:
            parsed.alternatives.append((word, expansion.split()))
        else:
            words.append(word)
    content = [w for w in words if w not in STOP_WORDS]
    parsed.words.extend((content or words)[:MAX_WORDS])
    return parsed
