"""The engine-agnostic search path (search/generic.py), driven through the
stock haystack Whoosh engine: what runs when SEARCH_URL picks another engine."""

import tempfile

from django.test import TestCase, override_settings
from haystack import connections

from archive.conferences import Conference
from search import indexing
from tests.factories import make_report


class GenericEngineTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.report = make_report(
            "Hội nghị quán triệt Nghị quyết 26-NQ/TW",
            body="Cải cách chính sách tiền lương đối với cán bộ.",
            event_date="2018-06-29",
            subject_documents=["26-NQ/TW"],
        )
        cls.other = make_report(
            "Hội nghị về chuyển đổi số", body="Chuyển đổi số quốc gia.", event_date="2020-01-01"
        )
        conference = Conference.objects.create(title="Hội nghị chuyển đổi số", status="confirmed")
        cls.same_event = [
            make_report(
                f"Chuyển đổi số trong cơ quan Đảng, bài {n}",
                body="Chuyển đổi số. " * (3 - n),
                event_date="2021-03-0" + str(n + 1),
                conference=conference,
            )
            for n in range(2)
        ]

    def setUp(self):
        path = tempfile.mkdtemp(prefix="stock-whoosh-")
        stock = {
            "default": {"ENGINE": "haystack.backends.whoosh_backend.WhooshEngine", "PATH": path}
        }
        self.override = override_settings(HAYSTACK_CONNECTIONS=stock)
        self.override.enable()
        connections.connections_info = stock
        connections.reload("default")
        indexing.rebuild()

    def tearDown(self):
        self.override.disable()
        from django.conf import settings

        connections.connections_info = settings.HAYSTACK_CONNECTIONS
        connections.reload("default")

    def test_words_codes_and_bad_input_work_on_another_engine(self):
        data = self.client.get("/api/search/", {"q": "tiền lương"}).json()
        self.assertEqual([r["id"] for r in data["results"]], [self.report.pk])
        data = self.client.get("/api/search/", {"q": "tiền lương"}).json()
        self.assertEqual(data["results"][0]["conference"], None)
        for q in ('"unbalanced', "AND OR *", "x" * 10_000, ""):
            self.assertEqual(self.client.get("/tim-kiem/", {"q": q}).status_code, 200)

    def test_a_conferences_reports_are_one_entry_on_another_engine_too(self):
        data = self.client.get("/api/search/", {"q": "chuyển đổi", "sort": "newest"}).json()
        self.assertEqual((data["count"], data["entries"]), (3, 2))
        first, *rest = self.same_event[::-1]  # newest first
        self.assertEqual([r["id"] for r in data["results"]], [first.pk, self.other.pk])
        self.assertEqual(data["results"][0]["grouped_ids"], [r.pk for r in rest])
        self.assertEqual(data["results"][0]["conference"]["report_count"], 2)
        flat = self.client.get("/api/search/", {"q": "chuyển đổi", "group": "0"}).json()
        self.assertEqual((flat["count"], flat["entries"], len(flat["results"])), (3, 3, 3))
