"""Query execution over the Whoosh index, fast enough for 50,000 long reports.

Why not Whoosh's searcher: Vietnamese syllables such as "hội", "nghị", "đảng"
occur in nearly every report, so most queries match most documents, and
Whoosh scores, counts and facets them one document at a time in Python
(performance-notes.md: p95 ≈ 3.7 s at 50,000). Here each posting list is read
from the Whoosh segment once per process, kept as NumPy arrays, and a query is
a few vectorised operations: BM25 over every match, exact counts, facet
counts from per-document columns, and a bounded top-k.

Per-process state, reused across requests:
- ``_segments``: per-segment arrays (pk, date, length, facet values), read
  once, since a segment never changes (only its deletions do);
- ``_postings``: an LRU of decoded posting lists per (segment, field, term);
- ``_view``: the current generation (readers, deletions, combined arrays),
  replaced when the index directory shows a new generation.
"""

import json
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.filedb.filestore import FileStorage

from search.backend import FACET_FIELDS, META_FIELD, build_whoosh_schema
from search.clauses import AnyOf, Keyword, Phrase, Word

K1, B = 1.2, 0.75
# Decoded posting lists per segment (kept across index changes), and BM25
# weights per term for the current view: together under ~100 MB a process.
POSTINGS_CACHE_BYTES = 48 * 1024 * 1024
CONTRIBUTIONS_CACHE_BYTES = 48 * 1024 * 1024
# Every year is worth showing; other facets show their most frequent values.
FACET_LIMITS = {"year": 60, "format": 5, "term": 10}

_lock = threading.RLock()
_segments = {}
_postings = OrderedDict()
_postings_bytes = 0
_view = None


@dataclass
class Outcome:
    total: int = 0
    pks: list = field(default_factory=list)
    facets: dict = field(default_factory=dict)
    relaxed: bool = False


class SegmentData:
    """Arrays of one immutable segment, indexed by its local docnum."""

    def __init__(self, segreader):
        n = segreader.doc_count_all()
        reader = segreader.column_reader(META_FIELD)
        pk = np.zeros(n, np.int64)
        date = np.zeros(n, np.int32)
        entries = {name: ([], []) for name in FACET_FIELDS}
        for docnum in range(n):
            raw = reader[docnum]
            if not raw:
                continue
            meta = json.loads(raw)
            pk[docnum] = meta["pk"]
            date[docnum] = meta.get("date") or 0
            for name in FACET_FIELDS:
                values = meta.get(name)
                if values in (None, "", []):
                    continue
                docs, vals = entries[name]
                for value in values if isinstance(values, list) else [values]:
                    docs.append(docnum)
                    vals.append(str(value))
        self.n = n
        self.pk = pk
        self.date = date
        self.length = np.array(
            [segreader.doc_field_length(d, "text", 0) for d in range(n)], np.float32
        )
        # Per facet: (docnums, value codes, values), codes local to the segment.
        self.entries = {}
        for name, (docs, vals) in entries.items():
            vocab = {}
            codes = [vocab.setdefault(v, len(vocab)) for v in vals]
            self.entries[name] = (np.array(docs, np.int32), np.array(codes, np.int32), list(vocab))


def _read_postings(segreader, fieldname, term):
    try:
        fmt = segreader.schema[fieldname].format
        matcher = segreader._terms.matcher(fieldname, term.encode("utf-8"), fmt)
    except (KeyError, Exception):
        return np.zeros(0, np.int32), np.zeros(0, np.float32)
    ids, weights = [], []
    if isinstance(matcher, W3LeafMatcher):
        while matcher.is_active():
            matcher._read_ids()
            matcher._read_weights()
            ids.append(np.asarray(matcher._ids, np.int32))
            weights.append(np.asarray(matcher._weights, np.float32))
            matcher._next_block()
        if not ids:
            return np.zeros(0, np.int32), np.zeros(0, np.float32)
        return np.concatenate(ids), np.concatenate(weights)
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return np.array(ids, np.int32), np.array(weights, np.float32)


def _segment_postings(segid, segreader, fieldname, term):
    global _postings_bytes
    key = (segid, fieldname, term)
    hit = _postings.get(key)
    if hit is not None:
        _postings.move_to_end(key)
        return hit
    hit = _read_postings(segreader, fieldname, term)
    _postings[key] = hit
    _postings_bytes += hit[0].nbytes + hit[1].nbytes + 100
    while _postings_bytes > POSTINGS_CACHE_BYTES and len(_postings) > 1:
        _, (ids, tf) = _postings.popitem(last=False)
        _postings_bytes -= ids.nbytes + tf.nbytes + 100
    return hit


class View:
    """One generation of the index as this process sees it."""

    def __init__(self, path, generation):
        self.path = path
        self.generation = generation
        self.index = FileStorage(path).open_index(schema=build_whoosh_schema())
        self.reader = self.index.reader()
        self.leaves = []
        pks, dates, lengths, live = [], [], [], []
        facet_docs = {name: [] for name in FACET_FIELDS}
        facet_codes = {name: [] for name in FACET_FIELDS}
        vocabs = {name: {} for name in FACET_FIELDS}
        for segreader, offset in self.reader.leaf_readers():
            if segreader.segment() is None:  # an index with no segment yet
                continue
            segid = (path, segreader.segment().segment_id())
            data = _segments.get(segid)
            if data is None:
                data = _segments[segid] = SegmentData(segreader)
            self.leaves.append((segid, segreader, offset, data.n))
            pks.append(data.pk)
            dates.append(data.date)
            lengths.append(data.length)
            alive = np.ones(data.n, bool)
            deleted = list(segreader.segment().deleted_docs())
            if deleted:
                alive[np.array(deleted, np.int64)] = False
            live.append(alive)
            for name in FACET_FIELDS:
                # Map the segment's value codes onto this view's codes: a
                # small Python loop over distinct values, then one take().
                docs, codes, values = data.entries[name]
                vocab = vocabs[name]
                remap = np.array([vocab.setdefault(v, len(vocab)) for v in values], np.int32)
                facet_docs[name].append(docs + offset)
                facet_codes[name].append(remap[codes] if len(codes) else codes)
        empty_i = np.zeros(0, np.int32)
        self.pk = np.concatenate(pks) if pks else np.zeros(0, np.int64)
        self.date = np.concatenate(dates) if dates else empty_i
        self.length = np.concatenate(lengths) if lengths else np.zeros(0, np.float32)
        self.live = np.concatenate(live) if live else np.zeros(0, bool)
        self.n = len(self.pk)
        self.doc_count = int(self.live.sum())
        self.avgdl = float(self.length[self.live].mean()) if self.doc_count else 1.0
        self._contributions = OrderedDict()
        self._contributions_bytes = 0
        self.facets = {}
        for name in FACET_FIELDS:
            vocab = vocabs[name]
            docs = np.concatenate(facet_docs[name]) if facet_docs[name] else empty_i
            codes = np.concatenate(facet_codes[name]) if facet_codes[name] else empty_i
            self.facets[name] = (docs, codes, list(vocab), vocab)

    def close(self):
        self.reader.close()

    def contributions(self, fieldname, term, b):
        """BM25 weights of ``term`` per document, kept per view (the doc
        lengths and counts they depend on change only with the view):
        ``(docnums, weights, None)``, or ``(None, dense weights, dense mask)``
        for a term in more than an eighth of the reports."""
        key = (fieldname, term, b)
        hit = self._contributions.get(key)
        if hit is not None:
            self._contributions.move_to_end(key)
            return hit
        ids, tf = self.postings(fieldname, term)
        if len(ids):
            df = len(ids)
            idf = np.log(1.0 + (self.doc_count - df + 0.5) / (df + 0.5))
            norm = K1 * (1.0 - b + b * self.length[ids] / self.avgdl)
            weights = (idf * tf * (K1 + 1.0) / (tf + norm)).astype(np.float32)
        else:
            weights = tf
        if len(ids) * 8 > self.n:
            # A common term ("hội", "nghị" are in nearly every report): dense
            # arrays make adding it a vector sum instead of a scatter.
            dense = np.zeros(self.n, np.float32)
            dense[ids] = weights
            hit = (None, dense, dense > 0)
        else:
            hit = (ids.astype(np.int32), weights, None)
        self._contributions[key] = hit
        self._contributions_bytes += _nbytes(hit)
        while (
            self._contributions_bytes > CONTRIBUTIONS_CACHE_BYTES and len(self._contributions) > 1
        ):
            _, old = self._contributions.popitem(last=False)
            self._contributions_bytes -= _nbytes(old)
        return hit

    def postings(self, fieldname, term):
        """(global docnums, term frequencies) of live documents."""
        parts_ids, parts_tf = [], []
        for segid, segreader, offset, _n in self.leaves:
            ids, tf = _segment_postings(segid, segreader, fieldname, term)
            if len(ids):
                parts_ids.append(ids + offset)
                parts_tf.append(tf)
        if not parts_ids:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        ids = np.concatenate(parts_ids).astype(np.int64)
        tf = np.concatenate(parts_tf)
        keep = self.live[ids]
        return ids[keep], tf[keep]

    def known_word(self, folded):
        return self.reader.doc_frequency("textf", folded) > 0

    def facet_mask(self, name, values):
        docs, codes, _labels, vocab = self.facets[name]
        wanted = [vocab[v] for v in values if v in vocab]
        mask = np.zeros(self.n, bool)
        if wanted:
            mask[docs[np.isin(codes, wanted)]] = True
        return mask


def _nbytes(arrays):
    return sum(a.nbytes for a in arrays if a is not None) + 100


def current_view(root):
    """The view of the live generation, reopened only when it changed."""
    global _view
    path = os.path.realpath(os.path.join(root, "current"))
    storage = FileStorage(path)
    generation = (path, _latest_generation(storage))
    with _lock:
        if _view is None or _view.generation != generation:
            old = _view
            _view = View(path, generation)
            live_segments = {segid for segid, *_ in _view.leaves}
            for segid in [s for s in _segments if s not in live_segments]:
                del _segments[segid]
            if old is not None:
                old.close()
        return _view


def _latest_generation(storage):
    from whoosh.index import TOC

    return TOC._latest_generation(storage, "MAIN")


def reset():
    """Forget every per-process cache (tests that rebuild indexes use it)."""
    global _view, _postings_bytes
    with _lock:
        if _view is not None:
            _view.close()
        _view = None
        _segments.clear()
        _postings.clear()
        _postings_bytes = 0


# --- scoring -----------------------------------------------------------------


class Scorer:
    def __init__(self, view):
        self.view = view
        self.score = np.zeros(view.n, np.float32)

    def add(self, fieldname, term, weight=1.0, b=B):
        """Add BM25 of ``term`` to the scores; return its match mask."""
        view = self.view
        ids, weights, dense_mask = view.contributions(fieldname, term, b)
        if dense_mask is not None:
            self.score += weight * weights
            return dense_mask.copy()
        mask = np.zeros(view.n, bool)
        if len(ids):
            mask[ids] = True
            self.score[ids] += weight * weights
        return mask

    def word(self, word, folded, accented):
        mask = self.add("textf", folded)
        mask |= self.add("titlef", folded, weight=1.5, b=0.0)
        if accented != folded:
            self.add("text", accented, weight=0.5)
        return mask

    def phrase(self, pair_terms, words):
        if not pair_terms:
            if not words:
                return np.zeros(self.view.n, bool)
            return self.word(words[0].raw, words[0].folded, words[0].accented)
        mask = np.ones(self.view.n, bool)
        for term in pair_terms:
            mask &= self.add("pairs", term, weight=1.5)
        for word in words:
            if word.accented != word.folded:
                self.add("text", word.accented, weight=0.2)
        return mask


def run(
    root,
    *,
    clauses,
    filters=None,
    sort="relevance",
    offset=0,
    limit=10,
    facet_limit=12,
    bonus_pairs=(),
):
    """Run compiled ``clauses`` (search.clauses: Word, Phrase, Keyword, AnyOf).

    All clauses are required; if that finds nothing and there are several
    relaxable (word) clauses, any of them may match (``relaxed``).
    ``filters`` maps facet name → values (OR within a facet, AND across
    facets); facet counts for a facet ignore its own filter.
    """
    view = current_view(root)
    scorer = Scorer(view)
    masks = [_clause_mask(scorer, clause) for clause in clauses]
    for term in bonus_pairs:
        scorer.add("pairs", term, weight=1.0)
    base = view.live.copy()
    for mask in masks:
        base &= mask
    relaxed = False
    word_masks = [m for m, c in zip(masks, clauses, strict=True) if c.relaxable]
    if not base.any() and len(word_masks) >= 2:
        base = view.live.copy()
        for mask, clause in zip(masks, clauses, strict=True):
            if not clause.relaxable:
                base &= mask
        base &= np.logical_or.reduce(word_masks)
        relaxed = bool(base.any())
    filters = {k: v for k, v in (filters or {}).items() if v and k in view.facets}
    filter_masks = {name: view.facet_mask(name, values) for name, values in filters.items()}
    final = base.copy()
    for mask in filter_masks.values():
        final &= mask
    outcome = Outcome(total=int(final.sum()), relaxed=relaxed)
    outcome.pks = _top(view, scorer.score, final, sort, offset, limit, bool(clauses))
    for name in FACET_FIELDS:
        mask = base.copy()
        for other, fmask in filter_masks.items():
            if other != name:
                mask &= fmask
        limit = FACET_LIMITS.get(name, facet_limit)
        outcome.facets[name] = _facet_counts(view, name, mask, filters.get(name, ()), limit)
    return outcome


def _clause_mask(scorer, clause):
    if isinstance(clause, Word):
        return scorer.word(clause.raw, clause.folded, clause.accented)
    if isinstance(clause, Phrase):
        return scorer.phrase(clause.pairs, clause.words)
    if isinstance(clause, Keyword):
        mask = scorer.add(clause.field, clause.term, weight=2.0, b=0.0)
        if clause.field == "codes":
            # A report about a document usually names its number in the title.
            scorer.add("titlef", clause.term.split("-", 1)[0], weight=1.0, b=0.0)
        return mask
    if isinstance(clause, AnyOf):
        mask = np.zeros(scorer.view.n, bool)
        for sub in clause.clauses:
            mask |= _clause_mask(scorer, sub)
        return mask
    raise TypeError(f"unknown clause {clause!r}")


def _top(view, score, mask, sort, offset, limit, has_query):
    idx = np.flatnonzero(mask)
    if limit <= 0 or not len(idx) or offset >= len(idx):
        return []
    k = min(len(idx), offset + limit)
    date = view.date[idx].astype(np.int64)
    pk = view.pk[idx]
    if sort == "relevance" and has_query:
        # Score first, newer first among equals.
        primary = -score[idx].astype(np.float64)
        secondary = -(date * (1 << 31) + pk)
    elif sort == "oldest":
        primary = np.where(date > 0, date, np.iinfo(np.int32).max).astype(np.float64)
        secondary = pk
    else:
        primary = -(date * (1 << 31) + pk).astype(np.float64)
        secondary = -pk
    if k < len(idx):
        part = np.argpartition(primary, k - 1)[:k]
        # argpartition splits ties at the boundary arbitrarily: keep every tie.
        cutoff = primary[part].max()
        part = np.flatnonzero(primary <= cutoff)
    else:
        part = np.arange(len(idx))
    order = part[np.lexsort((secondary[part], primary[part]))]
    return [int(p) for p in pk[order[offset:k]]]


def _facet_counts(view, name, mask, selected, limit):
    docs, codes, labels, vocab = view.facets[name]
    if not len(docs):
        return []
    counts = np.bincount(codes[mask[docs]], minlength=len(labels))
    if len(counts) > limit:
        top = np.argpartition(-counts, limit - 1)[:limit]
        top = top[np.lexsort((top, -counts[top]))]
    else:
        top = np.lexsort((np.arange(len(counts)), -counts))
    result = [(labels[i], int(counts[i])) for i in top if counts[i] > 0]
    shown = {v for v, _ in result}
    for value in selected:
        if value not in shown:
            result.append((value, int(counts[vocab[value]]) if value in vocab else 0))
    return result


def related(root, pk, limit=6):
    """Published reports that share the most documents with report ``pk``,
    then plenums, newest first among equals: the report page's "related
    reports", from the index (the counts are a few array sums over cached
    posting lists instead of a GROUP BY over every link row)."""
    view = current_view(root)
    where = np.flatnonzero((view.pk == pk) & view.live)
    if not len(where):
        return []
    docnum = int(where[0])
    counts = {}
    for facet, fieldname in (("document", "codes"), ("plenum", "plenum_keys")):
        docs, codes, labels, _vocab = view.facets[facet]
        count = counts[facet] = np.zeros(view.n, np.int32)
        for code in codes[docs == docnum]:
            ids, _tf = view.postings(fieldname, labels[code])
            count[ids] += 1
    # Sharing documents ranks by how many; sharing only a plenum comes after.
    shared = np.where(counts["document"] > 0, counts["document"] + 1, counts["plenum"] > 0)
    shared[docnum] = 0
    candidates = np.flatnonzero(shared)
    if not len(candidates):
        return []
    date = view.date[candidates].astype(np.int64)
    order = np.lexsort((-view.pk[candidates], -date, -shared[candidates]))[:limit]
    return [int(p) for p in view.pk[candidates[order]]]
