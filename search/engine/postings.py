"""Posting lists as arrays on disk beside each segment, read without decoding.

Whoosh stores a posting list as pickled, delta-coded blocks: reading one
means unpickling and decoding it in Python, which made a query the process
had not seen before cost several times a repeated one (issue 11). So every
segment also gets its posting lists written once, at index time, as flat
NumPy arrays that a serving process memory-maps: a cold query then costs a
binary search and two slices per term, like a warm one, and the operating
system's page cache is shared by every worker.

Files, for the segment ``MAIN_<id>`` (named so that Whoosh's own clean-up
removes them with the segment's files when a merge retires it):

- ``MAIN_<id>.vnkey.npy``: uint64 hash of each ``field\\0term``, sorted;
- ``MAIN_<id>.vnterm.npy`` / ``.vntoff.npy``: the keys themselves, to
  confirm a hash match; ``.vnstart.npy``: where each term's postings start;
- ``MAIN_<id>.vnids.npy`` / ``.vntf.npy``: docnums (int32) and term
  frequencies (float32) of every term, one after the other.

Deleted documents stay in the arrays (a segment's files never change); the
view masks them, as it does for Whoosh's postings. ``vnkey`` is written last,
so a segment either has complete arrays or is read through Whoosh.
"""

import hashlib
import os

import numpy as np

from search.engine import whoosh_private

# The fields queries read postings of (schema.py).
FIELDS = ("text", "textf", "pairs", "titlef", "codes", "plenum_keys")
SUFFIXES = ("vnterm", "vntoff", "vnstart", "vnids", "vntf", "vnkey")


def _key(fieldname, term):
    return f"{fieldname}\0{term}".encode()


def _hash(key):
    return int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "little")


def _path(folder, segment_id, suffix):
    return os.path.join(folder, f"{segment_id}.{suffix}.npy")


def write(folder, segment_id, postings):
    """Write ``postings``, an iterable of ``(fieldname, term, docnums, tfs)``
    (array-likes in docnum order), as the arrays of segment ``segment_id``."""
    entries = []
    for fieldname, term, ids, tfs in postings:
        key = _key(fieldname, term)
        entries.append((_hash(key), key, ids, tfs))
    entries.sort(key=lambda e: e[0])
    hashes = np.array([e[0] for e in entries], np.uint64)
    keys = [e[1] for e in entries]
    key_offsets = np.zeros(len(keys) + 1, np.int64)
    np.cumsum([len(k) for k in keys], out=key_offsets[1:])
    starts = np.zeros(len(entries) + 1, np.int64)
    np.cumsum([len(e[2]) for e in entries], out=starts[1:])
    arrays = {
        "vnterm": np.frombuffer(b"".join(keys), np.uint8),
        "vntoff": key_offsets,
        "vnstart": starts,
        "vnids": _concat([e[2] for e in entries], np.int32),
        "vntf": _concat([e[3] for e in entries], np.float32),
        "vnkey": hashes,
    }
    for suffix in SUFFIXES:  # vnkey last: its presence means the rest is complete
        final = _path(folder, segment_id, suffix)
        tmp = final + ".tmp"
        with open(tmp, "wb") as fh:
            np.save(fh, arrays[suffix])
        os.replace(tmp, final)


def _concat(parts, dtype):
    if not parts:
        return np.zeros(0, dtype)
    return np.concatenate([np.asarray(p, dtype) for p in parts])


def has_arrays(folder, segment_id):
    return os.path.exists(_path(folder, segment_id, "vnkey"))


def write_from_whoosh(folder, segreader):
    """The arrays of a segment Whoosh's own writer made (an incremental
    update or a merge), decoded once here in the index writer."""

    def postings():
        for fieldname in FIELDS:
            for tbytes in segreader.lexicon(fieldname):
                term = tbytes.decode("utf-8") if isinstance(tbytes, bytes) else tbytes
                ids, tfs = [], []
                for block_ids, block_tfs in whoosh_private.posting_blocks(
                    segreader, fieldname, term
                ):
                    ids.extend(block_ids)
                    tfs.extend(block_tfs)
                yield fieldname, term, ids, tfs

    write(folder, segreader.segment().segment_id(), postings())


class SegmentPostings:
    """The memory-mapped arrays of one segment."""

    def __init__(self, folder, segment_id):
        load = {s: np.load(_path(folder, segment_id, s), mmap_mode="r") for s in SUFFIXES}
        self.hashes = load["vnkey"]
        self.keys = load["vnterm"]
        self.key_offsets = load["vntoff"]
        self.starts = load["vnstart"]
        self.ids = load["vnids"]
        self.tfs = load["vntf"]

    def get(self, fieldname, term):
        """(docnums, term frequencies) of ``term``, deleted documents included."""
        key = _key(fieldname, term)
        h = np.uint64(_hash(key))
        i = int(np.searchsorted(self.hashes, h))
        while i < len(self.hashes) and self.hashes[i] == h:
            if self.keys[self.key_offsets[i] : self.key_offsets[i + 1]].tobytes() == key:
                start, end = self.starts[i], self.starts[i + 1]
                return self.ids[start:end], self.tfs[start:end]
            i += 1
        return _EMPTY


_EMPTY = (np.zeros(0, np.int32), np.zeros(0, np.float32))


def open_segment(folder, segment_id):
    """The segment's arrays, or None when it has none (read it through Whoosh)."""
    if not has_arrays(folder, segment_id):
        return None
    try:
        return SegmentPostings(folder, segment_id)
    except FileNotFoundError:
        # A merge committed since this view's TOC retired the segment and
        # removed its files; Whoosh's own files of it are already open.
        return None
