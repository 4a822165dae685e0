"""Settings for the test suite: ``config.settings`` exactly, with all state in
a fresh temporary data directory per test process.

Tests must never touch a developer's data (``make test`` exports
``ARCHIVE_DATA_DIR=var/``), and parallel workers must not share an index, so
the directory is chosen here, before the one settings module reads it;
everything else stays in ``config.settings``. pyproject.toml passes
``--ds=config.settings_test``: a command-line option wins over a
``DJANGO_SETTINGS_MODULE`` left in the shell.

Processes a test starts (manage.py, gunicorn, the benchmark) run the product's
settings with the data directory the test gives them, as they would for a user:
neither the temporary directory nor this module's name is left in the
environment they inherit.
"""

import atexit
import os
import shutil
import tempfile

_data_dir = tempfile.mkdtemp(prefix="archive-test-")
atexit.register(shutil.rmtree, _data_dir, ignore_errors=True)
_outer = os.environ.get("ARCHIVE_DATA_DIR")
os.environ["ARCHIVE_DATA_DIR"] = _data_dir
try:
    from config.settings import *  # noqa: E402, F403
finally:
    # Only these settings see the temporary directory, not the processes tests start.
    if _outer is None:
        del os.environ["ARCHIVE_DATA_DIR"]
    else:
        os.environ["ARCHIVE_DATA_DIR"] = _outer
    # pytest-django exported this module's name; this process has read it already.
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
