"""Environment for tests that start real processes (manage.py, gunicorn)."""

import os


def isolated_env(data_dir, **extra):
    """The current environment pointed at ``data_dir``: its own SQLite file,
    index and media, whatever DATABASE_URL or SEARCH_URL the developer has set."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SEARCH_URL")}
    env.update(ARCHIVE_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="config.settings")
    env.update({k: str(v) for k, v in extra.items()})
    return env
