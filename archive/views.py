"""Browsing views: parse the request, query, render. Every list is paginated and
its queries are bounded (select_related / prefetch_related) whatever its length."""

import logging

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch
from django.db.models.functions import ExtractYear
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.utils.translation import gettext

from archive import (
    codes,
    conferences,
    dissemination,
    filters,
    identity,
    page_cache,
    related,
    topics,
    vietnamese,
)
from archive.conferences import Conference
from archive.models import (
    Appearance,
    Document,
    Person,
    Place,
    Plenum,
    Report,
    ReportDocument,
    ReportPlenum,
    Term,
)

REPORTS_PER_PAGE = 20
ROWS_PER_PAGE = 50

log = logging.getLogger(__name__)


def _page(request, queryset, per_page=REPORTS_PER_PAGE):
    # get_page turns a missing, non-numeric or out-of-range page into a valid one.
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def _listing(queryset):
    return queryset.published().for_listing().newest_first()


# Aggregates over the whole archive cost a full scan, which grows with the
# archive; the home page shows them from a short-lived cache.
HOME_STATS_SECONDS = 60


def _cached(key, compute):
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, HOME_STATS_SECONDS)
    return value


def _published_years():
    return _cached(
        "archive:years",
        lambda: list(
            Report.objects.published()
            .exclude(event_date=None)
            .annotate(year=ExtractYear("event_date"))
            .values("year")
            .annotate(count=Count("id"))
            .order_by("-year")
        ),
    )


def _home_stats():
    def compute():
        return {
            "top_documents": list(
                Document.objects.with_report_counts()
                .filter(report_count__gt=0)
                .order_by("-report_count", "code")[:10]
            ),
            "counts": {
                "reports": Report.objects.published().count(),
                "documents": Document.objects.public().count(),
                "people": Person.objects.public().count(),
            },
            "per_month": dissemination.per_month(Report.objects.all()),
        }

    return {**_cached("archive:home-stats", compute), "years": _published_years()}


def home(request):
    context = {
        "latest": _listing(Report.objects.all())[:8],
        "terms": Term.objects.order_by("-number")[:4],
        "follow": topics.everything(),
        **_home_stats(),
    }
    return render(request, "archive/home.html", context)


def report_list(request):
    report_filters = filters.parse_filters(request.GET)
    reports = report_filters.apply(_listing(Report.objects.all()))
    context = {
        "page": _page(request, reports),
        "filters": report_filters,
        "years": _published_years(),
        "terms": Term.objects.order_by("-number"),
        "provinces": _province_choices(report_filters.params.get("province")),
    }
    return render(request, "archive/report_list.html", context)


def _province_choices(chosen_slug):
    """Top-level places for the filter form, plus the chosen one if it is a
    district (reached from a place page) so submitting the form keeps it."""
    places = sorted(
        Place.objects.filter(parent=None), key=lambda p: (not p.current, _by_name(p.name))
    )
    if chosen_slug and chosen_slug not in {p.slug for p in places}:
        places[:0] = Place.objects.filter(slug=chosen_slug)
    return places


def report_detail(request, pk, slug=None):
    # Anonymous readers get the kept copy while it is still current (one query).
    kept = page_cache.cached_page(request, pk, slug)
    if kept is not None:
        return kept
    # The original text is kept verbatim for the admin, never shown here.
    report = get_object_or_404(
        Report.objects.select_related("organiser_place").defer("original_text"), pk=pk
    )
    # Drafts exist only for staff, who preview them before publishing.
    if not report.is_published and not request.user.is_staff:
        raise Http404("Bài chưa được xuất bản")
    if slug != report.slug:
        return redirect(report, permanent=True)
    # Orders given within the one report: the models' default orders begin with
    # "report", which joins the report table again (and its ordering) for nothing.
    appearances = list(report.appearances.select_related("person").order_by("order", "id"))
    links = report.document_links.select_related("document__plenum__term")
    links = list(links.order_by("is_implied", "-is_subject", "document__code", "document__year"))
    # Cited documents, then those implied by a plenum the report names.
    document_links = [link for link in links if not link.is_implied]
    implied_links = [link for link in links if link.is_implied]
    plenum_links = list(report.plenum_links.select_related("plenum__term"))
    related_reports = _related_reports(report, document_links, plenum_links)
    context = {
        "report": report,
        "speakers": [a for a in appearances if a.is_speaking],
        "attendees": [a for a in appearances if a.role == Appearance.Role.ATTENDEE],
        "document_links": document_links,
        "implied_links": implied_links,
        "implied_plenums": list(
            dict.fromkeys(link.document.plenum for link in implied_links if link.document.plenum)
        ),
        "plenum_links": plenum_links,
        # Each cited code links to the edition this report cites.
        "known_codes": {
            link.document.code: link.document.get_absolute_url() for link in document_links
        },
        "connection_points": (
            report.connection_points.select_related("place").order_by("-is_central", "id")
        ),
        "photos": report.photos.order_by("order", "id"),
        "related": related_reports,
        # The event it is one write-up of, when readers can see it (one query, if any).
        "conference": report.conference_id
        and Conference.objects.public().filter(pk=report.conference_id).first(),
    }
    response = render(request, "archive/report_detail.html", context)
    page_cache.keep_page(request, report, related_reports, response)
    return response


_RELATED_FIELDS = ("title", "slug", "event_date", "date_precision", "status", "updated_at")


def _related_reports(report, document_links, plenum_links, limit=6):
    """Published reports sharing a document or plenum (archive/related.py)."""
    # A few more than shown: the index may not yet know a report was unpublished.
    pks = related.related_pks(report, document_links, plenum_links, limit + 4)
    found = Report.objects.only(*_RELATED_FIELDS).in_bulk(pks)
    return [found[pk] for pk in pks if pk in found and found[pk].is_published][:limit]


def document_list(request):
    documents = (
        Document.objects.public()
        .select_related("plenum__term")
        .order_by("type", F("issue_date").desc(nulls_last=True), "code")
    )
    type_filter = request.GET.get("type", "").strip()
    type_code = codes.canonical_type(type_filter) if type_filter else None
    if type_code:
        documents = documents.filter(type=type_code)
    types = Document.objects.public().order_by("type").values_list("type", flat=True).distinct()
    page = _page(request, documents, ROWS_PER_PAGE)
    page.object_list = list(page.object_list)
    # Count reports for this page's documents only, not for every document.
    counts = dict(
        Document.objects.with_report_counts()
        .filter(pk__in=[d.pk for d in page.object_list])
        .values_list("pk", "report_count")
    )
    for doc in page.object_list:
        doc.report_count = counts.get(doc.pk, 0)
    context = {
        "page": page,
        "types": [(t, codes.type_name(t)) for t in types if t],
        "type_code": type_code,
    }
    return render(request, "archive/document_list.html", context)


def document_detail(request, slug):
    found = Document.objects.select_related("plenum__term").filter(slug=slug).public_few()
    document = found[0] if found else None
    if document is None:
        # /van-ban/27-nq-tw/ (the address before editions), /van-ban/26-NQ-TW/
        # or another spelling of a code: the one edition, or the choice of them.
        found = identity.editions_at(slug, public=True)
        if not found:
            raise Http404("Không có văn bản này")
        if len(found) == 1:
            return redirect(found[0], permanent=True)
        context = {"code": found[0].code, "editions": found, "type_name": found[0].type_name}
        return render(request, "archive/document_editions.html", context)
    links = (
        document.report_links.published()
        .select_related("report__organiser_place")
        .order_by(F("report__event_date").asc(nulls_last=True), "report_id")
    )
    context = {
        "document": document,
        "page": _page(request, links, ROWS_PER_PAGE),
        "follow": topics.for_document(document),
        # The other documents of the same number (other terms), if any.
        "other_editions": [
            d for d in identity.editions(document.code, public=True) if d.pk != document.pk
        ],
    }
    return render(request, "archive/document_detail.html", context)


def person_list(request):
    # Vietnamese alphabetical order is not the database's: names are sorted here
    # (one narrow query), and only the people of the page shown are loaded.
    names = sorted(
        Person.objects.public().values_list("name", "pk"), key=lambda row: _by_name(row[0])
    )
    page = _page(request, [pk for _, pk in names], ROWS_PER_PAGE)
    people = Person.objects.filter(pk__in=page.object_list).with_published_reports()
    page.object_list = sorted(people, key=lambda person: _by_name(person.name))
    context = {"page": page}
    return render(request, "archive/person_list.html", context)


def person_detail(request, slug):
    person = get_object_or_404(Person.objects.public(), slug=slug)
    appearances = (
        person.appearances.published()
        .select_related("report__organiser_place")
        .order_by(F("report__event_date").desc(nulls_last=True), "report_id", "order")
    )
    context = {
        "person": person,
        "positions": person.positions.select_related("term"),
        "page": _page(request, appearances, ROWS_PER_PAGE),
        "follow": topics.for_person(person),
    }
    return render(request, "archive/person_detail.html", context)


def place_list(request):
    # All places in one query, grouped here: today's provinces first, each with
    # the districts and former provinces under it.
    places = sorted(Place.objects.select_related("parent"), key=lambda p: _by_name(p.name))
    children = {}
    for place in places:
        if place.parent_id:
            children.setdefault(place.parent_id, []).append(place)
    top = [p for p in places if p.parent_id is None]
    groups = [(p, children.get(p.pk, [])) for p in top]
    context = {
        "current": [g for g in groups if g[0].current],
        "former": [g for g in groups if not g[0].current],
    }
    return render(request, "archive/place_list.html", context)


def _by_name(name):
    # Code-point order puts Đà Nẵng after Yên Bái and folded order Cần Thơ
    # before Cao Bằng; lists of names follow the Vietnamese alphabet.
    return vietnamese.collation_key(name)


def place_detail(request, slug):
    place = get_object_or_404(Place.objects.select_related("parent__parent"), slug=slug)
    follow = topics.for_place(place)
    reports = _listing(follow.of(Report.objects.all()))
    context = {
        "place": place,
        "follow": follow,
        "today": place.province,
        "historical_names": [n.strip() for n in place.historical_names.splitlines() if n.strip()],
        "children": sorted(place.children.all(), key=lambda p: _by_name(p.name)),
        "page": _page(request, reports),
    }
    return render(request, "archive/place_detail.html", context)


def term_list(request):
    terms = Term.objects.prefetch_related(
        Prefetch("plenums", queryset=Plenum.objects.order_by("number"))
    ).order_by("-number")
    return render(request, "archive/term_list.html", {"terms": terms})


def _term_or_404(roman):
    # /khoa/12/ and /khoa/XII/ are accepted and redirected to /khoa/xii/.
    number = vietnamese.term_number(roman)
    if not number:
        raise Http404("Không có khóa này")
    return get_object_or_404(Term, number=number)


def term_detail(request, roman):
    term = _term_or_404(roman)
    if roman != term.roman.lower():
        return redirect(term, permanent=True)
    plenums = list(
        term.plenums.prefetch_related(
            Prefetch("documents", queryset=Document.objects.public().order_by("code"))
        ).order_by("number")
    )
    counts = _plenum_report_counts(term)
    for plenum in plenums:
        plenum.report_count = counts.get(plenum.pk, 0)
    return render(request, "archive/term_detail.html", {"term": term, "plenums": plenums})


def _plenum_report_counts(term):
    """Published reports per plenum of a term, counted as the plenum page lists
    them (naming the plenum or a document it passed): two queries in all."""
    pairs = set(
        ReportPlenum.objects.published()
        .filter(plenum__term=term)
        .values_list("plenum_id", "report_id")
    )
    pairs |= set(
        ReportDocument.objects.published()
        .filter(document__plenum__term=term)
        .values_list("document__plenum_id", "report_id")
    )
    counts = {}
    for plenum_id, _ in pairs:
        counts[plenum_id] = counts.get(plenum_id, 0) + 1
    return counts


def plenum_detail(request, roman, number):
    term = _term_or_404(roman)
    plenum = get_object_or_404(Plenum.objects.select_related("term"), term=term, number=number)
    if roman != term.roman.lower():
        return redirect(plenum, permanent=True)
    follow = topics.for_plenum(plenum)
    reports = _listing(follow.of(Report.objects.all()))
    context = {
        "plenum": plenum,
        "follow": follow,
        "documents": plenum.documents.public().with_report_counts().order_by("code"),
        "page": _page(request, reports),
        "siblings": term.plenums.order_by("number"),
    }
    return render(request, "archive/plenum_detail.html", context)


def favicon(request):
    # The static URL is resolved per request: with the manifest storage it
    # exists only after collectstatic, not when the URLconf is imported.
    return redirect(static("favicon.svg"), permanent=True)


def conference_detail(request, pk, slug=None):
    conference = get_object_or_404(Conference.objects.public(), pk=pk)
    if slug != conference.slug:
        return redirect(conference, permanent=True)
    context = {
        "conference": conference,
        "facts": conferences.facts(conference),
        "documents": conference.documents.order_by("code"),
        "plenums": conference.plenums.select_related("term"),
    }
    return render(request, "archive/conference_detail.html", context)


def _dissemination(request, subject, reports, issued, template_context):
    spread = dissemination.build(reports, issued)
    if request.GET.get("dang") == "csv":
        response = HttpResponse(
            dissemination.as_csv(spread), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="lan-toa-{subject}.csv"'
        return response
    context = {**template_context, "spread": spread, "charts": dissemination.charts(spread)}
    return render(request, "archive/dissemination.html", context)


def document_dissemination(request, slug):
    document = Document.objects.filter(slug=slug).first()
    if document is None:
        found = identity.editions_at(slug)
        if len(found) != 1:
            raise Http404("Không có văn bản này")
        return redirect("archive:document-dissemination", found[0].slug, permanent=True)
    return _dissemination(
        request,
        document.slug,
        Report.objects.studying(document),
        document.issue_date,
        {
            "subject": document,
            "subject_name": f"{gettext(document.type_name)} {document.code}".strip(),
        },
    )


def plenum_dissemination(request, roman, number):
    term = _term_or_404(roman)
    plenum = get_object_or_404(Plenum.objects.select_related("term"), term=term, number=number)
    return _dissemination(
        request,
        f"{term.roman.lower()}-{plenum.number}",
        Report.objects.about_plenums(Plenum.objects.filter(pk=plenum.pk)),
        plenum.end_date or plenum.start_date,
        {"subject": plenum, "subject_name": str(plenum)},
    )
