"""Environment and helpers for tests that start real processes (manage.py, gunicorn)."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def isolated_env(data_dir, **extra):
    """The current environment pointed at ``data_dir``: its own SQLite file,
    index and media, whatever DATABASE_URL or SEARCH_URL the developer has set."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SEARCH_URL")}
    env.update(ARCHIVE_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="config.settings")
    env.update({k: str(v) for k, v in extra.items()})
    return env


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def until(condition, timeout, interval=0.1):
    """Seconds until ``condition()`` held, or None if it did not within ``timeout``."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if condition():
            return time.monotonic() - start
        time.sleep(interval)
    return None


def prepare_data_dir(env):
    """What `make run` does before serving: the database and the static files."""
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            timeout=300,
        )


def start_serve_script(env):
    """scripts/serve.sh (gunicorn + the supervised index worker) in its own session."""
    return subprocess.Popen(
        ["bash", "scripts/serve.sh"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop_serve_script(server):
    # Stop the script alone, as Ctrl-C or a service manager would.
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)
            raise AssertionError("serve.sh did not stop within 30 s of SIGTERM") from None


def session_processes(session, pattern=None):
    """Pids of the processes in ``session`` (whose command line matches ``pattern``)."""
    command = ["pgrep", "-s", str(session)] + (["-f", pattern] if pattern else [])
    found = subprocess.run(command, capture_output=True, text=True)
    return [int(pid) for pid in found.stdout.split()]


def listening(port):
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def index_and_db_state(env):
    """(queued tasks, index == published reports, indexed count, published count)."""
    script = (
        "import django; django.setup();"
        "from archive.models import Report;"
        "from search import engine;"
        "from search.models import IndexTask;"
        "view = engine.get().view();"
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
