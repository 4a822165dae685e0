"""Every per-process cache of the engine, in one place, with one reset.

A gunicorn worker answers from memory that it fills once and keeps:

- ``STATE.segments``: the arrays of each immutable segment (pk, date, length,
  facet values, and its memory-mapped posting arrays, postings.py), keyed by
  (generation directory, segment id): a segment never changes, only its
  deletions do, so they outlive index changes;
- ``STATE.postings``: posting lists decoded from Whoosh per (segment, field,
  term) for a segment that has no arrays yet, an LRU bounded in bytes;
- ``STATE.view``: the current generation as this process sees it (readers,
  deletions, combined arrays, and its own LRU of BM25 weights per term),
  replaced when the index directory shows a new commit or generation.

``reset()`` forgets all of it; tests that rebuild or delete indexes call it
(conftest.py), and so does a full rebuild. Not here, because they can never be
stale: ``search.analysis``'s per-syllable memo (a pure function of the
syllable) and ``schema._index_terms_once`` (the last text analysed).
"""

import threading
from collections import OrderedDict

# Decoded posting lists per segment (kept across index changes), and BM25
# weights per term for the current view: together under ~100 MB a process.
POSTINGS_CACHE_BYTES = 48 * 1024 * 1024
CONTRIBUTIONS_CACHE_BYTES = 48 * 1024 * 1024


def nbytes(arrays):
    return sum(a.nbytes for a in arrays if a is not None) + 100


class ByteLRU:
    """An LRU of tuples of NumPy arrays, bounded by their total size (the
    newest entry is always kept, whatever its size)."""

    def __init__(self, limit):
        self.limit = limit
        self.entries = OrderedDict()
        self.bytes = 0

    def get(self, key):
        hit = self.entries.get(key)
        if hit is not None:
            self.entries.move_to_end(key)
        return hit

    def put(self, key, arrays):
        self.entries[key] = arrays
        self.bytes += nbytes(arrays)
        while self.bytes > self.limit and len(self.entries) > 1:
            _, old = self.entries.popitem(last=False)
            self.bytes -= nbytes(old)
        return arrays

    def __len__(self):
        return len(self.entries)


class EngineState:
    def __init__(self):
        self.lock = threading.RLock()
        self.view = None
        self.segments = {}
        self.postings = ByteLRU(POSTINGS_CACHE_BYTES)

    def reset(self):
        with self.lock:
            if self.view is not None:
                self.view.close()
            self.view = None
            self.segments.clear()
            self.postings = ByteLRU(POSTINGS_CACHE_BYTES)


STATE = EngineState()


def reset():
    """Forget every per-process cache of the engine."""
    STATE.reset()
