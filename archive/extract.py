"""Extraction: the facts of one briefing report, read from its raw text.

``extract(text)`` is a pure function (no Django): it returns a dict with the
title, event date and how sure it is, documents, plenums, speakers and
attendees, connection points, byline, format and the clean body. Keyword
regexes run on a folded lower-case copy of the text (``fold_lower``: one
character per character), and what is reported is sliced from the original,
so "khoá"/"khóa"/"khoa" and "điểm cẩu"/"điểm cầu" match alike while names
keep their spelling. People are read in ``archive.speakers``.
"""

import datetime
import re

from archive import codes, reference, speakers, vietnamese

# --- Page junk -------------------------------------------------------------
_JUNK_LINE = re.compile(
    r"^(?:loading\W*|binh luan(?: \(\d+\))?|gui binh luan|y kien ban doc|y kien cua ban"
    r"|vui long nhap\b.*|nhap ma xac nhan.*|chia se(?: bai viet)?|in bai(?: viet)?|ban in"
    r"|tin lien quan|bai lien quan|tin khac|cac tin khac|xem them\b.*|quay lai|len dau trang"
    r"|tweet|like|share|facebook|zalo|email|gui|dong|tai ve|"
    r"luot xem\W*\d*|\d{1,7}|[\W_]+)$"
)
_STAMP_NOISE = re.compile(
    r"cap nhat(?: luc| ngay)?|ngay dang|dang luc|dang ngay|dang|luc|thoi gian|ngay"
    r"|thu (?:hai|ba|tu|nam|sau|bay)|chu nhat|t[2-7]\b|gmt\s*[+-]?\s*\d*|utc"
    r"|\d{1,2}\s*[:h]\s*\d{2}(?::\d{2})?|\b(?:sa|ch|am|pm)\b|\d{1,2}[/.-]\d{1,2}[/.-]\d{4}"
)
_FULL_DATE = re.compile(
    r"(?<![\d/.-])(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*((?:19|20)\d{2})(?!\d)"
)
_TIME = re.compile(r"(?<!\d)(\d{1,2})\s*[:h]\s*(\d{2})(?!\d)")
_TRAILING_BAR = re.compile(r"\s*\|+\s*$")

# --- Dates ------------------------------------------------------------------
_EVENT_DATE = re.compile(
    r"(?:^|(?<=[\s,.(–-]))(?:(?:sang|chieu|toi|trua|dem|hom|ngay)(?: nay)?(?: ngay)?)\s*\(?\s*"
    # "ngày 20 và 21/12", "từ ngày 7 - 12/5/2018": the first day
    r"(?P<d>\d{1,2})(?:\s*(?:va|-|–)\s*\d{1,2})?\s*(?:[/.-]|\s+thang\s+)\s*(?P<m>\d{1,2})"
    r"(?:\s*(?:[/.-]|\s+nam\s+)\s*(?P<y>(?:19|20)\d{2}))?(?!\s*[/.-]?\s*\d)"
)
_MONTH_YEAR = re.compile(r"thang\s+(\d{1,2})\s*(?:[/.-]|\s+nam\s+)\s*((?:19|20)\d{2})(?!\d)")
_YEAR = re.compile(r"nam\s+((?:19|20)\d{2})(?!\s*[-–]\s*\d)(?!\d)")
# "đến năm 2030", "nhiệm kỳ 2020 - 2025": targets and ranges, not the event's year.
_YEAR_TARGET = re.compile(r"(?:den|toi|tu|giai doan|nhiem ky|tam nhin|truoc)\s*$")

# --- Format -----------------------------------------------------------------
_HYBRID = re.compile(
    r"truc tiep\s+(?:ket hop|va|ket noi)\s+(?:voi\s+)?(?:hinh thuc\s+)?truc tuyen"
    r"|truc tuyen\s+(?:ket hop|va)\s+(?:voi\s+)?(?:hinh thuc\s+)?truc tiep"
)
_ONLINE = re.compile(r"truc tuyen|truyen hinh truc tiep|(?:diem|dau) cau|online")
_IN_PERSON = re.compile(r"(?:hinh thuc|hoi nghi|to chuc)\s+truc tiep\b(?!\s+(?:chi dao|tai))")

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
_TERM_ANY = re.compile(r"khoa\s+(?P<t>[xvi]+)\b")

# --- Documents --------------------------------------------------------------
_TYPE_WORD_RE = "|".join(sorted(codes.TYPE_WORDS, key=len, reverse=True))
_SHORT_REF = re.compile(
    r"\b(?P<word>"
    + _TYPE_WORD_RE
    + r"|nq|qd|ct|kl|hd)\s+(?:so\s+)?(?P<n>\d{1,4})\b(?!\s*[-–—/]\s*\w)"
)
_SHORT_REF_ANCHORS = (*codes.TYPE_WORDS, "nq", "qd", "ct", "kl", "hd")
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

# --- Organiser, byline --------------------------------------------------------
_ORGANISER_START = re.compile(r"\s*,\s*(?:tai\s+[^,]{1,80},\s*)?")
_ORGANISER_DO = re.compile(r"\bdo\s+")
_ORGANISE_VERB = re.compile(
    r"\s+(?:da\s+|se\s+|vua\s+)?(?:phoi hop(?:\s+voi\s+[^,.;]{1,80}?)?\s+)?(?P<v>to chuc)\b"
)
_SENTENCE_STOP = re.compile(r"[;:\n]|\.(?=\s)")
_BYLINE_PREFIX = re.compile(
    r"^(?:(?:tin|bai|anh|video|clip|thuc hien|nhom pv|nhom phong vien)"
    r"(?:\s*(?:,|va|-|&|/)\s*(?:tin|bai|anh|video|clip))*\s*:\s*)"
)
_OFFICE_LINE = re.compile(
    r"^(?:Trung tâm|Ban|Báo|Đài|Văn phòng|Cổng thông tin|Phòng|Sở|TTXVN|Tạp chí|Theo|Nguồn\s*:)"
    r"(?!\w)",
    re.IGNORECASE,
)
_NAME_TOKEN = re.compile(r"^(?:[" + vietnamese.UPPER_LETTERS + r"][\w.]*|\(.*\)|[A-ZĐ]{2,})$")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")

_LEVEL_RULES = [
    (
        re.compile(r"\b(?:dang uy|chi bo|dang bo)\s+(?:xa|phuong|thi tran)\b|\bchi bo\b"),
        "grassroots",
    ),
    (re.compile(r"\b(?:huyen|quan|thi) uy\b"), "district"),
    (re.compile(r"\btinh uy\b|\b(?:ubnd|hdnd)\s+tinh\b"), "province"),
    (
        re.compile(
            r"\bbo chinh tri\b|\bban bi thu\b|\bchinh phu\b|\bquoc hoi\b|"
            r"\b(?:trung uong|tw|t\.\s?u)\b"
        ),
        "central",
    ),
]


def extract(text):
    """Extract the facts of one report from its raw text.

    Returns a dict with the keys ``title``, ``event_date`` ("YYYY-MM-DD" or
    None), ``date_precision`` ("exact" | "inferred" | "unknown"),
    ``documents`` [{code, type, number, issuer, subject, date}], ``plenums``
    [{number, term}], ``speakers`` [{name, position, topic, role}],
    ``attendees`` [{name, position}], ``connection_points`` [{name, place,
    central}], ``author``, ``format`` ("online" | "in_person" | "hybrid" |
    None) and ``body`` (clean text without the title, byline and page junk),
    plus ``organiser``, ``level``, ``place`` (the report's locality),
    ``subject_documents``, ``subject_plenums``, ``published``,
    ``author_office`` and ``photo_captions`` when the text has them.
    """
    text = vietnamese.normalize(text or "")
    # Every line is kept with its folded twin (same length), folded once.
    lines, published = _content_lines(text, vietnamese.fold_lower(text))
    title, title_low = lines[0] if lines else ("", "")
    paragraphs = lines[1:]
    author, office, paragraphs = _byline(paragraphs)
    paragraphs = _dedupe_captions(paragraphs)
    body = "\n\n".join(line for line, _ in paragraphs)

    full = "\n".join([title, *(line for line, _ in paragraphs)])
    low = "\n".join([title_low, *(line_low for _, line_low in paragraphs)])
    lead_end = _lead_end(full, len(title))

    plenums, subject_plenums = _plenums(full, low, len(title), lead_end)
    documents, subject_documents = _documents(full, low, len(title), lead_end)
    points = _connection_points(full, low)
    event_date, precision, date_end = _event_date(
        full, low, len(title), lead_end, published, plenums
    )
    organiser = _organiser(full, low, date_end, lead_end)
    local_names = [p["name"] for p in points["points"] if not p["central"]]
    people = speakers.find_people(full, low, _place_tails([*local_names, organiser or ""]))
    place, level = _locality(organiser, points, title)

    return {
        "title": title,
        "event_date": event_date,
        "date_precision": precision,
        "documents": documents,
        "plenums": plenums,
        "speakers": people["speakers"],
        "attendees": people["attendees"],
        "connection_points": points["points"],
        "connection_point_count": points["count"],
        "author": author,
        "author_office": office,
        "format": _format(low),
        "organiser": organiser,
        "level": level,
        "place": place,
        "subject_documents": subject_documents,
        "subject_plenums": subject_plenums,
        "published": published,
        "photo_captions": _captions(paragraphs),
        "body": body,
    }


def _word_starts(low, literals, start=0, end=None):
    """Sorted offsets in ``low`` where one of ``literals`` starts a word.
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


# --- Lines, junk, title, byline -----------------------------------------------


def _content_lines(text, text_low):
    """(line, folded line) pairs of the non-empty lines without page junk or
    timestamp lines, with spaces collapsed and trailing "|" removed; plus the
    first timestamp found (the publication time) as an ISO string."""
    out, published = [], None
    for raw, raw_low in zip(text.split("\n"), text_low.split("\n"), strict=True):
        # fold_lower keeps whitespace and "|", so both sides split alike.
        if "|" in raw:
            raw, raw_low = _TRAILING_BAR.sub("", raw), _TRAILING_BAR.sub("", raw_low)
        low = " ".join(raw_low.split())
        if not low or _JUNK_LINE.match(low):
            continue
        stamp = _stamp(low)
        if stamp is not None:
            published = published or stamp
            continue
        out.append((" ".join(raw.split()), low))
    return out, published


def _stamp(low):
    """ISO date/datetime if the folded line is only a timestamp, else None."""
    if len(low) > 100:
        return None
    m = _FULL_DATE.search(low)
    if not m or re.search(r"\w", _STAMP_NOISE.sub("", low)):
        return None
    try:
        date = datetime.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None
    t = _TIME.search(low)
    if t and int(t.group(1)) < 24 and int(t.group(2)) < 60:
        return f"{date.isoformat()}T{int(t.group(1)):02d}:{t.group(2)}"
    return date.isoformat()


def _looks_like_byline(line, low):
    if len(line) > 80 or line.endswith((".", ":", ";")) and not line.endswith(".)"):
        return None
    m = _BYLINE_PREFIX.match(low)
    names = line[m.end() :] if m else line
    parts = [p for p in re.split(r"\s*(?:[–—,&/]|\s-\s| và )\s*", names) if p]
    if not parts:
        return None
    for part in parts:
        tokens = part.split()
        if not 1 <= len(tokens) <= 5 or not all(_NAME_TOKEN.match(t) for t in tokens):
            return None
    return names.strip()


def _byline(paragraphs):
    """(author, office, remaining paragraphs): the byline is one of the last
    short lines made of capitalised names, possibly after "Tin, ảnh:", and
    possibly followed by an office/outlet line ("Trung tâm TTVH")."""
    author = office = None
    end = len(paragraphs)
    for i in range(len(paragraphs) - 1, max(len(paragraphs) - 4, 0) - 1, -1):
        line, low = paragraphs[i]
        if author is None and office is None and len(line) <= 60 and _OFFICE_LINE.match(line):
            office = line
            end = i
            continue
        name = _looks_like_byline(line, low)
        if name:
            author, end = name, i
        break
    if author is None and office is not None and office.lower().startswith(("theo", "nguồn")):
        return None, office, paragraphs[:end]
    if author is None:
        return None, None, paragraphs
    return author, office, paragraphs[:end]


def _dedupe_captions(paragraphs):
    """Drop a short line that repeats its neighbour (photo captions are often
    scraped twice, once with a typo or without the name): keep the longer.
    Lines are compared folded, so "điểm cẩu"/"điểm cầu" are the same."""
    out = []
    for line, low in paragraphs:
        if out and len(line) < 300 and len(out[-1][0]) < 300:
            a, b = out[-1][1].split(), low.split()
            if a == b or _inserted(a, b) or _inserted(b, a):
                if len(line) > len(out[-1][0]):
                    out[-1] = (line, low)
                continue
        out.append((line, low))
    return out


def _captions(paragraphs):
    """Lines that read like photo captions: short, one sentence, after the
    lead ("Quang cảnh hội nghị tại điểm cầu …"). Used to caption photos."""
    out = []
    for line, _ in paragraphs[1:]:
        if len(line) <= 200 and not _SENTENCE_END.search(line.rstrip(".")) and line[-1] != ":":
            out.append(line)
    return out


def _inserted(short, long):
    """True if ``long`` is ``short`` with a few words inserted (a caption
    repeated with the person's name added)."""
    if not short or not 0 < len(long) - len(short) <= 6:
        return False
    it = iter(long)
    return all(word in it for word in short)


def _lead_end(full, title_len):
    """End offset of the lead: the first two paragraphs after the title."""
    pos = title_len
    for _ in range(2):
        nxt = full.find("\n", pos + 1)
        if nxt < 0:
            return len(full)
        pos = nxt
    return pos


# --- Dates --------------------------------------------------------------------


def _event_date(full, low, title_len, lead_end, published, plenums):
    """(ISO date or None, precision, end offset of the date phrase)."""
    m = _EVENT_DATE.search(low, title_len, lead_end) or _EVENT_DATE.search(low, 0, title_len)
    if not m:
        if published and re.search(r"\b(?:sang|chieu|toi|hom) nay\b", low[title_len:lead_end]):
            return published[:10], "inferred", title_len
        return None, "unknown", title_len
    day, month = int(m.group("d")), int(m.group("m"))
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None, "unknown", title_len
    if m.group("y"):
        return _iso(int(m.group("y")), month, day), "exact", m.end()
    year = _infer_year(low, day, month, published, plenums)
    if year is None:
        return None, "unknown", m.end()
    iso = _iso(year, month, day)
    return iso, ("inferred" if iso else "unknown"), m.end()


def _iso(year, month, day):
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def _infer_year(low, day, month, published, plenums):
    """The year of a date written without one. In order of trust: the
    publication line; month/year references ("trong tháng 01/2024"), taking
    the year that puts the event nearest; the plenum the report is about (the
    event follows it); the latest plain "năm YYYY" mentioned."""
    if published:
        pub = datetime.date.fromisoformat(published[:10])
        return pub.year - 1 if (month, day) > (pub.month, pub.day) else pub.year
    refs = []
    for pos in _word_starts(low, ("thang",)):
        m = _MONTH_YEAR.match(low, pos)
        if m and 1 <= int(m.group(1)) <= 12:
            refs.append((int(m.group(2)), int(m.group(1))))
    if refs:
        best = None
        for ref_year, ref_month in refs:
            for year in (ref_year - 1, ref_year, ref_year + 1):
                distance = abs((year * 12 + month) - (ref_year * 12 + ref_month))
                if best is None or distance < best[0]:
                    best = (distance, year)
        return best[1]
    dates = reference.plenum_dates()
    for p in plenums:
        start = dates.get((p["term"], p["number"]))
        if start:
            return start.year if (month, day) >= (start.month, start.day) else start.year + 1
    years = []
    for pos in _word_starts(low, ("nam",)):
        m = _YEAR.match(low, pos)
        if m and not _YEAR_TARGET.search(low, max(0, pos - 12), pos):
            years.append(int(m.group(1)))
    return max(years) if years else None


# --- Format, organiser, level ---------------------------------------------------


def _format(low):
    if _HYBRID.search(low):
        return "hybrid"
    if _ONLINE.search(low):
        return "online"
    if _IN_PERSON.search(low):
        return "in_person"
    return None


def _organiser(full, low, date_end, lead_end):
    """Who held the conference: "Ngày 29/6, <organiser> (đã) tổ chức …" or
    "… do <organiser> tổ chức". "Tổ chức" capitalised is part of a name
    ("Ban Tổ chức T.Ư"), so only the lower-case verb ends the organiser."""
    candidates = []
    if date_end < lead_end:
        m = _ORGANISER_START.match(low, date_end, lead_end)
        if m:
            candidates.append((m.end(), _SENTENCE_STOP.search(low, m.end(), lead_end)))
    for m in _ORGANISER_DO.finditer(low, 0, lead_end):
        candidates.append((m.end(), _SENTENCE_STOP.search(low, m.end(), lead_end)))
    for start, stop in candidates:
        end = stop.start() if stop else lead_end
        for verb in _ORGANISE_VERB.finditer(low, start, end):
            if full[verb.start("v")].islower():
                org = full[start : verb.start()].strip(" ,")
                if 3 <= len(org) <= 160 and org[:1].isupper():
                    return org
                break
    return None


def _locality(organiser, points, title):
    """(place name, level): where the report comes from and the level of the
    body that held the conference."""
    level = None
    org_place = None
    if organiser:
        low = vietnamese.fold_lower(organiser)
        org_place, kind = reference.find_place(organiser)
        for regex, name in _LEVEL_RULES:
            if regex.search(low):
                level = name
                break
        if level is None and re.search(r"\bthanh uy\b", low) and kind:
            level = "district" if kind == "district" else "province"
        if level == "central":
            org_place = None
    place = org_place
    if place is None:
        for point in points["points"]:
            if point["place"] and not point["central"]:
                place = point["place"]
                break
    if place is None:
        place = reference.find_place(title)[0]
    return place, level


# --- Plenums ---------------------------------------------------------------------


def _plenum_number(words):
    words = words.strip()
    if words.isdigit():
        return int(words)
    number = vietnamese.number_from_words(words)
    if number is None and " " in words:
        number = vietnamese.number_from_words(words.split()[0])
    return number


def _plenums(full, low, title_len, lead_end):
    """Plenums mentioned, in order, and those the report is about (named in
    the title, else in the lead). A plenum written without its term takes
    the term written for the same number elsewhere, else the only term the
    text names."""
    found = []
    taken_end = 0
    for pos in _word_starts(low, _PLENUM_ANCHORS):
        if pos < taken_end:
            continue
        for regex in _PLENUM_RES:
            m = regex.match(low, pos)
            if m:
                break
        else:
            continue
        # Read number words from the original: folded "nam" is năm (5) or nam.
        number = _plenum_number(full[m.start("n") : m.end("n")])
        if not number or number > 20:
            continue
        term = m.group("t")
        roman = None
        if term:
            value = vietnamese.term_number(term)
            roman = vietnamese.int_to_roman(value) if value else None
        found.append((m.start(), number, roman))
        taken_end = m.end()
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


# --- Documents ---------------------------------------------------------------------


def _issuer_after(low, end):
    m = _ISSUER_AFTER.match(low[end : end + 120])
    if not m:
        return None
    for i, (_, issuer) in enumerate(_ISSUER_BODIES):
        if m.group(f"i{i}"):
            return issuer
    return None


def _subject_after(full, low, end):
    """(subject, issue date, end offset of the subject) after a code."""
    clause_end = len(full)
    for stop in re.finditer(r"[;\n]|\.(?=\s|$)", full[end : end + 400]):
        clause_end = end + stop.start()
        break
    else:
        clause_end = min(len(full), end + 400)
    date = None
    d = _DOC_DATE_AFTER.match(low, end, clause_end)
    if d:
        date = _iso(int(d.group(3)), int(d.group(2)), int(d.group(1)))
    clause = low[end:clause_end]
    quote = re.search("[" + _QUOTES + "]", full[end:clause_end])
    ve = re.search(r"(?:^|\s)ve\s+(?:viec\s+)?", clause[:160])
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


def _documents(full, low, title_len, lead_end):
    """Documents mentioned, by canonical code, in order of first mention, and
    the codes of those the report is about."""
    mentions = []  # (start, end, DocCode)
    spans = []
    for code, start, end in codes.find_codes(full):
        mentions.append((start, end, code))
        spans.append((start, end))
    full_codes = [c for _, _, c in mentions]
    for pos in _word_starts(low, _SHORT_REF_ANCHORS):
        m = _SHORT_REF.match(low, pos)
        if m is None:
            continue
        if any(a <= m.start("n") < b for a, b in spans):
            continue
        word = m.group("word")
        type_ = codes.TYPE_WORDS.get(word) or codes.canonical_type(word)
        number = str(int(m.group("n")))
        same = [c for c in full_codes if c.type == type_ and c.number == number]
        if same:
            code = same[0]
        else:
            issuer = _issuer_after(low, m.end())
            if issuer is None or type_ is None:
                continue
            code = codes.DocCode(number, type_, issuer)
        mentions.append((m.start(), m.end(), code))
    mentions.sort(key=lambda item: item[0])

    docs, subjects, nested = {}, [], []
    for start, end, code in mentions:
        subject, date, subject_end = _subject_after(full, low, end)
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
            }
        entry["subject"] = entry["subject"] or subject
        entry["date"] = entry["date"] or date
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


# --- Connection points ---------------------------------------------------------------

_POINT = re.compile(r"(?:diem|dau) cau(?!\w)")
_POINT_COUNT_BEFORE = re.compile(
    r"(?:(?<!nam )\b\d{1,4}|cac|nhieu|hang tram|hang nghin|hon|gan|tren|moi|nhung|tat ca)\s*$"
)
_CENTRAL = re.compile(r"^\s*(?:chinh|trung uong|trung tam)\b")
# Lower-case words that belong to a point's name ("thành phố", "Tỉnh ủy").
_POINT_WORDS = {
    "tp.",
    "uy",
    "thanh",
    "pho",
    "tinh",
    "huyen",
    "quan",
    "thi",
    "xa",
    "phuong",
    "tran",
    "phong",
    "hop",
    "hoi",
    "truong",
    "dang",
    "tp",
}


def _point_name(full, start):
    """The connection point name written after "điểm cầu" at ``start``: a run
    of capitalised words and the administrative words around them ("Thành ủy
    Móng Cái", "thành phố Hải Phòng", "Tỉnh ủy"); None for generic mentions
    ("các điểm cầu của tỉnh ủy, thành ủy")."""
    words = []
    line_end = full.find("\n", start)
    for m in re.finditer(
        r"\S+", full[start : min(start + 150, line_end if line_end >= 0 else len(full))]
    ):
        token = m.group(0)
        # "TP." (thành phố) keeps its dot and the name goes on after it.
        word = token if token in ("TP.", "Tp.") else token.rstrip(',.;:)”"…|')
        if not word or word[0] in '(“"':
            break
        dash = word in ("-", "–", "—") and bool(words)
        if not (dash or word[0].isupper() or vietnamese.fold_lower(word) in _POINT_WORDS):
            break
        words.append(word)
        if word != token or len(words) >= 8:
            break
    while words and not words[-1][0].isupper() and vietnamese.fold_lower(words[-1]) != "uy":
        words.pop()
    while words and words[-1] in ("-", "–", "—"):
        words.pop()
    if not any(w[0].isupper() for w in words):
        return None
    return " ".join(words)


def _connection_points(full, low):
    points, seen, count = [], [], None
    for m in _POINT.finditer(low):
        if m.start() and low[m.start() - 1].isalnum():
            continue
        before = low[max(0, m.start() - 20) : m.start()]
        counted = _POINT_COUNT_BEFORE.search(before)
        if counted:
            digits = re.search(r"(\d+)\s*$", before)
            if digits and count is None:
                count = int(digits.group(1))
            continue
        after = low[m.end() : m.end() + 200]
        central = bool(_CENTRAL.match(after))
        if central:
            name = _central_name(full, m.end())
            if name is None:
                continue
            place = reference.find_place(name)[0]
            name = re.sub(r"\s*\((?:Hà Nội|Thủ đô)\)\s*$", "", name)
            if place is None and "(hà nội)" in full[m.end() : m.end() + 200].lower():
                place = "Hà Nội"
        else:
            name = _point_name(full, m.end())
            if not name:
                continue
            place = reference.find_place(name)[0]
        # "điểm cầu Thành ủy Móng Cái" and later "điểm cầu Móng Cái" are one
        # point; "tỉnh Thanh Hóa" and "Tỉnh ủy Thanh Hóa" may be two.
        key = f" {vietnamese.search_key(name)} "
        if any(key in other or other in key for other in seen):
            continue
        seen.append(key)
        points.append({"name": name, "place": place, "central": central})
    return {"points": points, "count": count}


def _place_tails(names):
    """Local place names at the end of point and organiser names ("Huyện ủy
    Vũ Thư" → "Vũ Thư"): such a run elsewhere in the text is a place, not a
    person, even though "Vũ" is a surname."""
    tails = []
    for name in names:
        tail = []
        for word in reversed(name.split()):
            if not word[:1].isupper():
                break
            tail.append(word)
        if len(tail) >= 2:
            tails.append(" ".join(reversed(tail)))
    return tails


def _central_name(full, start):
    """Name of the central point: what follows "điểm cầu chính/Trung ương
    (đặt) tại", up to the verb that continues the sentence."""
    low = vietnamese.fold_lower(full[start : start + 200])
    m = re.search(r"\btai\s+", low)
    if not m or m.start() > 30:
        return None
    rest = full[start + m.end() : start + 200]
    rest_low = low[m.end() :]
    stop = None
    for m in re.finditer(r"\s(?:hoi nghi|ket noi|duoc|toi|den|voi|truyen|va)\b|[;.\n]", rest_low):
        if m.group(0)[0] in ";.\n" or rest[m.start() + 1].islower():
            stop = m
            break
    comma = re.search(r",\s*(?=[" + vietnamese.LOWER_LETTERS + r"])", rest)
    if comma and (not stop or comma.start() < stop.start()):
        stop = comma
    name = rest[: stop.start()] if stop else rest
    name = name.strip(" ,")
    return name or None
