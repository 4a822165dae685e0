"""The conference's date in a briefing report (part of the extractor; pure Python).

Reports open their first paragraph with the day: "Sáng 29/6, …", "Ngày 7-2, …",
"(GLO)- Sáng 25-2, …", "Sáng nay, 7/2, …", "Trong hai ngày 31/5 và 1/6/2016, …",
sometimes broken over two lines. Only a date that opens a sentence (after an
outlet tag at most) or stands in the title is the event's: "từ ngày 20-28/1/2016"
in the middle of a sentence is another event's (a congress announced).

Most write no year. It is then inferred, and the result says from what
(``basis``): the page's publication stamp; else what the report cites, since a
conference follows what it studies (the latest dated document, the plenum, a
term, "5 năm thực hiện Chỉ thị 05" = five years after the directive), taking the
first such day after it; else a month or year the text names. A date that
cannot be known stays None with precision "unknown".
"""

import datetime
import re
from dataclasses import dataclass

from archive import reference, vietnamese

_EVENT_DATE = re.compile(
    r"(?:(?:sang|chieu|toi|trua|dem|hom|ngay)(?: nay)?(?: ngay)?)\s*[,(]?\s*"
    # "ngày 20 và 21/12", "từ ngày 7 - 12/5/2018": the first day
    r"(?P<d>\d{1,2})(?:\s*(?:va|-|–)\s*\d{1,2})?\s*(?:[/.-]|\s+thang\s+)\s*(?P<m>\d{1,2})"
    # "31/5 và 1/6/2016": the first day, the year written after the second
    r"(?:\s*(?:va|-|–|den(?: ngay)?)\s*\d{1,2}\s*[/.-]\s*\d{1,2}(?=\s*[/.-]\s*(?:19|20)\d\d))?"
    r"(?:\s*(?:[/.-]|\s+nam\s+)\s*(?P<y>(?:19|20)\d{2}))?(?!\s*[/.-]?\s*\d)"
)
# What may stand before the date in its sentence: an outlet tag ("(GLO)-",
# "BHG -", "VOV.VN -", "(Baonghean.vn) –"), "Trong hai ngày", "Vào".
_SENTENCE_OPENER = re.compile(
    r"(?:^|[.!?…]\s+|\n)\s*(?:[^\s!?]{1,25}(?:\s+[^\s!?]{1,25}){0,3}\s*[-–—:]\s*)?"
    r"(?:(?:vao|tu|trong|cung trong)(?:\s+(?:hai|ba|\d))?\s+)?\(?$"
)
_BODY_WINDOW = 1500
_MONTH_YEAR = re.compile(r"thang\s+(\d{1,2})\s*(?:[/.-]|\s+nam\s+)\s*((?:19|20)\d{2})(?!\d)")
_YEAR = re.compile(r"nam\s+((?:19|20)\d{2})(?!\s*[-–]\s*\d)(?!\d)")
# "đến năm 2030", "nhiệm kỳ 2020 - 2025": targets and ranges, not the event's year.
_YEAR_TARGET = re.compile(r"(?:den|toi|tu|giai doan|nhiem ky|tam nhin|truoc)\s*$")
# "sơ kết 5 năm thực hiện Chỉ thị số 05-CT/TW": N years after the document.
_YEARS_OF = re.compile(r"(?:tong ket|so ket|ky niem)\s+(\d{1,2})\s+nam\s+(?:thuc hien\s+)?")
_TERM = re.compile(r"\bkhoa\s+(?P<t>[xvi]+)\b")
_WRITTEN_DATE = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*((?:19|20)\d{2})(?![\d/.-])")
_FUTURE = re.compile(r"\b(?:se|du kien|trieu tap|ke hoach|den nam)\b")


@dataclass(frozen=True)
class EventDate:
    iso: str | None
    precision: str  # "exact" | "inferred" | "unknown"
    basis: str | None  # what an inferred year comes from, in Vietnamese
    end: int  # end offset of the date phrase (where the organiser may follow)


def find_phrase(low, title_len):
    """The match of the event's date phrase: the first that opens a sentence
    in the body's first paragraphs, else the first in the title; or None."""
    for m in _EVENT_DATE.finditer(low, title_len, min(len(low), title_len + _BODY_WINDOW)):
        line_start = low.rfind("\n", 0, m.start()) + 1
        if _SENTENCE_OPENER.search(low, max(line_start - 1, 0), m.start()):
            return m
    return _EVENT_DATE.search(low, 0, title_len)


def event_date(low, m, published, page_date, plenums, documents, mentions):
    """The event's date from the phrase ``m`` (``find_phrase``).
    ``published``: the page's publication stamp (ISO); ``page_date``: a bare
    "Thứ Sáu, 12/08/2022" line, maybe the site's today-widget, used only as an
    upper bound; ``mentions``: (start, code) of the documents cited, for "N
    năm thực hiện <document>"."""
    if not m:
        if published and re.search(r"\b(?:sang|chieu|toi|hom) nay\b", low):
            return EventDate(published[:10], "inferred", "ngày đăng bài", 0)
        return EventDate(None, "unknown", None, 0)
    day, month = int(m.group("d")), int(m.group("m"))
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return EventDate(None, "unknown", None, m.end())
    if m.group("y"):
        iso = _iso(int(m.group("y")), month, day)
        return EventDate(iso, "exact" if iso else "unknown", None, m.end())
    year, basis = _infer_year(low, day, month, published, page_date, plenums, documents, mentions)
    iso = _iso(year, month, day) if year else None
    if iso is None:
        return EventDate(None, "unknown", None, m.end())
    return EventDate(iso, "inferred", basis, m.end())


def _iso(year, month, day):
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def _on_or_after(bound, month, day):
    """The first year in which (month, day) falls on or after ``bound``."""
    return bound.year if (month, day) >= (bound.month, bound.day) else bound.year + 1


def _on_or_before(bound, month, day):
    return bound.year if (month, day) <= (bound.month, bound.day) else bound.year - 1


def _infer_year(low, day, month, published, page_date, plenums, documents, mentions):
    """(year, basis) of a date written without one, or (None, None)."""
    if published:
        pub = datetime.date.fromisoformat(published[:10])
        return _on_or_before(pub, month, day), f"ngày đăng bài ({pub:%d/%m/%Y})"
    upper = datetime.date.fromisoformat(page_date[:10]) if page_date else None
    bound = _lower_bound(low, plenums, documents, mentions)
    if bound:
        date, what = bound
        year = _on_or_after(date, month, day)
        if upper is None or _iso(year, month, day) <= upper.isoformat():
            return year, f"sau {what} ({date:%d/%m/%Y})"
    refs = []
    for pos in vietnamese.word_starts(low, ("thang",)):
        m = _MONTH_YEAR.match(low, pos)
        if m and 1 <= int(m.group(1)) <= 12:
            refs.append((int(m.group(2)), int(m.group(1))))
    if refs:
        best = None
        for ref_year, ref_month in refs:
            for year in (ref_year - 1, ref_year, ref_year + 1):
                distance = abs((year * 12 + month) - (ref_year * 12 + ref_month))
                if best is None or distance < best[0]:
                    best = (distance, year, ref_month, ref_year)
        return best[1], f"tháng {best[2]:02d}/{best[3]} nhắc trong bài"
    years = []
    for pos in vietnamese.word_starts(low, ("nam",)):
        m = _YEAR.match(low, pos)
        if m and not _YEAR_TARGET.search(low, max(0, pos - 12), pos):
            years.append(int(m.group(1)))
    if upper:
        years = [y for y in years if y <= upper.year]
    if years:
        return max(years), f"năm {max(years)} nhắc trong bài"
    # A plenum named without a known date lies somewhere in its term: the
    # term's start would guess its year wrong more often than not.
    undated = [p for p in plenums if (p["term"], p["number"]) not in reference.plenum_dates()]
    term = None if undated else _term_bound(low)
    if term:
        date, what = term
        year = _on_or_after(date, month, day)
        if upper is None or _iso(year, month, day) <= upper.isoformat():
            return year, f"sau {what} ({date:%d/%m/%Y})"
    if upper:
        return _on_or_before(upper, month, day), f"ngày ghi trên trang ({upper:%d/%m/%Y})"
    return None, None


def _lower_bound(low, plenums, documents, mentions):
    """(date, what) the conference cannot precede: the latest of the dated
    documents it cites, the plenums it names, "N năm thực hiện" a document,
    and the start of the latest term it names."""
    bounds = []
    dated = {}
    for doc in documents:
        date = doc.get("date") or _reference_date(doc)
        if date:
            date = datetime.date.fromisoformat(str(date)[:10])
            dated[doc["code"]] = date
            bounds.append((date, doc["code"]))
    starts = reference.plenum_dates()
    for p in plenums:
        # Its start, not its resolutions' dates: a "thông báo nhanh" of the
        # plenum's results comes before they are issued.
        start = starts.get((p["term"], p["number"]))
        if start:
            bounds.append((start, f"Hội nghị Trung ương {p['number']} khóa {p['term']}"))
    for start, code in mentions:
        m = _YEARS_OF.search(low, max(0, start - 40), start)
        if m and code in dated:
            years = int(m.group(1))
            base = dated[code]
            try:
                anniversary = base.replace(year=base.year + years)
            except ValueError:  # 29 February
                anniversary = base.replace(year=base.year + years, day=28)
            # Reviews are held around the anniversary, a little before at most.
            bounds.append((anniversary - datetime.timedelta(days=60), f"{years} năm {code}"))
    for m in _WRITTEN_DATE.finditer(low):
        if m.start() and low[m.start() - 1] in "0123456789/.-":
            continue
        sentence = low[
            max(0, low.rfind(".", 0, m.start()), low.rfind("\n", 0, m.start())) : m.start()
        ]
        if _FUTURE.search(sentence):
            continue  # "sẽ diễn ra từ ngày 20-28/1/2016": what is to come
        date = _iso(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if date:
            date = datetime.date.fromisoformat(date)
            bounds.append((date, f"ngày {date:%d/%m/%Y} nhắc trong bài"))
    return max(bounds, key=lambda b: b[0]) if bounds else None


def _reference_date(doc):
    """The issue date the reference gives a cited document: its one edition,
    the edition the plenum named with it passed, or, of a number used in
    several terms, the earliest (the conference cannot precede it)."""
    editions = [e for e in reference.document_editions() if e.code == doc["code"]]
    plenum = doc.get("plenum")
    if plenum:
        passed = [e for e in editions if e.plenum == (plenum.get("term"), plenum.get("number"))]
        editions = passed or editions
    dated = sorted(e.issue_date for e in editions if e.issue_date)
    return dated[0].isoformat() if dated else None


def _term_bound(low):
    """(date, what): the start of the latest term the report names."""
    terms = reference.term_starts()
    bounds = []
    for m in _TERM.finditer(low):
        value = vietnamese.term_number(m.group("t"))
        roman = vietnamese.int_to_roman(value) if value else None
        if roman in terms:
            bounds.append((terms[roman], f"khóa {roman}"))
    return max(bounds, key=lambda b: b[0]) if bounds else None
