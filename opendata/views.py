"""The open-data page and its downloads (opendata/dumps.py)."""

from django.conf import settings
from django.db.models import Count
from django.shortcuts import render
from django.views.decorators.http import require_GET

from archive.models import Document, Report
from opendata import dumps
from search import request as search_request


@require_GET
def index(request):
    context = {
        "reports": Report.objects.published().count(),
        "documents": Document.objects.aggregate(n=Count("id"))["n"],
        "columns": dumps.DOCUMENT_COLUMNS,
    }
    return render(request, "opendata/index.html", context)


@require_GET
def reports_jsonl(request):
    return dumps.download(
        request,
        "bai.jsonl",
        "application/x-ndjson; charset=utf-8",
        lambda: dumps.report_lines(request),
    )


@require_GET
def documents_csv(request):
    return dumps.download(
        request, "van-ban.csv", "text/csv; charset=utf-8", lambda: dumps.document_lines(request)
    )


@require_GET
def api_docs(request):
    """/api/: every endpoint and parameter, the parameters read from the
    search request's own definitions so the page cannot drift from them."""
    example = Report.objects.published().only("pk").order_by("-pk").first()
    context = {
        "facets": [(param, label) for param, (_, label) in search_request.FACETS.items()],
        "sorts": search_request.SORTS.items(),
        "max_page": search_request.MAX_PAGE,
        "per_page": search_request.PER_PAGE,
        "example_id": example.pk if example else 1,
        "api_version": settings.API_VERSION,
        "rate_limit": settings.API_RATE_LIMIT,
        "rate_window": settings.API_RATE_WINDOW,
        "base": request.build_absolute_uri("/").rstrip("/"),
    }
    return render(request, "opendata/api.html", context)
