"""Pages as people see them, in Chromium at a desktop (1,280 px) and a phone
(390 px) width: nothing wider than the window, on a phone the first search
result above the fold, and no English UI words on a Vietnamese page (staff
pages included); the review page shows the original text with the extracted
facts marked, and publishing is one button.

The site is the real one (gunicorn, DEBUG off) with the five seed reports.
"""

import re

import pytest

from tests.browser_site import MARKS, SEEDS, chromium, log_in, running_site
from tests.english import english_words

pytestmark = MARKS

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
# Names of formats and products Vietnamese UI text uses as they are.
UI_LOANWORDS = {"web", "word", "webp", "jpeg", "png", "email", "e-mail", "online"}
# The language switch names the other language in that language ("English").
LANGUAGE_NAMES = {"english"}


@pytest.fixture(scope="module")
def site():
    with running_site(import_paths=[SEEDS]) as site:
        yield site


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def data_words():
    """ASCII words the archive's data contains (report texts, reference
    names): on a page they are content, not UI."""
    from tests.browser_site import ROOT

    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts.append((ROOT / "fixtures" / "reference.json").read_text(encoding="utf-8"))
    return {w.lower() for text in texts for w in re.findall(r"[A-Za-z]+", text)}


def _public_paths(page, base):
    """Every kind of public page, found by following the site's own links."""
    paths = ["/", "/bai/", "/van-ban/", "/nguoi/", "/dia-phuong/", "/khoa/"]
    paths += ["/tim-kiem/?q=nghi+quyet", "/tim-kiem/?q=26-NQ/TW", "/tim-kiem/?q=khong+co+gi+ca"]
    for listing, prefix in (
        ("/bai/", "/bai/"),
        ("/van-ban/", "/van-ban/"),
        ("/nguoi/", "/nguoi/"),
        ("/dia-phuong/", "/dia-phuong/"),
        ("/khoa/", "/khoa/"),
    ):
        page.goto(base + listing)
        hrefs = page.eval_on_selector_all(
            f"main a[href^='{prefix}']", "links => links.map(a => a.getAttribute('href'))"
        )
        details = [h for h in hrefs if h.rstrip("/") != prefix.rstrip("/") and "?" not in h]
        assert details, f"no detail page linked from {listing}"
        paths.append(details[0])
    page.goto(base + "/khoa/xii/")
    paths += page.eval_on_selector_all(
        "main a[href*='/hoi-nghi-']", "links => links.map(a => a.getAttribute('href'))"
    )[:1]
    return paths


def _staff_paths(page, base):
    page.goto(base + "/quan-tri/archive/report/")
    change = page.eval_on_selector(
        "#result_list a[href*='/change/']", "a => a.getAttribute('href')"
    )
    return [
        "/quan-tri/",
        "/quan-tri/archive/",
        "/quan-tri/archive/report/",
        "/quan-tri/archive/report/?status__exact=draft",
        "/quan-tri/archive/report/tai-len/",
        change,
    ]


def _overflow(page):
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280px", "390px"])
def test_no_page_is_wider_than_the_window(site, browser, viewport):
    base = site["base"]
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    wide = {}
    for path in _public_paths(page, base):
        page.goto(base + path)
        if _overflow(page) > 0:
            wide[path] = _overflow(page)
    log_in(page, base)
    for path in _staff_paths(page, base):
        page.goto(base + path)
        if _overflow(page) > 0:
            wide[path] = _overflow(page)
    context.close()
    assert wide == {}, f"pages wider than {viewport['width']} px (by px): {wide}"


def test_on_a_phone_the_first_result_is_above_the_fold_and_facets_wait(site, browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(site["base"] + "/tim-kiem/?q=nghi+quyet")
    first = page.locator("li.hit").first
    box = first.bounding_box()
    assert box is not None and box["y"] < PHONE["height"], f"first result at y={box}"
    # The facets are behind the "Lọc" toggle, which opens them without script.
    facets = page.locator(".facet-panel .facets")
    assert not facets.is_visible()
    page.locator(".facet-panel > summary").click()
    assert facets.is_visible()
    # Only one search box: the page's own (the header one is left out here).
    assert page.locator("input[type=search]:visible").count() == 1
    context.close()


def test_on_a_desktop_the_facets_stand_beside_the_results(site, browser):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(site["base"] + "/tim-kiem/?q=nghi+quyet")
    facets = page.locator(".facet-panel .facets")
    assert facets.is_visible()
    assert not page.locator(".facet-panel > summary").is_visible()
    results = page.locator(".search-results").bounding_box()
    assert facets.bounding_box()["x"] > results["x"] + results["width"] - 1
    context.close()


def test_no_english_ui_words_on_vietnamese_pages(site, browser, data_words):
    base = site["base"]
    page = browser.new_page(viewport=DESKTOP)
    found = {}
    for path in _public_paths(page, base):
        page.goto(base + path)
        words = english_words(
            page.inner_text("body"), allowed=data_words | UI_LOANWORDS | LANGUAGE_NAMES
        )
        if words:
            found[path] = words
    page.goto(base + "/quan-tri/login/")
    words = english_words(
        page.inner_text("body"), allowed=data_words | UI_LOANWORDS | LANGUAGE_NAMES
    )
    if words:
        found["/quan-tri/login/"] = words
    log_in(page, base)
    for path in _staff_paths(page, base):
        page.goto(base + path)
        words = english_words(
            page.inner_text("body"),
            allowed=data_words | UI_LOANWORDS | LANGUAGE_NAMES | {"bientap"},
        )
        if words:
            found[path] = words
    page.close()
    assert found == {}, f"English UI words: {found}"


def test_review_page_marks_facts_in_the_original_text_and_publishes(site, browser):
    base = site["base"]
    page = browser.new_page(viewport=DESKTOP)
    log_in(page, base)
    # Make one report a draft through the admin's own action, as staff would.
    page.goto(base + "/quan-tri/archive/report/")
    row = page.locator("#result_list tbody tr", has_text="Móng Cái")
    row.locator("input.action-select").check()
    page.select_option("select[name=action]", "unpublish")
    page.click("button[name=index]")
    page.goto(base + "/quan-tri/archive/report/?status__exact=draft")
    page.locator("#result_list a[href*='/change/']").first.click()
    page.wait_for_url(re.compile(r"/change/"))

    # Original text beside the fields, with the extracted facts marked.
    source = page.locator(".review-source")
    source.wait_for()
    form_box = page.locator("#report_form fieldset").first.bounding_box()
    assert source.bounding_box()["x"] > form_box["x"] + form_box["width"] - 1
    facts = page.locator(".review-facts a")
    assert facts.count() >= 3
    # Each fact links to its mark in the text.
    for i in range(facts.count()):
        anchor = facts.nth(i).get_attribute("href")
        assert page.locator(f".review-text mark{anchor}").count() == 1, anchor
    assert page.locator(".review-text mark.src-document").count() >= 1
    assert page.locator(".review-text mark.src-person").count() >= 1

    # Publishing is one clear step.
    page.locator(".review-status input[name=_publish]").click()
    page.wait_for_selector(".messagelist .success")
    assert "Đã xuất bản" in page.inner_text(".messagelist")
    assert page.locator("#id_status").input_value() == "published"
    assert page.locator(".review-status.is-published").is_visible()
    page.close()


def test_the_language_switch_keeps_the_page(site, browser):
    base = site["base"]
    page = browser.new_page(viewport=PHONE)
    page.goto(base + "/van-ban/?type=NQ")
    assert page.evaluate("document.documentElement.lang") == "vi"
    page.click(".language-switch a[hreflang=en]")
    page.wait_for_load_state()
    assert page.url == base + "/en/van-ban/?type=NQ"
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator("h1").inner_text() == "Documents"
    # Nothing wider than the phone's screen with the switch in the header.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.click(".language-switch a[hreflang=vi]")
    page.wait_for_load_state()
    assert page.url == base + "/van-ban/?type=NQ"
    page.close()
