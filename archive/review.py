"""Where each extracted fact stands in the uploaded text, for the staff review page.

Staff check a draft against the text it came from: every document, person,
connection point, date and byline the report now carries is looked up in the
original text and marked there, so each value can be traced to where it was
found (or is seen to stand nowhere: a value staff typed, or an extraction error).
Lookups are case- and diacritics-insensitive (``vietnamese.fold_lower`` keeps
offsets), whole words only; document codes are found in every written form
(``codes.find_codes`` and short references such as "Nghị quyết 26").
"""

import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe

from archive import codes, vietnamese


@dataclass
class Fact:
    kind: str  # css class and legend: document, person, point, date, source
    label: str  # what the review panel shows: "Văn bản 26-NQ/TW"
    spans: list = field(default_factory=list)  # (start, end) in the text
    anchor: str = ""  # id of the first mark, "" when not found


def _word_spans(low, needle):
    """Whole-word occurrences of ``needle`` (already fold_lower) in ``low``."""
    if not needle.strip():
        return []
    spans = []
    pos = low.find(needle)
    while pos >= 0:
        end = pos + len(needle)
        before = pos == 0 or not low[pos - 1].isalnum()
        after = end == len(low) or not low[end].isalnum()
        if before and after:
            spans.append((pos, end))
        pos = low.find(needle, pos + 1)
    return spans


def _document_spans(text, low, document):
    spans = [(s, e) for code, s, e in codes.find_codes(text) if code.code == document.code]
    for m in codes.SHORT_REF_RE.finditer(low):
        if codes.short_ref(m) == (document.type, document.number):
            spans.append(m.span())
    return spans


def _date_spans(text, date):
    # "29/6", "29-06-2018", "ngày 29 tháng 6": the day and month as written.
    d, m = date.day, date.month
    pattern = rf"(?<!\d)0?{d}\s*[/.\-]\s*0?{m}(?!\d)|(?<!\d)0?{d}\s+tháng\s+0?{m}(?!\d)"
    return [x.span() for x in re.finditer(pattern, text, re.IGNORECASE)]


def facts_of(report):
    """The facts a report carries, each with where it stands in
    ``report.original_text``."""
    text = report.original_text or ""
    low = vietnamese.fold_lower(text)

    def named(kind, label, value):
        return Fact(kind, label, _word_spans(low, vietnamese.fold_lower(value.strip())))

    facts = []
    if report.event_date:
        facts.append(
            Fact("date", f"Ngày {report.event_date:%d/%m/%Y}", _date_spans(text, report.event_date))
        )
    for document in (link.document for link in report.document_links.cited()):
        facts.append(
            Fact("document", f"Văn bản {document.code}", _document_spans(text, low, document))
        )
    for appearance in report.appearances.all():
        facts.append(
            named(
                "person",
                f"{appearance.get_role_display()}: {appearance.person.name}",
                appearance.person.name,
            )
        )
    for point in report.connection_points.select_related("place"):
        fact = named("point", f"Điểm cầu: {point.name}", point.name)
        if not fact.spans and point.place:
            # A province is named by its short name ("TP Hồ Chí Minh") whatever
            # the text wrote ("TP.HCM"): look for any of its names.
            for alias in vietnamese.place_aliases(point.place.name, point.place.historical_names):
                fact.spans.extend(_word_spans(low, alias))
        facts.append(fact)
    for label, value in (
        ("Đơn vị tổ chức", report.organiser),
        ("Tác giả", report.author),
        ("Nguồn", report.source_outlet),
    ):
        if value:
            facts.append(named("source", f"{label}: {value}", value))
    return facts


def marked_text(text, facts):
    """``text`` escaped, with every fact's spans wrapped in ``<mark>``. Sets
    each fact's ``anchor``: the id of its first mark ("" if none was placed)."""
    spans = sorted(
        ((start, end, fact) for fact in facts for start, end in fact.spans),
        key=lambda s: (s[0], -(s[1] - s[0])),
    )
    for fact in facts:
        fact.anchor = ""
    out, cursor, anchors = [], 0, 0
    for start, end, fact in spans:
        if start < cursor:
            continue  # overlaps a longer mark already placed
        id_attr = ""
        if not fact.anchor:
            anchors += 1
            fact.anchor = f"src-{anchors}"
            id_attr = f' id="{fact.anchor}"'
        out.append(escape(text[cursor:start]))
        out.append(
            f'<mark class="src-{fact.kind}"{id_attr} title="{escape(fact.label)}">'
            f"{escape(text[start:end])}</mark>"
        )
        cursor = end
    out.append(escape(text[cursor:]))
    return mark_safe("".join(out))
