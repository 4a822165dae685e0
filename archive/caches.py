"""Every cache the archive app keeps in a process, in one place.

- ``place_names()``: the places' ``name_index()`` for the importer, which looks
  places up for every imported report. Dropped when a Place is saved or deleted
  in this process (``forget_places``, connected in ``ArchiveConfig.ready()``),
  when the table's row count or highest id changes (another process's insert, a
  rolled-back one), and after ``PLACE_NAMES_SECONDS`` (another process's edit).
- ``conference_groups()``: which published reports search folds under their
  conference (``conferences.grouped_reports()``), read on every search. Dropped
  when the conference table's row count or latest ``updated_at`` changes
  (proposing, accepting, rejecting, editing in any process), when a report is
  saved or deleted in this process (publishing, unpublishing), and after
  ``CONFERENCE_GROUPS_SECONDS`` (a report unpublished in another process).
- Django's default cache (per process unless ``CACHES`` names a shared one):
  home-page aggregates (``views``, a minute) and rendered report pages
  (``page_cache``, which documents how they stay fresh).
- ``archive.reference``: the reference fixture, read once (``lru_cache``); it
  changes only with the code, so nothing resets it.

``reset()`` empties them all; the tests call it before each test (conftest.py).
"""

import time

from django.core.cache import cache
from django.db import connection

PLACE_NAMES_SECONDS = 60
CONFERENCE_GROUPS_SECONDS = 30

_place_names = {"version": None, "at": 0.0, "index": {}}


def place_names():
    """{name key: place id} for every place (``Place.objects.name_index()``)."""
    from archive.models import Place

    with connection.cursor() as cursor:
        # Plain SQL: this runs once per imported report.
        cursor.execute(f"SELECT COUNT(*), MAX(id) FROM {Place._meta.db_table}")
        version = tuple(cursor.fetchone())
    now = time.monotonic()
    stale = now - _place_names["at"] > PLACE_NAMES_SECONDS
    if _place_names["version"] != version or stale:
        _place_names.update(version=version, at=now, index=Place.objects.name_index())
    return _place_names["index"]


def forget_places(**kwargs):
    """Signal receiver: staff edited a place; the importer must see it at once."""
    _place_names["version"] = None


class ConferenceGroups:
    """Reports of public conferences, as the search engine reads them:
    ``pks`` sorted and ``conference_ids`` beside them (NumPy arrays), the
    same as ``by_report``; ``sizes`` counts each conference's published
    reports. ``version`` changes whenever the contents may have."""

    def __init__(self, version, by_report):
        import numpy as np

        self.version = version
        self.by_report = by_report
        pks = np.fromiter(by_report, np.int64, len(by_report))
        pks.sort()
        self.pks = pks
        self.conference_ids = np.array([by_report[int(p)] for p in pks], np.int64)
        self.sizes = {}
        for conference_id in by_report.values():
            self.sizes[conference_id] = self.sizes.get(conference_id, 0) + 1

    def __bool__(self):
        return bool(self.by_report)


_conference_groups = {"stamp": None, "at": 0.0, "groups": None, "count": 0}


def conference_groups():
    """The current ``ConferenceGroups`` (one small query when it is fresh)."""
    from archive.conferences import Conference, grouped_reports

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*), MAX(updated_at) FROM {Conference._meta.db_table}")
        stamp = tuple(cursor.fetchone())
    now = time.monotonic()
    kept = _conference_groups
    if kept["stamp"] != stamp or now - kept["at"] > CONFERENCE_GROUPS_SECONDS:
        kept["count"] += 1
        kept.update(
            stamp=stamp,
            at=now,
            groups=ConferenceGroups((id(kept), kept["count"]), grouped_reports()),
        )
    return kept["groups"]


def forget_conference_groups(**kwargs):
    """Signal receiver: a report was saved or deleted (it may have been
    published or unpublished)."""
    _conference_groups["stamp"] = None


def reset():
    """Empty every cache above (tests start from a clean process state)."""
    forget_places()
    forget_conference_groups()
    cache.clear()
