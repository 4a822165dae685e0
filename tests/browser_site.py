"""A real site for browser tests: gunicorn (DEBUG off, collected static files)
and the index worker on their own temporary data directory, with a staff
account, optionally the seed reports; and Debian's Chromium through Playwright.

Tests that use it are marked ``browser`` and ``slow`` and run in one xdist
group; they are skipped when /usr/bin/chromium is missing, unless
REQUIRE_BROWSER=1 (CI), where a missing browser is a failure.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.processes import isolated_env

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
STAFF_USER = "bientap"
PASSWORD = "mat-khau-thu-nghiem-42"

MARKS = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]
if not os.path.exists(CHROMIUM) and os.environ.get("REQUIRE_BROWSER") != "1":
    MARKS.append(pytest.mark.skip(reason=f"{CHROMIUM} not installed (Debian's chromium)"))


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        timeout=300,
    )


def _wait_for_http(url, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout}s")


def _stop(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def running_site(import_paths=()):
    """The real site: migrated data dir, reference data, staff user, gunicorn,
    index worker; ``import_paths`` (files or folders) imported and indexed first."""
    data_dir = tempfile.mkdtemp(prefix="archive-browser-")
    env = isolated_env(data_dir, DEBUG="0", PYTHONUNBUFFERED="1")
    env.pop("DJANGO_SETTINGS_MODULE", None)
    _manage(env, "migrate", "--noinput")
    _manage(env, "loaddata", "reference")
    _manage(env, "collectstatic", "--noinput", "-v", "0")
    _manage(
        {**env, "DJANGO_SUPERUSER_PASSWORD": PASSWORD},
        "createsuperuser",
        "--noinput",
        "--username",
        STAFF_USER,
        "--email",
        "bientap@example.org",
    )
    if import_paths:
        _manage(env, "import_reports", *map(str, import_paths))
        _manage(env, "build_index")
    port = _free_port()
    log = open(Path(data_dir) / "server.log", "wb")  # noqa: SIM115 - closed below
    gunicorn = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "index_worker"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        try:
            _wait_for_http(base + "/quan-tri/login/", gunicorn)
            if worker.poll() is not None:
                raise RuntimeError(f"index_worker exited with {worker.returncode}")
        except RuntimeError as error:
            log.flush()
            tail = (Path(data_dir) / "server.log").read_text(errors="replace")[-3000:]
            pytest.fail(f"{error}\n--- server log ---\n{tail}")
        yield {"base": base, "data_dir": Path(data_dir)}
    finally:
        _stop(gunicorn)
        _stop(worker)
        log.close()
        if os.environ.get("KEEP_BROWSER_DATA") != "1":
            shutil.rmtree(data_dir, ignore_errors=True)


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"REQUIRE_BROWSER=1 but {CHROMIUM} is missing (.ci/run installs it)")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def log_in(page, base):
    page.goto(base + "/quan-tri/login/")
    page.fill("#id_username", STAFF_USER)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#user-tools")
