"""The search page and the JSON API (parse → search → render)."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from search import api, feeds, indexing, service
from search import request as search_request

JSON_OPTIONS = {"ensure_ascii": False}


@require_GET
def search_page(request):
    req, errors = search_request.parse_request(request.GET)
    results = service.run_search(req)
    sorts = [
        (key, label, results.request.url(sort=key, page=1))
        for key, label in search_request.SORTS.items()
    ]
    context = {
        "results": results,
        "req": results.request,
        "errors": errors,
        "q": req.q,
        "sorts": sorts,
        "index_status": indexing.queue_status(),
        # A search can be followed once it asks for something.
        "follow": feeds.topic_for(req) if req.q.strip() or req.filters else None,
    }
    return render(request, "search/search.html", context)


def api_answer(data, status=200):
    """A JSON answer of the API: every one says which version of it this is."""
    return JsonResponse(
        {"api_version": settings.API_VERSION, **data}, status=status, json_dumps_params=JSON_OPTIONS
    )


@require_GET
def api_search(request):
    try:
        req, _ = search_request.parse_request(request.GET, strict=True)
    except search_request.BadRequest as exc:
        return api_answer({"error": str(exc)}, status=400)
    results = service.run_search(req)
    data = api.search_results(request, results)
    data["index"] = indexing.queue_status()
    return api_answer(data)


@require_GET
def api_report(request, pk):
    report = api.published_report(pk)
    if report is None:
        return api_answer({"error": gettext("Không tìm thấy bài viết.")}, status=404)
    return api_answer(api.report_json(request, report))
