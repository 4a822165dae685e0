"""The whole staff workflow in a real browser against the real site.

Starts gunicorn (DEBUG off, collected static files) and the index worker on
their own temporary data directory, then drives Debian's Chromium through
Playwright: log in, upload a seed report with a photo, correct the title,
publish, and find the report with its thumbnail on the public search page.

Skipped when /usr/bin/chromium is missing, unless REQUIRE_BROWSER=1 (CI),
where a missing browser is a failure.
"""

import io
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from tests.processes import isolated_env

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seeds" / "000_9345fe1ab8f08101.txt"
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
PASSWORD = "mat-khau-thu-nghiem-42"

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]

if not os.path.exists(CHROMIUM) and os.environ.get("REQUIRE_BROWSER") != "1":
    pytestmark.append(pytest.mark.skip(reason=f"{CHROMIUM} not installed (Debian's chromium)"))


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


@pytest.fixture(scope="module")
def site():
    """The real site: migrated data dir, reference data, staff user, gunicorn, index worker."""
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
        "bientap",
        "--email",
        "bientap@example.org",
    )
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


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"REQUIRE_BROWSER=1 but {CHROMIUM} is missing (.ci/run installs it)")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def photo_file(tmp_path):
    from PIL import Image, ImageDraw

    im = Image.new("RGB", (1200, 800), (30, 90, 160))
    ImageDraw.Draw(im).rectangle((100, 100, 500, 400), fill=(240, 200, 40))
    out = io.BytesIO()
    im.save(out, "JPEG", quality=85)
    path = tmp_path / "quang-canh-hoi-nghi.jpg"
    path.write_bytes(out.getvalue())
    return path


def test_staff_upload_correct_publish_then_find_with_thumbnail(site, browser, photo_file):
    from playwright.sync_api import expect

    base = site["base"]
    page = browser.new_page()
    page.set_default_timeout(20_000)

    # Log in to the admin.
    page.goto(base + "/quan-tri/login/")
    page.fill("#id_username", "bientap")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_be_visible()

    # From the report list, the "Tải lên bài mới" button opens the upload form.
    page.goto(base + "/quan-tri/archive/report/")
    page.get_by_role("link", name="Tải lên bài mới").click()
    page.wait_for_selector("#upload-form")
    page.set_input_files("#id_text_file", str(SEED))
    page.set_input_files("#id_photos", str(photo_file))
    page.fill("#id_captions", "Quang cảnh hội nghị tại điểm cầu Móng Cái")
    page.click("input[name=_upload]")

    # The draft opens in the change form with what was extracted.
    page.wait_for_url(re.compile(r"/quan-tri/archive/report/\d+/change/"))
    expect(page.locator(".messagelist .success")).to_contain_text("Đã tạo bản nháp")
    title = page.locator("#id_title")
    expect(title).to_have_value(re.compile("Móng Cái"))
    expect(page.locator("#id_status")).to_have_value("draft")
    # The photo is in the inline, as its thumbnail.
    inline_thumb = page.locator(".field-preview img, td.field-preview img").first
    expect(inline_thumb).to_be_visible()

    # Correct the title, publish, save.
    new_title = "Thành ủy Móng Cái quán triệt Nghị quyết 26-NQ/TW (đã biên tập)"
    title.fill(new_title)
    page.select_option("#id_status", "published")
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r"/quan-tri/archive/report/(\?.*)?$"))
    expect(page.locator(".messagelist .success")).to_be_visible()

    # An anonymous visitor finds it on the public search page by its document
    # code, with its thumbnail, once the index worker has processed the change.
    context = browser.new_context()
    public = context.new_page()
    public.set_default_timeout(20_000)
    hit = public.locator("li.hit", has_text=new_title)
    deadline = time.monotonic() + 30
    while True:
        public.goto(base + "/tim-kiem/?q=26-NQ/TW")
        if hit.count():
            break
        assert time.monotonic() < deadline, "published report not found by search within 30 s"
        public.wait_for_timeout(500)
    expect(hit).to_be_visible()
    thumb = hit.locator(".hit-thumb img")
    expect(thumb).to_have_attribute("src", re.compile(r"^/media/photos/\d+/\w+-thumbnail\.jpg$"))
    # The image really loads in the browser (served by the site with DEBUG off).
    public.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=thumb.element_handle()
    )
    assert public.evaluate("img => img.naturalWidth", thumb.element_handle()) == 320

    # The report page shows the photo in its gallery, caption as alt text, lazily loaded.
    hit.get_by_role("link", name=new_title).click()
    expect(public.locator("h1")).to_have_text(new_title)
    photo = public.locator(".gallery img").first
    expect(photo).to_have_attribute("alt", "Quang cảnh hội nghị tại điểm cầu Móng Cái")
    expect(photo).to_have_attribute("loading", "lazy")
    photo.scroll_into_view_if_needed()
    public.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=photo.element_handle()
    )
    assert public.evaluate("img => img.naturalWidth", photo.element_handle()) == 1200
    context.close()
    page.close()
