"""Party document numbers ("số và ký hiệu"): the one place that parses them.

A code is NUMBER-TYPE/ISSUER, canonical form ``26-NQ/TW``: upper case, Đ kept.
Written variants read here: "26 - NQ/TW", "26 – nq/tw", "26-NQ/T.Ư", "26/NQ-TW",
"205-QD/TW" (QD → QĐ). Type words ("Nghị quyết", "quy dinh") map to types.
"""

import re
from typing import NamedTuple

from django.utils.translation import gettext_noop as N_

from archive import vietnamese

# Canonical type abbreviations and their names.
DOC_TYPES = {
    "NQ": N_("Nghị quyết"),
    "QĐ": N_("Quy định"),
    # Regulations of the Central Committee since 2021 are numbered "08-QĐi/TW".
    "QĐI": N_("Quy định"),
    "HD": N_("Hướng dẫn"),
    "CT": N_("Chỉ thị"),
    "KL": N_("Kết luận"),
    "TB": N_("Thông báo"),
    "QC": N_("Quy chế"),
    "KH": N_("Kế hoạch"),
    "ĐA": N_("Đề án"),
    "BC": N_("Báo cáo"),
    "CTR": N_("Chương trình"),
}
# Folded upper-case spelling → canonical type ("QD" → "QĐ", "DA" → "ĐA").
_TYPE_BY_FOLDED = {vietnamese.fold(t).upper(): t for t in DOC_TYPES}

# Type words as written in running text (folded, lower case) → type.
TYPE_WORDS = {
    "nghi quyet": "NQ",
    "quy dinh": "QĐ",
    "quyet dinh": "QĐ",
    "huong dan": "HD",
    "chi thi": "CT",
    "ket luan": "KL",
    "thong bao": "TB",
    "quy che": "QC",
    "ke hoach": "KH",
    "de an": "ĐA",
    "bao cao": "BC",
    "chuong trinh": "CTR",
}

# Known issuers (folded, upper) → canonical spelling with Đ where it belongs.
ISSUERS = {
    "TW": "TW",
    "TU": "TU",
    "HU": "HU",
    "QU": "QU",
    "TU.": "TU",
    "BTCTW": "BTCTW",
    "VPTW": "VPTW",
    "UBKTTW": "UBKTTW",
    "BTGTW": "BTGTW",
    "BDVTW": "BDVTW",
    "BKTTW": "BKTTW",
    "BNCTW": "BNCTW",
    "BCSĐ": "BCSĐ",
    "DU": "ĐU",
    "DUK": "ĐUK",
    "DDT": "ĐĐT",
    "BCSD": "BCSĐ",
    "DUQSTW": "ĐUQSTW",
    "QUTW": "QUTW",
    "DUCA": "ĐUCA",
}


class DocCode(NamedTuple):
    number: str
    type: str
    issuer: str

    @property
    def code(self):
        return f"{self.number}-{self.type}/{self.issuer}"


def canonical_type(text):
    """ "nq" → "NQ", "QD"/"qđ" → "QĐ", "CTr" → "CTR"; None if unknown."""
    key = vietnamese.fold(vietnamese.normalize(text)).upper().replace(".", "")
    return _TYPE_BY_FOLDED.get(key)


def canonical_issuer(text):
    """ "T.Ư"/"TƯ"/"tw" → "TW", "btctw" → "BTCTW", "ĐU"/"du" → "ĐU"."""
    raw = vietnamese.normalize(text).upper().replace(".", "").replace(" ", "")
    raw = raw.replace("Ư", "W") if raw in ("TƯ", "HƯ") or raw.endswith("TƯ") else raw
    key = vietnamese.fold(raw).upper()
    if key in ISSUERS:
        return ISSUERS[key]
    return raw


# What readers call each issuer. "TW" alone covers the Central Committee, the
# Politburo and the Secretariat: which one is known only from the reference data
# (a plenum's documents are the Central Committee's), so it stays general here.
ISSUER_NAMES = {
    "TW": N_("Trung ương Đảng"),
    "TU": N_("Tỉnh ủy"),
    "HU": N_("Huyện ủy"),
    "QU": N_("Quận ủy"),
    "BTCTW": N_("Ban Tổ chức Trung ương"),
    "VPTW": N_("Văn phòng Trung ương Đảng"),
    "UBKTTW": N_("Ủy ban Kiểm tra Trung ương"),
    "BTGTW": N_("Ban Tuyên giáo Trung ương"),
    "BDVTW": N_("Ban Dân vận Trung ương"),
    "BKTTW": N_("Ban Kinh tế Trung ương"),
    "BNCTW": N_("Ban Nội chính Trung ương"),
    "BCSĐ": N_("Ban cán sự đảng"),
    "ĐU": N_("Đảng ủy"),
    "ĐUK": N_("Đảng ủy Khối"),
    "ĐĐT": N_("Đảng đoàn"),
    "ĐUQSTW": N_("Đảng ủy Quân sự Trung ương"),
    "QUTW": N_("Quân ủy Trung ương"),
    "ĐUCA": N_("Đảng ủy Công an Trung ương"),
}
CENTRAL_COMMITTEE = N_("Ban Chấp hành Trung ương")


def issuer_name(issuer, passed_by_plenum=False):
    """The issuing body in words: "Ban Chấp hành Trung ương" for a document a
    plenum passed, else the issuer code's name ("BTCTW" → "Ban Tổ chức Trung
    ương"), else the code as written."""
    if passed_by_plenum and issuer == "TW":
        return CENTRAL_COMMITTEE
    return ISSUER_NAMES.get(issuer, issuer)


def type_name(type_code):
    return DOC_TYPES.get(type_code, type_code)


def type_from_word(words):
    """A type word as written ("Nghị quyết", "quy dinh") → type, or None."""
    return TYPE_WORDS.get(vietnamese.search_key(words))


_DASH = r"\s*[-–—‐‑−]\s*"
_TYPE_RE = r"(?P<type>[A-Za-zĐđ]{2,3})"
_ISSUER_RE = r"(?P<issuer>(?:T\.\s?Ư|[A-Za-zĐđƯư]{2,8}))"
# 26-NQ/TW, 26 – NQ/T.Ư, 21-HD/BTCTW
_CODE_RE = re.compile(
    r"(?<![\w/])(?P<number>\d{1,4})" + _DASH + _TYPE_RE + r"\s*/\s*" + _ISSUER_RE + r"(?![\w])",
    re.UNICODE,
)
# 26/NQ-TW (slash and dash swapped)
_SWAPPED_RE = re.compile(
    r"(?<![\w/])(?P<number>\d{1,4})\s*/\s*" + _TYPE_RE + _DASH + _ISSUER_RE + r"(?![\w])",
    re.UNICODE,
)


# Short references, without issuer: a type word or a common abbreviation,
# then the number ("nghị quyết 26", "Quy định số 205", "NQ 26", "nq26"),
# matched on folded lower-case text (vietnamese.fold_lower). Not when the
# number goes on into a full code ("26-NQ/TW" is read by find_codes).
SHORT_REF_ANCHORS = (*TYPE_WORDS, "nq", "qd", "ct", "kl", "hd")
SHORT_REF_RE = re.compile(
    r"\b(?P<word>"
    + "|".join(sorted(SHORT_REF_ANCHORS, key=len, reverse=True))
    + r")\s*[-.]?\s*(?:so\s+)?(?P<n>\d{1,4})\b(?!\s*[-–—/]\s*\w)"
)


def short_ref(match):
    """(type, number) of a ``SHORT_REF_RE`` match: ("QĐ", "205")."""
    word = match.group("word")
    return TYPE_WORDS.get(word) or canonical_type(word), str(int(match.group("n")))


def find_short_refs(text):
    """Every short reference written in ``text`` ("Nghị quyết 18", "NQ số 18",
    "quy định 205"; not a full code), in order, as ``(type, number, start,
    end)``. A search finds by them the reports of a number no report cites
    in full, and marks them in snippets."""
    low = vietnamese.fold_lower(text)
    out = []
    taken = 0
    for pos in vietnamese.word_starts(low, SHORT_REF_ANCHORS):
        m = SHORT_REF_RE.match(low, pos) if pos >= taken else None
        if m:
            type_, number = short_ref(m)
            if type_:
                out.append((type_, number, m.start(), m.end()))
                taken = m.end()
    return out


def _from_match(m):
    type_ = canonical_type(m.group("type"))
    if type_ is None:
        return None
    issuer = canonical_issuer(m.group("issuer"))
    return DocCode(str(int(m.group("number"))), type_, issuer)


def find_codes(text):
    """Every full document code written in ``text``, in order, as
    ``(DocCode, start, end)``; unknown types are skipped."""
    # Every code has a "/": match only in a window around each one, which is
    # much faster than scanning long reports with a regex that starts with a
    # lookbehind (the import reads thousands of reports per minute).
    found = {}
    slash = text.find("/")
    while slash >= 0:
        lo, hi = max(0, slash - 12), min(len(text), slash + 14)
        for regex in (_CODE_RE, _SWAPPED_RE):
            for m in regex.finditer(text, lo, hi):
                if m.start() in found or not (m.start() < slash < m.end()):
                    continue
                if m.end() == hi and hi < len(text) and text[hi].isalnum():
                    continue  # cut by the window: not a whole code
                code = _from_match(m)
                if code is not None:
                    found[m.start()] = (code, m.start(), m.end())
        slash = text.find("/", slash + 1)
    return [found[start] for start in sorted(found)]


def parse_code(text):
    """A string that is one document code in any written form → DocCode,
    else None: ``parse_code("26 – nq/t.ư").code == "26-NQ/TW"``."""
    if not text:
        return None
    text = vietnamese.normalize(text).strip()
    for regex in (_CODE_RE, _SWAPPED_RE):
        m = regex.fullmatch(text)
        if m:
            return _from_match(m)
    return None


def normalize_code(text):
    """Canonical code string for ``text``, or None if it is not a code."""
    parsed = parse_code(text)
    return parsed.code if parsed else None


def code_to_slug(code):
    """URL form of a canonical code: "205-QĐ/TW" → "205-qd-tw"."""
    return vietnamese.fold(code).lower().replace("/", "-").replace(".", "")


def edition_slug(code, year=None):
    """URL form of one edition of a document: "27-NQ/TW", 2018 → "27-nq-tw-2018";
    the code alone while its year is unknown."""
    base = code_to_slug(code)
    return f"{base}-{year}" if year else base


def split_edition_slug(slug):
    """(code, year or None) a document URL designates: "27-nq-tw-2018" →
    ("27-NQ/TW", 2018), "27-nq-tw" → ("27-NQ/TW", None); None if neither."""
    slug = (slug or "").lower()
    m = re.fullmatch(r"(.+)-((?:19|20)\d\d)", slug)
    if m:
        code = slug_to_code(m.group(1))
        if code:
            return code, int(m.group(2))
    code = slug_to_code(slug)
    return (code, None) if code else None


def slug_to_code(slug):
    """Inverse of ``code_to_slug`` for codes with known types:
    "205-qd-tw" → "205-QĐ/TW". None if the slug is not of that shape."""
    m = re.fullmatch(r"(\d{1,4})-([a-z]{2,3})-([a-z.]{2,8})", slug or "")
    if not m:
        return None
    type_ = canonical_type(m.group(2))
    if type_ is None:
        return None
    return DocCode(m.group(1), type_, canonical_issuer(m.group(3))).code
