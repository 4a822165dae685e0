"""Tests never touch a developer's data: config/settings_test.py (pyproject's
``--ds``) puts everything in a temporary ARCHIVE_DATA_DIR per test process."""

import os

os.environ.setdefault("DEBUG", "0")


import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # With DEBUG off, settings pick the manifest storage, which needs collectstatic;
    # tests render templates ({% static %}) without collecting.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _empty_caches():
    # Each test starts afresh: every archive cache is listed in archive/caches.py.
    from archive import caches

    caches.reset()


@pytest.fixture(autouse=True)
def _default_language():
    # A request to /en/... leaves English active in the thread (LocaleMiddleware
    # activates, nothing deactivates), so a later test's reverse() in the same
    # worker would build /en/ addresses. Each test starts in the default language.
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_search_index():
    # Each test starts without an index: an index left by another test would
    # hold reports whose primary keys a later test's database reuses.
    yield
    import shutil

    from django.conf import settings

    from search import engine

    engine.reset()
    shutil.rmtree(settings.DATA_DIR / "whoosh", ignore_errors=True)


def pytest_sessionstart(session):
    # Pages are checked for English strings: the project's translations must be
    # compiled, as make run and make test do, also when pytest runs alone.
    from archive.management.commands.compile_translations import compile_all

    compile_all()


def pytest_sessionfinish(session, exitstatus):
    # Each test process has its own temporary data directory (config/settings_test.py).
    import shutil

    from django.conf import settings

    if settings.DATA_DIR.name.startswith("archive-test-"):
        shutil.rmtree(settings.DATA_DIR, ignore_errors=True)
