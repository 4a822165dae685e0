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
import time

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from haystack import connections

from archive import dbstats
from archive.models import Report
from search import engine
from search.models import IndexTask

log = logging.getLogger(__name__)


def report_index():
    return connections["default"].get_unified_index().get_index(Report)


def process_queue(batch_size=500):
    """Apply up to ``batch_size`` queued tasks; return how many were applied."""
    tasks = list(IndexTask.objects.order_by("id").values_list("id", "report_id")[:batch_size])
    if not tasks:
        return 0
    report_ids = {report_id for _, report_id in tasks}
    index = report_index()
    published = list(index.index_queryset().filter(pk__in=report_ids))
    present = {report.pk for report in published}
    deletes = [f"archive.report.{rid}" for rid in sorted(report_ids - present)]
    engine.get().apply(index, published, deletes)
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


def run_worker(poll_interval=0.2, stop=lambda: False):
    """The index worker loop: one process, the only writer."""
    log.warning("index worker started")
    try:
        removed = engine.get().clear_leftovers()
    except Exception:
        log.exception("index worker: could not clear a previous crash's files")
    else:
        if removed:
            log.warning("index worker: removed %s left by a crash", ", ".join(removed))
    changed_since_stats, stats_at = False, time.monotonic()
    while not stop():
        try:
            done = process_queue()
        except Exception:
            log.exception("index worker: batch failed; retrying")
            time.sleep(1.0)
            continue
        changed_since_stats = changed_since_stats or bool(done)
        if changed_since_stats and time.monotonic() - stats_at > dbstats.EVERY_SECONDS:
            _refresh_stats()
            changed_since_stats, stats_at = False, time.monotonic()
        if not done:
            time.sleep(poll_interval)


def _refresh_stats():
    try:
        dbstats.refresh()
    except Exception:  # a locked database: next time
        log.exception("index worker: could not refresh the planner's statistics")


def rebuild(batch_size=500, procs=None, progress=None):
    """Build a complete new index generation from the database and swap it in
    atomically. Returns the number of reports indexed."""
    dbstats.refresh()  # the build's own queries and every search after it
    index = report_index()
    queryset = index.index_queryset()
    with engine.get().rebuilding() as generation:
        # Tasks already queued are covered by this build, which reads the
        # database after them; tasks queued from now on stay for the worker.
        # (Writers are serialised on SQLite, so no task with a smaller id can
        # commit later.)
        covered = IndexTask.objects.aggregate(last=Max("id"))["last"] or 0
        if procs is None:
            # Processes pay off only for big builds.
            procs = min(2, os.cpu_count() or 1) if queryset.count() >= 2000 else 1
        count = generation.build(
            index, queryset, documents_between, procs=procs, batch_size=batch_size
        )
        if progress:
            progress(count)
        generation.swap_in()
        IndexTask.objects.filter(id__lte=covered).delete()
    return count


def documents_between(first_pk, last_pk, batch_size):
    """haystack's prepared documents of the published reports with pks in
    ``first_pk``…``last_pk`` (full builds run it in worker processes)."""
    index = report_index()
    queryset = index.index_queryset().filter(pk__gte=first_pk, pk__lte=last_pk)
    for batch in batches(queryset, batch_size):
        for obj in batch:
            yield index.full_prepare(obj)


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
    count = engine.get().doc_count()
    return count == 0 and Report.objects.published().exists()
