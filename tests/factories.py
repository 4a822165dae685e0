"""Small helpers that build archive data through the ORM for tests.

Each helper reuses an existing row when one matches (same code, name, term …),
so tests can call them freely without tripping unique constraints.

    report = make_report(
        "Quán triệt Nghị quyết 26",
        event_date="2018-06-29",
        documents=["26-NQ/TW"],
        plenums=["XII-7"],
        speakers=[("Trần Quốc Vượng", "Thường trực Ban Bí thư", "Quán triệt Nghị quyết")],
        attendees=[("Phạm Minh Tấn", "Phó Bí thư Tỉnh ủy")],
        connection_points=[("điểm cầu tỉnh Hà Giang", "Hà Giang")],
        place="Quảng Ninh",
    )
"""

import datetime
import itertools

from archive import codes, vietnamese
from archive.models import (
    Appearance,
    ConnectionPoint,
    Document,
    Person,
    Place,
    Plenum,
    Report,
    ReportDocument,
    ReportPlenum,
    Term,
)

_counter = itertools.count(1)


def make_term(roman="XII", start_year=None, end_year=None):
    term, _ = Term.objects.get_or_create(
        roman=roman.upper(),
        defaults={
            "number": vietnamese.roman_to_int(roman),
            "start_year": start_year,
            "end_year": end_year,
        },
    )
    return term


def make_plenum(term="XII", number=7, start_date=None, end_date=None, summary=""):
    """``make_plenum("XII", 7)``; ``term`` may be a Term or its Roman numeral."""
    if not isinstance(term, Term):
        term = make_term(term)
    plenum, _ = Plenum.objects.get_or_create(
        term=term,
        number=number,
        defaults={
            "start_date": _date(start_date),
            "end_date": _date(end_date),
            "summary": summary,
        },
    )
    return plenum


def make_document(code="26-NQ/TW", subject="", plenum=None, issue_date=None):
    """``plenum`` may be a Plenum or a "XII-7" string."""
    canonical = codes.normalize_code(code) or code
    doc = Document.objects.filter(code=canonical).first()
    if doc is None:
        doc = Document.objects.create(
            code=canonical,
            subject=subject,
            plenum=_plenum(plenum),
            issue_date=_date(issue_date),
        )
    return doc


def make_place(name="Quảng Ninh", kind=Place.Kind.PROVINCE, parent=None, **fields):
    """``parent`` may be a Place or a name (created as a province if missing)."""
    if parent is not None and not isinstance(parent, Place):
        parent = make_place(parent)
    place = Place.objects.filter(name=name).first()
    if place is None:
        place = Place.objects.create(name=name, kind=kind, parent=parent, **fields)
    return place


def make_person(name="Trần Quốc Vượng"):
    person = Person.objects.filter(name=name).first()
    return person or Person.objects.create(name=name)


def make_report(
    title=None,
    *,
    body=None,
    event_date=None,
    date_precision=None,
    status=Report.Status.PUBLISHED,
    documents=(),
    subject_documents=(),
    plenums=(),
    speakers=(),
    attendees=(),
    connection_points=(),
    place=None,
    photos=(),
    **fields,
):
    """A report with its relations.

    documents / subject_documents: codes or Documents (subject ones are marked is_subject).
    plenums: "XII-7" strings or Plenums (the first is marked is_subject).
    speakers: (name, position, topic) tuples; attendees: (name, position) tuples.
    connection_points: names, or (name, place name or Place or None[, is_central]) tuples.
    place: organiser place (name or Place). photos: Photo field dicts (image paths etc.).
    """
    n = next(_counter)
    title = title or f"Hội nghị quán triệt số {n}"
    body = body if body is not None else f"{title}.\nNội dung bài số {n}."
    if date_precision is None:
        date_precision = Report.DatePrecision.EXACT if event_date else Report.DatePrecision.UNKNOWN
    fields.setdefault("original_text", f"{title}\n{body}\n#{n}")
    report = Report.objects.create(
        title=title,
        body=body,
        event_date=_date(event_date),
        date_precision=date_precision,
        status=status,
        organiser_place=_place(place),
        **fields,
    )
    for code in subject_documents:
        doc = code if isinstance(code, Document) else make_document(code)
        ReportDocument.objects.get_or_create(report=report, document=doc, is_subject=True)
    for code in documents:
        doc = code if isinstance(code, Document) else make_document(code)
        ReportDocument.objects.get_or_create(report=report, document=doc)
    for i, plenum in enumerate(plenums):
        ReportPlenum.objects.create(report=report, plenum=_plenum(plenum), is_subject=i == 0)
    order = itertools.count()
    for speaker in speakers:
        name, position, topic = (tuple(speaker) + ("", ""))[:3]
        Appearance.objects.create(
            report=report,
            person=make_person(name),
            role=Appearance.Role.SPEAKER,
            position=position or "",
            topic=topic or "",
            order=next(order),
        )
    for attendee in attendees:
        name, position = (tuple(attendee) + ("",))[:2]
        Appearance.objects.create(
            report=report,
            person=make_person(name),
            role=Appearance.Role.ATTENDEE,
            position=position or "",
            order=next(order),
        )
    for point in connection_points:
        if isinstance(point, str):
            point = (point, None)
        name, point_place, is_central = (tuple(point) + (False,))[:3]
        ConnectionPoint.objects.create(
            report=report, name=name, place=_place(point_place), is_central=is_central
        )
    for i, photo in enumerate(photos):
        report.photos.create(order=i, **photo)
    return report


def load_reference():
    """The reference data (terms, plenums, documents, places) a fresh clone loads."""
    from django.core.management import call_command

    call_command("loaddata", "reference", verbosity=0)


def import_generated(count, seed):
    """``count`` reports of the benchmark's generator (bench/corpus.py),
    imported as uploaded files are."""
    from archive.importing import import_text
    from bench.corpus import generate_corpus

    for report in generate_corpus(count, seed=seed):
        import_text(report.text)


def _date(value):
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value)


def _place(value):
    if value is None or isinstance(value, Place):
        return value
    return make_place(value)


def _plenum(value):
    if value is None or isinstance(value, Plenum):
        return value
    roman, number = value.split("-")
    return make_plenum(roman, int(number))
