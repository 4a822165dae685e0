"""The engine interface over any other haystack engine (Elasticsearch when
``SEARCH_URL`` is set): the same parsed query, expressed as a
``SearchQuerySet``, so switching engines is a matter of configuration."""

import logging

from haystack.exceptions import SearchBackendError
from haystack.inputs import AutoQuery, Exact
from haystack.query import SQ, SearchQuerySet

from archive import vietnamese
from archive.models import Report
from search.clauses import mentioned
from search.engine.execution import Outcome
from search.engine.schema import FACET_FIELDS

log = logging.getLogger(__name__)


class HaystackEngine:
    """What search.engine.backend.WhooshEngine does, through haystack's API."""

    def __init__(self, backend, using="default"):
        self.backend = backend
        self.using = using

    def known_words(self):
        return None  # the query parser then keeps every Telex-looking word as typed

    def search(
        self,
        parsed,
        *,
        clauses,
        filters,
        sort="relevance",
        offset=0,
        limit=10,
        bonus_pairs=(),
        groups=None,
        tiers=(),
    ):
        # Tiers and proximity are our engine's ranking; another engine ranks
        # by its own scores (a plenum still matches its tag or its name).
        sqs = SearchQuerySet(using=self.using).models(Report)
        for ref in parsed.documents:
            sqs = sqs.filter(codes=Exact(ref.code or ref.key))
        for ref in parsed.plenums:
            sqs = sqs.filter(
                SQ(plenum_keys=Exact(ref.key)) | SQ(plenum_keys=Exact(mentioned(ref.key)))
            )
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
        counts = (sqs.facet_counts() or {}).get("fields", {})
        facets = {
            name: [(str(value), int(count)) for value, count in values if value not in (None, "")]
            for name, values in counts.items()
        }
        outcome = Outcome(total=total, facets=facets)
        if groups:
            sqs = self._collapse(sqs, groups, outcome)
        outcome.pks = [int(r.pk) for r in sqs[offset : offset + limit]] if limit > 0 else []
        if outcome.folded:
            outcome.folded = {pk: outcome.folded[pk] for pk in outcome.pks if pk in outcome.folded}
        return outcome

    def _collapse(self, sqs, groups, outcome):
        """``sqs`` without every conference's matches but its best ranked
        one (as execution.run does): the conferences' matching reports, in
        the query's order, from one more query."""
        members = sqs.filter(django_id__in=[int(p) for p in groups.pks])
        leads, folded = {}, {}
        for result in members[: len(groups.pks)]:
            pk = int(result.pk)
            conference = groups.by_report.get(pk)
            if conference not in leads:
                leads[conference] = pk
                outcome.folded[pk] = []
            else:
                outcome.folded[leads[conference]].append(pk)
                folded[pk] = True
        outcome.folded = {pk: rest for pk, rest in outcome.folded.items() if rest}
        outcome.entries = outcome.total - len(folded)
        return sqs.exclude(django_id__in=list(folded)) if folded else sqs

    def related(self, report, documents, plenums, limit=6):
        """The engine's own more-like-this (a draft is not in the index)."""
        if not report.is_published:
            return []
        try:
            return [
                int(r.pk) for r in SearchQuerySet(using=self.using).more_like_this(report)[:limit]
            ]
        except SearchBackendError:
            log.warning("no related reports from the search engine", exc_info=True)
            return []

    def apply(self, index, reports=(), deletes=()):
        reports = list(reports)
        if reports:
            self.backend.update(index, reports)
        for ident in deletes:
            self.backend.remove(ident)

    def rebuilding(self):
        return _Rebuild(self.backend)

    def clear(self):
        self.backend.clear()

    def doc_count(self):
        return None  # unknown: the index is another service's

    def clear_leftovers(self):
        return []  # the index is another service's to keep

    def preload(self):
        pass


class _Rebuild:
    """haystack's rebuild for engines that have no generations: clear, then
    index everything."""

    def __init__(self, backend):
        self.backend = backend

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def build(self, index, queryset, documents=None, procs=1, batch_size=500):
        self.backend.clear()
        self.backend.update(index, queryset)
        return queryset.count()

    def swap_in(self):
        pass
