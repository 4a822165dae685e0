"""The Whoosh engine for Vietnamese: the one place for Whoosh specifics.

Configured as haystack's ``ENGINE`` (``search.backend.VietnameseWhooshEngine``).
What differs from haystack's Whoosh backend, and why:

- Schema: nothing text-like is stored (the text lives in the database); the
  document field becomes three frequency-only fields (accented syllables,
  folded syllables, folded syllable pairs for phrases, see search/analysis.py);
  document codes and plenums are keyword fields; facet values, date and pk
  are one per-document column read once per segment (search/matching.py).
- Index directory: ``PATH/current`` is a symlink to a generation directory.
  A full rebuild writes a new generation and swaps the link atomically, so
  the live site never sees an empty or half-built index.
- Writes: one writer. Every write takes an exclusive file lock
  (``PATH/write.lock``) and commits non-compound segments (a compound segment
  is copied into memory on every searcher open: performance-notes.md).
- Searching: ``vn_search`` runs a parsed query (search/query.py) through a
  per-process reader that is reused across requests and refreshed when the
  index changes (search/matching.py). haystack's own ``search`` is kept for
  compatibility but the site does not use it.
"""

import fcntl
import json
import os
import shutil
import time
import uuid
from collections import Counter
from contextlib import contextmanager

from haystack.backends import BaseEngine
from haystack.backends.whoosh_backend import WhooshSearchBackend, WhooshSearchQuery
from haystack.constants import DJANGO_CT, DJANGO_ID, ID
from haystack.exceptions import SkipDocument
from whoosh import columns, formats
from whoosh.fields import COLUMN, FieldType, Schema
from whoosh.fields import ID as WHOOSH_ID
from whoosh.filedb.filestore import FileStorage
from whoosh.index import EmptyIndexError
from whoosh.system import pack_uint

from search import analysis

TEXT_FIELDS = ("text", "textf", "pairs")
META_FIELD = "meta"
# haystack fields whose values go into the per-document column for facets.
FACET_FIELDS = ("year", "document", "doctype", "plenum", "term", "province", "speaker", "format")
KEYWORD_FIELDS = ("codes", "plenum_keys")


class CountedField(FieldType):
    """A frequency-only field indexed from term counts (no positions:
    phrases use the ``pairs`` field). Subclasses say where counts come from."""

    scorable = True
    stored = False
    unique = False
    vector = None
    column_type = None

    def __init__(self, field_boost=1.0):
        self.format = formats.Frequency(field_boost=field_boost)
        self.analyzer = None

    def counts(self, value):
        raise NotImplementedError

    def index(self, value, **kwargs):
        for word, freq in self.counts(value).items():
            yield word.encode("utf-8"), freq, float(freq), pack_uint(freq)


class SyllableField(CountedField):
    """One of the three views of a text from ``analysis.index_terms``:
    0 accented syllables, 1 folded syllables, 2 folded syllable pairs."""

    def __init__(self, view, field_boost=1.0):
        super().__init__(field_boost)
        self.view = view
        self.analyzer = analysis.VietnameseAnalyzer(folded=view != 0)

    def counts(self, value):
        return analysis.index_terms_cached(value)[self.view]

    def process_text(self, qstring, mode="", **kwargs):
        if self.view == 2:
            return iter(analysis.query_pairs(analysis.TOKEN_RE.findall(qstring)))
        index = 0 if self.view == 0 else 1
        return (analysis.syllable_forms(w)[index] for w in analysis.TOKEN_RE.findall(qstring))


class CountedKeywordField(CountedField):
    """Exact keywords from a list, with repeats counted as frequency
    (a document the report is about is listed more than once)."""

    def counts(self, value):
        return Counter(value)

    def process_text(self, qstring, mode="", **kwargs):
        return iter([qstring])


def build_whoosh_schema():
    return Schema(
        **{
            ID: WHOOSH_ID(stored=True, unique=True),
            DJANGO_CT: WHOOSH_ID(stored=True),
            DJANGO_ID: WHOOSH_ID(stored=True),
            "text": SyllableField(0),
            "textf": SyllableField(1),
            "pairs": SyllableField(2),
            "titlef": SyllableField(1),
            "codes": CountedKeywordField(),
            "plenum_keys": CountedKeywordField(),
            META_FIELD: COLUMN(columns.CompressedBytesColumn()),
        }
    )


def to_whoosh_document(prepared):
    """haystack's prepared dict → the fields our schema indexes."""
    text = prepared.get("text") or ""
    meta = {name: prepared.get(name) for name in FACET_FIELDS}
    meta["pk"] = int(prepared[DJANGO_ID])
    date = prepared.get("event_date")
    meta["date"] = date.toordinal() if date else 0
    return {
        ID: prepared[ID],
        DJANGO_CT: prepared[DJANGO_CT],
        DJANGO_ID: str(prepared[DJANGO_ID]),
        "text": text,
        "textf": text,
        "pairs": text,
        "titlef": prepared.get("title") or "",
        "codes": list(prepared.get("codes") or []),
        "plenum_keys": list(prepared.get("plenum_keys") or []),
        META_FIELD: json.dumps(meta, ensure_ascii=False, default=str).encode("utf-8"),
    }


# --- the generation directory and the write lock ---------------------------


def current_dir(root):
    """The live generation directory under ``root`` (created if missing)."""
    link = os.path.join(root, "current")
    if not os.path.exists(link):
        os.makedirs(root, exist_ok=True)
        with write_lock(root):
            if not os.path.exists(link):
                new = new_generation_dir(root)
                FileStorage(new).create_index(build_whoosh_schema())
                swap_in(root, new)
    return os.path.realpath(link)


def new_generation_dir(root):
    path = os.path.join(root, f"gen-{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:6]}")
    os.makedirs(path)
    return path


def swap_in(root, new_dir):
    """Point ``root/current`` at ``new_dir`` atomically; keep the previous
    generation (readers may still have it open) and delete older ones."""
    link = os.path.join(root, "current")
    previous = os.path.realpath(link) if os.path.exists(link) else None
    tmp = os.path.join(root, f".current-{uuid.uuid4().hex}")
    os.symlink(os.path.basename(new_dir), tmp)
    os.replace(tmp, link)
    keep = {os.path.realpath(new_dir), previous}
    for name in os.listdir(root):
        path = os.path.join(root, name)
        if name.startswith("gen-") and os.path.realpath(path) not in keep:
            shutil.rmtree(path, ignore_errors=True)


@contextmanager
def write_lock(root, timeout=600):
    """Exclusive lock for every write to the index under ``root``: the index
    worker, a rebuild and haystack's update_index all take it."""
    os.makedirs(root, exist_ok=True)
    with open(os.path.join(root, "write.lock"), "a") as fh:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"index write lock busy for {timeout}s") from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


class VietnameseWhooshSearchBackend(WhooshSearchBackend):
    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        # PATH holds the generations; self.path follows the live one.
        self.root = self.path

    def setup(self):
        from haystack import connections

        self.path = current_dir(self.root)
        self.storage = FileStorage(self.path)
        # haystack needs the content field name; our schema is fixed.
        connections[self.connection_alias].get_unified_index()
        self.content_field_name = "text"
        self.schema = build_whoosh_schema()
        try:
            self.index = self.storage.open_index(schema=self.schema)
        except EmptyIndexError:
            self.index = self.storage.create_index(self.schema)
        from whoosh.qparser import QueryParser

        self.parser = QueryParser("textf", schema=self.schema)
        self.setup_complete = True

    def _reopen(self):
        """Follow ``current`` to the live generation (a rebuild may have swapped it)."""
        self.setup_complete = False
        self.setup()

    def build_schema(self, fields):
        return "text", build_whoosh_schema()

    def prepare_documents(self, index, iterable):
        for obj in iterable:
            try:
                yield to_whoosh_document(index.full_prepare(obj))
            except SkipDocument:
                continue

    def update(self, index, iterable, commit=True):
        docs = list(self.prepare_documents(index, iterable))
        if docs:
            self.write(updates=docs)

    def remove(self, obj_or_string, commit=True):
        from haystack.utils import get_identifier

        self.write(deletes=[get_identifier(obj_or_string)])

    def write(self, updates=(), deletes=()):
        """Apply updates (whoosh documents) and deletes (ids) in one commit,
        under the write lock."""
        if not self.setup_complete:
            self.setup()
        with write_lock(self.root):
            self._reopen()
            writer = self.index.writer(compound=False, limitmb=128)
            try:
                for ident in deletes:
                    writer.delete_by_term(ID, ident)
                for doc in updates:
                    writer.update_document(**doc)
            except BaseException:
                writer.cancel()
                raise
            writer.commit()

    def clear(self, models=None, commit=True):
        """Swap in a new empty generation (never deletes the live one first)."""
        if not self.setup_complete:
            self.setup()
        with write_lock(self.root):
            new = new_generation_dir(self.root)
            FileStorage(new).create_index(build_whoosh_schema())
            swap_in(self.root, new)
            self._reopen()

    def delete_index(self):
        self.clear()

    def vn_view(self):
        """This process's reused view of the live index (search/matching.py)."""
        from search import matching

        if not self.setup_complete:
            self.setup()
        return matching.current_view(self.root)

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
        (haystack's more-like-this, which the report page uses)."""
        from haystack.models import SearchResult

        from search import matching

        if not self.setup_complete:
            self.setup()
        # haystack passes end_offset as a count from start_offset.
        limit = end_offset or 6
        pks = matching.related(self.root, model_instance.pk, limit=start_offset + limit)
        meta = model_instance._meta
        results = [
            (result_class or SearchResult)(meta.app_label, meta.model_name, pk, 1.0)
            for pk in pks[start_offset:]
        ]
        return {"results": results, "hits": len(results)}

    def vn_search(self, **kwargs):
        from search import matching

        if not self.setup_complete:
            self.setup()
        return matching.run(self.root, **kwargs)


class VietnameseWhooshEngine(BaseEngine):
    backend = VietnameseWhooshSearchBackend
    query = WhooshSearchQuery
