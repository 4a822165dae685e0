"""Statistics for SQLite's query planner (``ANALYZE``).

Without them SQLite guesses, and at 200,000 reports it guessed wrong on the
archive's most frequent question, "does a published report cite this
document?": it walked the published reports' index (every one of them) instead
of the document's few citations, 20–50 ms per document where the right plan
takes 0.06 ms, in every search card and document filter. ``ANALYZE`` with an
``analysis_limit`` samples each index, a few milliseconds whatever the size.

The statistics are refreshed where the data grows: after a folder import
(``import_reports``), before a full index build, and by the index worker every
``EVERY_SECONDS`` while reports keep changing. PostgreSQL keeps its own
(autovacuum), so this does nothing there.
"""

import logging

from django.db import connections

log = logging.getLogger(__name__)

# Rows sampled per index: enough for the planner's choices, cheap at any size.
ANALYSIS_LIMIT = 1000
EVERY_SECONDS = 600


def refresh(using="default"):
    """Refresh the planner's statistics; True when it ran (SQLite only)."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
        cursor.execute("ANALYZE")
    return True
