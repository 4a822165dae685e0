"""Import: report text → a Report with all its relations, in one transaction.

``import_text`` refuses empty or oversized text, recognises a duplicate by
``content_hash`` (nothing is created then), runs the extractor and stores the
report with ``apply_extraction``. ``import_paths`` walks files and folders
for ``manage.py import_reports``. Relations are written with bulk queries,
so an import costs a fixed, small number of queries whatever the report's size.
"""

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, connection, transaction

from archive import caches, codes, identity, vietnamese
from archive.decoding import DecodeError, decode_bytes, read_upload
from archive.extract import extract
from archive.extracted import Extraction
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
    content_hash,
    person_key,
)

logger = logging.getLogger(__name__)

EMPTY_TEXT = "Tệp rỗng: không có nội dung nào để nhập."
EXTRACT_FAILED = "Không đọc được nội dung bài (lỗi khi trích xuất); hãy báo cho quản trị viên."
NO_TITLE = "Không tìm thấy tiêu đề hay nội dung bài viết trong văn bản."


@dataclass
class ImportOutcome:
    status: str  # "imported" | "duplicate" | "error"
    report: Report | None = None
    duplicate_of: Report | None = None
    message: str = ""
    possible_duplicates: list = field(default_factory=list)
    data: Extraction | None = None  # the extraction, for callers that want more of it


def import_text(text, *, original_filename="", source_url="", publish=True):
    """Import one report's text (as decoded, kept verbatim as original_text).

    Returns an ImportOutcome: "imported" with the new report, "duplicate"
    with the report that has the same content (nothing created), or "error"
    with a message for the user. Never raises for bad input.
    """
    if not text or not text.strip():
        return ImportOutcome("error", message=EMPTY_TEXT)
    limit = settings.ARCHIVE_MAX_TEXT_BYTES
    if len(text) > limit or len(text.encode("utf-8")) > limit:
        return ImportOutcome(
            "error", message=f"Văn bản quá dài (giới hạn {limit // (1024 * 1024)} MB)."
        )
    digest = content_hash(text)
    existing = Report.objects.filter(content_hash=digest).only("pk", "title").first()
    if existing is not None:
        return _duplicate(existing)
    try:
        data = extract(text)
    except Exception:
        # A bug in the extractor must not lose the file or stop a folder import.
        logger.exception("extraction failed for %r", original_filename)
        return ImportOutcome("error", message=EXTRACT_FAILED)
    if not data["title"]:
        return ImportOutcome("error", message=NO_TITLE, data=data)
    report = Report(
        title=data["title"][:500],
        body=data["body"],
        original_text=text,
        original_filename=(original_filename or "")[:255],
        source_url=(source_url or "")[:1000],
        content_hash=digest,
        status=Report.Status.PUBLISHED if publish else Report.Status.DRAFT,
    )
    try:
        with transaction.atomic():
            places = _places()
            _set_fields(report, data, places)
            report.save()
            _link_all(report, data, fresh=True, places=places)
    except IntegrityError:
        # Imported by someone else between our check and our insert.
        existing = Report.objects.filter(content_hash=digest).first()
        if existing is not None:
            return _duplicate(existing)
        raise
    return ImportOutcome(
        "imported",
        report=report,
        possible_duplicates=_possible_duplicates(report),
        data=data,
    )


def _duplicate(existing):
    return ImportOutcome(
        "duplicate",
        duplicate_of=existing,
        message=f"Trùng với bài #{existing.pk} (cùng nội dung); không tạo bài mới.",
    )


def _possible_duplicates(report):
    """Other reports with the same title and date: maybe the same event
    reported with different wording (uses the title/date index)."""
    return list(
        Report.objects.filter(title=report.title, event_date=report.event_date)
        .exclude(pk=report.pk)
        .only("pk", "title", "slug", "event_date")[:10]
    )


def _set_fields(report, data, places=None):
    # "place" is None when re-applying without a new locality: keep the old one.
    report.event_date = data.get("event_date") or None
    report.date_precision = data.get("date_precision") or Report.DatePrecision.UNKNOWN
    report.date_basis = (data.get("date_basis") or "")[:200]
    report.format = data.get("format") or ""
    report.organiser = (data.get("organiser") or "")[:300]
    report.level = data.get("level") or ""
    report.author = (data.get("author") or "")[:200]
    # The outlet staff typed (or an earlier extraction found) is kept.
    report.source_outlet = report.source_outlet or (data.get("source_outlet") or "")[:200]
    if data.get("place"):
        places = places if places is not None else _places()
        report.organiser_place_id = report.organiser_place_id or places.get(
            vietnamese.search_key(data["place"])
        )


def apply_extraction(report, data: Extraction, *, replace=False, save=True):
    """Store an extraction's facts on a saved ``report``.

    Sets the report's scalar fields that ``data`` has (date, format,
    organiser, level, author, locality) and creates its relations, reusing
    Documents by canonical code, Persons by folded name and Places by name
    or historical name. Relations the report already has are kept and not
    duplicated; with ``replace=True`` the report's documents, plenums,
    appearances and connection points are first removed, so re-running an
    extraction replaces them. Call inside a transaction.
    """
    keys = set(data)
    if keys & {"event_date", "format", "organiser", "level", "author", "place", "source_outlet"}:
        _set_fields(report, {**_current(report), **data})
    if replace:
        report.document_links.all().delete()
        report.plenum_links.all().delete()
        report.appearances.all().delete()
        report.connection_points.all().delete()
    _link_all(report, data, fresh=False)
    if save:
        report.save()  # also queues the report for the search index


def _link_all(report, data, *, fresh, places=None):
    # ``fresh``: the report was just created, so it has no relations to check.
    _link_documents(report, data.get("documents") or [], data.get("subject_documents") or [], fresh)
    _link_plenums(report, data.get("plenums") or [], data.get("subject_plenums") or [], fresh)
    if data.get("plenums"):
        _link_implied(report)
    _link_people(report, data, fresh)
    _link_points(report, data.get("connection_points") or [], fresh, places)


def _current(report):
    return {
        "event_date": report.event_date,
        "date_precision": report.date_precision,
        "date_basis": report.date_basis,
        "format": report.format,
        "organiser": report.organiser,
        "level": report.level,
        "author": report.author,
        "place": None,
    }


# --- Documents and plenums --------------------------------------------------------


def _link_documents(report, documents, subject_codes, fresh):
    """Link the documents cited, each resolved to its edition by
    ``archive.identity`` (the date written with it, the plenum named with it,
    the report's date); an edition not known yet is created."""
    wanted = {}
    for doc in documents:
        code = codes.normalize_code(doc.get("code") or "")
        if code:
            wanted.setdefault(code, doc)
    if not wanted:
        return
    subject_codes = {codes.normalize_code(c) or c for c in subject_codes}
    plenums = _plenum_ids([d["plenum"] for d in wanted.values() if d.get("plenum")])
    cues = {}
    for code, doc in wanted.items():
        plenum = doc.get("plenum") or {}
        issued = identity.as_date(doc.get("date"))
        cues[code] = {
            "year": issued.year if issued else None,
            "plenum_id": plenums.get(
                (vietnamese.roman_to_int(str(plenum.get("term") or "")), plenum.get("number"))
            ),
            "on": report.event_date,
        }
    fields = ("id", "code", "year", "subject", "issue_date", "plenum_id")
    documents = Document.objects.order_by().only(*fields)

    def resolve():
        editions = {}
        for d in documents.filter(code__in=list(wanted)):
            editions.setdefault(d.code, []).append(d)
        return {code: identity.choose(editions.get(code, ()), **cues[code]) for code in wanted}

    found = resolve()
    missing = [code for code, document in found.items() if document is None]
    if missing:
        new = []
        for code in missing:
            doc, parsed = wanted[code], codes.parse_code(code)
            issued = identity.as_date(doc.get("date"))
            year = issued.year if issued else None
            new.append(
                Document(
                    code=code,
                    year=year,
                    slug=codes.edition_slug(code, year),
                    type=parsed.type,
                    number=parsed.number,
                    issuer=parsed.issuer,
                    subject=(doc.get("subject") or "")[:2000],
                    issue_date=issued,
                    plenum_id=cues[code]["plenum_id"],
                )
            )
        # Another import may create the same edition meanwhile: ignore and re-read.
        Document.objects.bulk_create(new, ignore_conflicts=True)
        found = resolve()
    for code, document in found.items():
        if document is None:
            continue
        # Fill what the reference data or earlier reports left empty.
        doc = wanted[code]
        changed = []
        plenum_id = cues[code]["plenum_id"]
        if not document.plenum_id and plenum_id:
            document.plenum_id = plenum_id
            changed.append("plenum")
        if not document.subject and doc.get("subject"):
            document.subject = doc["subject"][:2000]
            changed.append("subject")
        issued = identity.as_date(doc.get("date"))
        if not document.issue_date and issued and document.year in (None, issued.year):
            document.issue_date = issued
            changed.append("issue_date")
        if changed:
            try:
                with transaction.atomic():
                    document.save(update_fields=changed)
            except IntegrityError:
                pass  # the dated edition exists already: keep this one as it was
    linked = {} if fresh else dict(report.document_links.values_list("document_id", "is_implied"))
    chosen = {code: d for code, d in found.items() if d is not None}
    # A document the report implied so far and now cites: a citation.
    implied_now_cited = [d.pk for d in chosen.values() if linked.get(d.pk)]
    if implied_now_cited:
        report.document_links.filter(document_id__in=implied_now_cited).update(is_implied=False)
    ReportDocument.objects.bulk_create(
        [
            ReportDocument(report=report, document=d, is_subject=code in subject_codes)
            for code, d in chosen.items()
            if d.pk not in linked
        ],
        ignore_conflicts=True,
    )


def _link_implied(report):
    """Link the documents passed by the plenums the report names, which it
    does not cite, as implied ("Nghị quyết Trung ương 6 khóa XII" → 18-,
    19-, 20-, 21-NQ/TW)."""
    plenum_ids = report.plenum_links.values("plenum_id")
    passed = Document.objects.filter(plenum__in=plenum_ids).exclude(
        pk__in=report.document_links.values("document_id")
    )
    ReportDocument.objects.bulk_create(
        [
            ReportDocument(report=report, document_id=pk, is_implied=True)
            for pk in passed.values_list("pk", flat=True)
        ],
        ignore_conflicts=True,
    )


def _plenum_ids(plenums):
    """{(term number, plenum number): id} for the reference plenums named."""
    keys = {(vietnamese.roman_to_int(str(p.get("term") or "")), p.get("number")) for p in plenums}
    keys = {k for k in keys if k[0] and k[1]}
    if not keys:
        return {}
    rows = Plenum.objects.order_by().filter(
        term__number__in={t for t, _ in keys}, number__in={n for _, n in keys}
    )
    return {(t, n): pk for pk, t, n in rows.values_list("id", "term__number", "number")}


def _link_plenums(report, plenums, subject, fresh):
    wanted = []
    for p in plenums:
        number = vietnamese.roman_to_int(str(p.get("term") or ""))
        if number and p.get("number") and (number, p["number"]) not in wanted:
            wanted.append((number, int(p["number"])))
    if not wanted:
        return
    subject_keys = {
        (vietnamese.roman_to_int(str(p.get("term") or "")), p.get("number")) for p in subject
    }
    # Ids only, no ordering: this runs once per imported report.
    found = {
        (term, number): pk
        for pk, term, number in Plenum.objects.filter(
            term__number__in={t for t, _ in wanted}, number__in={n for _, n in wanted}
        )
        .order_by()
        .values_list("id", "term__number", "number")
    }
    for key in wanted:
        if key not in found:
            # A plenum the reference data does not list yet, of a known term.
            term = Term.objects.filter(number=key[0]).first()
            if term is not None:
                found[key] = Plenum.objects.get_or_create(term=term, number=key[1])[0].pk
    linked = set() if fresh else set(report.plenum_links.values_list("plenum_id", flat=True))
    ReportPlenum.objects.bulk_create(
        [
            ReportPlenum(report=report, plenum_id=found[key], is_subject=key in subject_keys)
            for key in wanted
            if key in found and found[key] not in linked
        ]
    )


def _link_people(report, data, fresh):
    rows = []  # (person, role); chairs are speakers with role "chair"
    for person in data.get("speakers") or []:
        rows.append((person, Appearance.Role.of_speaker(person.get("role"))))
    for person in data.get("attendees") or []:
        rows.append((person, Appearance.Role.ATTENDEE))
    # A known leader is linked by the leader's name (archive.leaders), so a
    # variant spelling or a title glued to the name lands on the same person.
    rows = [
        ({**p, "name": p.get("known_as") or p.get("name")}, role)
        for p, role in rows
        if (p.get("known_as") or p.get("name") or "").strip()
    ]
    if not rows:
        return
    people = _persons([p["name"] for p, _ in rows])
    existing = set() if fresh else set(report.appearances.values_list("person_id", "role"))
    start = len(existing)
    new = []
    for order, (p, role) in enumerate(rows, start=start):
        person = people[person_key(p["name"])]
        if (person, role) in existing:
            continue
        existing.add((person, role))
        new.append(
            Appearance(
                report=report,
                person_id=person,
                role=role,
                position=(p.get("position") or "")[:400],
                topic=p.get("topic") or "",
                order=order,
            )
        )
    Appearance.objects.bulk_create(new)


def _persons(names):
    """{person_key: person id} for ``names``, creating the missing people
    (see ``person_key``: "Thuý" and "Thúy", NFD or NFC, are one person)."""
    by_slug = {}
    for name in names:
        by_slug.setdefault(person_key(name), vietnamese.normalize(name).strip())
    found = _ids_by(Person, "slug", list(by_slug))
    missing = [slug for slug in by_slug if slug not in found]
    if missing:
        Person.objects.bulk_create(
            [Person(name=by_slug[slug][:100], slug=slug) for slug in missing],
            ignore_conflicts=True,
        )
        found.update(_ids_by(Person, "slug", missing))
    return found


def _ids_by(model, column, values):
    """{value: id} for rows of ``model`` whose ``column`` is in ``values``
    (plain SQL: the ORM's query building cost more than the query here)."""
    if not values:
        return {}
    quote = connection.ops.quote_name
    sql = (
        f"SELECT {quote(column)}, id FROM {quote(model._meta.db_table)} "
        f"WHERE {quote(column)} IN ({', '.join(['%s'] * len(values))})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        return dict(cursor.fetchall())


# --- Places and connection points -------------------------------------------------------


def _places():
    """The places' ``name_index()``, kept for the process (see ``caches``):
    a folder import reads it once per report and places rarely change."""
    return caches.place_names()


def _place_for(point, places):
    # The extractor's place first; then, for places staff added in the admin
    # (not in the extractor's reference data), the point's own name.
    for written in (point.get("place"), point.get("name")):
        if written:
            place = Place.objects.lookup_id(written, places)
            if place is not None:
                return place
    return None


def _link_points(report, points, fresh, places=None):
    points = [p for p in points if (p.get("name") or "").strip()]
    if not points:
        return
    places = places if places is not None else _places()
    names = [] if fresh else report.connection_points.values_list("name", flat=True)
    have = {vietnamese.search_key(n) for n in names}
    new = []
    for point in points:
        key = vietnamese.search_key(point["name"])
        # A report imported before points were named by their province's short
        # name holds the point as written ("tỉnh Lạng Sơn" for "Lạng Sơn").
        written = vietnamese.search_key(point.get("as_written") or point["name"])
        if key in have or written in have:
            continue
        have.update((key, written))
        new.append(
            ConnectionPoint(
                report=report,
                name=point["name"][:300],
                place_id=_place_for(point, places),
                is_central=bool(point.get("central")),
            )
        )
    ConnectionPoint.objects.bulk_create(new)


# --- Files ------------------------------------------------------------------------------


def iter_files(paths):
    """Files under ``paths`` (files and folders), folders walked in sorted
    order, hidden files and folders skipped."""
    for path in paths:
        path = Path(path)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield Path(root) / name
        else:
            yield path


def read_text_file(path):
    """Text of a report file (raises DecodeError with a user message)."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DecodeError(f"Không đọc được tệp: {exc.strerror or exc}.") from None
    if size > settings.ARCHIVE_MAX_TEXT_BYTES:
        limit = settings.ARCHIVE_MAX_TEXT_BYTES // (1024 * 1024)
        raise DecodeError(f"Tệp quá lớn ({size:,} byte; giới hạn {limit} MB).")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DecodeError(f"Không đọc được tệp: {exc.strerror or exc}.") from None
    if path.suffix.lower() in (".html", ".htm", ".docx", ".doc"):
        return read_upload(path.name, data)
    return decode_bytes(data)


def import_paths(paths, *, publish=True):
    """Import every file under ``paths``; yields (path, ImportOutcome) per
    file and goes on after a bad one."""
    for path in iter_files(paths):
        try:
            text = read_text_file(path)
        except DecodeError as exc:
            yield path, ImportOutcome("error", message=str(exc))
            continue
        yield path, import_text(text, original_filename=path.name, publish=publish)
