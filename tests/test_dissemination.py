"""Dissemination pages: the timeline and the province map, counted from the data."""

import csv
import datetime
import io
from collections import Counter

from django.test import TestCase

from archive import dissemination
from archive.models import Document, Place, Report
from tests.factories import (
    import_generated,
    load_reference,
    make_document,
    make_plenum,
    make_report,
)


class DocumentSpreadTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_reference()
        cls.doc = make_document("205-QĐ/TW", issue_date="2019-09-23")
        for title, date, level, place in (
            ("Toàn quốc", "2019-10-07", Report.Level.CENTRAL, "Hà Nội"),
            ("Hà Giang (nay thuộc Tuyên Quang)", "2019-10-20", Report.Level.PROVINCE, "Hà Giang"),
            ("Tuyên Quang", "2019-11-02", Report.Level.PROVINCE, "Tuyên Quang"),
            ("Móng Cái, một huyện của Quảng Ninh", "2020-03-02", Report.Level.DISTRICT, "Móng Cái"),
        ):
            cls.studying(title, date, level=level, place=Place.objects.get(name=place))
        make_report("Chỉ nhắc đến", event_date="2019-10-08", documents=[cls.doc])
        cls.studying(
            "Nháp", "2019-10-09", status=Report.Status.DRAFT, place=Place.objects.get(name="Cà Mau")
        )
        cls.studying("Không rõ nơi", "2021-01-01")

    @classmethod
    def studying(cls, title, event_date, **fields):
        return make_report(title, event_date=event_date, subject_documents=[cls.doc], **fields)

    def spread(self):
        return dissemination.build(Report.objects.studying(self.doc), self.doc.issue_date)

    def test_counts_weeks_from_the_issue_date_national_apart(self):
        spread = self.spread()
        self.assertEqual((spread.total, spread.national, spread.local), (5, 1, 4))
        self.assertEqual(spread.weeks[0].start, datetime.date(2019, 9, 23))  # a Monday
        by_week = {w.start: (w.national, w.local) for w in spread.weeks if w.total}
        self.assertEqual(
            by_week,
            {
                datetime.date(2019, 10, 7): (1, 0),
                datetime.date(2019, 10, 14): (0, 1),
                datetime.date(2019, 10, 28): (0, 1),
                datetime.date(2020, 3, 2): (0, 1),
            },
        )
        self.assertEqual(spread.later, 1)  # 2021 is past the 52 weeks shown

    def test_provinces_are_todays_with_old_names_and_districts_counted_in(self):
        spread = self.spread()
        self.assertEqual(len(spread.provinces), 34)
        rows = {row.place.name: row for row in spread.provinces}
        self.assertEqual((rows["Tuyên Quang"].reports, rows["Tuyên Quang"].days_after), (2, 27))
        self.assertEqual((rows["Hà Nội"].reports, rows["Hà Nội"].days_after), (1, 14))
        self.assertEqual(rows["Quảng Ninh"].reports, 1)
        self.assertEqual(rows["Cà Mau"].reports, 0)  # its only report is a draft
        self.assertEqual(spread.elsewhere, 1)
        self.assertEqual(len(spread.without_reports), 31)
        self.assertTrue(all(row.cell is not None for row in spread.provinces))
        self.assertEqual(len({row.cell for row in spread.provinces}), 34)  # no two share a cell

    def test_the_page_draws_both_charts_and_the_csv_has_the_same_figures(self):
        response = self.client.get(f"/van-ban/{self.doc.slug}/lan-toa/")
        self.assertEqual(response.status_code, 200)
        page = response.content.decode()
        self.assertEqual(page.count('<g class="province"'), 34)
        self.assertIn(
            'data-reports="2"><title>Tuyên Quang: 2 bài, hội nghị đầu tiên sau 27 ngày', page
        )
        self.assertEqual(page.count('<rect class="national"'), 1)
        self.assertEqual(page.count('<rect class="local"'), 3)
        self.assertIn("Chưa có bài nào", page)
        response = self.client.get(f"/van-ban/{self.doc.slug}/lan-toa/", {"dang": "csv"})
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        table = {r[0]: r[1:] for r in rows[1:35]}
        self.assertEqual(table["Tuyên Quang"], ["2", "2019-10-20", "27"])
        self.assertEqual(table["Cà Mau"], ["0", "", ""])

    def test_unknown_documents_are_404(self):
        self.assertEqual(self.client.get("/van-ban/999-nq-tw/lan-toa/").status_code, 404)


class GeneratedCorpusSpreadTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_reference()
        import_generated(300, seed=5)

    def test_every_documents_province_counts_match_the_reports(self):
        documents = Document.objects.filter(report_links__is_subject=True).distinct()
        self.assertGreater(documents.count(), 5)
        for document in documents:
            reports = Report.objects.studying(document).published()
            spread = dissemination.build(reports, document.issue_date)
            expected = Counter(
                r.organiser_place.province.name for r in reports if r.organiser_place_id
            )
            found = {row.place.name: row.reports for row in spread.provinces if row.reports}
            self.assertEqual(found, dict(expected), document.code)
            self.assertEqual(
                sum(w.total for w in spread.weeks) + spread.later + spread.undated, spread.total
            )

    def test_plenum_pages_render(self):
        plenum = make_plenum("XII", 7)
        response = self.client.get("/khoa/xii/hoi-nghi-7/lan-toa/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.context["spread"].total,
            Report.objects.about_plenums(type(plenum).objects.filter(pk=plenum.pk))
            .published()
            .count(),
        )


class HomePerMonthTests(TestCase):
    def test_home_page_charts_reports_per_month_with_empty_months(self):
        make_report("Một", event_date="2024-11-03")
        make_report("Hai", event_date="2024-11-20")
        make_report("Ba", event_date="2025-02-01")
        make_report("Nháp", event_date="2025-03-01", status=Report.Status.DRAFT)
        make_report("Không ngày")
        months = dissemination.per_month(Report.objects.all())["months"]
        self.assertEqual(
            months,
            [
                (datetime.date(2024, 11, 1), 2),
                (datetime.date(2024, 12, 1), 0),
                (datetime.date(2025, 1, 1), 0),
                (datetime.date(2025, 2, 1), 1),
            ],
        )
        page = self.client.get("/").content.decode()
        self.assertEqual(page.count('<g class="month">'), 4)
        self.assertIn("<title>11/2024: 2 bài</title>", page)
