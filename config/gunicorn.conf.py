"""gunicorn settings for `make run` (and the benchmark, which starts it the same way)."""

import gc
import os


def _cores():
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may use
    except AttributeError:  # not on Linux
        return os.cpu_count() or 2


# One sync worker per core (at least two, so one slow request never stalls the
# site). Pages and searches are CPU-bound Python: on 2 cores with the load
# generator alongside (`manage.py bench`, N = 2,000), 2 workers served ~670
# report pages/s and ~130 searches/s against ~540 and ~118 with 3, and 4 did
# worse again (more context switches, and each worker fills its own page
# cache). gthread (2 x 4 threads) cost ~10% more CPU per page than sync.
workers = int(os.environ.get("WEB_CONCURRENCY") or max(2, _cores()))
# The sync worker, answering an over-long request line in Vietnamese.
worker_class = "config.gunicorn_worker.ArchiveSyncWorker"
timeout = 60
graceful_timeout = 10
# Load Django once in the master; workers fork from it.
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
# A longer request line never reaches Django (uploads have their own limits).
# 8190 is gunicorn's ceiling (a larger value is silently lowered to it); the
# search forms' maxlength keeps every query they can send below it.
limit_request_line = 8190


def post_worker_init(worker):
    # Open the search index view before the first request, so no visitor pays for it.
    try:
        from search import engine

        engine.get().preload()
    except Exception:  # a missing index is built by `make run`; never block a worker
        worker.log.exception("could not preload the search index")


def pre_fork(server, worker):
    # Database connections are kept between requests (CONN_MAX_AGE): none opened
    # while preloading may be inherited, and shared, by the workers.
    from django.db import connections

    connections.close_all()
    # Everything the preloaded app made so far lives as long as the worker: move
    # it out of the collector's sight, so a worker's full collections skip it
    # and do not write to (and copy) the pages it shares with the master.
    # Measured with 2 workers: 1.80 -> 1.66 ms of CPU per kept report page,
    # p95 under load 11.7 -> 9 ms.
    gc.freeze()
