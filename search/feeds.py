"""Following a search: its topic (the alert form and e-mail alerts use it,
like archive/topics.py for pages) and its Atom feed, /tim-kiem/feed/?q=….

Which reports a search matches comes from the search service
(``service.matching_ids``: the request → query → engine path of the page);
the newest-published of them are then read from the database."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import F
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext

from archive import feeds
from archive.models import Report
from search import request as search_request
from search import service

# Ids scanned at a time, newest published first, looking for a search's matches.
SCAN_CHUNK = 2000


@dataclass(frozen=True)
class SearchTopic:
    req: search_request.SearchRequest
    kind: str = "search"

    @property
    def key(self):
        """The search as a canonical query string (no page, no sort)."""
        return urlencode(self.req.params(page=1, sort="relevance"))

    @property
    def title(self):
        parts = [f"“{self.req.q.strip()}”"] if self.req.q.strip() else []
        for param, values in self.req.filters.items():
            label = search_request.FACETS[param][1]
            parts.append(f"{label}: {', '.join(values)}")
        if not parts:
            return gettext("Tìm kiếm tất cả bài")
        return gettext("Tìm kiếm %(what)s") % {"what": "; ".join(parts)}

    @property
    def page_url(self):
        return reverse("search:search") + "?" + self.key

    @property
    def feed_url(self):
        return reverse("search:feed") + "?" + self.key

    def _matches(self, reports, limit, count=True):
        """Up to ``limit`` published reports of ``reports`` (a queryset) that
        the search matches, the most recently published first, and (when
        ``count``) how many there are in all."""
        matching = set(service.matching_ids(self.req))
        if not matching:
            return [], 0
        ids = reports.order_by(F("published_at").desc(nulls_last=True), "-id").values_list(
            "pk", flat=True
        )
        found, total = [], 0
        for start in range(0, 10**9, SCAN_CHUNK):
            chunk = list(ids[start : start + SCAN_CHUNK])
            hits = [pk for pk in chunk if pk in matching]
            found += hits[: max(0, limit - len(found))]
            total += len(hits)
            if len(chunk) < SCAN_CHUNK or (not count and len(found) >= limit):
                break
        by_pk = (
            Report.objects.filter(pk__in=found)
            .defer("original_text")
            .select_related("organiser_place")
            .with_cited_documents()
            .in_bulk()
        )
        return [by_pk[pk] for pk in found if pk in by_pk], total

    def newest(self, limit):
        return self._matches(Report.objects.published(), limit, count=False)[0]

    def new_reports(self, since, until, limit):
        reports = Report.objects.published().filter(published_at__gt=since, published_at__lte=until)
        return self._matches(reports, limit)


def topic_for(req):
    return SearchTopic(search_request.SearchRequest(q=req.q.strip(), filters=req.filters))


def find(key):
    """The topic for a stored query string (alerts)."""
    req, _ = search_request.parse_request(QueryDict(key))
    return topic_for(req)


class SearchFeed(feeds.ReportFeed):
    def get_object(self, request):
        req, _ = search_request.parse_request(request.GET)
        return topic_for(req)

    def items(self, topic):
        return topic.newest(feeds.FEED_ITEMS)
