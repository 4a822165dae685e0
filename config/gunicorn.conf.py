"""gunicorn settings for `make run` (and the benchmark, which starts it the same way)."""

import os

workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
worker_class = "sync"
timeout = 60
graceful_timeout = 10
# Load Django once in the master; workers fork from it.
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
# Requests bigger than this never reach Django (uploads have their own limits).
limit_request_line = 16384


def post_worker_init(worker):
    # Open the search index view before the first request, so no visitor pays for it.
    try:
        from haystack import connections

        backend = connections["default"].get_backend()
        if hasattr(backend, "vn_view"):
            backend.vn_view()
    except Exception:  # a missing index is built by `make run`; never block a worker
        worker.log.exception("could not preload the search index")
