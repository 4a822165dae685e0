"""The JSON shapes of the API: search results and one report with
everything extracted from it."""

from archive.models import Report


def search_results(request, results):
    """One page of results. ``count`` is the matching reports; with
    ``grouped``, the reports of one conference are one entry (its best
    ranked report, carrying the others' ids in ``grouped_ids``), and
    ``entries`` and ``pages`` count entries."""
    return {
        "count": results.total,
        "entries": results.entries,
        "grouped": results.request.group,
        "page": results.request.page,
        "pages": results.pages,
        "relaxed": results.relaxed,
        "unknown_document": results.unknown_document,
        "document_uncited": results.document_uncited,
        "results": [
            {
                "id": hit.report.pk,
                "title": hit.report.title,
                "url": request.build_absolute_uri(hit.report.get_absolute_url()),
                "event_date": hit.report.event_date.isoformat() if hit.report.event_date else None,
                "documents": [doc.code for doc in hit.documents],
                "snippet": str(hit.snippet),
                "conference": _conference(request, hit.conference),
                "grouped_ids": [report.pk for report in hit.folded],
                # "qua Hội nghị Trung ương 6 khóa XII": found through the
                # plenum that passed the document asked for, or null.
                "via": hit.via or None,
            }
            for hit in results.hits
        ],
        "facets": {
            facet.param: [[item.value, item.count] for item in facet.items]
            for facet in results.facets
        },
    }


def _conference(request, conference):
    if conference is None:
        return None
    return {
        "id": conference.pk,
        "url": request.build_absolute_uri(conference.get_absolute_url()),
        "title": conference.title,
        "status": conference.status,
        "report_count": conference.report_count,
    }


def report_data(report):
    """Everything extracted about one report, for the API."""
    return {
        "id": report.pk,
        "title": report.title,
        "url": report.get_absolute_url(),
        "event_date": report.event_date.isoformat() if report.event_date else None,
        "date_precision": report.date_precision,
        "format": report.format or None,
        "organiser": report.organiser or None,
        "level": report.level or None,
        "author": report.author or None,
        "source_outlet": report.source_outlet or None,
        "source_url": report.source_url or None,
        "documents": [
            {
                "code": link.document.code,
                "type": link.document.type,
                "number": link.document.number,
                "issuer": link.document.issuer,
                "year": link.document.year,
                "subject": link.document.subject or None,
                "is_subject": link.is_subject,
            }
            for link in report.document_links.all()
            if not link.is_implied
        ],
        # Passed by a plenum the report names, which it does not cite.
        "implied_documents": [
            {
                "code": link.document.code,
                "year": link.document.year,
                "subject": link.document.subject or None,
            }
            for link in report.document_links.all()
            if link.is_implied
        ],
        "plenums": [
            {
                "number": link.plenum.number,
                "term": link.plenum.term.roman,
                "is_subject": link.is_subject,
            }
            for link in report.plenum_links.all()
        ],
        "speakers": [
            {
                "name": a.person.name,
                "position": a.position,
                "topic": a.topic or None,
                "role": a.role,
            }
            for a in report.appearances.all()
            if a.is_speaking
        ],
        "attendees": [
            {"name": a.person.name, "position": a.position}
            for a in report.appearances.all()
            if not a.is_speaking
        ],
        "connection_points": [
            {
                "name": cp.name,
                "place": cp.place.name if cp.place else None,
                "is_central": cp.is_central,
            }
            for cp in report.connection_points.all()
        ],
        "photos": [
            {
                "caption": p.caption,
                "url": p.display.url if p.display else p.image.url,
                "thumbnail": p.thumbnail.url if p.thumbnail else None,
            }
            for p in report.photos.all()
        ],
        "body": report.body,
    }


def report_json(request, report):
    """``report_data`` with its address absolute: one report as the API and
    the open-data download (opendata/) give it."""
    data = report_data(report)
    data["url"] = request.build_absolute_uri(data["url"])
    return data


def published_reports():
    """Published reports with everything ``report_data`` reads, in five queries."""
    return (
        Report.objects.published()
        .defer("original_text")
        .prefetch_related(
            "document_links__document",
            "plenum_links__plenum__term",
            "appearances__person",
            "connection_points__place",
            "photos",
        )
    )


def published_report(pk):
    return published_reports().filter(pk=pk).first()
