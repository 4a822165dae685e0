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
    # A plain key query first: almost every import is new.
    if _ids_by(Report, "content_hash", [digest]):
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
    reported with different wording (uses the title/date index). Most imports
    have none, so a plain key query comes first and the ORM only when it finds one."""
    table = connection.ops.quote_name(Report._meta.db_table)
    date_test = "event_date IS NULL" if report.event_date is None else "event_date = %s"
    params = [report.title] + ([] if report.event_date is None else [report.event_date])
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {table} WHERE title = %s AND {date_test} AND id <> %s LIMIT 10",
            [*params, report.pk],
        )
        pks = [row[0] for row in cursor.fetchall()]
    if not pks:
        return []
    return list(Report.objects.filter(pk__in=pks).only("pk", "title", "slug", "event_date"))


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
    # Every field Document.save reads, so filling one in costs no deferred load.
    fields = (
        "id",
        "code",
        "year",
        "slug",
        "type",
        "number",
        "issuer",
        "subject",
        "issue_date",
        "plenum_id",
    )
    quote = connection.ops.quote_name
    sql = (
        f"SELECT {', '.join(quote(f) for f in fields)} FROM {quote(Document._meta.db_table)} "
        f"WHERE code IN ({', '.join(['%s'] * len(wanted))}) ORDER BY id"
    )

    def resolve():
        # Plain SQL read into model instances (the ORM's query building cost
        # more than the query); both backends return dates as dates here.
        editions = {}
        with connection.cursor() as cursor:
            cursor.execute(sql, list(wanted))
            rows = cursor.fetchall()
        for row in rows:
            d = Document.from_db(connection.alias, fields, row)
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
    _insert(
        ReportDocument,
        ("report", "document", "is_subject", "is_implied"),
        [
            (report.pk, d.pk, code in subject_codes, False)
            for code, d in chosen.items()
            if d.pk not in linked
        ],
        ignore_conflicts=True,
    )


def _link_implied(report):
    """Link the documents passed by the plenums the report names, which it
    does not cite, as implied ("Nghị quyết Trung ương 6 khóa XII" → 18-,
    19-, 20-, 21-NQ/TW): one INSERT … SELECT."""
    quote = connection.ops.quote_name
    links, plenum_links = ReportDocument._meta.db_table, ReportPlenum._meta.db_table
    sql = (
        f"INSERT INTO {quote(links)} (report_id, document_id, is_subject, is_implied) "
        f"SELECT %s, d.id, %s, %s FROM {quote(Document._meta.db_table)} d "
        f"WHERE d.plenum_id IN (SELECT plenum_id FROM {quote(plenum_links)} WHERE report_id = %s) "
        f"AND d.id NOT IN (SELECT document_id FROM {quote(links)} WHERE report_id = %s) "
        "ON CONFLICT DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [report.pk, False, True, report.pk, report.pk])


def _plenum_ids(plenums):
    """{(term number, plenum number): id} for the reference plenums named
    (``plenums``: extracted {term, number} dicts or (term, number) pairs)."""
    keys = set()
    for p in plenums:
        term, number = p if isinstance(p, tuple) else (p.get("term"), p.get("number"))
        term = term if isinstance(term, int) else vietnamese.roman_to_int(str(term or ""))
        if term and str(number or "").isdigit():
            keys.add((term, int(number)))
    if not keys:
        return {}
    quote = connection.ops.quote_name
    terms, numbers = sorted({t for t, _ in keys}), sorted({int(n) for _, n in keys})
    sql = (
        f"SELECT p.id, t.number, p.number FROM {quote(Plenum._meta.db_table)} p "
        f"JOIN {quote(Term._meta.db_table)} t ON t.id = p.term_id "
        f"WHERE t.number IN ({', '.join(['%s'] * len(terms))}) "
        f"AND p.number IN ({', '.join(['%s'] * len(numbers))})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*terms, *numbers])
        return {(t, n): pk for pk, t, n in cursor.fetchall()}


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
    found = _plenum_ids(wanted)
    for key in wanted:
        if key not in found:
            # A plenum the reference data does not list yet, of a known term.
            term = Term.objects.filter(number=key[0]).first()
            if term is not None:
                found[key] = Plenum.objects.get_or_create(term=term, number=key[1])[0].pk
    linked = set() if fresh else set(report.plenum_links.values_list("plenum_id", flat=True))
    _insert(
        ReportPlenum,
        ("report", "plenum", "is_subject"),
        [
            (report.pk, found[key], key in subject_keys)
            for key in wanted
            if key in found and found[key] not in linked
        ],
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
            (report.pk, person, role, (p.get("position") or "")[:400], p.get("topic") or "", order)
        )
    _insert(Appearance, ("report", "person", "role", "position", "topic", "order"), new)


def _persons(names):
    """{person_key: person id} for ``names``, creating the missing people
    (see ``person_key``: "Thuý" and "Thúy", NFD or NFC, are one person)."""
    by_slug = {}
    for name in names:
        by_slug.setdefault(person_key(name), vietnamese.normalize(name).strip())
    found = _ids_by(Person, "slug", list(by_slug))
    missing = [slug for slug in by_slug if slug not in found]
    if missing:
        _insert(
            Person,
            ("name", "slug"),
            [(by_slug[slug][:100], slug) for slug in missing],
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


def _insert(model, fields, rows, *, ignore_conflicts=False):
    """Insert ``rows`` (tuples of ``fields``' values) into ``model``'s table in
    one statement: what ``bulk_create`` does for these link rows, without its
    per-call cost (a folder import makes several such calls per report). No
    signals are sent, as with ``bulk_create``; values go through each field's
    own ``get_db_prep_save``."""
    if not rows:
        return
    meta, quote = model._meta, connection.ops.quote_name
    columns = [meta.get_field(name) for name in fields]
    row_sql = "(" + ", ".join(["%s"] * len(columns)) + ")"
    head = f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in columns)})"
    tail = " ON CONFLICT DO NOTHING" if ignore_conflicts else ""  # SQLite ≥ 3.24, PostgreSQL
    step = max(1, 900 // len(columns))  # under SQLite's oldest limit of 999 parameters
    with connection.cursor() as cursor:
        for at in range(0, len(rows), step):
            chunk = rows[at : at + step]
            params = [
                f.get_db_prep_save(v, connection)
                for row in chunk
                for f, v in zip(columns, row, strict=True)
            ]
            cursor.execute(f"{head} VALUES {', '.join([row_sql] * len(chunk))}{tail}", params)


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
            (report.pk, point["name"][:300], _place_for(point, places), bool(point.get("central")))
        )
    _insert(ConnectionPoint, ("report", "name", "place", "is_central"), new)


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
