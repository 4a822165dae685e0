"""Our Whoosh engine: the interface the site calls, and haystack's backend.

``WhooshEngine`` is what ``search.engine.get()`` returns when haystack's
``default`` connection is ours (``HAYSTACK_CONNECTIONS`` names
``search.engine.backend.VietnameseWhooshEngine``); search/engine/generic.py
has the same interface over any other haystack engine. The haystack backend
below keeps haystack's own API working over the same index: ``update_index``,
``clear_index``, and ``SearchQuerySet`` (search/engine/haystack_query.py).
"""

import shutil
from contextlib import contextmanager

from haystack.backends import BaseEngine
from haystack.backends.whoosh_backend import WhooshSearchBackend
from haystack.exceptions import SearchBackendError, SkipDocument
from haystack.models import SearchResult
from haystack.utils import get_identifier

from search.clauses import AllOf
from search.engine import caches, execution, segments, storage
from search.engine.haystack_query import VietnameseSearchQuery, compile_node, narrow
from search.engine.schema import FACET_FIELDS, build_schema, to_document
from search.engine.view import current_view


class WhooshEngine:
    """The search interface over our Whoosh index under ``root``."""

    def __init__(self, root):
        self.root = root

    def view(self):
        return current_view(self.root)

    def known_words(self):
        """A test ``folded syllable → is it in the index`` for the query
        parser (Telex decoding keeps a word the index knows)."""
        return self.view().known_word

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
        """Run compiled ``clauses`` (see execution.py) with facet ``filters``,
        each conference of ``groups`` one entry."""
        return execution.run(
            self.view(),
            clauses=clauses,
            filters=filters,
            sort=sort,
            offset=offset,
            limit=limit,
            bonus_pairs=bonus_pairs,
            groups=groups,
            tiers=tiers,
        )

    def related(self, report, documents, plenums, limit=6):
        """Pks of the reports related to ``report`` (execution.related)."""
        return execution.related(self.view(), report.pk, documents, plenums, limit)[0]

    def apply(self, index, reports=(), deletes=()):
        """Index ``reports`` (haystack ``SearchIndex`` ``index``) and delete
        the haystack ids ``deletes``, in one commit."""
        updates = []
        for obj in reports:
            try:
                updates.append(to_document(index.full_prepare(obj)))
            except SkipDocument:
                continue
        if updates or deletes:
            storage.write(self.root, updates=updates, deletes=deletes)

    @contextmanager
    def rebuilding(self):
        """Under the write lock, a new empty generation to ``build`` into;
        ``swap_in()`` makes it live. Left unswapped, it is deleted."""
        with storage.write_lock(self.root, timeout=3600):
            generation = _Generation(self.root)
            try:
                yield generation
            finally:
                if not generation.swapped:
                    shutil.rmtree(generation.path, ignore_errors=True)
        caches.reset()

    def clear(self):
        """Swap in a new empty generation (never deletes the live one first)."""
        with self.rebuilding() as generation:
            generation.swap_in()

    def doc_count(self):
        return self.view().doc_count

    def clear_leftovers(self):
        """Files a writer killed mid-commit left behind, removed (their names)."""
        return storage.clear_leftovers(self.root)

    def preload(self):
        """Open the view before the first request (gunicorn's post_worker_init)."""
        self.view()


class _Generation:
    def __init__(self, root):
        self.root = root
        self.path = storage.new_generation_dir(root)
        self.index = storage.create_index(self.path)
        self.swapped = False

    def build(self, index, queryset, documents, procs=1, batch_size=500):
        """Write the reports of ``queryset`` into this generation;
        ``documents`` is segments.build's prepared-documents function."""
        pks = list(queryset.order_by("pk").values_list("pk", flat=True))
        return segments.build(self.index, pks, documents, procs=procs, batch_size=batch_size)

    def swap_in(self):
        storage.swap_in(self.root, self.path)
        self.swapped = True


class VietnameseWhooshSearchBackend(WhooshSearchBackend):
    """haystack's API over our index. haystack's Whoosh backend is the base
    for its option handling only: every method that touches the index is
    ours."""

    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        # PATH holds the generations, each a whole index.
        self.root = self.path
        self.engine = WhooshEngine(self.root)

    def setup(self):
        self.path = storage.current_dir(self.root)
        self.content_field_name = "text"
        self.schema = build_schema()
        self.setup_complete = True

    def build_schema(self, fields):
        return "text", build_schema()

    def update(self, index, iterable, commit=True):
        self.engine.apply(index, iterable)

    def remove(self, obj_or_string, commit=True):
        self.engine.apply(None, deletes=[get_identifier(obj_or_string)])

    def clear(self, models=None, commit=True):
        self.engine.clear()

    def delete_index(self):
        self.engine.clear()

    def search(self, query_string, **kwargs):
        """``query_string`` is a clause from ``VietnameseSearchQuery``."""
        if isinstance(query_string, str):
            raise SearchBackendError("raw query strings are not supported by this engine")
        for option in ("highlight", "date_facets", "query_facets", "within", "dwithin"):
            if kwargs.get(option):
                raise SearchBackendError(f"{option} is not supported by this engine")
        clauses = [query_string] + [narrow(q) for q in kwargs.get("narrow_queries") or ()]
        if not self._models_match(kwargs.get("models")):
            return {"results": [], "hits": 0, "facets": {}}
        start, end = kwargs.get("start_offset") or 0, kwargs.get("end_offset")
        requested = kwargs.get("facets") or {}
        facets = self._facet_names(requested)
        facet_limit = max([options.get("limit", 12) for options in requested.values()] or [12])
        outcome = execution.run(
            self.engine.view(),
            clauses=clauses,
            sort=self._sort(kwargs.get("sort_by")),
            offset=start,
            limit=(end - start) if end is not None else 1_000_000,
            facets=list(facets.values()),
            facet_limit=facet_limit,
        )
        return {
            "results": self._results(outcome.pks, outcome.scores, kwargs.get("result_class")),
            "hits": outcome.total,
            "facets": {
                "fields": {name: outcome.facets[facet] for name, facet in facets.items()},
                "dates": {},
                "queries": {},
            },
            "spelling_suggestion": None,
        }

    def more_like_this(
        self,
        model_instance,
        additional_query_string=None,
        start_offset=0,
        end_offset=None,
        models=None,
        limit_to_registered_models=None,
        result_class=None,
        **kwargs,
    ):
        """Reports sharing the most documents and plenums with this one
        (execution.related, the report page's ranking); an additional query
        narrows them."""
        from haystack import connections

        unified = connections[self.connection_alias].get_unified_index()
        prepared = unified.get_index(type(model_instance)).full_prepare(model_instance)
        view = self.engine.view()
        pks, total = execution.related(
            view,
            model_instance.pk,
            prepared.get("document") or [],
            prepared.get("plenum") or [],
            limit=view.n,
        )
        extra = additional_query_string
        if extra is not None and extra != AllOf(()):  # haystack's empty query
            allowed = set(execution.run(view, clauses=[extra], limit=view.n, facets=()).pks)
            pks = [pk for pk in pks if pk in allowed]
            total = len(pks)
        end = end_offset if end_offset is not None else len(pks)
        page = pks[start_offset:end]
        return {"results": self._results(page, [1.0] * len(page), result_class), "hits": total}

    # --- haystack's arguments in our terms -----------------------------------

    def _models_match(self, models):
        from archive.models import Report

        return not models or Report in models

    def _facet_names(self, requested):
        """haystack asks for ``year_exact``; our facet is ``year``."""
        from haystack import connections

        fields = connections[self.connection_alias].get_unified_index().all_searchfields()
        out = {}
        for name in requested:
            facet = getattr(fields.get(name), "facet_for", None) or name
            if facet not in FACET_FIELDS:
                raise SearchBackendError(f"{facet!r} is not a facet of the index")
            out[name] = facet
        return out

    def _sort(self, sort_by):
        if not sort_by:
            return "relevance"
        if list(sort_by) in (["-event_date"], ["event_date"]):
            return "newest" if sort_by[0].startswith("-") else "oldest"
        if list(sort_by) in (["score"], ["-score"]):
            return "relevance"
        raise SearchBackendError(f"order_by{tuple(sort_by)} is not supported by this engine")

    def _results(self, pks, scores, result_class):
        from archive.models import Report

        meta = Report._meta
        cls = result_class or SearchResult
        return [
            cls(meta.app_label, meta.model_name, pk, score)
            for pk, score in zip(pks, scores, strict=True)
        ]


class VietnameseWhooshEngine(BaseEngine):
    backend = VietnameseWhooshSearchBackend
    query = VietnameseSearchQuery


__all__ = ["VietnameseWhooshEngine", "WhooshEngine", "compile_node"]
