"""Index generations on disk and the one write lock.

``ROOT/current`` is a symlink to a generation directory. A full rebuild
writes a new generation and swaps the link atomically, so the live site never
sees an empty or half-built index. Every write takes an exclusive file lock
(``ROOT/write.lock``): the index worker, a rebuild and haystack's
``update_index`` all go through it, because Whoosh allows one writer.
"""

import fcntl
import math
import os
import re
import shutil
import time
import uuid
from contextlib import contextmanager

from haystack.constants import ID
from whoosh.filedb.filestore import FileStorage
from whoosh.index import EmptyIndexError, clean_files

from search.engine import postings, whoosh_private
from search.engine.schema import build_schema

INDEX_NAME = "MAIN"
# Segments under this many documents are the index worker's (a full build writes
# segments of up to 8,000 reports); only they are ever merged by an update.
SMALL_SEGMENT_DOCS = 5000
# Small segments of one size tier (1–9, 10–99, … documents) merged once there are this many.
MERGE_FACTOR = 10
# Whoosh writes a new table of contents as "_MAIN_<gen>.toc.<time>", then renames it.
_TOC_TEMP = re.compile(r"^_\w+_\d+\.toc\..+$")


def current_dir(root):
    """The live generation directory under ``root`` (an empty one is created
    the first time)."""
    link = os.path.join(root, "current")
    if not os.path.exists(link):
        os.makedirs(root, exist_ok=True)
        with write_lock(root):
            if not os.path.exists(link):
                new = new_generation_dir(root)
                create_index(new)
                swap_in(root, new)
    return os.path.realpath(link)


def create_index(path):
    return FileStorage(path).create_index(build_schema(), indexname=INDEX_NAME)


def open_index(path):
    """The index in ``path``, with our schema (never the pickled one, so an
    index written before a schema class moved still opens)."""
    storage = FileStorage(path)
    try:
        return storage.open_index(INDEX_NAME, schema=build_schema())
    except EmptyIndexError:
        return storage.create_index(build_schema(), indexname=INDEX_NAME)


def generation(root):
    """What identifies the live index's state: its directory and its newest
    TOC generation (each commit writes a new one)."""
    path = current_dir(root)
    return path, whoosh_private.latest_generation(FileStorage(path), INDEX_NAME)


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
    """Exclusive lock for every write to the index under ``root``."""
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


def write(root, updates=(), deletes=()):
    """Apply ``updates`` (documents from ``schema.to_document``) and
    ``deletes`` (haystack ids) to the live generation in one commit, under
    the write lock. Non-compound segments: a compound segment is copied into
    memory on every searcher open (performance-notes.md)."""
    current_dir(root)  # creates the first generation under the lock, so not inside it
    with write_lock(root):
        index = open_index(os.path.realpath(os.path.join(root, "current")))
        writer = index.writer(compound=False, limitmb=128)
        try:
            for ident in deletes:
                writer.delete_by_term(ID, ident)
            for doc in updates:
                writer.update_document(**doc)
        except BaseException:
            writer.cancel()
            raise
        writer.commit(mergetype=merge_small_tiers)
        write_missing_arrays(index.refresh())


def merge_small_tiers(writer, segments):
    """The merge policy of every update's commit (Whoosh's ``mergetype``):
    segments left empty by deletions are dropped, and small segments of one size tier
    (1–9, 10–99, … documents) are merged into the new one once ``MERGE_FACTOR`` of
    them pile up; a segment of ``SMALL_SEGMENT_DOCS`` or more is never rewritten.

    Whoosh's own ``MERGE_SMALL`` merges every segment up to a point found from the
    Fibonacci sequence: with the 25 build segments of 200,000 reports, a one-report
    update rewrote 22 of them (168,001 reports, in Python: the benchmark's update was
    not searchable after 60 s). Here a commit costs what its changes cost, and the
    work of merging small segments is spread over updates. Deleted documents in big
    segments stay until the next full build."""
    from whoosh.reading import SegmentReader

    empty = [s for s in segments if s.doc_count() == 0]
    tiers = {}
    for segment in segments:
        count = segment.doc_count_all()
        if 0 < segment.doc_count() and count < SMALL_SEGMENT_DOCS:
            tiers.setdefault(int(math.log10(count)), []).append(segment)
    merged = next((tier for _, tier in sorted(tiers.items()) if len(tier) >= MERGE_FACTOR), [])
    for segment in merged:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    gone = {id(s) for s in empty + merged}
    return [s for s in segments if id(s) not in gone]


def write_missing_arrays(index):
    """Posting arrays (postings.py) for every segment that has none yet: the
    segment this commit wrote or merged, or one written before arrays
    existed. Decoded once, here in the one writer, never by a serving process."""
    folder = index.storage.folder
    with index.reader() as reader:
        for segreader, _offset in reader.leaf_readers():
            segment = segreader.segment()
            if segment is not None and not postings.has_arrays(folder, segment.segment_id()):
                postings.write_from_whoosh(folder, segreader)


def clear_leftovers(root):
    """Remove what a writer killed mid-commit leaves in the live generation:
    Whoosh's ``MAIN.tmp`` pool directory, a half-written ``_MAIN_N.toc.<time>``
    and segment files no table of contents names. Taken under the write lock,
    so no writer is at work; readers only open what the current toc names."""
    current_dir(root)
    removed = []
    with write_lock(root):
        path = os.path.realpath(os.path.join(root, "current"))
        for name in os.listdir(path):
            full = os.path.join(path, name)
            if name.endswith(".tmp") and os.path.isdir(full):
                shutil.rmtree(full, ignore_errors=True)
                removed.append(name)
            elif _TOC_TEMP.match(name):
                os.remove(full)
                removed.append(name)
        index = open_index(path)
        generation, segments = whoosh_private.toc_segments(index)
        before = set(os.listdir(path))
        clean_files(index.storage, INDEX_NAME, generation, segments)
        removed += sorted(before - set(os.listdir(path)))
        for name in os.listdir(root):
            if name.startswith(".current-"):  # a swap killed between symlink and rename
                os.remove(os.path.join(root, name))
                removed.append(name)
    return removed
