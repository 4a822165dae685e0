"""Search results group the reports of one conference under its best-ranked
report, on the page and in the API, with pages and counts that add up."""

import datetime
import math

from django.contrib.auth.models import User
from django.test import TestCase
from django.urls import reverse

from archive.conferences import Conference
from archive.models import Report
from search import engine, indexing
from search.request import PER_PAGE
from tests.factories import make_report

QUERY = "chuyển đổi số"


def _conference(title, status, n, *, day, drafts=0):
    conference = Conference.objects.create(
        title=title, status=status, event_date=datetime.date(2024, 5, day)
    )
    reports = [
        make_report(
            f"{title}: bài của báo {i}",
            # Fewer mentions further down: the reports rank in this order.
            body=" ".join([f"Đẩy mạnh {QUERY} trong các cơ quan Đảng."] * (n - i))
            + " Các đại biểu thảo luận.",
            event_date=datetime.date(2024, 5, day + (i % 2)),
            source_outlet=f"Báo {title} {i}",
            conference=conference,
        )
        for i in range(n)
    ]
    for i in range(drafts):
        make_report(
            f"{title}: bản nháp {i}",
            body=f"Bản nháp về {QUERY}.",
            status=Report.Status.DRAFT,
            conference=conference,
        )
    return conference, reports


class GroupedSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.confirmed, cls.confirmed_reports = _conference(
            "Hội nghị toàn quốc", Conference.Status.CONFIRMED, 4, day=6, drafts=1
        )
        cls.proposed, cls.proposed_reports = _conference(
            "Hội nghị tỉnh", Conference.Status.PROPOSED, 2, day=13
        )
        cls.rejected, cls.rejected_reports = _conference(
            "Không phải một hội nghị", Conference.Status.REJECTED, 2, day=20
        )
        cls.alone = [
            make_report(
                f"Bài riêng số {i}",
                body=f"Huyện {i} bàn về {QUERY}.",
                event_date=datetime.date(2023, 1 + i % 12, 1 + i),
            )
            for i in range(20)
        ]
        make_report("Không liên quan", body="Công tác dân vận.", event_date="2024-01-01")
        cls.matching = 4 + 2 + 2 + 20

    def setUp(self):
        engine.reset()
        indexing.rebuild()

    def api(self, **params):
        response = self.client.get("/api/search/", {"q": QUERY, **params})
        self.assertEqual(response.status_code, 200, response.content[:300])
        return response.json()

    def every_page(self, **params):
        first = self.api(**params)
        pages = [first] + [self.api(page=n, **params) for n in range(2, first["pages"] + 1)]
        return first, [r for page in pages for r in page["results"]]

    def test_each_conference_is_one_entry_and_pages_count_entries(self):
        first, results = self.every_page()
        folded = (4 - 1) + (2 - 1)  # the rejected conference groups nothing
        self.assertEqual(first["count"], self.matching)
        self.assertEqual(first["entries"], self.matching - folded)
        self.assertTrue(first["grouped"])
        self.assertEqual(first["pages"], math.ceil((self.matching - folded) / PER_PAGE))
        self.assertEqual(len(results), self.matching - folded)
        shown = [r["id"] for r in results]
        grouped = [pk for r in results for pk in r["grouped_ids"]]
        # Nothing lost, nothing twice: every matching report is shown or grouped, once.
        self.assertEqual(len(shown + grouped), len(set(shown + grouped)))
        _flat_first, flat = self.every_page(group="0")
        self.assertEqual(set(shown + grouped), {r["id"] for r in flat})

    def test_the_best_ranked_report_stands_for_its_conference_in_its_place(self):
        for sort in ("relevance", "newest", "oldest"):
            with self.subTest(sort=sort):
                _, results = self.every_page(sort=sort)
                _, flat = self.every_page(group="0", sort=sort)
                grouped = {pk for r in results for pk in r["grouped_ids"]}
                flat_order = [r["id"] for r in flat]
                self.assertEqual(
                    [r["id"] for r in results], [pk for pk in flat_order if pk not in grouped]
                )
                for r in results:
                    # The others follow in the order the flat list gives them.
                    if r["grouped_ids"]:
                        members = [pk for pk in flat_order if pk in {r["id"], *r["grouped_ids"]}]
                        self.assertEqual(members, [r["id"], *r["grouped_ids"]])

    def test_each_hit_carries_its_conference_and_the_grouped_ids(self):
        _, results = self.every_page()
        by_id = {r["id"]: r for r in results}
        lead = by_id[self.confirmed_reports[0].pk]
        self.assertEqual(
            lead["grouped_ids"], [r.pk for r in self.confirmed_reports[1:]]
        )  # ranked by how often they name the query; the draft is never there
        self.assertEqual(
            lead["conference"],
            {
                "id": self.confirmed.pk,
                "url": "http://testserver" + self.confirmed.get_absolute_url(),
                "title": self.confirmed.title,
                "status": "confirmed",
                "report_count": 4,
            },
        )
        proposed = by_id[self.proposed_reports[0].pk]
        self.assertEqual(proposed["conference"]["status"], "proposed")
        self.assertEqual(proposed["grouped_ids"], [self.proposed_reports[1].pk])
        for report in self.rejected_reports + self.alone:
            self.assertIsNone(by_id[report.pk]["conference"])
            self.assertEqual(by_id[report.pk]["grouped_ids"], [])
        # Ungrouped, each report stands alone but still says its conference.
        _, flat = self.every_page(group="0")
        flat = {r["id"]: r for r in flat}
        self.assertEqual(flat[self.confirmed_reports[2].pk]["conference"]["id"], self.confirmed.pk)
        self.assertEqual(flat[self.confirmed_reports[0].pk]["grouped_ids"], [])

    def test_a_filter_leaving_one_report_of_a_conference_groups_nothing_away(self):
        title = f"{self.confirmed.title}: bài của báo 2"
        data = self.api(q=f'"{title}"')
        hit = next(r for r in data["results"] if r["id"] == self.confirmed_reports[2].pk)
        self.assertEqual(hit["conference"]["id"], self.confirmed.pk)
        self.assertEqual(data["count"], data["entries"])

    def test_the_page_folds_the_others_under_the_first_without_script(self):
        response = self.client.get("/tim-kiem/", {"q": QUERY})
        page = response.content.decode()
        self.assertIn(f"{self.matching} bài, xếp thành {self.matching - 4} mục", page)
        self.assertIn("<summary>và 3 bài khác về hội nghị này</summary>", page)
        self.assertIn("<summary>và 1 bài khác về hội nghị này</summary>", page)
        self.assertIn(f'href="{self.confirmed.get_absolute_url()}"', page)
        for report in self.confirmed_reports:
            self.assertIn(f'href="{report.get_absolute_url()}"', page)
        self.assertIn("Báo Hội nghị toàn quốc 3", page)  # each folded report's outlet
        self.assertIn("group=0", page)
        flat = self.client.get("/tim-kiem/", {"q": QUERY, "group": "0"}).content.decode()
        self.assertNotIn("bài khác về hội nghị này", flat)
        self.assertIn('<input type="hidden" name="group" value="0">', flat)
        self.assertEqual(self.client.get("/api/search/", {"group": "x"}).status_code, 400)
        self.assertEqual(self.client.get("/tim-kiem/", {"group": "x"}).status_code, 200)

    def test_rejecting_a_conference_in_the_admin_ungroups_its_reports_at_once(self):
        self.assertEqual(self.api()["entries"], self.matching - 4)
        staff = User.objects.create_superuser("staff", "s@example.org", "pw-long-enough-1")
        self.client.force_login(staff)
        self.client.post(
            reverse("admin:archive_conference_changelist"),
            {"action": "reject", "_selected_action": [self.confirmed.pk]},
        )
        self.confirmed.refresh_from_db()
        self.assertEqual(self.confirmed.status, Conference.Status.REJECTED)
        self.assertEqual(self.api()["entries"], self.matching - 1)
