"""One generation of the index as this process sees it, read into arrays.

Why not Whoosh's searcher: Vietnamese syllables such as "hội", "nghị", "đảng"
occur in nearly every report, so most queries match most documents, and
Whoosh scores, counts and facets them one document at a time in Python
(performance-notes.md). Here each posting list is a slice of arrays written
beside the segment at index time and memory-mapped (search/engine/postings.py;
a segment without them is decoded from Whoosh once per process and cached,
search/engine/caches.py), so a query is a few vectorised operations
(search/engine/execution.py).
"""

import json

import numpy as np

from search.engine import postings as posting_arrays
from search.engine import storage, whoosh_private
from search.engine.caches import CONTRIBUTIONS_CACHE_BYTES, STATE, ByteLRU
from search.engine.schema import FACET_FIELDS, META_FIELD

K1, B = 1.2, 0.75


class SegmentData:
    """Arrays of one immutable segment, indexed by its local docnum."""

    def __init__(self, segreader):
        n = segreader.doc_count_all()
        # A segment none of whose documents wrote the column (seen when the
        # index worker is killed mid-commit under write load) has no column
        # file, and Whoosh's fallback for it fails on this column type
        # (CompressedBytesColumn has no default): its rows have no metadata.
        if segreader.has_column(META_FIELD):
            reader = segreader.column_reader(META_FIELD)
        else:
            reader = [b""] * n
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
        # Its posting lists as memory-mapped arrays (postings.py), when written.
        self.arrays = None
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


def read_postings(segreader, fieldname, term):
    """(docnums, term frequencies) of ``term`` in one segment, deleted
    documents included."""
    ids, weights = [], []
    for block_ids, block_weights in whoosh_private.posting_blocks(segreader, fieldname, term):
        ids.append(np.asarray(block_ids, np.int32))
        weights.append(np.asarray(block_weights, np.float32))
    if not ids:
        return np.zeros(0, np.int32), np.zeros(0, np.float32)
    return np.concatenate(ids), np.concatenate(weights)


def _segment_postings(segid, segreader, fieldname, term):
    key = (segid, fieldname, term)
    hit = STATE.postings.get(key)
    if hit is None:
        hit = STATE.postings.put(key, read_postings(segreader, fieldname, term))
    return hit


class View:
    """One generation of the index as this process sees it."""

    def __init__(self, path, generation):
        self.path = path
        self.generation = generation
        self.index = storage.open_index(path)
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
            data = STATE.segments.get(segid)
            if data is None:
                data = STATE.segments[segid] = SegmentData(segreader)
            if data.arrays is None:  # the writer may have written them since
                data.arrays = posting_arrays.open_segment(path, segid[1])
            self.leaves.append((segid, segreader, offset, data))
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
        self._contributions = ByteLRU(CONTRIBUTIONS_CACHE_BYTES)
        # (groups version, conference id per docnum): execution._group_of.
        self._group_of = None
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
        return self._contributions.put(key, hit)

    def postings(self, fieldname, term):
        """(global docnums, term frequencies) of live documents."""
        parts_ids, parts_tf = [], []
        for segid, segreader, offset, data in self.leaves:
            if data.arrays is not None:
                ids, tf = data.arrays.get(fieldname, term)
            else:
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


def current_view(root):
    """The view of the live generation, reopened only when it changed."""
    path, toc = storage.generation(root)
    generation = (path, toc)
    with STATE.lock:
        if STATE.view is None or STATE.view.generation != generation:
            old = STATE.view
            STATE.view = View(path, generation)
            live_segments = {segid for segid, *_ in STATE.view.leaves}
            for segid in [s for s in STATE.segments if s not in live_segments]:
                del STATE.segments[segid]
            if old is not None:
                old.close()
        return STATE.view
