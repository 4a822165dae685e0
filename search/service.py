"""Searching reports: request parameters → parsed query → engine → results.

The views (search/views.py) only parse the request and render; this module
does the multi-step work: validate parameters, resolve what the user typed
(document numbers, places, people) against the database, compile the query
into engine clauses, run it, and assemble results with snippets and facets.
"""

import re
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import F, Prefetch
from haystack import connections

from archive import codes, vietnamese
from archive.models import (
    Document,
    Person,
    Place,
    Plenum,
    Report,
    ReportDocument,
    vi_slug,
)
from search import analysis, highlight, query

PER_PAGE = 10
MAX_PAGE = 500
MAX_PARAM_CHARS = 200
SORTS = {"relevance": "Liên quan nhất", "newest": "Mới nhất", "oldest": "Cũ nhất"}
# URL parameter → facet name in the index, with its Vietnamese label.
FACETS = {
    "year": ("year", "Năm"),
    "document": ("document", "Văn bản"),
    "type": ("doctype", "Loại văn bản"),
    "term": ("term", "Khóa"),
    "plenum": ("plenum", "Hội nghị Trung ương"),
    "province": ("province", "Địa phương"),
    "speaker": ("speaker", "Người phát biểu"),
    "format": ("format", "Hình thức"),
}
FORMAT_LABELS = dict(Report.Format.choices)


_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class BadRequest(ValueError):
    """A parameter that cannot be understood; the message is for the user."""


@dataclass
class SearchRequest:
    q: str = ""
    filters: dict = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1

    def params(self, **changes):
        """Query-string pairs for this request, with ``changes`` applied."""
        data = {"q": self.q, "sort": self.sort, "page": self.page, **changes}
        filters = data.pop("filters", self.filters)
        pairs = [("q", data["q"])] if data["q"] else []
        for param in FACETS:
            pairs += [(param, v) for v in filters.get(param, [])]
        if data["sort"] != "relevance":
            pairs.append(("sort", data["sort"]))
        if data["page"] != 1:
            pairs.append(("page", data["page"]))
        return pairs

    def url(self, **changes):
        return "?" + urlencode(self.params(**changes))


def parse_request(params, strict=False):
    """Read a QueryDict. Bad values raise ``BadRequest`` when ``strict``
    (the API), else they are dropped and reported in ``errors``."""
    errors = []

    def bad(message):
        if strict:
            raise BadRequest(message)
        errors.append(message)

    # An over-long query is not an error: the parser uses its beginning and says so.
    q = _CONTROL_RE.sub(" ", params.get("q", "")[:20_000])
    sort = params.get("sort") or "relevance"
    if sort not in SORTS:
        bad(f"Cách sắp xếp không hợp lệ: {sort[:40]!r}.")
        sort = "relevance"
    page = 1
    raw_page = params.get("page") or "1"
    try:
        page = int(raw_page)
        if not 1 <= page <= MAX_PAGE:
            raise ValueError
    except ValueError:
        bad(f"Số trang không hợp lệ: {raw_page[:40]!r} (1–{MAX_PAGE}).")
        page = 1
    filters = {}
    for param in FACETS:
        values = []
        for value in params.getlist(param):
            # Control characters mean nothing in a value (and PostgreSQL refuses NUL).
            value = _CONTROL_RE.sub("", vietnamese.normalize(value)).strip()
            if not value:
                continue
            if len(value) > MAX_PARAM_CHARS:
                bad(f"Giá trị của {param} quá dài.")
                continue
            if param == "year" and not (value.isdigit() and 1900 <= int(value) <= 2100):
                bad(f"Năm không hợp lệ: {value[:40]!r}.")
                continue
            if value not in values:
                values.append(value)
        if values:
            filters[param] = values
    return SearchRequest(q=q, filters=filters, sort=sort, page=page), errors


@dataclass
class Results:
    request: SearchRequest
    parsed: query.ParsedQuery
    total: int = 0
    hits: list = field(default_factory=list)
    facets: list = field(default_factory=list)
    document: Document | None = None
    plenum: Plenum | None = None
    person: Person | None = None
    person_positions: list = field(default_factory=list)
    unknown_document: str | None = None
    relaxed: bool = False
    suggestions: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    @property
    def pages(self):
        return max(1, min(MAX_PAGE, -(-self.total // PER_PAGE)))

    @property
    def first_index(self):
        return (self.request.page - 1) * PER_PAGE + 1

    @property
    def prev_url(self):
        page = self.request.page
        return self.request.url(page=page - 1) if page > 1 else None

    @property
    def next_url(self):
        page = self.request.page
        return self.request.url(page=page + 1) if page < self.pages else None


def _backend():
    return connections["default"].get_backend()


def _resolve_typed_filters(parsed, filters, notes):
    """Move filters typed in the query (``tỉnh:"Hải Phòng"``) into facet
    filters, resolving names to the values the index holds."""
    filters = {k: list(v) for k, v in filters.items()}
    for key, values in parsed.filters.items():
        for value in values:
            resolved = _resolve_value(key, value)
            if resolved is None:
                notes.append(f"Không hiểu bộ lọc “{key}: {value}”; đã bỏ qua.")
                continue
            param = "type" if key == "type" else key
            filters.setdefault(param, [])
            if resolved not in filters[param]:
                filters[param].append(resolved)
    return filters


def _resolve_value(key, value):
    if key == "year":
        return value if value.isdigit() and 1900 <= int(value) <= 2100 else None
    if key == "document":
        return codes.normalize_code(value)
    if key == "type":
        return codes.canonical_type(value) or codes.type_from_word(value)
    if key == "term":
        number = vietnamese.term_number(value)
        return vietnamese.int_to_roman(number) if number else None
    if key == "plenum":
        parsed = query.parse(value)
        return parsed.plenums[0].key if parsed.plenums and parsed.plenums[0].term else None
    if key == "format":
        folded = vietnamese.search_key(value)
        for code, label in FORMAT_LABELS.items():
            if folded in (code, vietnamese.search_key(label)):
                return code
        return {"truc tuyen": "online", "truc tiep": "in_person"}.get(folded)
    if key == "province":
        return _place_slug(value)
    if key == "speaker":
        key_name = vietnamese.search_key(value)
        for person in Person.objects.all().only("name", "slug").iterator():
            if vietnamese.search_key(person.name) == key_name or person.slug == value:
                return person.slug
    return None


def _place_slug(value):
    """Today's province slug for a place slug or name (old names included)."""
    place = Place.objects.select_related("parent__parent").lookup(value)
    return place.province.slug if place is not None else None


def compile_clauses(parsed):
    """Engine clauses for a parsed query (see search.matching.run)."""
    clauses = []
    for ref in parsed.documents:
        clauses.append(("keyword", ("codes", ref.code or ref.key)))
    for ref in parsed.plenums:
        clauses.append(("keyword", ("plenum_keys", ref.key)))
    for term in parsed.terms:
        clauses.append(("keyword", ("plenum_keys", vietnamese.int_to_roman(term))))
    for word in parsed.words:
        clauses.append(("word", _word(word)))
    for phrase in parsed.phrases:
        clauses.append(("phrase", (analysis.query_pairs(phrase), [_word(w) for w in phrase])))
    for abbr, expansion in parsed.alternatives:
        clauses.append(
            (
                "any",
                [
                    ("word", _word(abbr)),
                    ("phrase", (analysis.query_pairs(expansion), [_word(w) for w in expansion])),
                ],
            )
        )
    return clauses


def _word(raw):
    acc, fol = analysis.syllable_forms(raw)
    return (raw, fol, acc)


def _find_document(ref):
    if ref.code:
        return Document.objects.filter(code=ref.code).select_related("plenum__term").first()
    candidates = Document.objects.filter(number=ref.number, type=ref.type).select_related(
        "plenum__term"
    )
    return sorted(candidates, key=lambda d: (d.issuer != "TW", d.code))[0] if candidates else None


def run_search(req, per_page=PER_PAGE):
    """Run a search request and return ``Results`` ready to render."""
    be = _backend()
    view_known = be.vn_view().known_word if hasattr(be, "vn_view") else None
    parsed = query.parse(req.q, known_word=view_known)
    results = Results(request=req, parsed=parsed, notes=list(parsed.notes))
    filters = _resolve_typed_filters(parsed, req.filters, results.notes)
    if "province" in filters:
        # Old links name pre-2025 provinces or districts; the index holds today's province.
        filters["province"] = list(dict.fromkeys(_place_slug(v) or v for v in filters["province"]))
    if parsed.is_empty and req.q.strip():
        # Only punctuation, operators or over-long tokens: nothing to look for.
        results.notes.append("Câu tìm kiếm không có từ nào để tìm; hãy gõ số văn bản hoặc từ khóa.")
        return results
    if parsed.single_document:
        ref = parsed.single_document
        results.document = _find_document(ref)
        if results.document is None:
            results.unknown_document = str(ref)
    results.plenum = _find_plenum(parsed)
    results.person, results.person_positions = _find_person(parsed)
    clauses = compile_clauses(parsed)
    engine_filters = {FACETS[p][0]: v for p, v in filters.items()}
    offset = (req.page - 1) * per_page
    bonus = analysis.query_pairs(parsed.words) if len(parsed.words) > 1 else []
    outcome = _engine_search(
        be,
        parsed,
        clauses=clauses,
        filters=engine_filters,
        sort=req.sort,
        offset=offset,
        limit=per_page,
        bonus_pairs=bonus,
    )
    results.total = outcome.total
    results.relaxed = outcome.relaxed
    results.hits = _load_hits(outcome.pks, parsed)
    effective = SearchRequest(q=req.q, filters=filters, sort=req.sort, page=req.page)
    results.request = effective
    results.facets = _facets(outcome.facets, effective)
    if not results.total and not results.unknown_document:
        results.suggestions = _suggestions(be, parsed, effective)
    return results


def _engine_search(
    be, parsed, *, clauses, filters, sort="relevance", offset=0, limit=10, bonus_pairs=()
):
    if hasattr(be, "vn_search"):
        return be.vn_search(
            clauses=clauses,
            filters=filters,
            sort=sort,
            offset=offset,
            limit=limit,
            bonus_pairs=bonus_pairs,
        )
    from search import generic

    return generic.search(parsed, filters, sort=sort, offset=offset, limit=limit)


@dataclass
class Hit:
    report: Report
    snippet: str
    documents: list
    thumbnail: object = None


def _load_hits(pks, parsed):
    if not pks:
        return []
    reports = (
        Report.objects.filter(pk__in=pks)
        .defer("original_text")
        .prefetch_related(
            Prefetch("document_links", ReportDocument.objects.select_related("document")),
            "photos",
        )
    )
    by_pk = {r.pk: r for r in reports}
    words = parsed.highlight_words
    wanted_codes = [ref.code for ref in parsed.documents if ref.code]
    hits = []
    for pk in pks:
        report = by_pk.get(pk)
        if report is None:  # deleted since the index was read
            continue
        docs = [link.document for link in report.document_links.all()]
        doc_codes = wanted_codes + [
            d.code
            for d in docs
            for ref in parsed.documents
            if not ref.code and d.number == ref.number and d.type == ref.type
        ]
        photos = [p for p in report.photos.all() if p.thumbnail]
        hits.append(
            Hit(
                report=report,
                snippet=highlight.snippet(report.body, words, doc_codes),
                documents=sorted(docs, key=lambda d: d.code),
                thumbnail=photos[0] if photos else None,
            )
        )
    return hits


def _facets(counts, req):
    labels = _facet_labels(counts)
    out = []
    for param, (name, title) in FACETS.items():
        values = counts.get(name) or []
        selected = req.filters.get(param, [])
        items = []
        for value, count in values:
            value = str(value)
            chosen = value in selected
            new = [v for v in selected if v != value] if chosen else [*selected, value]
            items.append(
                {
                    "value": value,
                    "label": labels.get((name, value), value),
                    "count": count,
                    "selected": chosen,
                    "url": req.url(filters={**req.filters, param: new}, page=1),
                }
            )
        if param == "year":
            items.sort(key=lambda item: item["value"], reverse=True)
        if items:
            out.append({"param": param, "name": name, "title": title, "items": items})
    return out


def _facet_labels(counts):
    labels = {}
    for value, _ in counts.get("format") or []:
        labels[("format", value)] = FORMAT_LABELS.get(value, value)
    for value, _ in counts.get("doctype") or []:
        labels[("doctype", value)] = codes.type_name(value)
    for value, _ in counts.get("term") or []:
        labels[("term", value)] = f"Khóa {value}"
    for value, _ in counts.get("plenum") or []:
        roman, _, number = value.partition("-")
        labels[("plenum", value)] = f"Trung ương {number} khóa {roman}"
    for facet, model in (("province", Place), ("speaker", Person)):
        names = _names_by_slug(model, [v for v, _ in counts.get(facet) or []])
        labels.update({(facet, slug): name for slug, name in names.items()})
    return labels


# Names of places and people shown in facets change rarely: keep them per
# process for a few minutes instead of querying on every search.
_NAMES_SECONDS = 300
_names = {}


def _names_by_slug(model, slugs):
    now = time.monotonic()
    cached = _names.setdefault(model.__name__, {})
    missing = [s for s in slugs if s not in cached or cached[s][1] < now]
    if missing:
        for slug, name in model.objects.filter(slug__in=missing).values_list("slug", "name"):
            cached[slug] = (name, now + _NAMES_SECONDS)
    return {s: cached[s][0] for s in slugs if s in cached}


def _suggestions(be, parsed, req):
    """Queries close to this one that do return results."""
    candidates = []
    if req.filters:
        candidates.append((SearchRequest(q=req.q), "bỏ các bộ lọc"))
    words = parsed.words
    if len(words) > 1:
        for i in range(len(words)):
            rest = " ".join(words[:i] + words[i + 1 :])
            candidates.append((SearchRequest(q=rest, filters=req.filters), None))
    for ref in parsed.plenums:
        if ref.term:
            candidates.append(
                (SearchRequest(q=f"trung ương {ref.number}", filters=req.filters), None)
            )
    out = []
    for candidate, label in candidates[:6]:
        sub = query.parse(candidate.q)
        engine_filters = {FACETS[p][0]: v for p, v in candidate.filters.items()}
        outcome = _engine_search(
            be, sub, clauses=compile_clauses(sub), filters=engine_filters, limit=0
        )
        if outcome.total:
            out.append(
                {
                    "q": candidate.q,
                    "label": label or candidate.q,
                    "count": outcome.total,
                    "url": candidate.url(),
                }
            )
        if len(out) >= 3:
            break
    return out


def _find_person(parsed):
    """The person card for a query that is exactly a known person's name,
    with the positions the reports give them, newest first."""
    if not 2 <= len(parsed.words) <= 5 or parsed.documents or parsed.plenums or parsed.phrases:
        return None, []
    slug = vi_slug(" ".join(parsed.words))
    person = Person.objects.filter(slug=slug).first()
    if person is None:
        return None, []
    rows = (
        person.appearances.filter(report__status=Report.Status.PUBLISHED)
        .exclude(position="")
        .order_by(F("report__event_date").desc(nulls_last=True))
        .values_list("position", "report__event_date")[:50]
    )
    positions = {}
    for position, date in rows:
        positions.setdefault(position, date)
    return person, list(positions.items())[:4]


def _find_plenum(parsed):
    """The plenum card for a query that is exactly one plenum of a known term."""
    if len(parsed.plenums) != 1 or parsed.words or parsed.documents or parsed.phrases:
        return None
    ref = parsed.plenums[0]
    if not ref.term:
        return None
    return (
        Plenum.objects.filter(number=ref.number, term__number=ref.term)
        .select_related("term")
        .prefetch_related("documents")
        .first()
    )
