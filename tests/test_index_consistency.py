"""The index follows the database through one writer, under concurrent
writes from several processes (issue: the index follows the database)."""

import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.processes import index_and_db_state, isolated_env

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


def test_concurrent_saves_and_deletes_leave_the_index_equal_to_the_database(tmp_path):
    env = isolated_env(tmp_path)
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


def test_the_live_index_stays_complete_while_a_rebuild_runs(tmp_path):
    env = isolated_env(tmp_path)
    run_manage(env, "migrate", "--noinput")
    fill = (
        "import django; django.setup();"
        "from archive.models import Report;"
        "Report.objects.bulk_create([Report(title=f'Hội nghị {i}', slug=f'h{i}', status='published',"
        " body='Chuyển đổi số ' + 'cán bộ đảng viên ' * 200, original_text=str(i),"
        " content_hash=str(i)) for i in range(6000)])"
    )
    subprocess.run([sys.executable, "-c", fill], cwd=ROOT, env=env, check=True, timeout=120)
    run_manage(env, "build_index")
    probe = """
import sys, time
import django
django.setup()
from django.test import Client
client, counts = Client(), []
deadline = time.monotonic() + float(sys.argv[1])
while time.monotonic() < deadline:
    counts.append(client.get("/api/search/", {"q": "chuyen doi so"}).json()["count"])
print(min(counts), max(counts), len(counts))
"""
    builder = subprocess.Popen(
        [sys.executable, "manage.py", "build_index", "--batch-size", "50"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, "4"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout.split()
    builder.communicate(timeout=300)
    assert builder.returncode == 0
    low, high, probes = map(int, out)
    assert probes > 5
    assert low == high == 6000
