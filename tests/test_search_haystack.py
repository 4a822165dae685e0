"""haystack's SearchQuerySet over our own engine (search/engine/haystack_query.py),
on a real index: the API a scale-out engine would be driven through."""

import datetime

from django.test import TestCase
from haystack.exceptions import SearchBackendError
from haystack.inputs import Exact
from haystack.query import SQ, SearchQuerySet

from archive.models import Report
from search import engine, indexing
from tests.factories import make_report


class SearchQuerySetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.wages = make_report(
            "Hội nghị quán triệt Nghị quyết 26-NQ/TW",
            body="Cải cách chính sách tiền lương đối với cán bộ, công chức.",
            event_date="2018-06-29",
            subject_documents=["26-NQ/TW", "27-NQ/TW"],
            plenums=["XII-7"],
        )
        cls.cadres = make_report(
            "Học tập Nghị quyết 26 về cán bộ",
            body="Xây dựng đội ngũ cán bộ các cấp, nhất là cấp chiến lược.",
            event_date="2019-03-01",
            subject_documents=["26-NQ/TW"],
        )
        cls.digital = make_report(
            "Hội nghị về chuyển đổi số",
            body="Chuyển đổi số quốc gia; chính sách dữ liệu.",
            event_date="2020-01-01",
            subject_documents=["52-NQ/TW"],
            plenums=["XII-7"],
        )
        cls.draft = make_report(
            "Bản nháp về tiền lương", body="Tiền lương.", status=Report.Status.DRAFT
        )

    def setUp(self):
        engine.reset()
        indexing.rebuild()

    def pks(self, sqs):
        return [int(r.pk) for r in sqs]

    def test_filter_by_words_with_or_without_diacritics(self):
        for q in ("tiền lương", "tien luong"):
            with self.subTest(q=q):
                self.assertEqual(self.pks(SearchQuerySet().filter(content=q)), [self.wages.pk])
        both = SearchQuerySet().filter(content="cán bộ")
        self.assertEqual(sorted(self.pks(both)), sorted([self.wages.pk, self.cadres.pk]))
        self.assertEqual(both.count(), 2)

    def test_filter_by_keyword_facet_date_and_exclude(self):
        sqs = SearchQuerySet().filter(codes=Exact("26-NQ/TW"))
        self.assertEqual(sorted(self.pks(sqs)), sorted([self.wages.pk, self.cadres.pk]))
        self.assertEqual(self.pks(sqs.filter(year=2019)), [self.cadres.pk])
        self.assertEqual(self.pks(sqs.exclude(content="lương")), [self.cadres.pk])
        either = SearchQuerySet().filter(SQ(document="52-NQ/TW") | SQ(document="27-NQ/TW"))
        self.assertEqual(sorted(self.pks(either)), sorted([self.wages.pk, self.digital.pk]))
        recent = SearchQuerySet().filter(event_date__gte=datetime.date(2019, 1, 1))
        self.assertEqual(
            self.pks(recent.order_by("-event_date")), [self.digital.pk, self.cadres.pk]
        )
        self.assertEqual(
            self.pks(SearchQuerySet().all().order_by("event_date")),
            [self.wages.pk, self.cadres.pk, self.digital.pk],
        )

    def test_facet_counts_over_the_results(self):
        counts = SearchQuerySet().facet("year").facet("plenum").facet_counts()
        self.assertEqual(sorted(counts["fields"]["year"]), [("2018", 1), ("2019", 1), ("2020", 1)])
        self.assertEqual(counts["fields"]["plenum"], [("XII-7", 2)])
        narrowed = SearchQuerySet().filter(content="chính sách").facet("year")
        self.assertEqual(
            sorted(narrowed.facet_counts()["fields"]["year"]), [("2018", 1), ("2020", 1)]
        )
        self.assertEqual(self.pks(SearchQuerySet().narrow('year:"2020"')), [self.digital.pk])

    def test_auto_query_phrases_and_exclusions(self):
        self.assertEqual(
            self.pks(SearchQuerySet().auto_query('"chính sách tiền lương"')), [self.wages.pk]
        )
        self.assertEqual(self.pks(SearchQuerySet().auto_query('"tiền chính sách"')), [])
        self.assertEqual(
            self.pks(SearchQuerySet().auto_query("chinh sach -luong")), [self.digital.pk]
        )

    def test_results_load_their_reports(self):
        result = SearchQuerySet().filter(content="chuyển đổi số")[0]
        self.assertEqual(result.object, self.digital)
        self.assertGreater(result.score, 0)

    def test_more_like_this_is_the_related_reports_ranking(self):
        related = self.pks(SearchQuerySet().more_like_this(self.wages))
        # Two shared documents would rank first; one shared document beats a plenum.
        self.assertEqual(related, [self.cadres.pk, self.digital.pk])
        self.assertEqual(SearchQuerySet().more_like_this(self.wages).count(), 2)
        narrowed = SearchQuerySet().more_like_this(self.wages).filter(content="số")
        self.assertEqual(self.pks(narrowed), [self.digital.pk])

    def test_what_the_engine_cannot_do_is_an_error_not_an_empty_result(self):
        for sqs in (
            SearchQuerySet().filter(body="x"),
            SearchQuerySet().filter(year__startswith="20"),
            SearchQuerySet().order_by("title"),
            SearchQuerySet().facet("title"),
            SearchQuerySet().narrow("year:[2018 TO 2020]"),
        ):
            with self.subTest(query=str(sqs.query.query_filter)):
                with self.assertRaises(SearchBackendError):
                    sqs.count()
