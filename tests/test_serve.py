"""`make run`'s server (scripts/serve.sh: gunicorn + the index worker):
reports created or deleted through the ORM reach /api/search/ within
seconds, and stopping the script stops everything it started."""

import json
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.processes import (
    ROOT,
    free_port,
    isolated_env,
    listening,
    prepare_data_dir,
    session_processes,
    start_serve_script,
    stop_serve_script,
    until,
)

pytestmark = pytest.mark.slow


def _count(base, q):
    with urllib.request.urlopen(f"{base}/api/search/?q={q}", timeout=10) as response:
        return json.load(response)["count"]


def _orm(env, code):
    script = "import django; django.setup()\nfrom archive.models import Report\n" + code
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True, timeout=120)


def test_orm_changes_reach_the_running_site_within_five_seconds(tmp_path):
    port = free_port()
    env = isolated_env(tmp_path, PORT=port, BIN=Path(sys.executable).parent)
    prepare_data_dir(env)
    server = start_serve_script(env)
    base = f"http://127.0.0.1:{port}"
    try:
        assert until(lambda: _probe(base), 60) is not None, "the site did not start"
        _orm(
            env,
            "Report.objects.create(title='Hội nghị zqxw', body='zqxw chuyển đổi số',"
            " original_text='zqxw', status='published')",
        )
        assert until(lambda: _count(base, "zqxw") == 1, 5) is not None
        _orm(env, "Report.objects.filter(title='Hội nghị zqxw').delete()")
        assert until(lambda: _count(base, "zqxw") == 0, 5) is not None
    finally:
        stop_serve_script(server)
    # Nothing the script started is left running: gunicorn, its workers, the index worker.
    assert until(lambda: not session_processes(server.pid), 15) is not None, session_processes(
        server.pid
    )
    assert not listening(port)


def _probe(base):
    try:
        return _count(base, "x") >= 0
    except OSError:
        return False
