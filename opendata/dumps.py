"""The open-data downloads: every published report as JSON lines (the shape
of ``/api/reports/<id>/``) and the documents with their counts as CSV.

Each is streamed from ``.iterator()`` in chunks, never built in memory, and
kept on disk under the data directory as it streams: later requests get
that file (sendfile) until the archive changes, or an hour has passed."""

import csv
import hashlib
import io
import json
import os
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.db.models import Count, Max
from django.http import FileResponse, HttpResponseNotModified, StreamingHttpResponse

from archive.models import Document, Report, ReportDocument
from search import api

ROWS_PER_QUERY = 100
CHUNK_BYTES = 64 * 1024
KEEP_SECONDS = 3600


def cache_dir():
    return Path(settings.DATA_DIR) / "du-lieu"


def version(request):
    """Changes with the site's address (the downloads hold absolute links),
    whenever a report is published, edited, unpublished or deleted,
    a document added or removed, and at least every hour (the documents'
    subjects and plenum pages have no modification time)."""
    reports = Report.objects.published().aggregate(
        n=Count("id"), edited=Max("updated_at"), published=Max("published_at")
    )
    documents = Document.objects.aggregate(n=Count("id"), last=Max("id"))
    links = ReportDocument.objects.aggregate(n=Count("id"), last=Max("id"))
    site = request.build_absolute_uri("/")
    raw = repr((site, reports, documents, links, int(time.time() // KEEP_SECONDS)))
    return hashlib.sha256(raw.encode()).hexdigest()[:20]


def download(request, name, content_type, lines):
    """The response for download ``name``: its kept file when current, else
    ``lines()`` streamed (and kept as it goes)."""
    tag = version(request)
    etag = f'"{name}-{tag}"'
    if request.headers.get("If-None-Match") == etag:
        return HttpResponseNotModified(headers={"ETag": etag})
    path = cache_dir() / f"{tag}-{name}"
    if path.exists():
        response = FileResponse(path.open("rb"), content_type=content_type)
    else:
        response = StreamingHttpResponse(_kept(_chunks(lines()), path), content_type=content_type)
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={KEEP_SECONDS // 6}"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def _chunks(lines):
    """Lines gathered into chunks of about CHUNK_BYTES: one write per chunk."""
    buffer, size = [], 0
    for line in lines:
        data = line.encode("utf-8")
        buffer.append(data)
        size += len(data)
        if size >= CHUNK_BYTES:
            yield b"".join(buffer)
            buffer, size = [], 0
    if buffer:
        yield b"".join(buffer)


def _kept(chunks, path):
    """Yield the chunks while writing them to ``path``; the file appears only
    once complete (a client leaving half-way leaves nothing behind)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex}")
    done = False
    try:
        with partial.open("wb") as out:
            for chunk in chunks:
                out.write(chunk)
                yield chunk
        os.replace(partial, path)
        done = True
        for old in path.parent.glob(f"*-{path.name.split('-', 1)[1]}"):
            if old != path:
                old.unlink(missing_ok=True)
    finally:
        if not done:
            partial.unlink(missing_ok=True)


def report_lines(request):
    """One published report per line, oldest first, as the API gives it."""
    reports = api.published_reports().order_by("pk")
    for report in reports.iterator(chunk_size=ROWS_PER_QUERY):
        yield json.dumps(api.report_json(request, report), ensure_ascii=False) + "\n"
        # Prefetched rows point back at their report: a cycle that only the
        # garbage collector would free, hundreds of reports later.
        report._prefetched_objects_cache = {}


DOCUMENT_COLUMNS = [
    "code",
    "type",
    "type_name",
    "number",
    "issuer",
    "subject",
    "issue_date",
    "plenum",
    "url",
    "reports",
    "reports_studying",
]


def document_lines(request):
    """A header, then one document per row with the published reports citing
    it and those held to study it. Starts with a BOM so spreadsheet programs
    read the Vietnamese as UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def row(values):
        writer.writerow(values)
        line = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return line

    yield "\ufeff" + row(DOCUMENT_COLUMNS)
    # Two grouped counts (a few thousand documents at most) rather than two
    # counted joins per document, which multiply a much-cited one's rows.
    links = ReportDocument.objects.published().cited().values("document_id")
    cited = dict(links.annotate(n=Count("id")).values_list("document_id", "n"))
    studied = dict(
        links.filter(is_subject=True).annotate(n=Count("id")).values_list("document_id", "n")
    )
    documents = Document.objects.select_related("plenum__term").order_by("code")
    for doc in documents.iterator(chunk_size=ROWS_PER_QUERY):
        yield row(
            [
                doc.code,
                doc.type,
                doc.type_name,
                doc.number,
                doc.issuer,
                doc.subject,
                doc.issue_date.isoformat() if doc.issue_date else "",
                f"{doc.plenum.term.roman}-{doc.plenum.number}" if doc.plenum else "",
                request.build_absolute_uri(doc.get_absolute_url()),
                cited.get(doc.pk, 0),
                studied.get(doc.pk, 0),
            ]
        )
