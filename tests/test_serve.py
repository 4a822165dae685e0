"""`make run`'s server (scripts/serve.sh: gunicorn + the index worker):
reports created or deleted through the ORM reach /api/search/ within
seconds, and stopping the script stops everything it started."""

import json
import socket
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
        # A hand-made address past gunicorn's request-line ceiling: a Vietnamese answer.
        status, page = _raw_get(port, "/tim-kiem/?q=" + "%E1%BB%97" * 1_000)
        assert status.startswith("HTTP/1.1 414")
        assert "Địa chỉ quá dài" in page
        # The longest query the search box allows still gets the page.
        with urllib.request.urlopen(f"{base}/tim-kiem/?q={'%E1%BB%97' * 400}", timeout=10) as r:
            assert r.status == 200
    finally:
        stop_serve_script(server)
    # Nothing the script started is left running: gunicorn, its workers, the index worker.
    assert until(lambda: not session_processes(server.pid), 15) is not None, session_processes(
        server.pid
    )
    assert not listening(port)


def _raw_get(port, target):
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return head.decode().split("\r\n")[0], body.decode()


def _probe(base):
    try:
        return _count(base, "x") >= 0
    except OSError:
        return False
