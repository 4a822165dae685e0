"""Every use of Whoosh internals, in one place, for one pinned Whoosh version.

Two things in the engine are fast only because they skip Whoosh's public
per-posting API: reading a posting list a block at a time into arrays
(query execution, search/engine/view.py) and writing whole blocks of postings
at once (full builds, search/engine/segments.py). Both reach into private
attributes of Whoosh 2.7's W3 codec, which a new Whoosh release may rename or
change. They are all here, named in ``PRIVATE_ATTRIBUTES``, so a Whoosh
upgrade is one module to review; importing this module fails loudly on any
other Whoosh version, and tests/test_whoosh_private.py checks each attribute
still exists and that what is read here equals Whoosh's public API.
"""

import whoosh
from whoosh.codec.whoosh3 import W3FieldWriter, W3LeafMatcher, W3PostingsWriter
from whoosh.index import TOC, FileIndex
from whoosh.reading import SegmentReader, TermNotFound

# Keep equal to the pin in requirements.txt (a test compares them).
PINNED_VERSION = (2, 7, 4)

if whoosh.__version__ != PINNED_VERSION:
    raise ImportError(
        f"search/engine/whoosh_private.py is written for Whoosh "
        f"{'.'.join(map(str, PINNED_VERSION))}, found {whoosh.versionstring()}: "
        "review every access listed in PRIVATE_ATTRIBUTES before changing the pin"
    )

# (class, private attribute) for every access below; instance attributes are
# checked on real objects by the test.
PRIVATE_ATTRIBUTES = (
    (SegmentReader, "_terms"),
    (W3LeafMatcher, "_read_ids"),
    (W3LeafMatcher, "_read_weights"),
    (W3LeafMatcher, "_ids"),
    (W3LeafMatcher, "_weights"),
    (W3LeafMatcher, "_next_block"),
    (TOC, "_latest_generation"),
    (FileIndex, "_read_toc"),
    (W3FieldWriter, "_postwriter"),
    (W3PostingsWriter, "_blocklimit"),
    (W3PostingsWriter, "_ids"),
    (W3PostingsWriter, "_weights"),
    (W3PostingsWriter, "_values"),
    (W3PostingsWriter, "_maxweight"),
    (W3PostingsWriter, "_minlength"),
    (W3PostingsWriter, "_maxlength"),
    (W3PostingsWriter, "_write_block"),
)


# --- reading -----------------------------------------------------------------


def posting_blocks(segreader, fieldname, term):
    """Yield ``(docnums, weights)`` of each block of a term's posting list in
    one segment (deleted documents included: the caller masks them), or
    nothing when the segment does not have the term. Whoosh's public matcher
    decodes the same data one posting at a time."""
    fmt = segreader.schema[fieldname].format
    try:
        matcher = segreader._terms.matcher(fieldname, term.encode("utf-8"), fmt)
    except TermNotFound:
        return
    if not isinstance(matcher, W3LeafMatcher):
        # Whoosh returns another matcher only for an in-memory list.
        while matcher.is_active():
            yield [matcher.id()], [matcher.weight()]
            matcher.next()
        return
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        yield matcher._ids, matcher._weights
        matcher._next_block()


def latest_generation(storage, indexname):
    """The newest table-of-contents generation in ``storage``, read from the
    file names only (opening the index to ask costs a TOC unpickle)."""
    return TOC._latest_generation(storage, indexname)


# --- writing -----------------------------------------------------------------


def toc_segments(index):
    """(generation, segments) of ``index``'s newest table of contents."""
    info = index._read_toc()
    return info.generation, info.segments


def append_segments(index, segments):
    """Make ``segments`` part of ``index`` in a new TOC generation."""
    info = index._read_toc()
    TOC(info.schema, list(info.segments) + list(segments), info.generation + 1).write(
        index.storage, index.indexname
    )


def write_postings(field_writer, ids, weights, values, lengths):
    """What ``W3PostingsWriter.add_posting`` does one posting at a time, a
    block at a time: fill the block buffer with arrays, write every full
    block, leave the last one for ``finish_term``. ``ids`` and ``weights`` are
    arrays in docnum order, ``values`` a list of encoded values per posting (or
    None), ``lengths`` the field length per docnum (or None)."""
    postwriter = field_writer._postwriter
    limit = postwriter._blocklimit
    total = len(ids)
    for start in range(0, total, limit):
        block_ids = ids[start : start + limit]
        block_weights = weights[start : start + limit]
        postwriter._ids = block_ids
        postwriter._weights = block_weights
        postwriter._values = values[start : start + limit] if values is not None else []
        postwriter._maxweight = float(max(block_weights))
        block_lengths = [lengths[d] for d in block_ids if lengths[d]] if lengths else []
        postwriter._minlength = min(block_lengths) if block_lengths else None
        postwriter._maxlength = max(block_lengths) if block_lengths else 0
        if start + limit < total:
            postwriter._write_block()
