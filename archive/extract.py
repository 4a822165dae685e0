"""Extraction: the facts of one briefing report, read from its raw text.

``extract(text)`` is a pure function (no Django): it returns a dict with the
title, event date and how sure it is, documents, plenums, speakers and
attendees, connection points, byline, format and the clean body. Keyword
regexes run on a folded lower-case copy of the text (``fold_lower``: one
character per character), and what is reported is sliced from the original,
so "khoá"/"khóa"/"khoa" and "điểm cẩu"/"điểm cầu" match alike while names
keep their spelling. The parts: ``archive.citations`` (documents, plenums),
``archive.speakers`` (people), ``archive.connection_points``; this module
reads the lines, title, byline, dates, format and organiser.
"""

import dataclasses
import datetime
import re

from archive import (
    citations,
    connection_points,
    dates,
    leaders,
    outlets,
    reference,
    speakers,
    vietnamese,
)
from archive.extracted import Extraction

# --- Page junk -------------------------------------------------------------
_JUNK_LINE = re.compile(
    r"^(?:loading\W*|binh luan(?: \(\d+\))?|gui binh luan|y kien ban doc|y kien cua ban"
    r"|vui long nhap\b.*|nhap ma xac nhan.*|chia se(?: bai viet)?|in bai(?: viet)?|ban in"
    r"|tin lien quan|bai lien quan|tin khac|cac tin khac|xem them\b.*|quay lai|len dau trang"
    r"|tweet|like|share|facebook|zalo|email|gui|dong|tai ve|in|print|"
    r"(?:tags?|tu khoa|chu de|xem them|tin lien quan)\s*:.*|(?:ban quyen|copyright|©).*|"
    r"(?:luot xem\W*)?(?:\d{1,7}|\d{1,3}(?:[.,]\d{3})+)(?: luot xem)?|luot xem|[\W_]+"
    r"|publishingportal\b.*|(?:tang|giam) co chu.*|skip to (?:main )?content|\S+\.(?:jpe?g|png|gif|webp)"
    r"|trang chu\s*(?:>|»).*)$"
)
_STAMP_NOISE = re.compile(
    r"cap nhat(?: luc| ngay)?|ngay dang|dang luc|dang ngay|dang|luc|thoi gian|ngay"
    r"|thu (?:hai|ba|tu|nam|sau|bay)|chu nhat|t[2-7]\b|gmt\s*[+-]?\s*\d*|utc"
    r"|\d{1,2}\s*[:h]\s*\d{2}(?::\d{2})?|\b(?:sa|ch|am|pm)\b|\d{1,2}[/.-]\d{1,2}[/.-]\d{4}"
    r"|\d{1,2} thang \d{1,2}\s*,?\s*(?:nam )?\d{4}|\d{1,2}\s*gio\s*:?\s*\d{1,2}\s*phut"
)
_FULL_DATE = re.compile(
    r"(?<![\d/.-])(\d{1,2})\s*(?:[/.-]|\s+thang\s+)\s*(\d{1,2})\s*(?:[/.-]|,?\s+(?:nam\s+)?)"
    r"\s*((?:19|20)\d{2})(?!\d)"
)
_TIME = re.compile(r"(?<!\d)(\d{1,2})\s*(?:[:h]|gio\s*:?)\s*(\d{2})(?!\d)")
_TRAILING_BAR = re.compile(r"\s*\|+\s*$")
_META_DATE = re.compile(r"date ((?:19|20)\d\d-\d\d-\d\d)\b\s*")

# --- Format -----------------------------------------------------------------
_HYBRID = re.compile(
    r"truc tiep\s+(?:ket hop|va|ket noi)\s+(?:voi\s+)?(?:hinh thuc\s+)?truc tuyen"
    r"|truc tuyen\s+(?:ket hop|va)\s+(?:voi\s+)?(?:hinh thuc\s+)?truc tiep"
)
_ONLINE = re.compile(r"truc tuyen|truyen hinh truc tiep|(?:diem|dau) cau|online")
_IN_PERSON = re.compile(r"(?:hinh thuc|hoi nghi|to chuc)\s+truc tiep\b(?!\s+(?:chi dao|tai))")

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


def extract(text: str) -> Extraction:
    """Extract the facts of one report from its raw text: an ``Extraction``
    (archive.extracted) with the title, event date (how sure it is and what an
    inferred year comes from), documents, plenums, speakers and attendees,
    connection points, byline, outlet, format, organiser, level, locality,
    photo captions and ``body`` (clean text without the title, byline and
    page junk). Every key is always there; what the text lacks is None or empty.
    """
    text = vietnamese.normalize(text or "")
    # Every line is kept with its folded twin (same length), folded once.
    lines, published, page_date = _content_lines(text, vietnamese.fold_lower(text))
    title, title_low = lines[0] if lines else ("", "")
    # The headline repeated under the title (saved pages often have both).
    paragraphs = [(line, line_low) for line, line_low in lines[1:] if line_low != title_low]
    author, office, paragraphs = _byline(paragraphs)
    if author is None and paragraphs:
        # "Châu Giang" alone under the title: the byline written first.
        author = _looks_like_byline(*paragraphs[0])
        if (
            author
            and len(author.split()) <= 4
            and vietnamese.search_key(author) not in (reference.places())
        ):
            paragraphs = paragraphs[1:]
        else:
            author = None
    paragraphs = _dedupe_captions(paragraphs)
    body = "\n\n".join(line for line, _ in paragraphs)

    full = "\n".join([title, *(line for line, _ in paragraphs)])
    low = "\n".join([title_low, *(line_low for _, line_low in paragraphs)])
    phrase = dates.find_phrase(low, len(title))
    lead_end = _lead_end(full, len(title), phrase)
    # The paragraph the date opens (index in ``paragraphs``): the lead.
    lead_line = 0 if phrase is None else full.count("\n", 0, phrase.start()) - 1

    plenums, subject_plenums = citations.find_plenums(full, low, len(title), lead_end)
    cited = citations.find_mentions(full, low)
    documents, subject_documents = citations.find_documents(full, low, len(title), lead_end, cited)
    points = connection_points.find_connection_points(full, low)
    date = dates.event_date(
        low, phrase, published, page_date, plenums, documents, [(s, c.code) for s, _, c in cited]
    )
    event_date, precision, date_end = date.iso, date.precision, date.end or len(title)
    organiser = _organiser(full, low, date_end, lead_end)
    local_names = [p["name"] for p in points["points"] if not p["central"]]
    people = speakers.find_people(
        full, low, connection_points.place_tails([*local_names, organiser or ""])
    )
    place, level = _locality(organiser, points, title)
    everyone = [*people["speakers"], *people["attendees"]]
    if precision == "inferred":
        # The titles written with known leaders pin the year ("Chủ tịch nước
        # Trần Đại Quang" is 2016–2018) where the text only bounded it.
        better = leaders.year_from_positions(everyone, event_date, published)
        if better:
            event_date, basis = better
            date = dataclasses.replace(date, iso=event_date, basis=basis)
    leaders.annotate(everyone, event_date)

    return Extraction(
        title=title,
        event_date=event_date,
        date_precision=precision,
        date_basis=date.basis,
        documents=documents,
        plenums=plenums,
        speakers=people["speakers"],
        attendees=people["attendees"],
        connection_points=points["points"],
        connection_point_count=points["count"],
        author=author,
        author_office=office,
        format=_format(low),
        organiser=organiser,
        level=level,
        place=place,
        subject_documents=subject_documents,
        subject_plenums=subject_plenums,
        published=published,
        photo_captions=_captions(paragraphs, lead_line),
        source_outlet=outlets.find_outlet(
            paragraphs[lead_line][0] if 0 <= lead_line < len(paragraphs) else title,
            [line for line, _ in paragraphs[-2:]],
            office,
            author,
        ),
        body=body,
    )


# --- Lines, junk, title, byline -----------------------------------------------


def _content_lines(text, text_low):
    """(line, folded line) pairs of the non-empty lines without page junk or
    timestamp lines, with spaces collapsed and trailing "|" removed; plus the
    first publication stamp found (ISO) and the first bare "Thứ Sáu,
    12/08/2022" line (maybe the site's today-widget, so only a hint)."""
    out, published, page_date = [], None, None
    for raw, raw_low in zip(text.split("\n"), text_low.split("\n"), strict=True):
        # fold_lower keeps whitespace and "|", so both sides split alike.
        if "|" in raw:
            raw, raw_low = _TRAILING_BAR.sub("", raw), _TRAILING_BAR.sub("", raw_low)
        low = " ".join(raw_low.split())
        meta = _META_DATE.match(low)
        if meta:
            # A saved page's metadata ("date 2026-02-25 …") before the text.
            published = published or meta.group(1)
            cut = len(raw) - len(raw.lstrip()) + meta.end()
            raw, raw_low = raw[cut:], raw_low[cut:]
            low = " ".join(raw_low.split())
        if not low or _JUNK_LINE.match(low):
            continue
        stamp = _stamp(low)
        if stamp is not None:
            iso, trusted = stamp
            if trusted:
                published = published or iso
            else:
                page_date = page_date or iso
            continue
        out.append((" ".join(raw.split()), low))
    return out, published, page_date


def _stamp(low):
    """(ISO date/datetime, trusted) if the folded line is only a timestamp
    (with "| Lượt xem: 12 | In bài viết" after it at most), else None. A
    weekday and a date without a time is not trusted: sites print today's date
    so in their header."""
    if len(low) > 100:
        return None
    head = " ".join(p for p in low.split("|") if p.strip() and not _JUNK_LINE.match(p.strip()))
    m = _FULL_DATE.search(head)
    if not m or re.search(r"\w", _STAMP_NOISE.sub("", head)):
        return None
    try:
        date = datetime.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None
    t = _TIME.search(head)
    if t and int(t.group(1)) < 24 and int(t.group(2)) < 60:
        return f"{date.isoformat()}T{int(t.group(1)):02d}:{t.group(2)}", True
    weekday = re.search(r"\bthu (?:hai|ba|tu|nam|sau|bay)\b|\bchu nhat\b", head)
    return date.isoformat(), not weekday or bool(re.search(r"cap nhat|dang", head))


def _looks_like_byline(line, low):
    if len(line) > 80 or line.endswith((".", ":", ";")) and not line.endswith(".)"):
        return None
    m = _BYLINE_PREFIX.match(low)
    names = line[m.end() :] if m else line
    parts = [p for p in re.split(r"\s*(?:[–—,&/]|\s-\s| và )\s*", names) if p]
    if not parts or names.startswith("("):
        return None  # "(binhthuan.gov.vn)" is the outlet
    if (
        len(parts) == 1
        and " " not in parts[0].strip()
        and not (parts[0].isupper() or "." in parts[0])
    ):
        return None  # one word ("Quang"): a line cut off, not a name ("P.V", "TUẤN")
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


_CAPTION_OPENER = re.compile(
    r"(?:quang canh|toan canh|cac dai bieu|dai bieu|lanh dao|hoi nghi|anh\s*:)"
)
_PHOTO_CREDIT = re.compile(r"\banh\s*:|\(anh\b|anh minh hoa")


def _captions(paragraphs, lead_line):
    """Lines that read like photo captions ("Quang cảnh hội nghị tại điểm cầu
    …", "Đồng chí A phát biểu", "… Ảnh: B"): short, after the lead, and either
    credited, or opening as captions do, or a few words without a full stop.
    A paragraph of the running text is none, nor the last line (often cut off
    mid-word), a list item or a byline. Used to caption photos."""
    out = []
    last = len(paragraphs) - 1
    for i, (line, low) in enumerate(paragraphs):
        if i <= lead_line or i == last or len(line) > 160 or not line[:1].isupper():
            continue
        if line[-1] in ":;," or _looks_like_byline(line, low):
            continue
        words = len(line.split())
        sentences = len(_SENTENCE_END.findall(line.rstrip(".")))
        if _PHOTO_CREDIT.search(low) or (
            sentences == 0
            and words <= 30
            and (_CAPTION_OPENER.match(low) or not line.endswith("."))
        ):
            out.append(line)
    return out


def _inserted(short, long):
    """True if ``long`` is ``short`` with a few words inserted (a caption
    repeated with the person's name added)."""
    if not short or not 0 < len(long) - len(short) <= 6:
        return False
    it = iter(long)
    return all(word in it for word in short)


def _lead_end(full, title_len, date_phrase):
    """End offset of the lead: the paragraph that opens with the event's date
    and the next one; without a date in the body, the first two paragraphs
    after the title."""
    pos = title_len
    if date_phrase is not None and date_phrase.start() > title_len:
        pos = max(title_len, full.rfind("\n", 0, date_phrase.start()))
    for _ in range(2):
        nxt = full.find("\n", pos + 1)
        if nxt < 0:
            return len(full)
        pos = nxt
    return pos


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
                org = _drop_venue(full, low, start, verb.start())
                if 3 <= len(org) <= 160 and org[:1].isupper():
                    return org
                break
    return None


_VENUE = re.compile(r"(?:hoi truong|nha quoc hoi|nha |phong hop|trung tam|tru so|thu do|quoc hoi)")


def _drop_venue(full, low, start, end):
    """The organiser without the venue segments written before it ("tại Hội
    trường Diên Hồng, Nhà Quốc hội, Bộ Chính trị, Ban Bí thư tổ chức")."""
    while True:
        comma = full.find(",", start, end)
        segment = low[start : comma if comma >= 0 else end].strip()
        if comma < 0 or not (_VENUE.match(segment) or segment in reference.places()):
            break
        start = comma + 1
    return full[start:end].strip(" ,")


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
