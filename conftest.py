"""Tests never touch a developer's data: everything goes to a temporary
ARCHIVE_DATA_DIR, set before Django reads its settings."""

import os
import tempfile

os.environ["ARCHIVE_DATA_DIR"] = tempfile.mkdtemp(prefix="archive-test-")
os.environ.setdefault("DEBUG", "0")
