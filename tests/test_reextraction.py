"""Re-extraction keeps staff corrections: it fills empty fields and adds
missing relations, and never changes or duplicates what is there."""

import datetime
from pathlib import Path

from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from archive import importing
from archive.models import Appearance, Report
from archive.reextraction import reextract

SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_9345fe1ab8f08101.txt"


class ReextractTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("loaddata", "reference", verbosity=0)

    def setUp(self):
        outcome = importing.import_text(SEED.read_text(encoding="utf-8"), publish=False)
        self.report = Report.objects.get(pk=outcome.report.pk)

    def counts(self):
        r = self.report
        return (
            r.document_links.count(),
            r.plenum_links.count(),
            r.appearances.count(),
            r.connection_points.count(),
        )

    def test_untouched_report_gets_nothing_new(self):
        before = self.counts()
        self.assertEqual(reextract(self.report), [])
        self.assertEqual(self.counts(), before)

    def test_staff_corrections_are_kept(self):
        r = self.report
        r.title = "Tiêu đề do biên tập viên sửa"
        r.event_date = datetime.date(2018, 6, 30)
        r.date_precision = Report.DatePrecision.EXACT
        r.organiser = "Ban Tuyên giáo Thành ủy Móng Cái"
        r.body = "Nội dung đã biên tập."
        r.save()
        speaker = r.appearances.get(person__name="Trần Quốc Vượng")
        speaker.position = "Thường trực Ban Bí thư (đã sửa)"
        speaker.role = Appearance.Role.CHAIR  # staff moved him to chair
        speaker.save()
        before = self.counts()

        reextract(r)

        r.refresh_from_db()
        self.assertEqual(r.title, "Tiêu đề do biên tập viên sửa")
        self.assertEqual(r.event_date, datetime.date(2018, 6, 30))
        self.assertEqual(r.date_precision, Report.DatePrecision.EXACT)
        self.assertEqual(r.organiser, "Ban Tuyên giáo Thành ủy Móng Cái")
        self.assertEqual(r.body, "Nội dung đã biên tập.")
        self.assertEqual(self.counts(), before)
        speaker.refresh_from_db()
        self.assertEqual(speaker.position, "Thường trực Ban Bí thư (đã sửa)")
        self.assertEqual(r.appearances.filter(person__name="Trần Quốc Vượng").count(), 1)

    def test_empty_fields_and_missing_relations_are_filled(self):
        r = self.report
        full = self.counts()
        extracted_date, extracted_format = r.event_date, r.format
        r.event_date = None
        r.date_precision = Report.DatePrecision.UNKNOWN
        r.format = ""
        r.save()
        r.document_links.filter(document__code="27-NQ/TW").delete()
        r.connection_points.all().delete()

        changes = reextract(r)

        r.refresh_from_db()
        self.assertEqual((r.event_date, r.format), (extracted_date, extracted_format))
        self.assertNotEqual(r.date_precision, Report.DatePrecision.UNKNOWN)
        self.assertEqual(self.counts(), full)
        self.assertIn("1 văn bản", changes)
        self.assertTrue(r.document_links.filter(document__code="27-NQ/TW").exists())


class ReextractActionTests(TestCase):
    def test_admin_action_reports_what_was_added(self):
        call_command("loaddata", "reference", verbosity=0)
        staff = User.objects.create_superuser("bientap", password="x")
        self.client.force_login(staff)
        report = importing.import_text(SEED.read_text(encoding="utf-8")).report
        report.connection_points.all().delete()
        response = self.client.post(
            reverse("admin:archive_report_changelist"),
            {"action": "reextract", "_selected_action": [report.pk]},
            follow=True,
        )
        self.assertContains(response, "Đã trích xuất lại 1 bài")
        self.assertContains(response, "2 điểm cầu")
        self.assertEqual(report.connection_points.count(), 2)
