"""Ranking by what the archive knows a query is about: a person's or a
province's own reports first, a plenum's tagged reports before those whose
text names it, a document's citations before the reports of the plenum that
passed it (search/clauses.py ``tiers``). Each test fails without its tier."""

import datetime

from django.test import TestCase

from archive.models import Document, Place
from search import engine, indexing
from tests.factories import make_document, make_place, make_plenum, make_report

FILLER = "Hội nghị quán triệt nghị quyết được tổ chức trực tuyến tới các điểm cầu. "


class Api:
    def search(self, q):
        return self.client.get("/api/search/", {"q": q}).json()

    def ids(self, q):
        return [r["id"] for r in self.search(q)["results"]]


class PersonAndPlaceTests(Api, TestCase):
    @classmethod
    def setUpTestData(cls):
        # Both pairs of the name ("phạm minh", "minh chính"), again and again,
        # from two other people: proximity alone ranks this one first.
        cls.namesakes = make_report(
            "Phạm Minh Tấn và Lê Minh Chính dự hội nghị",
            body=(
                "Đồng chí Phạm Minh Tấn chủ trì; đồng chí Lê Minh Chính phát biểu về chính "
                "sách cán bộ. Phạm Minh Tấn, Lê Minh Chính cùng dự. " * 4
            ),
            speakers=[("Phạm Minh Tấn", "Phó Bí thư Thường trực Tỉnh ủy", "")],
        )
        cls.spoke = make_report(
            "Hội nghị cán bộ toàn quốc",
            body=FILLER * 15 + "Thủ tướng Phạm Minh Chính phát biểu chỉ đạo. " + FILLER * 15,
            speakers=[("Phạm Minh Chính", "Thủ tướng Chính phủ", "")],
        )
        hai_phong = make_place("Hải Phòng", kind=Place.Kind.CITY)
        quang_ninh = make_place("Quảng Ninh")
        # Names Hải Phòng often, held in Quảng Ninh.
        cls.names_place = make_report(
            "Đoàn Hải Phòng thăm Quảng Ninh",
            body="Đoàn cán bộ Hải Phòng học tập kinh nghiệm; Hải Phòng và Quảng Ninh ký kết. " * 4,
            place=quang_ninh,
        )
        cls.held_there = make_report(
            "Hội nghị cán bộ chủ chốt",
            body=FILLER * 15 + "Thành ủy Hải Phòng tổ chức hội nghị. " + FILLER * 15,
            place=hai_phong,
        )

    def setUp(self):
        engine.reset()
        indexing.rebuild()

    def test_a_known_persons_name_ranks_his_reports_first(self):
        for q in ("Phạm Minh Chính", "pham minh chinh"):
            with self.subTest(q=q):
                self.assertEqual(self.ids(q), [self.spoke.pk, self.namesakes.pk])

    def test_a_provinces_name_ranks_its_reports_first(self):
        for q in ("Hải Phòng", "hai phong"):
            with self.subTest(q=q):
                self.assertEqual(self.ids(q), [self.held_there.pk, self.names_place.pk])

    def test_a_name_inside_a_longer_query_is_not_boosted(self):
        # "chính sách" is a topic: no person card, no tier, the texts decide.
        self.assertEqual(self.ids("Phạm Minh Chính chính sách")[:1], [self.namesakes.pk])


class PlenumTests(Api, TestCase):
    @classmethod
    def setUpTestData(cls):
        # Tagged by staff; their texts name the plenum in no form we read.
        cls.tagged = [
            make_report(
                f"Quán triệt nghị quyết mới của Trung ương ({n})",
                body="Hội nghị quán triệt nghị quyết mới của Trung ương. " + FILLER * 20,
                plenums=["XI-10"],
            )
            for n in range(3)
        ]
        # Not tagged (extraction missed them, or staff removed the tag), and
        # with more of the query's words than the tagged report.
        cls.roman = make_report(
            "Nghị quyết Trung ương 10 khóa XI, nghị quyết trung ương",
            body="Nghị quyết nghị quyết. Quán triệt nghị quyết Hội nghị lần thứ X Ban Chấp "
            "hành Trung ương khóa XI về văn hóa. Nghị quyết Trung ương 10 khóa XI, Trung ương "
            "10 khóa XI, HNTW 10 khóa XI, nghị quyết trung ương.",
        )
        cls.short = make_report(
            "Chi bộ học nghị quyết",
            body="Nghị quyết nghị quyết: các nghị quyết HNTW 10 khóa XI. Nghị quyết trung ương.",
        )
        cls.digits = make_report(
            "Nghị quyết trung ương",
            body="Đảng ủy học tập văn kiện Trung ương 10 khóa 11 và nghị quyết trung ương.",
        )
        cls.other = make_report(
            "Quán triệt Nghị quyết Trung ương 9",
            body="Nghị quyết Hội nghị Trung ương 9 khóa XI và mười nghị quyết trung ương khác.",
            plenums=["XI-9"],
        )

    def setUp(self):
        engine.reset()
        indexing.rebuild()

    def test_tagged_reports_first_then_those_whose_text_names_it(self):
        for q in ("nghị quyết trung ương 10 khóa XI", "HNTW 10 khoa 11", "trung uong 10 khoa XI"):
            with self.subTest(q=q):
                ids = self.ids(q)
                self.assertEqual(set(ids[:3]), {r.pk for r in self.tagged}, q)
                self.assertEqual(set(ids[3:]), {self.roman.pk, self.short.pk, self.digits.pk})

    def test_the_plenum_is_marked_as_the_text_writes_it(self):
        snippets = {r["id"]: r["snippet"] for r in self.search("trung ương 10 khóa XI")["results"]}
        self.assertIn(
            "<mark>Hội nghị lần thứ X Ban Chấp hành Trung ương khóa XI</mark>",
            snippets[self.roman.pk],
        )
        self.assertIn("<mark>HNTW 10 khóa XI</mark>", snippets[self.short.pk])
        self.assertIn("<mark>Trung ương 10 khóa 11</mark>", snippets[self.digits.pk])

    def test_a_plenum_filter_still_counts_tags_only(self):
        data = self.client.get("/api/search/", {"q": "nghị quyết", "plenum": "XI-10"}).json()
        self.assertEqual({r["id"] for r in data["results"]}, {r.pk for r in self.tagged})


class DocumentThroughPlenumTests(Api, TestCase):
    @classmethod
    def setUpTestData(cls):
        make_document("19-NQ/TW", plenum="XII-6")
        make_document("18-NQ/TW", plenum="XII-6")
        cls.cites = make_report(
            "Quán triệt Nghị quyết 19-NQ/TW",
            body="Quán triệt Nghị quyết số 19-NQ/TW về đơn vị sự nghiệp công lập. " + FILLER,
            documents=["19-NQ/TW"],
        )
        cls.about_plenum = make_report(
            "Quán triệt Nghị quyết Hội nghị Trung ương 6 khóa XII",
            body="Hội nghị quán triệt các nghị quyết Hội nghị Trung ương 6 khóa XII. " + FILLER,
            plenums=["XII-6"],
        )
        # Names the plenum in passing, about another one: not a report about it.
        cls.in_passing = make_report(
            "Quán triệt Nghị quyết Trung ương 7 khóa XII",
            body="Như Nghị quyết Trung ương 6 khóa XII đã nêu, Trung ương 7 khóa XII bàn tiếp.",
            plenums=["XII-7", "XII-6"],
        )
        cls.short_form = make_report(
            "Học tập Nghị quyết 18 về tinh gọn bộ máy",
            body="Chi bộ học tập Nghị quyết số 18 của Trung ương về tinh gọn bộ máy (NQ 18). "
            + FILLER,
        )
        cls.local = make_report(
            "Tỉnh ủy ban hành Nghị quyết số 18-NQ/TU",
            body="Tỉnh ủy ban hành Nghị quyết số 18-NQ/TU về phát triển du lịch. " + FILLER,
            documents=["18-NQ/TU"],
        )
        cls.unknown_number = make_report(
            "Hội nghị về Quy định 999",
            body="Quán triệt Quy định 999 của Bộ Chính trị. " + FILLER,
        )

    def setUp(self):
        engine.reset()
        indexing.rebuild()

    def test_citations_first_then_reports_about_the_plenum_that_passed_it(self):
        results = self.search("19-NQ/TW")["results"]
        self.assertEqual([r["id"] for r in results], [self.cites.pk, self.about_plenum.pk])
        self.assertEqual([r["via"] for r in results], [None, "qua Hội nghị Trung ương 6 khóa XII"])

    def test_the_page_marks_how_a_report_was_found(self):
        page = self.client.get("/tim-kiem/", {"q": "nghị quyết 19"}).content.decode()
        self.assertEqual(page.count("qua Hội nghị Trung ương 6 khóa XII"), 1)
        self.assertLess(page.index(self.cites.title), page.index(self.about_plenum.title))

    def test_an_uncited_number_says_so_and_finds_its_short_forms_then_its_plenum(self):
        data = self.search("18-NQ/TW")
        self.assertTrue(data["document_uncited"])
        self.assertEqual(
            [r["id"] for r in data["results"]], [self.short_form.pk, self.about_plenum.pk]
        )
        self.assertIn("<mark>Nghị quyết số 18</mark>", data["results"][0]["snippet"])
        self.assertIn("<mark>NQ 18</mark>", data["results"][0]["snippet"])
        page = self.client.get("/tim-kiem/", {"q": "18-NQ/TW"}).content.decode()
        self.assertIn("Chưa bài nào trong kho dẫn văn bản", page)

    def test_an_unknown_number_says_so_and_finds_its_short_forms(self):
        data = self.search("999-QĐ/TW")
        self.assertEqual(data["unknown_document"], "999-QĐ/TW")
        self.assertEqual([r["id"] for r in data["results"]], [self.unknown_number.pk])
        page = self.client.get("/tim-kiem/", {"q": "999-QĐ/TW"}).content.decode()
        self.assertIn("Kho chưa có văn bản", page)
        self.assertIn("Quy định 999", page)

    def test_a_cited_number_shows_no_short_form_of_other_issuers(self):
        self.assertEqual(self.ids("18-NQ/TU"), [self.local.pk])


class EditionsThroughPlenumTests(Api, TestCase):
    """A number two terms used (27-NQ/TW of 2018, Trung ương 7 khóa XII, and of
    2022, Trung ương 6 khóa XIII) finds the reports about either plenum, each
    marked with its own."""

    @classmethod
    def setUpTestData(cls):
        of_2018 = Document.objects.create(
            code="27-NQ/TW", issue_date=datetime.date(2018, 5, 21), plenum=make_plenum("XII", 7)
        )
        Document.objects.create(
            code="27-NQ/TW", issue_date=datetime.date(2022, 11, 9), plenum=make_plenum("XIII", 6)
        )
        cls.cites = make_report(
            "Quán triệt Nghị quyết 27-NQ/TW về cải cách tiền lương",
            body="Quán triệt Nghị quyết số 27-NQ/TW ngày 21/5/2018 về tiền lương. " + FILLER,
            documents=[of_2018],
            event_date="2018-07-02",
        )
        cls.about_xii_7 = make_report(
            "Học tập các nghị quyết Hội nghị Trung ương 7 khóa XII",
            body="Hội nghị học tập các nghị quyết Hội nghị Trung ương 7 khóa XII. " + FILLER,
            plenums=["XII-7"],
            event_date="2018-06-20",
        )
        cls.about_xiii_6 = make_report(
            "Học tập các nghị quyết Hội nghị Trung ương 6 khóa XIII",
            body="Hội nghị học tập các nghị quyết Hội nghị Trung ương 6 khóa XIII. " + FILLER,
            plenums=["XIII-6"],
            event_date="2022-12-15",
        )

    def setUp(self):
        engine.reset()
        indexing.rebuild()

    def test_both_editions_plenums_follow_the_citations_each_marked_with_its_own(self):
        results = self.search("27-NQ/TW")["results"]
        self.assertEqual(results[0]["id"], self.cites.pk)
        via = {r["id"]: r["via"] for r in results[1:]}
        self.assertEqual(
            via,
            {
                self.about_xii_7.pk: "qua Hội nghị Trung ương 7 khóa XII",
                self.about_xiii_6.pk: "qua Hội nghị Trung ương 6 khóa XIII",
            },
        )
