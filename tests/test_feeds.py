"""Atom feeds: each page's feed parses as Atom, lists that page's published
reports newest-published first, and never a draft."""

import datetime
import xml.etree.ElementTree as ET

from django.test import TestCase
from django.utils import timezone

from archive.models import Place, Report
from tests.factories import make_document, make_place, make_plenum, make_report

ATOM = "{http://www.w3.org/2005/Atom}"


def parse_atom(response):
    """The feed as (feed element, [entry dicts]); fails unless it is Atom."""
    assert response["Content-Type"].startswith("application/atom+xml"), response["Content-Type"]
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None, required
    entries = []
    for entry in root.findall(f"{ATOM}entry"):
        for required in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{required}") is not None, required
        entries.append(
            {
                "title": entry.findtext(f"{ATOM}title"),
                "id": entry.findtext(f"{ATOM}id"),
                "link": entry.find(f"{ATOM}link").get("href"),
                "summary": entry.findtext(f"{ATOM}summary") or "",
                "published": entry.findtext(f"{ATOM}published"),
                "categories": [c.get("term") for c in entry.findall(f"{ATOM}category")],
            }
        )
    return root, entries


class FeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        plenum = make_plenum("XII", 7)
        make_document("26-NQ/TW")
        make_document("27-NQ/TW", plenum=plenum)
        make_place("Móng Cái", kind=Place.Kind.DISTRICT, parent="Quảng Ninh")
        cls.old = make_report(
            "Quán triệt Nghị quyết 26 ở Móng Cái",
            body="Sáng 29/6, Thành ủy Móng Cái tổ chức hội nghị quán triệt & triển khai.",
            event_date="2018-06-29",
            documents=["26-NQ/TW"],
            speakers=[("Trần Quốc Vượng", "Thường trực Ban Bí thư")],
            place="Móng Cái",
            source_outlet="Báo Quảng Ninh",
        )
        # About an older conference but published later: first in the feeds.
        cls.new = make_report(
            "Hội nghị học tập Nghị quyết 27",
            event_date="2016-01-05",
            documents=["27-NQ/TW"],
            plenums=["XII-7"],
            place="Hà Giang",
        )
        Report.objects.filter(pk=cls.old.pk).update(
            published_at=timezone.now() - datetime.timedelta(days=3)
        )
        cls.old.refresh_from_db()
        cls.draft = make_report(
            "Bản nháp về Nghị quyết 26",
            status=Report.Status.DRAFT,
            documents=["26-NQ/TW"],
            speakers=[("Trần Quốc Vượng", "")],
            place="Móng Cái",
        )

    def titles(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return [e["title"] for e in parse_atom(response)[1]]

    def test_site_feed_lists_published_reports_newest_published_first(self):
        root, entries = parse_atom(self.client.get("/feed/"))
        self.assertEqual(
            [e["title"] for e in entries], [self.new.title, self.old.title], "no draft"
        )
        old = entries[1]
        self.assertEqual(old["link"], "http://testserver" + self.old.get_absolute_url())
        self.assertEqual(old["id"], f"http://testserver/bai/{self.old.pk}/")
        self.assertEqual(old["categories"], ["26-NQ/TW"])
        self.assertIn("quán triệt & triển khai", old["summary"])
        self.assertTrue(old["published"].startswith(str(self.old.published_at.date())))
        self.assertIn("Bài mới", root.findtext(f"{ATOM}title"))

    def test_each_page_feed_lists_that_pages_published_reports(self):
        self.assertEqual(self.titles("/van-ban/26-nq-tw/feed/"), [self.old.title])
        # A plenum's feed has reports naming it or a document it passed.
        self.assertEqual(self.titles("/khoa/xii/hoi-nghi-7/feed/"), [self.new.title])
        # A province's feed includes its districts.
        self.assertEqual(self.titles("/dia-phuong/quang-ninh/feed/"), [self.old.title])
        self.assertEqual(self.titles("/dia-phuong/ha-giang/feed/"), [self.new.title])
        self.assertEqual(self.titles("/nguoi/tran-quoc-vuong/feed/"), [self.old.title])

    def test_drafts_are_in_no_feed(self):
        urls = [
            "/feed/",
            "/van-ban/26-nq-tw/feed/",
            "/dia-phuong/mong-cai/feed/",
            "/nguoi/tran-quoc-vuong/feed/",
        ]
        for url in urls:
            self.assertNotIn(self.draft.title, self.titles(url), url)
            self.assertNotIn(f"/bai/{self.draft.pk}/", self.client.get(url).content.decode())

    def test_unknown_pages_have_no_feed(self):
        for url in (
            "/van-ban/999-nq-tw/feed/",
            "/khoa/xii/hoi-nghi-99/feed/",
            "/khoa/zz/hoi-nghi-7/feed/",
            "/dia-phuong/khong-co/feed/",
            "/nguoi/khong-co/feed/",
        ):
            self.assertEqual(self.client.get(url).status_code, 404, url)

    def test_feed_holds_the_newest_fifty(self):
        for i in range(52):
            make_report(f"Bài thứ {i}")
        entries = parse_atom(self.client.get("/feed/"))[1]
        self.assertEqual(len(entries), 50)
        self.assertEqual(entries[0]["title"], "Bài thứ 51")

    def test_pages_link_their_feed_in_head_and_visibly(self):
        pages = {
            "/": "/feed/",
            "/van-ban/26-nq-tw/": "/van-ban/26-nq-tw/feed/",
            "/khoa/xii/hoi-nghi-7/": "/khoa/xii/hoi-nghi-7/feed/",
            "/dia-phuong/quang-ninh/": "/dia-phuong/quang-ninh/feed/",
            "/nguoi/tran-quoc-vuong/": "/nguoi/tran-quoc-vuong/feed/",
        }
        for page, feed in pages.items():
            html = self.client.get(page).content.decode()
            self.assertIn('<link rel="alternate" type="application/atom+xml" title="', html, page)
            self.assertIn(f'href="{feed}"', html.split("</head>")[0], page)
            self.assertIn(f'<a class="feed-link" href="{feed}"', html, page)
            self.assertEqual(self.client.get(feed).status_code, 200, feed)


class SitemapTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_plenum("XII", 7)
        make_place("Móng Cái", kind=Place.Kind.DISTRICT, parent="Quảng Ninh")
        cls.published = make_report(
            "Quán triệt Nghị quyết 26",
            documents=["26-NQ/TW"],
            speakers=[("Trần Quốc Vượng", "")],
            place="Móng Cái",
        )
        cls.draft = make_report(
            "Bản nháp",
            status=Report.Status.DRAFT,
            documents=["99-NQ/TW"],
            speakers=[("Người Chỉ Trong Nháp", "")],
        )

    def locations(self, response):
        self.assertEqual(response.status_code, 200)
        root = ET.fromstring(response.content)
        ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
        return [loc.text for loc in root.iter(f"{ns}loc")]

    def test_sitemap_lists_only_published_pages(self):
        sections = self.locations(self.client.get("/sitemap.xml"))
        self.assertEqual(len(sections), 5)
        urls = []
        for section in sections:
            urls += self.locations(self.client.get(section.removeprefix("http://testserver")))
        paths = {u.removeprefix("http://testserver") for u in urls}
        expected = {
            self.published.get_absolute_url(),
            "/van-ban/26-nq-tw/",
            "/khoa/xii/hoi-nghi-7/",
            "/dia-phuong/mong-cai/",
            "/dia-phuong/quang-ninh/",
            "/nguoi/tran-quoc-vuong/",
        }
        self.assertLessEqual(expected, paths)
        for private in (
            self.draft.get_absolute_url(),
            "/van-ban/99-nq-tw/",
            "/nguoi/nguoi-chi-trong-nhap/",
        ):
            self.assertNotIn(private, paths)
        for path in paths:
            self.assertEqual(self.client.get(path).status_code, 200, path)
