"""The index follows the database through one writer, under concurrent
writes from several processes (issue: the index follows the database)."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def run_manage(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
        **kwargs,
    )


def index_and_db_state(env):
    script = (
        "import django; django.setup();"
        "from haystack import connections;"
        "from archive.models import Report;"
        "from search.models import IndexTask;"
        "view = connections['default'].get_backend().vn_view();"
        "indexed = sorted(int(p) for p, alive in zip(view.pk, view.live) if alive);"
        "published = sorted(Report.objects.published().values_list('pk', flat=True));"
        "print(IndexTask.objects.count(), indexed == published, len(indexed), len(published))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout.split()
    return int(out[0]), out[1] == "True", int(out[2]), int(out[3])


def test_concurrent_saves_and_deletes_leave_the_index_equal_to_the_database(tmp_path):
    env = {
        **os.environ,
        "ARCHIVE_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    run_manage(env, "migrate", "--noinput")
    run_manage(env, "build_index")
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "index_worker", "--poll", "0.05"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        writers = [
            subprocess.Popen(
                [sys.executable, str(ROOT / "tests" / "concurrent_writer.py"), str(seed), "60"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for seed in range(4)
        ]
        for proc in writers:
            out, err = proc.communicate(timeout=300)
            assert proc.returncode == 0, err
            assert "LockError" not in err and "locked" not in err, err
        deadline = time.monotonic() + 60
        while True:
            pending, equal, indexed, published = index_and_db_state(env)
            if (pending == 0 and equal) or time.monotonic() > deadline:
                break
            time.sleep(0.3)
        assert pending == 0
        assert equal, f"index has {indexed} reports, database has {published} published"
        assert published > 0
    finally:
        worker.terminate()
        _, err = worker.communicate(timeout=30)
    assert "Traceback" not in err, err
