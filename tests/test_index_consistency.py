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
    # Synchronised through marker files, not wall time, so the test means the
    # same on an idle and on a loaded machine: the build starts only once the
    # prober is probing, the finished build waits (before its swap) until the
    # prober has probed the live index PAUSED_PROBES more times, and the
    # prober goes on until the build has swapped its generation in.
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
    live = tmp_path / "whoosh" / "current"
    before = live.resolve()
    markers = tmp_path / "markers"
    markers.mkdir()
    build = """
import sys, time
from pathlib import Path
import django
django.setup()
from search import indexing
markers = Path(sys.argv[1])

def wait_for(name):
    deadline = time.monotonic() + 600
    while not (markers / name).exists():
        if time.monotonic() > deadline:
            sys.exit(f"no {name} marker")
        time.sleep(0.01)

def built(count):
    (markers / "built").touch()
    wait_for("swap")

wait_for("probing")
indexing.rebuild(batch_size=50, progress=built)
(markers / "swapped").touch()
"""
    probe = """
import sys, time
from pathlib import Path
import django
django.setup()
from django.test import Client
markers, paused_probes = Path(sys.argv[1]), int(sys.argv[2])
client, counts, after_built, after_swap = Client(), [], 0, 0
deadline = time.monotonic() + 600
while after_swap < 3 and time.monotonic() < deadline:
    swapped = (markers / "swapped").exists()
    counts.append(client.get("/api/search/", {"q": "chuyen doi so"}).json()["count"])
    (markers / "probing").touch()
    if swapped:
        after_swap += 1
    elif (markers / "built").exists():
        after_built += 1
        if after_built >= paused_probes:
            (markers / "swap").touch()
print(min(counts), max(counts), len(counts), after_built, after_swap)
"""
    builder = subprocess.Popen(
        [sys.executable, "-c", build, str(markers)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        out = subprocess.run(
            [sys.executable, "-c", probe, str(markers), "5"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=900,
        ).stdout.split()
        _, err = builder.communicate(timeout=900)
    finally:
        if builder.poll() is None:
            builder.kill()
    assert builder.returncode == 0, err
    low, high, _probes, while_paused, after_swap = map(int, out)
    assert while_paused >= 5, "the build was not held while the live index was probed"
    assert after_swap == 3, "the prober gave up before the build swapped its generation in"
    assert live.resolve() != before, "the rebuild swapped in a new generation"
    assert low == high == 6000
