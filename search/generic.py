"""Searching through any haystack engine (Elasticsearch when ``SEARCH_URL``
is set): the same parsed query, expressed as a SearchQuerySet.

Our Whoosh engine has its own fast path (search/matching.py); this is what
makes switching engines a matter of configuration.
"""

from haystack.inputs import AutoQuery, Exact
from haystack.query import SQ, SearchQuerySet

from archive import vietnamese
from archive.models import Report
from search.backend import FACET_FIELDS
from search.matching import Outcome


def search(parsed, filters, sort="relevance", offset=0, limit=10):
    sqs = SearchQuerySet().models(Report)
    for ref in parsed.documents:
        sqs = sqs.filter(codes=Exact(ref.code or ref.key))
    for ref in parsed.plenums:
        sqs = sqs.filter(plenum_keys=Exact(ref.key))
    for term in parsed.terms:
        sqs = sqs.filter(plenum_keys=Exact(vietnamese.int_to_roman(term)))
    for phrase in parsed.phrases:
        sqs = sqs.filter(content=Exact(" ".join(phrase)))
    words = list(parsed.words)
    if words:
        sqs = sqs.filter(content=AutoQuery(" ".join(words)))
    for abbr, expansion in parsed.alternatives:
        sqs = sqs.filter(SQ(content=abbr) | SQ(content=Exact(" ".join(expansion))))
    for name, values in filters.items():
        clause = SQ()
        for value in values:
            clause |= SQ(**{name: Exact(value)})
        sqs = sqs.filter(clause)
    if sort == "newest":
        sqs = sqs.order_by("-event_date")
    elif sort == "oldest":
        sqs = sqs.order_by("event_date")
    for name in FACET_FIELDS:
        sqs = sqs.facet(name)
    total = sqs.count()
    pks = [int(result.pk) for result in sqs[offset : offset + limit]] if limit > 0 else []
    counts = (sqs.facet_counts() or {}).get("fields", {})
    facets = {
        name: [(str(value), int(count)) for value, count in values if value not in (None, "")]
        for name, values in counts.items()
    }
    return Outcome(total=total, pks=pks, facets=facets)
