"""The whole staff workflow in a real browser against the real site.

Starts gunicorn (DEBUG off, collected static files) and the index worker on
their own temporary data directory, then drives Debian's Chromium through
Playwright: log in, upload a seed report with a photo, correct the title,
publish, and find the report with its thumbnail on the public search page.

Skipped when /usr/bin/chromium is missing, unless REQUIRE_BROWSER=1 (CI),
where a missing browser is a failure.
"""

import io
import re
import time

import pytest

from tests.browser_site import MARKS, PASSWORD, SEEDS, chromium, running_site

SEED = SEEDS / "000_9345fe1ab8f08101.txt"
pytestmark = MARKS


@pytest.fixture(scope="module")
def site():
    with running_site() as site:
        yield site


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


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
