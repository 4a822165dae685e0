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

import multiprocessing
from array import array

from django import db
from whoosh import formats
from whoosh.codec import default_codec
from whoosh.filedb.filestore import FileStorage
from whoosh.system import pack_uint

from search.engine import postings as posting_arrays
from search.engine import whoosh_private
from search.engine.schema import build_schema, to_document
from search.engine.storage import INDEX_NAME

_PACKED = [pack_uint(i) for i in range(256)]


def _packed(freq):
    return _PACKED[freq] if freq < 256 else pack_uint(freq)


def write_segment(storage, schema, documents):
    """Write ``documents`` (dicts of field values, as ``schema.to_document``
    makes them) as one new segment of the index in ``storage``. Returns the
    segment, not yet in any TOC."""
    codec = default_codec()
    segment = codec.new_segment(storage, INDEX_NAME)
    perdoc = codec.per_document_writer(storage, segment)
    names = sorted(schema.names())
    fields = [(name, schema[name]) for name in names]
    postings = {}
    lengths = {name: array("I") for name, field in fields if field.scorable}
    docnum = 0
    for doc in documents:
        perdoc.start_doc(docnum)
        for name, field in fields:
            value = doc.get(name)
            length = 0
            if value is not None and field.indexed:
                for tbytes, freq, _weight, _vbytes in field.index(value):
                    key = (name, tbytes)
                    entry = postings.get(key)
                    if entry is None:
                        entry = postings[key] = (array("I"), array("I"))
                    entry[0].append(docnum)
                    entry[1].append(freq)
                    length += freq
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
    current = None
    for name, tbytes in sorted(postings):
        if name != current:
            if current is not None:
                writer.finish_field()
            field = schema[name]
            writer.start_field(name, field)
            current = name
            field_lengths = lengths.get(name)
            frequencies = isinstance(field.format, formats.Frequency)
        writer.start_term(tbytes)
        ids, freqs = postings[(name, tbytes)]
        values = [_packed(f) for f in freqs] if frequencies else None
        whoosh_private.write_postings(writer, ids, array("f", freqs), values, field_lengths)
        writer.finish_term()
    if current is not None:
        writer.finish_field()
    writer.close()
    segment.set_doc_count(docnum)
    # The same postings as arrays for queries (postings.py), from what is at hand.
    posting_arrays.write(
        storage.folder,
        segment.segment_id(),
        (
            (name, tbytes.decode("utf-8"), ids, freqs)
            for (name, tbytes), (ids, freqs) in postings.items()
            if name in posting_arrays.FIELDS
        ),
    )
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
