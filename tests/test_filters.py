"""One filter system: the report list and search read a filter value the same
way, bad values get a message (400 in the API), never a server error."""

import time

from django.test import TestCase

from archive import filters
from archive.models import Place
from search import engine, indexing
from tests.factories import make_place, make_plenum, make_report


class FilterData(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_plenum("XII", 7)
        cls.quang_ninh = make_place("Quảng Ninh")
        cls.mong_cai = make_place("Móng Cái", kind=Place.Kind.DISTRICT, parent=cls.quang_ninh)
        cls.hue = make_place("Huế", historical_names="Thừa Thiên Huế\nTP Huế")
        cls.report = make_report(
            "Hội nghị quán triệt Nghị quyết Trung ương 7 khóa XII",
            body="Cán bộ chủ chốt học tập Nghị quyết 26-NQ/TW.",
            event_date="2018-06-29",
            subject_documents=["26-NQ/TW"],
            plenums=["XII-7"],
            speakers=[("Trần Quốc Vượng", "Thường trực Ban Bí thư", "")],
            connection_points=[("điểm cầu Thành ủy Móng Cái", cls.mong_cai)],
            format="online",
        )
        cls.other = make_report(
            "Hội nghị cán bộ tại Huế",
            body="Cán bộ Huế học tập chuyên đề.",
            event_date="2021-03-02",
            place=cls.hue,
            format="in_person",
        )

    def setUp(self):
        engine.reset()
        indexing.rebuild()

    def list_titles(self, **params):
        response = self.client.get("/bai/", params)
        self.assertEqual(response.status_code, 200)
        return [r.title for r in response.context["page"].object_list], response

    def search_ids(self, **params):
        response = self.client.get("/api/search/", {"q": "cán bộ", **params})
        self.assertEqual(response.status_code, 200, response.content[:300])
        return [r["id"] for r in response.json()["results"]]


class SameMeaningTests(FilterData):
    def test_a_value_means_the_same_on_the_list_and_in_search(self):
        cases = [
            {"year": "2018"},
            {"term": "khóa 12"},
            {"plenum": "xii-7"},
            {"document": "26-nq-tw"},
            {"province": "tỉnh Quảng Ninh"},
            {"province": "Thừa Thiên Huế"},
            {"speaker": "tran quoc vuong"},
            {"format": "trực tiếp"},
            {"type": "nghị quyết"},
        ]
        for params in cases:
            with self.subTest(params=params):
                titles, _ = self.list_titles(**params)
                ids = self.search_ids(**params)
                self.assertEqual(len(titles), 1)
                self.assertEqual(len(ids), 1)
                expected = self.report if titles[0] == self.report.title else self.other
                self.assertEqual(ids, [expected.pk])

    def test_a_district_finds_the_reports_of_its_province_in_search(self):
        self.assertEqual(self.search_ids(province="mong-cai"), [self.report.pk])
        data = self.client.get("/api/search/", {"q": "cán bộ", "province": "mong-cai"}).json()
        self.assertIn(["quang-ninh", 1], data["facets"]["province"])

    def test_typed_filters_resolve_like_url_parameters(self):
        for q in ("người:“Trần Quốc Vượng” cán bộ", "hội-nghị:XII-7 cán bộ", "loại:NQ cán bộ"):
            with self.subTest(q=q):
                data = self.client.get("/api/search/", {"q": q}).json()
                self.assertEqual([r["id"] for r in data["results"]], [self.report.pk])


class BadValueTests(FilterData):
    BAD = [
        {"year": "²"},
        {"year": "①"},
        {"year": "1899"},
        {"term": "²"},
        {"term": "1000000000"},
        {"term": "99999999999999999"},
        {"plenum": "xii-²"},
        {"plenum": "9999999999999999999999999"},
        {"province": "khong-co"},
        {"speaker": "Không Ai Cả"},
        {"document": "99-NQ/TW"},
        {"format": "bồ câu"},
    ]

    def test_bad_values_are_a_400_in_the_api_and_a_message_elsewhere(self):
        for params in self.BAD:
            with self.subTest(params=params):
                api = self.client.get("/api/search/", {"q": "cán bộ", **params})
                self.assertEqual(api.status_code, 400)
                self.assertTrue(api.json()["error"])
                page = self.client.get("/tim-kiem/", {"q": "cán bộ", **params})
                self.assertEqual(page.status_code, 200)
                self.assertTrue(page.context["errors"])
                self.assertEqual(len(page.context["results"].hits), 2)
                titles, listing = self.list_titles(**params)
                self.assertEqual(len(titles), 2)
                self.assertEqual(len(listing.context["filters"].errors), 1)

    def test_unicode_digits_and_huge_numbers_typed_in_the_query(self):
        for q in ("năm:²", "khoa:²", "khoa:1000000000", "hội-nghị:xii-99999999999"):
            with self.subTest(q=q):
                started = time.monotonic()
                response = self.client.get("/api/search/", {"q": f"{q} cán bộ"})
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.json()["count"], 2)
                self.assertLess(time.monotonic() - started, 2.0)

    def test_many_values_of_one_parameter_are_bounded(self):
        many = [f"khong-co-{i}" for i in range(500)]
        api = self.client.get("/api/search/", {"q": "cán bộ", "province": many})
        self.assertEqual(api.status_code, 400)
        page = self.client.get("/tim-kiem/", {"q": "cán bộ", "province": many})
        errors = page.context["errors"]
        self.assertIn(f"Chỉ dùng {filters.MAX_VALUES} giá trị đầu của bộ lọc địa phương.", errors)
        self.assertEqual(len(errors), filters.MAX_VALUES + 1)

    def test_control_characters_are_dropped_from_values(self):
        titles, _ = self.list_titles(province="quang-ninh\x00", year="\x002018\x1f")
        self.assertEqual(titles, [self.report.title])
        self.assertEqual(self.search_ids(province="quang-ninh\x00\x85"), [self.report.pk])


class ParserTests(TestCase):
    def test_years_terms_and_plenums_accept_ascii_digits_only(self):
        self.assertEqual(filters.parse_year("2018"), 2018)
        for value in ("²", "①", "٢٠١٨", "20180", "1899", "2101", ""):
            self.assertIsNone(filters.parse_year(value), value)
        self.assertEqual(filters.parse_term("khóa XIII"), "XIII")
        self.assertEqual(filters.parse_term("12"), "XII")
        for value in ("²", "XCIX", "1000000000", "40"):
            self.assertIsNone(filters.parse_term(value), value)
        self.assertEqual(filters.parse_plenum("xii-7"), ("XII", 7))
        for value in ("xii-²", "xii-x", "XII", "9999999999999999999999999"):
            self.assertIsNone(filters.parse_plenum(value), value)
