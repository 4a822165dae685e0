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

import pickle
import zlib

import numpy as np
import whoosh
from whoosh.codec.whoosh3 import (
    WHOOSH3_HEADER_MAGIC,
    W3FieldWriter,
    W3LeafMatcher,
    W3PostingsWriter,
)
from whoosh.index import TOC, FileIndex
from whoosh.reading import SegmentReader, TermNotFound
from whoosh.system import _INT_SIZE
from whoosh.util.numeric import length_to_byte

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
    (W3PostingsWriter, "_new_block"),
    (W3PostingsWriter, "_blockcount"),
    (W3PostingsWriter, "_postfile"),
    (W3PostingsWriter, "_compression"),
    (W3PostingsWriter, "_format"),
    (W3PostingsWriter, "_terminfo"),
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


def write_postings(field_writer, ids, freqs, lengths):
    """What ``W3PostingsWriter.add_posting`` and ``_write_block`` do one
    posting at a time, a block at a time from NumPy arrays, writing the same
    bytes (block info and data pickled with protocol 2, zlib-compressed):
    ``ids`` are the term's docnums (ascending), ``freqs`` its frequencies
    (the weights too), ``lengths`` the field length per docnum (or None for
    an unscored field). Call between ``start_term`` and ``finish_term``;
    every block is written here, so ``finish_term`` only records the extent."""
    postwriter = field_writer._postwriter
    fixed = postwriter._format.fixed_value_size()
    if fixed not in (0, _INT_SIZE):
        raise ValueError(f"no block writer for values of size {fixed}")
    limit = postwriter._blocklimit
    postfile = postwriter._postfile
    comp = postwriter._compression
    ids = np.asarray(ids, np.int64)
    freqs = np.asarray(freqs)
    total = len(ids)
    # Per-block statistics for the whole term at once.
    starts = np.arange(0, total, limit)
    low_freq = np.minimum.reduceat(freqs, starts).tolist()
    high_freq = np.maximum.reduceat(freqs, starts).tolist()
    if lengths is not None:
        term_lengths = lengths[ids].astype(np.int64)
        high_length = np.maximum.reduceat(term_lengths, starts).tolist()
        unset = np.iinfo(np.int64).max
        low_length = np.minimum.reduceat(
            np.where(term_lengths > 0, term_lengths, unset), starts
        ).tolist()
    id_list = ids.tolist()
    deltas = np.diff(ids, prepend=0).tolist()
    weights = freqs.astype(np.float32).tolist()
    values = freqs.astype(">u4").tobytes() if fixed else None
    for block, start in enumerate(starts.tolist()):
        end = start + limit
        postwriter._ids = block_ids = id_list[start:end]
        postwriter._weights = block_weights = weights[start:end]
        postwriter._maxweight = float(high_freq[block])
        if lengths is not None and low_length[block] != unset:
            postwriter._minlength = low_length[block]
            postwriter._maxlength = high_length[block]
        else:
            postwriter._minlength, postwriter._maxlength = None, 0
        # _write_block, with _mini_ids, _mini_weights and _mini_values done above.
        if not postwriter._blockcount:
            postfile.write(WHOOSH3_HEADER_MAGIC)
        postwriter._terminfo.add_block(postwriter)
        mini_ids = deltas[start:end]
        mini_ids[0] = block_ids[0]  # each block's deltas start from 0
        if low_freq[block] != high_freq[block]:
            mini_weights = tuple(block_weights)
        elif high_freq[block] == 1:
            mini_weights = None
        else:
            mini_weights = block_weights[0]
        mini_values = values[start * fixed : end * fixed] if fixed else None
        databytes = pickle.dumps((tuple(mini_ids), mini_weights, mini_values), 2)
        if comp:
            databytes = zlib.compress(databytes, comp)
        infobytes = pickle.dumps(
            (
                len(block_ids),
                block_ids[-1],
                postwriter._maxweight,
                comp,
                length_to_byte(postwriter._minlength),
                length_to_byte(postwriter._maxlength),
            ),
            2,
        )
        blocklength = len(infobytes) + len(databytes)
        if end >= total:
            blocklength = -blocklength  # the last block
        postfile.write_int(blocklength)
        postfile.write(infobytes)
        postfile.write(databytes)
        postwriter._blockcount += 1
        postwriter._new_block()
