"""The related reports on a report page: a hook the search app fills.

The ranking (most shared documents first, then a shared plenum, newest first
among equals) is defined once, in the search engine (search/engine/execution.py
``related``), because the index answers it from posting lists at any archive
size, where SQL needs a GROUP BY over every link row of those documents, which
cost report pages much of their speed at 50,000 reports (README, Performance).
archive must not import search (search builds on archive), so search registers
the ranking here in its ``AppConfig.ready()``; without a registered ranking
(search not installed) a report page lists no related reports.
"""

_ranking = None


def register(ranking):
    """``ranking(report, document_links, plenum_links, limit)`` → report pks."""
    global _ranking
    _ranking = ranking


def related_pks(report, document_links, plenum_links, limit):
    if _ranking is None or not (document_links or plenum_links):
        return []
    return _ranking(report, document_links, plenum_links, limit)
