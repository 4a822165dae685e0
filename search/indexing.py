"""Keeping the index in step with the database, through one writer.

Every change to a report enqueues an ``IndexTask`` in the same transaction
(search/signals.py). ``process_queue`` drains the queue: it reads the current
state of each queued report, indexes the published ones and deletes the rest,
then deletes exactly the tasks it read. A task added while it works stays
for the next round, so no update or delete is lost, and replaying a task is
harmless. ``index_worker`` runs it in a loop in one process; ``rebuild``
writes a whole new generation and swaps it in under the same write lock.
"""

import logging
import os
import re
import shutil
import time

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from haystack import connections
from haystack.utils import get_identifier
from whoosh.filedb.filestore import FileStorage
from whoosh.index import clean_files

from archive.models import Report
from search import backend as engine
from search import matching, segments
from search.models import IndexTask

log = logging.getLogger(__name__)
# Whoosh writes a new table of contents as "_MAIN_<gen>.toc.<time>", then renames it.
_TOC_TEMP = re.compile(r"^_\w+_\d+\.toc\..+$")


def _backend():
    return connections["default"].get_backend()


def report_index():
    return connections["default"].get_unified_index().get_index(Report)


def process_queue(batch_size=500):
    """Apply up to ``batch_size`` queued tasks; return how many were applied."""
    tasks = list(IndexTask.objects.order_by("id").values_list("id", "report_id")[:batch_size])
    if not tasks:
        return 0
    report_ids = {report_id for _, report_id in tasks}
    index = report_index()
    be = _backend()
    published = list(index.index_queryset().filter(pk__in=report_ids))
    present = {report.pk for report in published}
    updates = list(be.prepare_documents(index, published)) if published else []
    deletes = [f"archive.report.{rid}" for rid in sorted(report_ids - present)]
    if hasattr(be, "write"):
        be.write(updates=updates, deletes=deletes)
    else:  # another haystack engine (e.g. Elasticsearch)
        if published:
            be.update(index, published)
        for ident in deletes:
            be.remove(ident)
    with transaction.atomic():
        IndexTask.objects.filter(id__in=[task_id for task_id, _ in tasks]).delete()
    return len(tasks)


def drain(batch_size=500):
    """Process the queue until it is empty; return the number of tasks."""
    total = 0
    while True:
        done = process_queue(batch_size)
        if not done:
            return total
        total += done


def clear_leftovers():
    """Remove what a writer killed mid-commit leaves in the live generation:
    Whoosh's ``MAIN.tmp`` pool directory, a half-written ``_MAIN_N.toc.<time>``
    and segment files no table of contents names. Taken under the write lock,
    so no writer is at work; readers only open what the current toc names."""
    be = _backend()
    if not hasattr(be, "write"):
        return []
    be.setup()
    removed = []
    with engine.write_lock(be.root):
        be._reopen()
        path = be.path
        for name in os.listdir(path):
            full = os.path.join(path, name)
            if name.endswith(".tmp") and os.path.isdir(full):
                shutil.rmtree(full, ignore_errors=True)
                removed.append(name)
            elif _TOC_TEMP.match(name):
                os.remove(full)
                removed.append(name)
        info = be.index._read_toc()
        before = set(os.listdir(path))
        clean_files(be.storage, be.index.indexname, info.generation, info.segments)
        removed += sorted(before - set(os.listdir(path)))
        for name in os.listdir(be.root):
            if name.startswith(".current-"):  # a swap killed between symlink and rename
                os.remove(os.path.join(be.root, name))
                removed.append(name)
    return removed


def run_worker(poll_interval=0.2, stop=lambda: False):
    """The index worker loop: one process, the only writer."""
    log.warning("index worker started")
    try:
        removed = clear_leftovers()
    except Exception:
        log.exception("index worker: could not clear a previous crash's files")
    else:
        if removed:
            log.warning("index worker: removed %s left by a crash", ", ".join(removed))
    while not stop():
        try:
            done = process_queue()
        except Exception:
            log.exception("index worker: batch failed; retrying")
            time.sleep(1.0)
            continue
        if not done:
            time.sleep(poll_interval)


def rebuild(batch_size=500, procs=None, progress=None):
    """Build a complete new index generation from the database and swap it in
    atomically. Returns the number of reports indexed."""
    be = _backend()
    if not hasattr(be, "write"):
        be.clear()
        index = report_index()
        be.update(index, index.index_queryset())
        return index.index_queryset().count()
    be.setup()
    index = report_index()
    with engine.write_lock(be.root, timeout=3600):
        # Tasks already queued are covered by this build, which reads the
        # database after them; tasks queued from now on stay for the worker.
        # (Writers are serialised on SQLite, so no task with a smaller id can
        # commit later.)
        covered = IndexTask.objects.aggregate(last=Max("id"))["last"] or 0
        new_dir = engine.new_generation_dir(be.root)
        ix = FileStorage(new_dir).create_index(engine.build_whoosh_schema())
        pks = list(index.index_queryset().order_by("pk").values_list("pk", flat=True))
        # Processes pay off only for big builds.
        procs = procs or (min(2, os.cpu_count() or 1) if len(pks) >= 2000 else 1)
        try:
            count = segments.build(ix, pks, procs=procs, batch_size=batch_size)
        except BaseException:
            shutil.rmtree(new_dir, ignore_errors=True)
            raise
        if progress:
            progress(count)
        engine.swap_in(be.root, new_dir)
        be.setup_complete = False
        IndexTask.objects.filter(id__lte=covered).delete()
    matching.reset()
    return count


def batches(queryset, size):
    """Lists of at most ``size`` objects in pk order, each batch its own
    query with its own prefetches (a server-side iterator with prefetching
    builds SQL too deep for SQLite on large batches)."""
    last = 0
    while True:
        batch = list(queryset.filter(pk__gt=last).order_by("pk")[:size])
        if not batch:
            return
        yield batch
        last = batch[-1].pk


def queue_status():
    """How far search is behind the database: the number of queued changes and
    the age of the oldest. ``catching_up`` when that age passes
    ``ARCHIVE_INDEX_LAG_SECONDS`` (a running worker applies a change in well
    under a second: an old queue means it is down or working through a backlog)."""
    oldest = IndexTask.objects.order_by("id").values_list("created_at", flat=True).first()
    if oldest is None:
        return {"catching_up": False, "queued": 0, "behind_seconds": 0}
    behind = max(0, int((timezone.now() - oldest).total_seconds()))
    return {
        "catching_up": behind > settings.ARCHIVE_INDEX_LAG_SECONDS,
        "queued": IndexTask.objects.count(),
        "behind_seconds": behind,
    }


def index_is_missing():
    be = _backend()
    if not hasattr(be, "write"):
        return False
    return be.vn_view().doc_count == 0 and Report.objects.published().exists()


__all__ = ["process_queue", "drain", "run_worker", "rebuild", "get_identifier"]
