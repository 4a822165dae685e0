"""Full index builds written straight through Whoosh's codec.

Whoosh's writer sends every posting through a pool that pickles it to disk,
sorts runs, merges them, and looks each document's field length up again
while writing, per posting; a report has ~1,300 postings (three views of its
text), which caps a full build far below what the benchmark's ``index_per_s``
shows for this path (``manage.py bench``; README, Performance).

A full build knows all its documents up front, so here each worker process
collects the postings of a few thousand reports in compact arrays, writes
them as one finished segment with the codec's own field and per-document
writers (the same files ``SegmentWriter`` writes), and the parent lists the
segments in a new table of contents. Incremental updates go through
Whoosh's normal writer (``storage.write``).
"""

import itertools
import multiprocessing
from array import array

import numpy as np
from django import db
from whoosh.codec import default_codec
from whoosh.filedb.filestore import FileStorage

from search.engine import postings as posting_arrays
from search.engine import whoosh_private
from search.engine.schema import CountedField, build_schema, to_document
from search.engine.storage import INDEX_NAME


class _FieldPostings:
    """One field's postings of a segment as they arrive, document by
    document: three flat arrays (term number, docnum, frequency) and the
    vocabulary numbering the terms. Sorted into posting lists once, at the
    end, by NumPy: no Python work per posting but the dict lookups."""

    def __init__(self):
        self.vocabulary = {}
        self.numbers = itertools.count()
        self.terms = array("I")
        self.docnums = array("I")
        self.freqs = array("I")

    def add(self, docnum, counts):
        """Add one document's ``{term: frequency}``; returns the field length."""
        self.terms.extend(map(self.vocabulary.setdefault, counts, self.numbers))
        self.docnums.extend(itertools.repeat(docnum, len(counts)))
        freqs = counts.values()
        self.freqs.extend(freqs)
        return sum(freqs)

    def posting_lists(self):
        """``(term, docnums, freqs)`` per term in the codec's order (sorted by
        UTF-8 bytes, which is code-point order), docnums ascending."""
        if not self.vocabulary:
            return
        terms = sorted(self.vocabulary)
        rank = np.zeros(max(self.vocabulary.values()) + 1, np.int32)
        rank[[self.vocabulary[t] for t in terms]] = np.arange(len(terms))
        ranks = rank[np.frombuffer(self.terms, np.uint32)]
        # Stable: documents arrived in docnum order, and stay so within a term.
        order = np.argsort(ranks, kind="stable")
        docnums = np.frombuffer(self.docnums, np.uint32)[order]
        freqs = np.frombuffer(self.freqs, np.uint32)[order]
        ends = np.cumsum(np.bincount(ranks, minlength=len(terms)))
        start = 0
        for term, end in zip(terms, ends.tolist(), strict=True):
            yield term, docnums[start:end], freqs[start:end]
            start = end


def _counts(field, value):
    """``{term: frequency}`` of a field's value: our counted fields give it
    directly, others (haystack's id fields) through Whoosh's ``index``."""
    if isinstance(field, CountedField):
        return field.counts(value)
    counts = {}
    for tbytes, freq, _weight, _vbytes in field.index(value):
        counts[tbytes] = counts.get(tbytes, 0) + freq
    return counts


def write_segment(storage, schema, documents):
    """Write ``documents`` (dicts of field values, as ``schema.to_document``
    makes them) as one new segment of the index in ``storage``. Returns the
    segment, not yet in any TOC."""
    codec = default_codec()
    segment = codec.new_segment(storage, INDEX_NAME)
    perdoc = codec.per_document_writer(storage, segment)
    names = sorted(schema.names())
    fields = [(name, schema[name]) for name in names]
    postings = {name: _FieldPostings() for name, field in fields if field.indexed}
    lengths = {name: array("I") for name, field in fields if field.scorable}
    docnum = 0
    for doc in documents:
        perdoc.start_doc(docnum)
        for name, field in fields:
            value = doc.get(name)
            length = 0
            if value is not None and field.indexed:
                length = postings[name].add(docnum, _counts(field, value))
            if name in lengths:
                lengths[name].append(length)
            if value is None:
                continue
            perdoc.add_field(
                name, field, value if field.stored else None, length if field.scorable else 0
            )
            if field.column_type:
                perdoc.add_column_value(name, field.column_type, field.to_column_value(value))
        perdoc.finish_doc()
        docnum += 1
    perdoc.close()

    writer = codec.field_writer(storage, segment)
    arrays = []  # the same postings as arrays for queries (postings.py)
    for name, field in fields:
        if name not in postings or not postings[name].vocabulary:
            continue
        writer.start_field(name, field)
        field_lengths = np.frombuffer(lengths[name], np.uint32) if name in lengths else None
        for term, ids, freqs in postings[name].posting_lists():
            writer.start_term(term.encode("utf-8") if isinstance(term, str) else term)
            whoosh_private.write_postings(writer, ids, freqs, field_lengths)
            writer.finish_term()
            if name in posting_arrays.FIELDS:
                arrays.append((name, term, ids, freqs))
        writer.finish_field()
    writer.close()
    segment.set_doc_count(docnum)
    posting_arrays.write(storage.folder, segment.segment_id(), arrays)
    return segment


def _build_chunk(args):
    documents, path, first_pk, last_pk, batch_size = args
    prepared = documents(first_pk, last_pk, batch_size)
    return write_segment(FileStorage(path), build_schema(), (to_document(doc) for doc in prepared))


def build(index, pks, documents, procs=2, segment_size=8000, batch_size=500):
    """Index the reports with these primary keys (sorted) into ``index``,
    ``segment_size`` reports a segment, ``procs`` processes at once.

    ``documents(first_pk, last_pk, batch_size)`` yields haystack's prepared
    dicts of the reports in that range; it runs in the worker processes, so
    it must be a module-level function (search/indexing.py has it)."""
    pks = list(pks)
    if not pks:
        return 0
    # Enough chunks to keep every process busy, none bigger than segment_size.
    segment_size = max(1, min(segment_size, -(-len(pks) // procs)))
    chunks = [
        (
            documents,
            index.storage.folder,
            pks[i],
            pks[min(i + segment_size, len(pks)) - 1],
            batch_size,
        )
        for i in range(0, len(pks), segment_size)
    ]
    if procs > 1 and len(chunks) > 1 and not db.connection.in_atomic_block:
        # Children open their own database connections.
        db.connections.close_all()
        with multiprocessing.get_context("fork").Pool(procs) as pool:
            segments = pool.map(_build_chunk, chunks, chunksize=1)
    else:
        segments = [_build_chunk(chunk) for chunk in chunks]
    whoosh_private.append_segments(index, [s for s in segments if s.doc_count_all()])
    return sum(s.doc_count_all() for s in segments)
