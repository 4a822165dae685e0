"""The search request: URL parameters of /tim-kiem/ and /api/search/ → a
typed ``SearchRequest``, and back to URLs (facet links, pages, sorts).

Filter values go through the archive's own filter parsing (archive/filters.py),
the one the report list uses, so a value means the same on both pages.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from archive import filters, vietnamese

PER_PAGE = 10
MAX_PAGE = 500
# An over-long query is not an error: the parser uses its beginning and says so.
MAX_Q_CHARS = 20_000
SORTS = {
    "relevance": gettext_lazy("Liên quan nhất"),
    "newest": gettext_lazy("Mới nhất"),
    "oldest": gettext_lazy("Cũ nhất"),
}
# URL parameter → facet name in the index, with its label (in the active language).
FACETS = {
    "year": ("year", gettext_lazy("Năm")),
    "document": ("document", gettext_lazy("Văn bản")),
    "type": ("doctype", gettext_lazy("Loại văn bản")),
    "term": ("term", gettext_lazy("Khóa")),
    "plenum": ("plenum", gettext_lazy("Hội nghị Trung ương")),
    "province": ("province", gettext_lazy("Địa phương")),
    "speaker": ("speaker", gettext_lazy("Người phát biểu")),
    "format": ("format", gettext_lazy("Hình thức")),
}


class BadRequest(ValueError):
    """A parameter that cannot be understood; the message is for the user."""


@dataclass
class SearchRequest:
    q: str = ""
    # URL parameter → values, OR within a parameter, AND across parameters.
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    # Reports of one conference make one entry (``group=0``: each its own).
    group: bool = True

    def params(self, **changes):
        """Query-string pairs for this request, with ``changes`` applied."""
        data = {"q": self.q, "sort": self.sort, "page": self.page, "group": self.group, **changes}
        filters = data.pop("filters", self.filters)
        pairs = [("q", data["q"])] if data["q"] else []
        for param in FACETS:
            pairs += [(param, v) for v in filters.get(param, [])]
        if data["sort"] != "relevance":
            pairs.append(("sort", data["sort"]))
        if not data["group"]:
            pairs.append(("group", "0"))
        if data["page"] != 1:
            pairs.append(("page", data["page"]))
        return pairs

    def url(self, **changes):
        return "?" + urlencode(self.params(**changes))

    @property
    def engine_filters(self):
        """Facet name in the index → values."""
        return {FACETS[param][0]: values for param, values in self.filters.items()}


def parse_request(params, strict=False):
    """Read a QueryDict into ``(SearchRequest, errors)``. Bad values raise
    ``BadRequest`` when ``strict`` (the API), else they are dropped and
    reported in ``errors`` (the page)."""
    errors = []

    def bad(message):
        if strict:
            raise BadRequest(message)
        errors.append(message)

    q = vietnamese.strip_controls(params.get("q", "")[:MAX_Q_CHARS], " ")
    sort = params.get("sort") or "relevance"
    if sort not in SORTS:
        bad(_("Cách sắp xếp không hợp lệ: %(sort)r.") % {"sort": sort[:40]})
        sort = "relevance"
    raw_page = params.get("page") or "1"
    page = vietnamese.ascii_int(raw_page, 3)
    if page is None or not 1 <= page <= MAX_PAGE:
        bad(
            _("Số trang không hợp lệ: %(page)r (1–%(max)d).")
            % {"page": raw_page[:40], "max": MAX_PAGE}
        )
        page = 1
    group = params.get("group") or "1"
    if group not in ("0", "1"):
        bad(
            _("Tham số group chỉ nhận 0 (từng bài riêng) hoặc 1 (gộp theo hội nghị): %(group)r.")
            % {"group": group[:40]}
        )
        group = "1"
    chosen = {}
    for param in FACETS:
        found, messages = filters.read_many(param, params.getlist(param))
        for message in messages:
            bad(message)
        if found:
            chosen[param] = list(dict.fromkeys(index_value(f) for f in found))
    return SearchRequest(q=q, filters=chosen, sort=sort, page=page, group=group == "1"), errors


def index_value(f):
    """The value the search index holds for an ``archive.filters.Filter``:
    the index knows places by today's province (old links name pre-2025
    provinces or districts)."""
    if f.param == "province":
        return f.target.province.slug
    return f.value
