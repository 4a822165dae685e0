"""Search through the real Whoosh index: relevance, facets, robustness, API."""

import pytest
from django.test import TestCase

from archive.models import Report
from search import engine, indexing
from tests.factories import make_report


def build_index():
    engine.reset()
    indexing.rebuild()


class SearchTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.mong_cai = make_report(
            "Móng Cái tham dự Hội nghị học tập Nghị quyết Trung ương 7 (khoá XII)",
            body="Từ điểm cầu chính đặt tại phòng họp Diên Hồng, Toà nhà Quốc hội. "
            "Nghị quyết số 26-NQ/TW về xây dựng đội ngũ cán bộ. Cải cách chính sách "
            "tiền lương đối với cán bộ, công chức.",
            event_date="2018-06-29",
            subject_documents=["26-NQ/TW", "27-NQ/TW"],
            plenums=["XII-7"],
            speakers=[("Trần Quốc Vượng", "Thường trực Ban Bí thư", "")],
            connection_points=[("điểm cầu Thành ủy Móng Cái", "Quảng Ninh")],
            format="online",
        )
        cls.hai_phong = make_report(
            "Hội nghị nghiên cứu Nghị quyết Hội nghị lần thứ 8 Ban Chấp hành Trung ương khóa XIII",
            body="Từ điểm cầu Trung ương tại Phòng họp Diên Hồng (Nhà Quốc hội). "
            "Tiếp tục đổi mới chính sách xã hội. Tiền lương, chính sách, cán bộ.",
            event_date="2023-12-04",
            plenums=["XIII-8"],
            connection_points=[("điểm cầu thành phố Hải Phòng", "Hải Phòng")],
            format="hybrid",
        )
        cls.quy_dinh = make_report(
            "Hội nghị trực tuyến quán triệt các quy định, hướng dẫn của Trung ương",
            body="Quy định 205-QĐ/TW của Bộ Chính trị về kiểm soát quyền lực trong công tác "
            "cán bộ; Hướng dẫn số 21-HD/BTCTW. <script>alert('x')</script>",
            event_date="2019-11-07",
            subject_documents=["205-QĐ/TW", "21-HD/BTCTW"],
            format="online",
        )
        cls.draft = make_report(
            "Bản nháp về Nghị quyết 26-NQ/TW",
            body="Diên Hồng",
            status=Report.Status.DRAFT,
            subject_documents=["26-NQ/TW"],
        )

    def setUp(self):
        build_index()

    def api(self, **params):
        response = self.client.get("/api/search/", params)
        self.assertEqual(response.status_code, 200, response.content[:300])
        return response.json()

    def ids(self, **params):
        return [r["id"] for r in self.api(**params)["results"]]


class RelevanceTests(SearchTestCase):
    def test_document_code_in_any_form_puts_the_report_about_it_first(self):
        for q in ("26-NQ/TW", "26-nq/tw", "26/NQ-TW", "nghi quyet 26", "NQ 26", "nghị quyết số 26"):
            with self.subTest(q=q):
                self.assertEqual(self.ids(q=q)[:1], [self.mong_cai.pk])

    def test_regulation_number_finds_its_report(self):
        for q in ("quy dinh 205", "Quy định 205", "205-QD/TW", "QĐ 205"):
            with self.subTest(q=q):
                self.assertEqual(self.ids(q=q), [self.quy_dinh.pk])

    def test_plenum_and_term_find_the_report_about_it(self):
        self.assertEqual(self.ids(q="trung uong 8 khoa 13"), [self.hai_phong.pk])
        self.assertEqual(self.ids(q="TW7 khoá 12"), [self.mong_cai.pk])
        self.assertEqual(self.ids(q="khóa XIII"), [self.hai_phong.pk])

    def test_unknown_code_returns_no_loosely_matching_reports(self):
        data = self.api(q="99-NQ/TW")
        self.assertEqual(data["count"], 0)
        self.assertEqual(data["unknown_document"], "99-NQ/TW")

    def test_unaccented_query_finds_accented_text(self):
        self.assertCountEqual(self.ids(q="dien hong"), [self.mong_cai.pk, self.hai_phong.pk])
        self.assertCountEqual(self.ids(q="Diên Hồng"), [self.mong_cai.pk, self.hai_phong.pk])

    def test_old_and_new_tone_placement_match(self):
        self.assertEqual(self.ids(q="tòa nhà quốc hội"), [self.mong_cai.pk])

    def test_phrase_ranks_reports_with_the_exact_phrase_first(self):
        self.assertEqual(self.ids(q="chính sách tiền lương")[0], self.mong_cai.pk)
        self.assertEqual(self.ids(q='"chinh sach tien luong"'), [self.mong_cai.pk])

    def test_drafts_are_never_found(self):
        self.assertNotIn(self.draft.pk, self.ids(q="26-NQ/TW"))
        self.assertNotIn(self.draft.pk, self.ids(q="ban nhap"))

    def test_no_report_with_all_words_falls_back_to_some_words(self):
        data = self.api(q="kiểm soát quyền lực zzzkhongco")
        self.assertTrue(data["relaxed"])
        self.assertEqual(data["results"][0]["id"], self.quy_dinh.pk)


class FacetTests(SearchTestCase):
    def test_facets_count_values_and_keep_names_whole(self):
        facets = self.api(q="cán bộ")["facets"]
        self.assertIn(["2018", 1], facets["year"])
        self.assertIn(["hai-phong", 1], facets["province"])
        self.assertIn(["26-NQ/TW", 1], facets["document"])
        self.assertIn(["XII-7", 1], facets["plenum"])

    def test_several_values_of_one_facet_are_or_and_facets_are_and(self):
        both = self.ids(q="cán bộ", year=["2018", "2023"])
        self.assertCountEqual(both, [self.mong_cai.pk, self.hai_phong.pk])
        self.assertEqual(
            self.ids(q="cán bộ", year=["2018", "2023"], format="hybrid"), [self.hai_phong.pk]
        )

    def test_a_facet_counts_ignore_its_own_selection(self):
        facets = self.api(q="cán bộ", year="2018")["facets"]
        self.assertIn(["2023", 1], facets["year"])

    def test_an_old_province_filter_finds_reports_of_todays_province(self):
        from tests.factories import make_place

        tuyen_quang = make_place("Tuyên Quang")
        ha_giang = make_place("Hà Giang", parent=tuyen_quang, current=False)
        report = make_report("Hội nghị tại Hà Giang", body="Cán bộ Hà Giang", place=ha_giang)
        build_index()
        self.assertEqual(self.ids(q="cán bộ", province="ha-giang"), [report.pk])
        self.assertEqual(self.ids(q="cán bộ", province="tuyen-quang"), [report.pk])

    def test_filters_typed_in_the_query(self):
        self.assertEqual(self.ids(q='tỉnh:"Hải Phòng" cán bộ'), [self.hai_phong.pk])
        self.assertEqual(self.ids(q="năm:2019"), [self.quy_dinh.pk])

    def test_sorting(self):
        self.assertEqual(
            self.ids(q="cán bộ", sort="newest"),
            [self.hai_phong.pk, self.quy_dinh.pk, self.mong_cai.pk],
        )
        self.assertEqual(
            self.ids(q="cán bộ", sort="oldest"),
            [self.mong_cai.pk, self.quy_dinh.pk, self.hai_phong.pk],
        )


class PageTests(SearchTestCase):
    def test_search_page_shows_results_snippets_and_keeps_the_query(self):
        response = self.client.get("/tim-kiem/", {"q": "dien hong"})
        self.assertContains(response, "<mark>Diên</mark> <mark>Hồng</mark>", html=False)
        self.assertContains(response, 'value="dien hong"')
        self.assertContains(response, "2 bài")

    def test_single_known_document_shows_its_card(self):
        response = self.client.get("/tim-kiem/", {"q": "quy dinh 205"})
        self.assertContains(response, 'class="document-card"')
        self.assertContains(response, "205-QĐ/TW")

    def test_a_plenum_query_shows_the_plenum_card(self):
        response = self.client.get("/tim-kiem/", {"q": "trung uong 7 khoa 12"})
        self.assertContains(response, "Hội nghị Trung ương 7 khóa XII")
        self.assertContains(response, "/khoa/xii/hoi-nghi-7/")

    def test_a_person_query_shows_the_person_card_with_positions(self):
        response = self.client.get("/tim-kiem/", {"q": "tran quoc vuong"})
        self.assertContains(response, 'aria-label="Nhân vật"')
        self.assertContains(response, "Thường trực Ban Bí thư")
        self.assertNotContains(
            self.client.get("/tim-kiem/", {"q": "quoc vuong"}), 'aria-label="Nhân vật"'
        )

    def test_snippets_are_escaped(self):
        response = self.client.get("/tim-kiem/", {"q": "alert"})
        self.assertNotContains(response, "<script>alert")
        self.assertContains(response, "&lt;script&gt;")

    def test_no_results_page_suggests_queries_that_return_results(self):
        response = self.client.get("/tim-kiem/", {"q": "kiểm soát", "year": "2018"})
        self.assertContains(response, "Không tìm thấy bài nào")
        self.assertContains(response, "bỏ các bộ lọc")

    def test_report_api_returns_extracted_data(self):
        data = self.client.get(f"/api/reports/{self.mong_cai.pk}/").json()
        self.assertEqual(data["speakers"][0]["name"], "Trần Quốc Vượng")
        self.assertEqual(sorted(d["code"] for d in data["documents"]), ["26-NQ/TW", "27-NQ/TW"])
        self.assertEqual(self.client.get(f"/api/reports/{self.draft.pk}/").status_code, 404)
        self.assertEqual(self.client.get("/api/reports/999999/").status_code, 404)


MALFORMED = [
    '"unbalanced',
    "AND",
    "OR *",
    "*",
    "\x00\x01\x1f",
    "x" * 10_000,
    "!!!???",
    "",
    "((",
    'năm:"',
    "tỉnh:",
    "page=2",
    "%",
    "'; DROP TABLE",
    "<script>",
    "nghị " * 3000,
]


class RobustnessTests(SearchTestCase):
    def test_malformed_queries_never_error(self):
        for q in MALFORMED:
            with self.subTest(q=q[:20]):
                self.assertEqual(self.client.get("/tim-kiem/", {"q": q}).status_code, 200)
                self.assertEqual(self.client.get("/api/search/", {"q": q}).status_code, 200)

    def test_bad_parameters_give_400_in_the_api_and_a_message_on_the_page(self):
        for params in (
            {"page": "abc"},
            {"page": "0"},
            {"page": "99999"},
            {"sort": "x"},
            {"year": "nineteen"},
            {"province": "x" * 500},
        ):
            with self.subTest(params=params):
                response = self.client.get("/api/search/", {"q": "cán bộ", **params})
                self.assertEqual(response.status_code, 400)
                self.assertIn("error", response.json())
                self.assertEqual(
                    self.client.get("/tim-kiem/", {"q": "cán bộ", **params}).status_code, 200
                )

    def test_only_punctuation_says_there_is_nothing_to_search(self):
        data = self.api(q="!!! ***")
        self.assertEqual(data["count"], 0)

    def test_deep_page_past_the_end_is_empty_not_an_error(self):
        data = self.api(q="cán bộ", page="40")
        self.assertEqual(data["results"], [])
        self.assertEqual(data["count"], 3)


class AccentRankingTests(TestCase):
    def test_exact_diacritics_rank_above_folded_matches(self):
        money = make_report("Về tiền bạc", body="Tiền lương và tiền thưởng của cán bộ.")
        progress = make_report("Về tiến bộ", body="Tiến lên, tiến bộ không ngừng của cán bộ.")
        build_index()

        def ids(q):
            data = self.client.get("/api/search/", {"q": q}).json()
            return [r["id"] for r in data["results"]]

        self.assertEqual(ids("tiến"), [progress.pk, money.pk])
        self.assertEqual(ids("tiền"), [money.pk, progress.pk])
        self.assertCountEqual(ids("tien"), [money.pk, progress.pk])


class QueueTests(TestCase):
    def test_saves_and_deletes_reach_the_index_through_the_queue(self):
        build_index()
        report = make_report("Hội nghị về chuyển đổi số", body="Chuyển đổi số quốc gia")
        indexing.drain()
        self.assertEqual(
            [
                r["id"]
                for r in self.client.get("/api/search/", {"q": "chuyen doi so"}).json()["results"]
            ],
            [report.pk],
        )
        report.status = Report.Status.DRAFT
        report.save()
        indexing.drain()
        self.assertEqual(self.client.get("/api/search/", {"q": "chuyen doi so"}).json()["count"], 0)
        report.status = Report.Status.PUBLISHED
        report.save()
        indexing.drain()
        self.assertEqual(self.client.get("/api/search/", {"q": "chuyen doi so"}).json()["count"], 1)
        report.delete()
        indexing.drain()
        self.assertEqual(self.client.get("/api/search/", {"q": "chuyen doi so"}).json()["count"], 0)

    def test_haystack_management_commands_work_with_our_engine(self):
        from django.core.management import call_command

        report = make_report("Hội nghị về nông thôn mới", body="Nông thôn mới")
        call_command("rebuild_index", "--noinput", verbosity=0)
        engine.reset()
        self.assertEqual(self.client.get("/api/search/", {"q": "nong thon"}).json()["count"], 1)
        report.body = "Nông thôn mới và đô thị văn minh"
        report.save()
        call_command("update_index", verbosity=0)
        self.assertEqual(self.client.get("/api/search/", {"q": "do thi"}).json()["count"], 1)

    def test_rebuild_swaps_generations_and_keeps_serving(self):
        make_report("Hội nghị về kinh tế biển", body="Kinh tế biển")
        build_index()
        before = self.client.get("/api/search/", {"q": "kinh te bien"}).json()["count"]
        indexing.rebuild()
        after = self.client.get("/api/search/", {"q": "kinh te bien"}).json()["count"]
        self.assertEqual(before, after)
        self.assertEqual(after, 1)


@pytest.mark.parametrize("q", MALFORMED, ids=range(len(MALFORMED)))
def test_parse_request_never_raises(q):
    from django.http import QueryDict

    from search.request import parse_request

    params = QueryDict(mutable=True)
    params["q"] = q
    req, _ = parse_request(params)
    assert req.page == 1


class RebuildQueueTests(TestCase):
    def test_a_rebuild_takes_over_the_tasks_queued_before_it(self):
        from search.models import IndexTask

        make_report("Hội nghị về biển đảo", body="Biển đảo")
        self.assertTrue(IndexTask.objects.exists())
        build_index()
        self.assertFalse(IndexTask.objects.exists())
        self.assertEqual(self.client.get("/api/search/", {"q": "bien dao"}).json()["count"], 1)


class RelatedReportsTests(TestCase):
    def test_related_reports_rank_by_shared_documents_then_plenum_then_date(self):
        from archive import views

        reports = [
            make_report(
                f"Bài {i}", event_date=f"201{i}-01-01", subject_documents=docs, plenums=plenums
            )
            for i, (docs, plenums) in enumerate(
                [
                    (["26-NQ/TW", "27-NQ/TW"], ["XII-7"]),
                    (["26-NQ/TW"], []),
                    (["26-NQ/TW", "27-NQ/TW"], []),
                    (["28-NQ/TW"], ["XII-7"]),
                    (["205-QĐ/TW"], []),
                    ([], ["XII-7"]),
                ]
            )
        ]
        draft = make_report("Bản nháp", subject_documents=["26-NQ/TW"], status=Report.Status.DRAFT)

        def related(report):
            links = list(report.document_links.select_related("document"))
            plenums = list(report.plenum_links.select_related("plenum__term"))
            return [r.pk for r in views._related_reports(report, links, plenums)]

        build_index()
        expected = {0: [2, 1, 5, 3], 1: [2, 0], 2: [0, 1], 3: [5, 0], 4: [], 5: [3, 0]}
        for i, order in expected.items():
            with self.subTest(report=i):
                self.assertEqual(related(reports[i]), [reports[j].pk for j in order])
        # A draft (staff preview) is not in the index; its links still rank.
        self.assertEqual(related(draft), [reports[2].pk, reports[1].pk, reports[0].pk])
