"""The topics an alert can follow: the archive's pages (archive/topics.py)
and any search (search/feeds.py)."""

from archive import topics as archive_topics
from search import feeds as search_feeds


def find(kind, key):
    """The topic a subscription names, or None when it no longer exists.
    Each topic has ``kind``, ``key``, ``title``, ``page_url``, ``feed_url``
    and ``new_reports(since, until, limit)`` → (reports, how many in all)."""
    if kind == "search":
        return search_feeds.find(key)
    if kind in archive_topics.KINDS:
        return archive_topics.find(kind, key)
    return None
