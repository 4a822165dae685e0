"""`make run`'s server (scripts/serve.sh: gunicorn + the index worker):
reports created or deleted through the ORM reach /api/search/ within
seconds, and stopping the script stops everything it started."""

import json
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.processes import isolated_env

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _count(base, q):
    with urllib.request.urlopen(f"{base}/api/search/?q={q}", timeout=10) as response:
        return json.load(response)["count"]


def _orm(env, code):
    script = "import django; django.setup()\nfrom archive.models import Report\n" + code
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True, timeout=120)


def _until(condition, timeout):
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if condition():
            return time.monotonic() - start
        time.sleep(0.1)
    return None


def test_orm_changes_reach_the_running_site_within_five_seconds(tmp_path):
    port = _free_port()
    env = isolated_env(tmp_path, PORT=port, BIN=Path(sys.executable).parent)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    server = subprocess.Popen(
        ["bash", "scripts/serve.sh"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        assert _until(lambda: _probe(base), 60) is not None, "the site did not start"
        _orm(
            env,
            "Report.objects.create(title='Hội nghị zqxw', body='zqxw chuyển đổi số',"
            " original_text='zqxw', status='published')",
        )
        assert _until(lambda: _count(base, "zqxw") == 1, 5) is not None
        _orm(env, "Report.objects.filter(title='Hội nghị zqxw').delete()")
        assert _until(lambda: _count(base, "zqxw") == 0, 5) is not None
    finally:
        # Stop the script alone, as Ctrl-C or a service manager would.
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    # Nothing the script started is left running: gunicorn, its workers, the index worker.
    assert _until(lambda: not _session_processes(server.pid), 15) is not None, _session_processes(
        server.pid
    )
    assert not _listening(port)


def _session_processes(session):
    found = subprocess.run(["pgrep", "-s", str(session)], capture_output=True, text=True)
    return found.stdout.split()


def _probe(base):
    try:
        return _count(base, "x") >= 0
    except OSError:
        return False


def _listening(port):
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0
