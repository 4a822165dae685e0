"""Dissemination and conference pages in Chromium, on the real site with the
five seeds and a small generated corpus: the tile-grid map is there and
legible (every cell labelled with its province, text large enough and inside
its cell, label colours readable on their cell), its counts and the
timeline's are the tables' counts; a conference's folded reports open in
search results without JavaScript and its page lists them.
"""

import re
import tempfile
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.browser_site import MARKS, SEEDS, chromium, running_site

pytestmark = MARKS

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
# Rendered text smaller than this (CSS px) is not legible on a phone.
MIN_TEXT_PX = 9
# WCAG AA contrast for normal-size text.
MIN_CONTRAST = 4.5


@pytest.fixture(scope="module")
def site():
    from bench.corpus import generate_corpus, write_corpus
    from tests.corpus_checks import retell

    with tempfile.TemporaryDirectory(prefix="spread-corpus-") as corpus:
        write_corpus(150, corpus, seed=11)
        # Two write-ups of national conferences: one folds under the other
        # (where the extractor finds the event's subject in both).
        retold = retell(generate_corpus(150, seed=11), corpus, 5)
        with running_site(import_paths=[SEEDS, Path(corpus)]) as site:
            yield {**site, "retold": retold}


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def spread_path(site, browser):
    """The dissemination page of the most reported of the documents cited most."""
    import json

    from archive.codes import code_to_slug

    page = browser.new_page()
    page.goto(site["base"] + "/api/search/")
    cited = [code for code, _ in json.loads(page.inner_text("body"))["facets"]["document"]]
    assert cited, "no document cited"
    best, most = None, -1
    for code in cited[:8]:
        path = f"/van-ban/{code_to_slug(code)}/lan-toa/"
        if page.goto(site["base"] + path).status != 200:
            continue  # a code with several editions lists them instead
        total = int(re.match(r"\d+", page.inner_text(".page-header .lead")).group())
        if total > most:
            best, most = path, total
    page.close()
    assert most >= 3, f"no document with several reports ({best}: {most})"
    return best


def _luminance(hex_colour):
    if len(hex_colour) == 4:  # "#fff"
        hex_colour = "#" + "".join(c * 2 for c in hex_colour[1:])
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a, b):
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


CELLS_JS = """() => [...document.querySelectorAll('svg.tile-map g.province')].map(g => {
  const rect = g.querySelector('rect'), box = rect.getBoundingClientRect();
  return {
    title: g.querySelector('title').textContent,
    reports: Number(g.dataset.reports),
    fill: rect.getAttribute('fill'),
    cell: {left: box.left, right: box.right, top: box.top, bottom: box.bottom},
    texts: [...g.querySelectorAll('text')].map(t => {
      const b = t.getBoundingClientRect();
      return {text: t.textContent, fill: t.getAttribute('fill'), height: b.height,
              left: b.left, right: b.right, top: b.top, bottom: b.bottom};
    }),
  };
})"""


def _table(page, caption):
    return page.evaluate(
        """caption => {
          const table = [...document.querySelectorAll('table')].find(
            t => t.caption && t.caption.textContent.trim() === caption);
          return table ? [...table.tBodies[0].rows].map(
            r => [...r.cells].map(c => c.textContent.trim())) : null;
        }""",
        caption,
    )


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280px", "390px"])
def test_the_map_is_there_legible_and_counts_what_the_table_says(
    site, browser, spread_path, viewport
):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(site["base"] + spread_path)
    assert page.locator("svg.tile-map").is_visible()
    # Legible at any width: the charts keep their size and scroll in their box,
    # the page itself is no wider than the window.
    wider = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert wider <= 0, f"the page is {wider} px wider than the window"
    cells = page.evaluate(CELLS_JS)
    assert len(cells) == 34
    problems = []
    for cell in cells:
        name = cell["title"].split(":")[0]
        label, count = cell["texts"][0]["text"], cell["texts"][1]["text"]
        short = "TP HCM" if name == "Thành phố Hồ Chí Minh" else name
        if not short.startswith(label.rstrip("…")):
            problems.append(f"{name}: labelled {label!r}")
        if not count.startswith(str(cell["reports"])):
            problems.append(f"{name}: shows {count!r} for {cell['reports']} reports")
        for text in cell["texts"]:
            if text["height"] < MIN_TEXT_PX:
                problems.append(f"{name}: {text['text']!r} is {text['height']:.1f} px high")
            box = cell["cell"]
            inside = (
                text["left"] >= box["left"] - 0.5
                and text["right"] <= box["right"] + 0.5
                and text["top"] >= box["top"] - 0.5
                and text["bottom"] <= box["bottom"] + 0.5
            )
            if not inside:
                problems.append(f"{name}: {text['text']!r} runs out of its cell")
            if _contrast(text["fill"], cell["fill"]) < MIN_CONTRAST:
                problems.append(f"{name}: {text['fill']} on {cell['fill']} is hard to read")
    assert problems == []

    # The SVG's counts are the table's, and the provinces without any are listed.
    rows = {
        row[0]: int(row[1])
        for row in _table(page, "Số bài và hội nghị đầu tiên theo tỉnh, thành phố")
    }
    drawn = {c["title"].split(":")[0]: c["reports"] for c in cells}
    assert rows == {name: n for name, n in drawn.items() if n}
    assert sum(rows.values()) >= 1
    listed = (
        set(page.inner_text("p.without-reports").split(", ")) if not all(drawn.values()) else set()
    )
    assert listed == {name for name, n in drawn.items() if not n}
    lead = page.inner_text(".page-header .lead")
    total = int(re.match(r"\d+", lead).group())
    elsewhere = page.locator("text=/bài chưa rõ tỉnh, thành phố/")
    unplaced = int(re.match(r"\d+", elsewhere.inner_text()).group()) if elsewhere.count() else 0
    assert sum(drawn.values()) + unplaced == total

    # The timeline's bars say the table's weekly counts.
    weeks = page.eval_on_selector_all(
        "svg.timeline g.week title", "titles => titles.map(t => t.textContent)"
    )
    drawn_weeks = {}
    for title in weeks:
        start, national, local = re.match(
            r"Tuần từ (\S+): (\d+) toàn quốc, (\d+) địa phương", title
        ).groups()
        if int(national) or int(local):
            drawn_weeks[start] = [national, local]
    table_weeks = {row[0]: row[1:] for row in _table(page, "Số bài mỗi tuần")}
    assert drawn_weeks == table_weeks
    bars = page.locator("svg.timeline rect.national, svg.timeline rect.local").count()
    assert bars == sum((n != "0") + (loc != "0") for n, loc in drawn_weeks.values())
    context.close()


def test_a_conference_folds_in_search_without_script_and_its_page_lists_its_reports(site, browser):
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    for title in site["retold"]:
        page.goto(site["base"] + "/tim-kiem/?" + urlencode({"q": title}))
        folded = page.locator(".hit-conference details.folded").first
        if folded.count():
            break
    assert folded.count() == 1, "no conference folded in the results"
    summary = folded.locator("summary")
    others = int(re.search(r"và (\d+) bài khác", summary.inner_text()).group(1))
    assert not folded.locator("ul").is_visible()
    summary.click()
    assert folded.locator("ul li").count() == others
    assert folded.locator("ul").is_visible()
    link = folded.locator("xpath=..").locator("p a").first
    reported = int(
        re.search(
            r"\((\d+) bài", folded.locator("xpath=..").locator("p .count").inner_text()
        ).group(1)
    )
    assert reported >= others + 1
    link.click()
    page.wait_for_url(re.compile(r"/hoi-nghi/\d+/"))
    report_links = page.locator("#reports-heading + ol.timeline li a")
    assert report_links.count() == reported
    assert page.locator("#outlets-heading").is_visible()
    assert page.locator(".outlet-parts dt").count() == reported
    count = page.locator("dl.facts div", has_text="Số bài đưa tin").locator("dd")
    assert count.inner_text().strip() == str(reported)
    context.close()
