"""Documents and plenums a report cites (part of the extractor; pure Python).

Both read the ``fold_lower`` twin of the text (``low``) for keywords and take
what they report from the original (``full``). Documents: full codes through
``archive.codes``, short references ("Quy định 205", "Hướng dẫn số 21")
resolved to a full code written elsewhere in the text or to the issuer named
after them ("của Bộ Chính trị" → TW), with subject and date. Plenums: the
ways reports name a Central Committee plenum, number words included.
"""

import datetime
import re

from archive import codes, vietnamese

# --- Plenums ----------------------------------------------------------------
_NUM = r"(?P<n>\d{1,2}|[a-z]+(?: [a-z]+)?)"
_BCH = r"(?:ban chap hanh|bch)\s+(?:trung uong|tw|t\.\s?u)(?:\s+dang)?(?:\s+cong san viet nam)?"
_TW = r"(?:trung uong|tw|t\.\s?u)"
_TERM = r"(?:\s*[,(]?\s*(?:cua\s+)?(?:" + _BCH + r"\s*)?[,(]?\s*khoa\s+(?P<t>[xvi]+|\d{1,2})\b\)?)?"
_PLENUM_RES = [
    # Hội nghị lần thứ 8 Ban Chấp hành Trung ương Đảng khóa XIII / HN lần thứ Bảy BCH ...
    re.compile(
        r"\b(?:hoi nghi|hn)\s+(?:lan\s+)?thu\s+" + _NUM + r"\s*,?\s+(?:cua\s+)?" + _BCH + _TERM
    ),
    # Hội nghị Ban Chấp hành Trung ương lần thứ 7
    re.compile(r"\b(?:hoi nghi|hn)\s+" + _BCH + r"\s+(?:lan\s+)?(?:thu\s+)?" + _NUM + _TERM),
    # Hội nghị Trung ương 7, Nghị quyết Trung ương 7 (khoá XII), Hội nghị T.Ư lần thứ 8
    re.compile(
        r"\b(?:hoi nghi|nghi quyet|hn)\s+(?:hoi nghi\s+)?" + _TW + r"\s+(?:lan\s+)?(?:thu\s+)?"
        r"(?P<n>\d{1,2}|[a-z]+(?: [a-z]+)?)" + _TERM
    ),
    # TW7, HNTW 8
    re.compile(r"\b(?:hntw|tw)\s?(?P<n>\d{1,2})\b" + _TERM),
]
_PLENUM_ANCHORS = ("hoi nghi", "nghi quyet", "hn", "tw")
# What a search also counts as naming a plenum (``plenum_mentions``): the forms
# above, and "Trung ương 10 khóa 11" without "Hội nghị" when a term follows.
_TERM_AFTER = (
    r"\s*[,(]?\s*(?:cua\s+)?(?:" + _BCH + r"\s*)?[,(]?\s*khoa\s+(?P<t>[xvi]+|\d{1,2})\b\)?"
)
_MENTION_RES = [
    *_PLENUM_RES,
    re.compile(r"\b" + _TW + r"\s+(?:lan\s+)?(?:thu\s+)?(?P<n>\d{1,2})" + _TERM_AFTER),
]
_MENTION_ANCHORS = (*_PLENUM_ANCHORS, "trung uong", "t.")
_ROMAN_NUMBER = re.compile(r"[XVI]+")
_TERM_ANY = re.compile(r"khoa\s+(?P<t>[xvi]+)\b")

# --- Documents --------------------------------------------------------------
# Issuing bodies named after a document, folded; longest first so that
# "Ban Tổ chức Trung ương" wins over "Trung ương".
_ISSUER_BODIES = [
    (r"ban to chuc (?:trung uong|tw|t\.\s?u)", "BTCTW"),
    (r"van phong (?:trung uong|tw|t\.\s?u)", "VPTW"),
    (r"uy ban kiem tra (?:trung uong|tw|t\.\s?u)", "UBKTTW"),
    (r"ban tuyen giao (?:trung uong|tw|t\.\s?u)", "BTGTW"),
    (r"ban dan van (?:trung uong|tw|t\.\s?u)", "BDVTW"),
    (r"ban kinh te (?:trung uong|tw|t\.\s?u)", "BKTTW"),
    (r"ban noi chinh (?:trung uong|tw|t\.\s?u)", "BNCTW"),
    (
        r"bo chinh tri|ban bi thu|ban chap hanh (?:trung uong|tw)|bch (?:trung uong|tw|t\.\s?u)"
        r"|(?:trung uong|tw|t\.\s?u)\b",
        "TW",
    ),
    (r"(?:ban thuong vu )?(?:tinh|thanh) uy", "TU"),
    (r"(?:ban thuong vu )?(?:huyen|quan|thi) uy", "HU"),
]
_ISSUER_AFTER = re.compile(
    r"^\s*(?:,\s*)?(?:ngay\s+[\d/.-]+\s*(?:thang\s+\d+\s*(?:nam\s+\d{4})?)?\s*,?\s*)?(?:cua|do)\s+("
    + "|".join(f"(?P<i{i}>{rx})" for i, (rx, _) in enumerate(_ISSUER_BODIES))
    + ")"
)
_DOC_DATE_AFTER = re.compile(
    r"\s*,?\s*(?:ban hanh\s+)?ngay\s+(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})"
)
_QUOTES = "\"“”«»'‘’"
_STUDY_VERBS = re.compile(
    r"\b(?:quan triet|trien khai|hoc tap|gioi thieu|nghien cuu|thong bao|truyen dat|tong ket"
    r"|so ket|tuyen truyen|thuc hien|ban hanh)\b"
)
_PRESENT_VERBS = re.compile(r"\b(?:quan triet|gioi thieu|truyen dat|thong bao)\b")
_CONFERENCE_ON = re.compile(
    r"\bhoi nghi\s+(?:\S+\s+){0,4}?(?:trien khai|quan triet|hoc tap|nghien cuu|thong bao"
    r"|gioi thieu|tong ket|so ket)\b"
)


# --- Plenums ---------------------------------------------------------------------


def _plenum_number(words):
    words = words.strip()
    if words.isdigit():
        return int(words)
    number = vietnamese.number_from_words(words)
    if number is None and " " in words:
        number = vietnamese.number_from_words(words.split()[0])
    return number


def _plenum_at(full, low, pos, regexes=_PLENUM_RES, roman_numbers=False):
    """(end, number, term roman or None) of a plenum named at ``pos``, or None.
    With ``roman_numbers``, "lần thứ X" (capital Roman numerals) is read too."""
    for regex in regexes:
        m = regex.match(low, pos)
        if m:
            break
    else:
        return None
    # Read number words from the original: folded "nam" is năm (5) or nam.
    written = full[m.start("n") : m.end("n")]
    number = _plenum_number(written)
    if number is None and roman_numbers and _ROMAN_NUMBER.fullmatch(written.strip()):
        number = vietnamese.roman_to_int(written)
    if not number or number > 20:
        return None
    roman = None
    if m.group("t"):
        value = vietnamese.term_number(m.group("t"))
        roman = vietnamese.int_to_roman(value) if value else None
    return m.end(), number, roman


_PASSED_BY_GAP = re.compile(r"[\s,(]*(?:ngay\s+[\d/.-]+\s*,?\s*)?(?:cua|tai|thong qua tai)?\s*")


def _passed_by(full, low, end):
    """The plenum named right after a document ("26-NQ/TW, ngày 19/5/2018 của
    Hội nghị lần thứ bảy … khoá XII"), as {number, term}, or None."""
    limit = min(len(low), end + 60)
    for pos in vietnamese.word_starts(low, ("hoi nghi", "hn"), end, limit):
        if not _PASSED_BY_GAP.fullmatch(low, end, pos):
            return None
        plenum = _plenum_at(full, low, pos)
        if plenum and plenum[2]:
            return {"number": plenum[1], "term": plenum[2]}
        return None
    return None


def find_plenums(full, low, title_len, lead_end):
    """Plenums mentioned, in order, and those the report is about (named in
    the title, else in the lead). A plenum written without its term takes
    the term written for the same number elsewhere, else the only term the
    text names."""
    found = []
    taken_end = 0
    for pos in vietnamese.word_starts(low, _PLENUM_ANCHORS):
        if pos < taken_end:
            continue
        plenum = _plenum_at(full, low, pos)
        if plenum:
            taken_end, number, roman = plenum
            found.append((pos, number, roman))
    found.sort()
    by_number = {}
    for _, number, roman in found:
        if roman:
            by_number.setdefault(number, roman)
    terms = {r for _, _, r in found if r}
    if not terms:
        terms = {
            vietnamese.int_to_roman(vietnamese.roman_to_int(t)) for t in _TERM_ANY.findall(low)
        }
        terms.discard("")
    only = next(iter(terms)) if len(terms) == 1 else None
    plenums, subject, seen = [], [], set()
    for start, number, roman in found:
        roman = roman or by_number.get(number) or only
        key = (number, roman)
        if start < lead_end and key not in subject and (start < title_len or not subject):
            subject.append(key)
        if key in seen:
            continue
        seen.add(key)
        plenums.append({"number": number, "term": roman})
    subject_list = [{"number": n, "term": t} for n, t in subject[:2]]
    return plenums, subject_list


def plenum_mentions(full):
    """Every place ``full`` names a Central Committee plenum, in any form a
    reader would recognise: those ``find_plenums`` reads, and also "Hội nghị
    lần thứ X …" (Roman numeral) and "Trung ương 10 khóa 11". Returns
    ``[(start, end, number, term roman or None)]`` as offsets into ``full``;
    a plenum written without its term takes it as ``find_plenums`` does.
    Search indexes these (a plenum query finds reports whose tag was missed)
    and marks them in snippets."""
    low = vietnamese.fold_lower(full)
    found = []
    taken_end = 0
    for pos in vietnamese.word_starts(low, _MENTION_ANCHORS):
        if pos < taken_end:
            continue
        plenum = _plenum_at(full, low, pos, _MENTION_RES, roman_numbers=True)
        if plenum:
            taken_end, number, roman = plenum
            found.append((pos, taken_end, number, roman))
    by_number = {}
    for _s, _e, number, roman in found:
        if roman:
            by_number.setdefault(number, roman)
    terms = {r for *_rest, r in found if r}
    only = next(iter(terms)) if len(terms) == 1 else None
    return [(s, e, n, r or by_number.get(n) or only) for s, e, n, r in found]


# --- Documents ---------------------------------------------------------------------


def _issuer_after(low, end):
    m = _ISSUER_AFTER.match(low[end : end + 120])
    if not m:
        return None
    for i, (_, issuer) in enumerate(_ISSUER_BODIES):
        if m.group(f"i{i}"):
            return issuer
    return None


def _subject_after(full, low, end, next_start):
    """(subject, issue date, end offset of the subject) after a code; the
    subject must start before the next document mentioned (``next_start``)
    but may contain it ("Hướng dẫn … về một số nội dung Chỉ thị số 35-CT/TW")."""
    clause_end = len(full)
    for stop in re.finditer(r"[;\n]|\.(?=\s|$)", full[end : end + 400]):
        clause_end = end + stop.start()
        break
    else:
        clause_end = min(len(full), end + 400)
    date = None
    d = _DOC_DATE_AFTER.match(low, end, clause_end)
    if d:
        date = _iso(d)
    clause = low[end:clause_end]
    quote = re.search("[" + _QUOTES + "]", full[end:clause_end])
    ve = re.search(r"(?:^|\s)ve\s+(?:viec\s+)?", clause[:160])
    if quote and end + quote.start() > next_start:
        quote = None
    if ve and end + ve.start() > next_start:
        ve = None
    if quote and (not ve or quote.start() < ve.start()) and quote.start() < 160:
        start = end + quote.end()
        close = re.search("[" + _QUOTES + "]", full[start:clause_end])
        stop = start + close.start() if close else clause_end
        subject = full[start:stop]
        subject = re.sub(r"^[Vv]ề\s+", "", subject)
    elif ve:
        subject = full[end + ve.end() : clause_end]
        stop = clause_end
    else:
        return None, date, end
    subject = subject.strip(" ," + _QUOTES)
    if len(subject) < 4:
        return None, date, end
    return subject[0].upper() + subject[1:], date, stop


def find_mentions(full, low):
    """(start, end, DocCode) of every document mention, in order: full codes
    and short references resolved to one."""
    found = []
    spans = []
    for code, start, end in codes.find_codes(full):
        # "Kết luận số 01-CT/TW": the word names what the document is; the
        # letters were mistyped. But the code's own letters win when one of the
        # words before it names them: "Thông báo kết luận số 14-TB/TU" is a
        # thông báo (of a conclusion), not a kết luận.
        said = _TYPE_BEFORE.search(low, max(0, start - 40), start)
        if said:
            words = [codes.TYPE_WORDS[w] for w in _TYPE_WORD.findall(said.group(0))]
            if not any(_same_type(code.type, t) for t in words):
                code = codes.DocCode(
                    code.number, words[-1], code.issuer
                )  # not "QĐi" for "Quy định"
        found.append((start, end, code))
        spans.append((start, end))
    full_codes = [c for _, _, c in found]
    for pos in vietnamese.word_starts(low, codes.SHORT_REF_ANCHORS):
        m = codes.SHORT_REF_RE.match(low, pos)
        if m is None:
            continue
        if any(a <= m.start("n") < b for a, b in spans):
            continue
        type_, number = codes.short_ref(m)
        same = [c for c in full_codes if c.type == type_ and c.number == number]
        if same:
            code = same[0]
        else:
            issuer = _issuer_after(low, m.end()) or _shared_issuer(low, m.end())
            if issuer is None or type_ is None:
                continue
            code = codes.DocCode(number, type_, issuer)
        found.append((m.start(), m.end(), code))
    found.sort(key=lambda item: item[0])
    return found


_TYPE_ALT = "|".join(sorted(codes.TYPE_WORDS, key=len, reverse=True))
_TYPE_WORD = re.compile(r"\b(" + _TYPE_ALT + r")\b")
# The type words written right before a code: "Kết luận số", "Thông báo kết luận số".
_TYPE_BEFORE = re.compile(r"\b(?:" + _TYPE_ALT + r")(?:\s+(?:" + _TYPE_ALT + r"))*\s*(?:so\s*)?$")


def _same_type(letters, word_type):
    """True if a code's type letters agree with a type word's type ("QĐI"
    with "QĐ", "CTR" with "CT" are the same word written two ways)."""
    return letters.upper().startswith(word_type) or word_type.startswith(letters)


_OF = re.compile(r"\b(?:cua|do)\s")
_CLAUSE_STOP = re.compile(r"[.;:\n]")


def _shared_issuer(low, end):
    """The issuer named once after a list of references: "Kết luận 21 … và Quy
    định 37 … của Ban Chấp hành Trung ương" gives both TW. Only the first "của"
    of the clause counts ("Chỉ thị 05 về … của Chủ tịch Hồ Chí Minh" has none)."""
    stop = _CLAUSE_STOP.search(low, end, end + 300)
    of = _OF.search(low, end, stop.start() if stop else end + 300)
    return _issuer_after(low, of.start()) if of else None


def find_documents(full, low, title_len, lead_end, cited=None):
    """Documents mentioned, by canonical code, in order of first mention, and
    the codes of those the report is about. ``cited``: ``find_mentions(full, low)``
    when the caller has it already."""
    mentions = find_mentions(full, low) if cited is None else cited
    docs, subjects, nested = {}, [], []
    starts = [start for start, _, _ in mentions] + [len(full)]
    for i, (start, end, code) in enumerate(mentions):
        subject, date, subject_end = _subject_after(full, low, end, starts[i + 1])
        inside = any(a <= start < b for a, b in nested)
        if subject:
            nested.append((end, subject_end))
        entry = docs.get(code.code)
        if entry is None:
            entry = docs[code.code] = {
                "code": code.code,
                "type": code.type,
                "number": code.number,
                "issuer": code.issuer,
                "subject": None,
                "date": None,
                "plenum": None,
            }
        entry["subject"] = entry["subject"] or subject
        entry["date"] = entry["date"] or date
        entry["plenum"] = entry["plenum"] or _passed_by(full, low, end)
        if code.code in subjects or inside:
            continue
        clause_start = max(full.rfind(ch, 0, start) for ch in ".\n") + 1
        before = low[clause_start:start]
        in_lead = start < lead_end
        if (
            start < title_len
            or (in_lead and _STUDY_VERBS.search(before))
            or _PRESENT_VERBS.search(before[-80:])
            or _CONFERENCE_ON.search(before)
        ):
            subjects.append(code.code)
    return list(docs.values()), subjects


def _iso(m):
    try:
        return datetime.date(int(m.group(3)), int(m.group(2)), int(m.group(1))).isoformat()
    except ValueError:
        return None
