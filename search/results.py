"""Search results: the engine's ids → hits with snippets, its counts →
facets whose links add or remove a value.

Reports of one conference (archive/conferences.py) make one entry: the
engine ranks each conference's best matching report in its place and leaves
the others out of the ranking (search/engine/execution.py); here that hit
gets its conference and the others, shown folded under it. ``total`` counts
matching reports, ``entries`` the entries they make, which pages count."""

import time
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext

from archive import codes
from archive.conferences import Conference
from archive.filters import FORMAT_LABELS
from archive.models import Document, Person, Place, Plenum, Report, ReportDocument, ReportPlenum
from search import highlight, query
from search.request import FACETS, MAX_PAGE, PER_PAGE, SearchRequest


@dataclass
class Hit:
    report: Report
    snippet: str
    documents: list[Document]
    thumbnail: object = None
    conference: Conference | None = None  # with ``report_count``, its published reports
    folded: list[Report] = field(default_factory=list)  # its other matches, in rank order
    # "qua Hội nghị Trung ương 6 khóa XII": found as a report of the plenum
    # that passed the document asked for, not by citing it.
    via: str = ""


@dataclass
class FacetItem:
    value: str
    label: str
    count: int
    selected: bool
    url: str  # this search with the value added, or removed when selected


@dataclass
class Facet:
    param: str  # URL parameter
    name: str  # facet name in the index
    title: str
    items: list[FacetItem]


@dataclass
class Suggestion:
    q: str
    label: str
    count: int
    url: str


@dataclass
class Results:
    request: SearchRequest
    parsed: query.ParsedQuery
    total: int = 0  # matching reports
    entries: int = 0  # the entries they make (a conference's reports are one)
    hits: list[Hit] = field(default_factory=list)
    facets: list[Facet] = field(default_factory=list)
    document: Document | None = None
    plenum: Plenum | None = None
    person: Person | None = None
    person_positions: list = field(default_factory=list)
    unknown_document: str | None = None
    # The query is one document number that no published report cites.
    document_uncited: bool = False
    relaxed: bool = False
    suggestions: list[Suggestion] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def short_form(self):
        """The query's document number as reports write it short ("Nghị quyết 18")."""
        ref = self.parsed.single_document
        return f"{codes.type_name(ref.type)} {ref.number}" if ref else ""

    @property
    def pages(self):
        return max(1, min(MAX_PAGE, -(-self.entries // PER_PAGE)))

    @property
    def folded_count(self):
        """Matching reports shown under their conference instead of on their own."""
        return self.total - self.entries

    @property
    def ungrouped_url(self):
        return self.request.url(group=False, page=1)

    @property
    def grouped_url(self):
        return self.request.url(group=True, page=1)

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


def via_label(document):
    """How a report of the plenum that passed ``document`` is marked."""
    return f"qua {document.plenum}" if document is not None and document.plenum_id else ""


def via_labels(pks, editions):
    """{pk: label} for reports found through the plenum that passed one of
    ``editions`` (a document's editions, the one its card shows first): each
    marked with the plenum it is about, in one query when there are several."""
    plenums = {}  # plenum id → label, the card's edition first
    for edition in editions:
        if edition.plenum_id:
            plenums.setdefault(edition.plenum_id, via_label(edition))
    if not pks or not plenums:
        return {}
    order = list(plenums)
    if len(order) == 1:
        return dict.fromkeys(pks, plenums[order[0]])
    rows = ReportPlenum.objects.filter(report_id__in=pks, plenum_id__in=order).values_list(
        "report_id", "plenum_id", "is_subject"
    )
    found = {}
    # A plenum the report is about over one it only names, then the card's edition.
    for pk, plenum, _subject in sorted(rows, key=lambda r: (not r[2], order.index(r[1]))):
        found.setdefault(pk, plenums[plenum])
    return {pk: found.get(pk, plenums[order[0]]) for pk in pks}


def load_hits(pks, parsed, via=None, plenum_keys=()):
    """Hits for the engine's ids, in its order, with snippets marking what
    the query matched. ``via`` maps pks to a ``Hit.via`` label; the plenums
    of ``plenum_keys`` ("XII-6") are marked as the query's own are."""
    if not pks:
        return []
    via = via or {}
    reports = (
        Report.objects.filter(pk__in=pks)
        .defer("original_text")
        .prefetch_related(
            Prefetch("document_links", ReportDocument.objects.cited().select_related("document")),
            "photos",
        )
    )
    by_pk = {r.pk: r for r in reports}
    terms = highlight.Terms.of(parsed, plenum_keys)
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
                snippet=highlight.snippet(report.body, terms, doc_codes),
                documents=sorted(docs, key=lambda d: d.code),
                thumbnail=photos[0] if photos else None,
                via=via.get(pk, ""),
            )
        )
    return hits


def attach_conferences(hits, groups, folded):
    """Give each hit of a public conference its conference and the other
    matching reports the engine folded under it (``{pk: [pks]}``), in two
    queries."""
    ids = {groups.by_report[h.report.pk] for h in hits if h.report.pk in groups.by_report}
    if not ids:
        return
    conferences = Conference.objects.in_bulk(ids)
    wanted = [pk for hit in hits for pk in folded.get(hit.report.pk, ())]
    reports = (
        Report.objects.filter(pk__in=wanted)
        .only("title", "slug", "event_date", "date_precision", "source_outlet", "source_url")
        .in_bulk()
    )
    for hit in hits:
        conference = conferences.get(groups.by_report.get(hit.report.pk))
        if conference is None:
            continue
        conference.report_count = groups.sizes[conference.pk]
        hit.conference = conference
        hit.folded = [reports[pk] for pk in folded.get(hit.report.pk, ()) if pk in reports]


def facets(counts, req):
    """Facets from the engine's ``{facet name: [(value, count), …]}``."""
    labels = _facet_labels(counts)
    out = []
    for param, (name, title) in FACETS.items():
        selected = req.filters.get(param, [])
        items = []
        for value, count in counts.get(name) or []:
            value = str(value)
            chosen = value in selected
            new = [v for v in selected if v != value] if chosen else [*selected, value]
            items.append(
                FacetItem(
                    value=value,
                    label=labels.get((name, value), value),
                    count=count,
                    selected=chosen,
                    url=req.url(filters={**req.filters, param: new}, page=1),
                )
            )
        if param == "year":
            items.sort(key=lambda item: item.value, reverse=True)
        if items:
            out.append(Facet(param=param, name=name, title=title, items=items))
    return out


def _facet_labels(counts):
    labels = {}
    for value, _ in counts.get("format") or []:
        labels[("format", value)] = str(FORMAT_LABELS.get(value, value))
    for value, _ in counts.get("doctype") or []:
        labels[("doctype", value)] = gettext(codes.type_name(value))
    for value, _ in counts.get("term") or []:
        labels[("term", value)] = gettext("Khóa %(roman)s") % {"roman": value}
    for value, _ in counts.get("plenum") or []:
        roman, _, number = value.partition("-")
        labels[("plenum", value)] = gettext("Trung ương %(number)s khóa %(roman)s") % {
            "number": number,
            "roman": roman,
        }
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
