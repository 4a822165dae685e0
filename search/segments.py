"""Full index builds written straight through Whoosh's codec.

Whoosh's writer sends every posting through a pool that pickles it to disk,
sorts runs, merges them, and looks each document's field length up again
while writing: about 11 µs per posting, and a report has ~1,300 postings
(three views of its text), which caps a full build near 100 reports/s.

A full build knows all its documents up front, so here each worker process
collects the postings of a few thousand reports in compact arrays, writes
them as one finished segment with the codec's own field and per-document
writers (the same files ``SegmentWriter`` writes), and the parent lists the
segments in a new table of contents. Incremental updates still go through
Whoosh's normal writer (search/backend.py).
"""

import multiprocessing
from array import array

from django import db
from whoosh import formats
from whoosh.codec import default_codec
from whoosh.index import TOC
from whoosh.system import pack_uint

INDEX_NAME = "MAIN"
_PACKED = [pack_uint(i) for i in range(256)]


def _packed(freq):
    return _PACKED[freq] if freq < 256 else pack_uint(freq)


def write_segment(storage, schema, documents):
    """Write ``documents`` (dicts of field values, as
    ``backend.to_whoosh_document`` makes them) as one new segment of the
    index in ``storage``. Returns the segment, not yet in any TOC."""
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
        _fill_blocks(writer._postwriter, ids, freqs, field_lengths, frequencies)
        writer.finish_term()
    if current is not None:
        writer.finish_field()
    writer.close()
    segment.set_doc_count(docnum)
    return segment


def _fill_blocks(postwriter, ids, freqs, lengths, frequencies):
    """What ``W3PostingsWriter.add_posting`` does one posting at a time
    (~2.5 µs each), done a block at a time: fill the block buffer with
    arrays, write every full block, leave the last one for
    ``finish_term``. Tied to Whoosh 2.7's W3 codec (pinned in requirements)."""
    limit = postwriter._blocklimit
    total = len(ids)
    for start in range(0, total, limit):
        block_ids = ids[start : start + limit]
        block_freqs = freqs[start : start + limit]
        postwriter._ids = block_ids
        postwriter._weights = array("f", block_freqs)
        postwriter._values = [_packed(f) for f in block_freqs] if frequencies else []
        postwriter._maxweight = float(max(block_freqs))
        block_lengths = [lengths[d] for d in block_ids if lengths[d]] if lengths else []
        postwriter._minlength = min(block_lengths) if block_lengths else None
        postwriter._maxlength = max(block_lengths) if block_lengths else 0
        if start + limit < total:
            postwriter._write_block()


def write_toc(index, segments):
    """Make ``segments`` the content of ``index`` (a new generation)."""
    info = index._read_toc()
    TOC(info.schema, list(info.segments) + list(segments), info.generation + 1).write(
        index.storage, index.indexname
    )


# --- building from the database in several processes -------------------------


def _chunk_documents(first_pk, last_pk, batch_size):
    from search import backend as engine
    from search import indexing

    index = indexing.report_index()
    queryset = index.index_queryset().filter(pk__gte=first_pk, pk__lte=last_pk)
    for batch in indexing.batches(queryset, batch_size):
        for obj in batch:
            yield engine.to_whoosh_document(index.full_prepare(obj))


def _build_chunk(args):
    path, first_pk, last_pk, batch_size = args
    from whoosh.filedb.filestore import FileStorage

    from search import backend as engine

    storage = FileStorage(path)
    schema = engine.build_whoosh_schema()
    return write_segment(storage, schema, _chunk_documents(first_pk, last_pk, batch_size))


def build(index, pks, procs=2, segment_size=8000, batch_size=500):
    """Index the reports with these primary keys (sorted) into ``index``,
    ``segment_size`` reports a segment, ``procs`` processes at once."""
    pks = list(pks)
    if not pks:
        return 0
    # Enough chunks to keep every process busy, none bigger than segment_size.
    segment_size = max(1, min(segment_size, -(-len(pks) // procs)))
    chunks = [
        (index.storage.folder, pks[i], pks[min(i + segment_size, len(pks)) - 1], batch_size)
        for i in range(0, len(pks), segment_size)
    ]
    if procs > 1 and len(chunks) > 1 and not db.connection.in_atomic_block:
        # Children open their own database connections.
        db.connections.close_all()
        with multiprocessing.get_context("fork").Pool(procs) as pool:
            segments = pool.map(_build_chunk, chunks, chunksize=1)
    else:
        segments = [_build_chunk(chunk) for chunk in chunks]
    write_toc(index, [s for s in segments if s.doc_count_all()])
    return sum(s.doc_count_all() for s in segments)
