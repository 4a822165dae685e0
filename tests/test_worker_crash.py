"""Killing the index worker never takes the site down (scripts/serve.sh):
gunicorn keeps answering, the worker is restarted, the files a crash leaves in
the index are removed, the search page says the index is catching up while the
queue is old, and once the worker is back every change made meanwhile is in
the index: nothing lost."""

import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.processes import (
    ROOT,
    free_port,
    index_and_db_state,
    isolated_env,
    prepare_data_dir,
    session_processes,
    start_serve_script,
    stop_serve_script,
    until,
)

pytestmark = pytest.mark.slow

WRITER = ROOT / "tests" / "concurrent_writer.py"


def _get(url, timeout=10):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status, response.read()


def _api(base, q="chuyển đổi số"):
    status, body = _get(f"{base}/api/search/?q={urllib.request.quote(q)}")
    return json.loads(body)


class Prober(threading.Thread):
    """Asks the site for a search page and a search API answer, over and over,
    and records every failure (refused connection, timeout, any 5xx)."""

    def __init__(self, base):
        super().__init__(daemon=True)
        self.base, self.answers, self.failures = base, 0, []
        self.stopping = threading.Event()

    def run(self):
        urls = [f"{self.base}/tim-kiem/?q=chuyen+doi+so", f"{self.base}/api/search/?q=h%E1%BB%99i"]
        while not self.stopping.is_set():
            for url in urls:
                try:
                    status, _ = _get(url)
                    self.answers += 1
                except (urllib.error.URLError, OSError) as exc:
                    self.failures.append(f"{url}: {exc}")
            time.sleep(0.05)


def _worker_pids(server):
    return session_processes(server.pid, "manage.py index_worker")


def test_killing_the_index_worker_under_write_load_loses_nothing(tmp_path):
    port = free_port()
    env = isolated_env(
        tmp_path, PORT=port, BIN=Path(sys.executable).parent, ARCHIVE_INDEX_LAG_SECONDS=1
    )
    prepare_data_dir(env)
    server = start_serve_script(env)
    base = f"http://127.0.0.1:{port}"
    prober = Prober(base)
    writers = []
    try:
        assert until(lambda: _answers(base), 60) is not None, "the site did not start"
        assert until(lambda: len(_worker_pids(server)) == 1, 30) is not None
        prober.start()
        stop_file = tmp_path / "stop-writing"
        writers = [
            subprocess.Popen(
                [sys.executable, str(WRITER), str(seed), "100000", "0.05", str(stop_file)],
                cwd=ROOT,
                env=env,
            )
            for seed in (1, 2)
        ]
        current = Path(os.path.realpath(tmp_path / "whoosh" / "current"))
        for _ in range(3):
            time.sleep(1.5)
            (old,) = _worker_pids(server)
            # A hung worker first: the queue grows old and the site says so.
            os.kill(old, signal.SIGSTOP)
            assert until(lambda: _api(base)["index"]["catching_up"], 20) is not None
            _status, page = _get(f"{base}/tim-kiem/?q=chuyen+doi+so")
            assert "Chỉ mục tìm kiếm đang cập nhật" in page.decode()
            # Then a crash in the middle of a commit: Whoosh's pool directory stays behind.
            (current / "MAIN.tmp").mkdir(exist_ok=True)
            (current / "MAIN.tmp" / "half-written.run").write_bytes(b"\0" * 1000)
            os.kill(old, signal.SIGKILL)
            assert until(lambda old=old: _worker_pids(server) not in ([], [old]), 30) is not None
            assert until(lambda: not (current / "MAIN.tmp").exists(), 30) is not None
        stop_file.touch()
        for writer in writers:
            assert writer.wait(timeout=60) == 0
        # The restarted worker catches up, and the site says it has.
        assert until(lambda: _api(base)["index"]["queued"] == 0, 60) is not None
        assert _api(base)["index"]["catching_up"] is False
        queued, equal, indexed, published = index_and_db_state(env)
        assert (queued, equal) == (0, True), (indexed, published)
        assert published > 20
        assert _api(base)["count"] == published
    finally:
        # The prober stops before the server does: only failures while it serves count.
        prober.stopping.set()
        prober.join(timeout=30)
        for writer in writers:
            if writer.poll() is None:
                writer.kill()
        stop_serve_script(server)
    assert prober.answers > 20
    assert prober.failures == []


def _answers(base):
    try:
        return _get(f"{base}/api/search/?q=x")[0] == 200
    except OSError:
        return False
