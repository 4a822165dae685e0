"""The topics an alert can follow: the archive's pages (archive/topics.py)
and, once the search side provides one, any search."""

from archive import topics as archive_topics


def find(kind, key):
    """The topic a subscription names, or None when it no longer exists.
    Each topic has ``title``, ``page_url``, ``feed_url`` and
    ``published_between(since, until)``."""
    if kind in archive_topics.KINDS:
        return archive_topics.find(kind, key)
    return None
