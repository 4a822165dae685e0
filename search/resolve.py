"""Filters typed in the query (``năm:2018``, ``tỉnh:"Hải Phòng"``,
``hội-nghị:trung ương 7 khóa 12``) → facet filters of the request, resolved
against the archive like the URL parameters (archive/filters.py)."""

import dataclasses

from archive import caches, filters
from archive.models import Place, ReportDocument
from search import cards, clauses, query
from search.request import index_value


def _as_url_value(key, value):
    # A plenum is typed as words ("trung ương 7 khóa XII"); URLs say "XII-7".
    if key == "plenum" and not filters.parse_plenum(value):
        parsed = query.parse(value)
        if parsed.plenums and parsed.plenums[0].term:
            return parsed.plenums[0].key
    return value


def with_typed_filters(req, parsed, notes):
    """``req`` with the filters typed in ``parsed`` added; what cannot be
    understood is said in ``notes`` and left out."""
    chosen = {param: list(values) for param, values in req.filters.items()}
    for key, values in parsed.filters.items():
        found, messages = filters.read_many(key, [_as_url_value(key, v) for v in values])
        notes.extend(messages)
        for f in found:
            value = index_value(f)
            chosen.setdefault(key, [])
            if value not in chosen[key]:
                chosen[key].append(value)
    return dataclasses.replace(req, filters=chosen)


def ranking(parsed, *, person=None, document=None, editions=None):
    """What the archive knows the query is about, for ranking
    (``clauses.Ranking``): the person it names exactly (``cards.find_person``),
    the province it names exactly, and for one document (``cards.find_document``,
    None when the archive does not know it) the plenums that passed its editions
    (``cards.document_editions``, or ``editions`` when the caller has them) and
    whether any published report cites the number."""
    values = {}
    if person is not None:
        values["speaker"] = person.slug
    province = _province_named(parsed)
    if province is not None:
        values["province"] = province.slug
    ref = parsed.single_document
    if ref is not None:
        if document is not None:
            if editions is None:
                editions = cards.document_editions(document)
            values["document_plenums"] = tuple(
                dict.fromkeys(
                    f"{d.plenum.term.roman}-{d.plenum.number}" for d in editions if d.plenum_id
                )
            )
        number = {"document__number": ref.number, "document__type": ref.type}
        if ref.issuer:
            number["document__issuer"] = ref.issuer
        values["document_cited"] = (
            ReportDocument.objects.published().cited().filter(**number).exists()
        )
    return clauses.Ranking(**values)


def _province_named(parsed):
    """The province (today's, not a merged one) the query's words are the
    name of, or None. A district is not boosted: its province's other reports
    are not about it."""
    if not 1 <= len(parsed.words) <= 5 or parsed.documents or parsed.plenums or parsed.phrases:
        return None
    pk = Place.objects.lookup_id(" ".join(parsed.words), caches.place_names())
    if pk is None:
        return None
    place = Place.objects.filter(pk=pk).select_related("parent__parent").first()
    if place is None or place.kind == Place.Kind.DISTRICT or not place.current:
        return None
    return place
