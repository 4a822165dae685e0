"""The search engine: the one package that knows Whoosh.

- ``schema.py``: the fields a report becomes and how each is indexed;
- ``storage.py``: index generations on disk, the one write lock, the writer;
- ``segments.py``: full builds written straight through Whoosh's codec;
- ``postings.py``: each segment's posting lists also as arrays on disk,
  written once by the writer and memory-mapped by readers;
- ``view.py``: one generation read into NumPy arrays, posting lists decoded
  once per process; ``caches.py``: every per-process cache, one ``reset()``;
- ``execution.py``: clauses → counts, top-k, facets; related reports;
- ``whoosh_private.py``: every access to Whoosh internals, for one pinned
  Whoosh version;
- ``backend.py``: ``WhooshEngine`` (the interface below) and haystack's
  backend over the same index; ``haystack_query.py``: ``SearchQuerySet``'s
  ``SQ`` trees compiled into our clauses;
- ``generic.py``: the same interface over any other haystack engine.

The site calls ``get()`` and then, on what it returns: ``search(parsed,
clauses=…, filters=…, sort=…, offset=…, limit=…, bonus_pairs=…, tiers=…)``
→ ``Outcome``; ``known_words()`` → a predicate or None; ``related(report,
documents, plenums, limit)`` → pks; ``apply(index, reports, deletes)``;
``rebuilding()`` → a context with ``build(index, queryset, documents, …)``
and ``swap_in()``; ``clear()``; ``doc_count()`` → int or None; ``clear_leftovers()`` → names
removed; ``preload()``.
"""

from search.engine.caches import reset
from search.engine.execution import Outcome


def get(using="default"):
    """The engine behind haystack's connection ``using``."""
    from haystack import connections

    from search.engine.backend import VietnameseWhooshSearchBackend
    from search.engine.generic import HaystackEngine

    backend = connections[using].get_backend()
    if isinstance(backend, VietnameseWhooshSearchBackend):
        return backend.engine
    return HaystackEngine(backend, using)


__all__ = ["Outcome", "get", "reset"]
