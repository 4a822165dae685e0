"""Every cache the archive app keeps in a process, in one place.

- ``place_names()``: the places' ``name_index()`` for the importer, which looks
  places up for every imported report. Dropped when a Place is saved or deleted
  in this process (``forget_places``, connected in ``ArchiveConfig.ready()``),
  when the table's row count or highest id changes (another process's insert, a
  rolled-back one), and after ``PLACE_NAMES_SECONDS`` (another process's edit).
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


def reset():
    """Empty every cache above (tests start from a clean process state)."""
    forget_places()
    cache.clear()
