"""The search page and the JSON API (parse → search → render)."""

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from search import service


@require_GET
def search_page(request):
    req, errors = service.parse_request(request.GET)
    results = service.run_search(req)
    return render(
        request,
        "search/search.html",
        {
            "results": results,
            "req": results.request,
            "errors": errors,
            "q": req.q,
            "sorts": [
                (key, label, results.request.url(sort=key, page=1))
                for key, label in service.SORTS.items()
            ],
        },
    )


@require_GET
def api_search(request):
    try:
        req, _ = service.parse_request(request.GET, strict=True)
    except service.BadRequest as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    results = service.run_search(req)
    return JsonResponse(
        {
            "count": results.total,
            "page": req.page,
            "pages": results.pages,
            "relaxed": results.relaxed,
            "unknown_document": results.unknown_document,
            "results": [
                {
                    "id": hit.report.pk,
                    "title": hit.report.title,
                    "url": request.build_absolute_uri(hit.report.get_absolute_url()),
                    "event_date": hit.report.event_date.isoformat()
                    if hit.report.event_date
                    else None,
                    "documents": [doc.code for doc in hit.documents],
                    "snippet": str(hit.snippet),
                }
                for hit in results.hits
            ],
            "facets": {
                f["param"]: [[i["value"], i["count"]] for i in f["items"]] for f in results.facets
            },
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def api_report(request, pk):
    report = service.published_report(pk)
    if report is None:
        return JsonResponse({"error": "Không tìm thấy bài viết."}, status=404)
    data = service.report_data(report)
    data["url"] = request.build_absolute_uri(data["url"])
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})
