"""Following a search: its Atom feed and an e-mail alert on it, through the
real index and the search service."""

import datetime

from django.core import mail
from django.db.models import F
from django.test import TestCase
from django.utils import timezone

from alerts import mail as alert_mail
from alerts.models import Subscription
from archive.models import Report
from search import engine, indexing
from tests.factories import make_place, make_report
from tests.test_feeds import parse_atom


def build_index():
    engine.reset()
    indexing.rebuild()


class SearchFollowTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_place("Hải Phòng")
        cls.old_conference = make_report(
            "Hải Phòng quán triệt nghị quyết về chính sách tiền lương",
            event_date="2015-05-01",
            place="Hải Phòng",
        )
        cls.recent = make_report(
            "Quán triệt nghị quyết về chính sách tiền lương",
            event_date="2024-05-01",
        )
        cls.other = make_report("Hội nghị về công tác cán bộ", event_date="2024-06-01")
        cls.one_word = make_report("Chính sách an sinh", event_date="2024-06-02")
        cls.draft = make_report("Bản nháp về chính sách tiền lương", status=Report.Status.DRAFT)
        # The report about the 2015 conference was published last.
        Report.objects.filter(pk=cls.recent.pk).update(
            published_at=timezone.now() - datetime.timedelta(days=2)
        )

    def setUp(self):
        build_index()

    def test_search_feed_lists_the_matching_reports_newest_published_first(self):
        response = self.client.get("/tim-kiem/feed/", {"q": "chinh sach tien luong"})
        self.assertEqual(response.status_code, 200)
        titles = [e["title"] for e in parse_atom(response)[1]]
        self.assertEqual(titles, [self.old_conference.title, self.recent.title])

    def test_search_feed_keeps_the_filters(self):
        response = self.client.get(
            "/tim-kiem/feed/", {"q": "chinh sach tien luong", "province": "hai-phong"}
        )
        self.assertEqual([e["title"] for e in parse_atom(response)[1]], [self.old_conference.title])
        # Typed filters too, and a bad value is dropped as on the page.
        response = self.client.get("/tim-kiem/feed/", {"q": 'tiền lương tỉnh:"Hải Phòng"'})
        self.assertEqual([e["title"] for e in parse_atom(response)[1]], [self.old_conference.title])
        response = self.client.get("/tim-kiem/feed/", {"q": "tiền lương", "year": "²"})
        self.assertEqual(len(parse_atom(response)[1]), 2)

    def test_the_search_page_links_its_feed_and_alert(self):
        html = self.client.get("/tim-kiem/", {"q": "tiền lương", "page": "1"}).content.decode()
        head = html.split("</head>")[0]
        self.assertIn('href="/tim-kiem/feed/?q=ti%E1%BB%81n+l%C6%B0%C6%A1ng"', head)
        self.assertIn(
            'class="feed-link" href="/tim-kiem/feed/?q=ti%E1%BB%81n+l%C6%B0%C6%A1ng"', html
        )
        self.assertIn('name="kind" value="search"', html)
        self.assertIn('name="key" value="q=ti%E1%BB%81n+l%C6%B0%C6%A1ng"', html)
        self.assertNotIn("feed-link", self.client.get("/tim-kiem/").content.decode())

    def test_an_alert_on_a_search_mails_only_new_matching_reports(self):
        response = self.client.post(
            "/theo-doi/",
            {
                "email": "doc@vidu.vn",
                "kind": "search",
                "key": "q=tien+luong&sort=newest&page=3",
                "frequency": "daily",
            },
        )
        self.assertEqual(response.status_code, 302)
        subscription = Subscription.objects.get()
        self.assertEqual(subscription.key, "q=tien+luong")
        self.assertIn("tien luong", subscription.title)
        link = next(w for w in mail.outbox[0].body.split() if "/theo-doi/xac-nhan/" in w)
        self.client.get(link.removeprefix("http://testserver"))

        fresh = make_report("Tiếp tục triển khai cải cách tiền lương", event_date="2019-01-01")
        make_report("Tiền thưởng cuối năm", event_date="2024-01-01")
        build_index()
        day = datetime.timedelta(days=1)
        Subscription.objects.update(sent_until=F("sent_until") - day)
        Report.objects.exclude(published_at=None).update(published_at=F("published_at") - day)
        mail.outbox.clear()
        counts = alert_mail.send_due(site_url="http://testserver")
        self.assertEqual(counts["sent"], 1)
        body = mail.outbox[0].body
        self.assertIn(fresh.title, body)
        for absent in (self.recent.title, self.one_word.title, "Tiền thưởng", "Bản nháp"):
            self.assertNotIn(absent, body)
        self.assertIn("http://testserver/tim-kiem/?q=tien+luong", body)
