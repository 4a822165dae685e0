"""Report pages kept for anonymous readers (archive/page_cache.py): a kept page is
byte-identical to a fresh one, costs one query, and never outlives a change to the
report or to a related report it lists, nor shows a draft."""

from django.contrib.auth.models import User
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from archive.models import Appearance, Report
from search import indexing
from tests.factories import make_person, make_report


class PageCacheTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.report = make_report(
            "Hội nghị quán triệt Nghị quyết 26",
            body="Tỉnh ủy quán triệt Nghị quyết 26-NQ/TW.",
            event_date="2018-06-29",
            documents=["26-NQ/TW"],
            speakers=[("Trần Quốc Vượng", "Thường trực Ban Bí thư")],
        )
        cls.other = make_report("Bài cùng văn bản", event_date="2019-01-02", documents=["26-NQ/TW"])
        cls.url = cls.report.get_absolute_url()

    def setUp(self):
        # Related reports come from the index, which the worker keeps current.
        indexing.drain()

    def kept(self):
        """Request the page twice; the second answer must come from the cache."""
        first = self.client.get(self.url)
        self.assertEqual(first.status_code, 200)
        with self.assertNumQueries(1):
            second = self.client.get(self.url)
        self.assertEqual(second.status_code, 200)
        return first, second

    def test_kept_page_is_identical_and_costs_one_query(self):
        first, second = self.kept()
        self.assertEqual(second.content, first.content)
        for header in ("Content-Type", "Vary", "X-Frame-Options"):
            self.assertEqual(second.headers.get(header), first.headers.get(header), header)
        self.assertContains(second, 'href="/van-ban/26-nq-tw/"')
        self.assertContains(second, self.other.title)

    def test_edit_saved_through_the_orm_shows_on_the_next_request(self):
        self.kept()
        self.report.title = "Tiêu đề đã sửa"
        self.report.save()
        self.assertContains(self.client.get(self.url), "Tiêu đề đã sửa")

    def test_edit_from_another_process_shows_on_the_next_request(self):
        # update() sends no signal, as a save in another gunicorn worker would not
        # reach this one: the freshness query alone must see the new updated_at.
        self.kept()
        Report.objects.filter(pk=self.report.pk).update(
            body="Nội dung mới của bài.", updated_at=timezone.now()
        )
        response = self.client.get(self.url)
        self.assertContains(response, "Nội dung mới của bài.")
        self.assertNotContains(response, "Tỉnh ủy quán triệt")

    def test_unpublishing_gives_404_at_once(self):
        self.kept()
        # Even without touching updated_at: the status is part of the check.
        Report.objects.filter(pk=self.report.pk).update(status=Report.Status.DRAFT)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_deleted_report_gives_404_at_once(self):
        self.kept()
        self.report.delete()
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_deleted_related_report_leaves_the_page_at_once(self):
        self.kept()
        self.other.delete()
        self.assertNotContains(self.client.get(self.url), self.other.title)

    def test_unpublished_related_report_leaves_the_page_at_once(self):
        self.kept()
        Report.objects.filter(pk=self.other.pk).update(status=Report.Status.DRAFT)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, self.other.title)

    def test_renamed_related_report_shows_its_new_title(self):
        self.kept()
        Report.objects.filter(pk=self.other.pk).update(
            title="Tên mới của bài liên quan", updated_at=timezone.now()
        )
        self.assertContains(self.client.get(self.url), "Tên mới của bài liên quan")

    def test_relation_added_in_this_process_shows_on_the_next_request(self):
        self.kept()
        Appearance.objects.create(
            report=self.report,
            person=make_person("Phạm Minh Tấn"),
            role=Appearance.Role.ATTENDEE,
            position="Phó Bí thư Tỉnh ủy",
            order=5,
        )
        self.assertContains(self.client.get(self.url), "Phạm Minh Tấn")

    def test_wrong_slug_still_redirects_when_the_page_is_kept(self):
        self.kept()
        wrong = reverse("archive:report-detail", args=[self.report.pk, "sai-slug"])
        self.assertRedirects(self.client.get(wrong), self.url, status_code=301)

    def test_staff_neither_read_nor_fill_the_cache(self):
        staff = User.objects.create_user("bientap", password="x", is_staff=True)
        self.client.force_login(staff)
        self.client.get(self.url)
        response = self.client.get(self.url)
        # A rendered page has a template context; a kept one has none.
        self.assertIsNotNone(response.context)
        self.client.logout()
        self.assertIsNotNone(self.client.get(self.url).context)

    def test_draft_is_never_kept_and_staff_preview_still_works(self):
        draft = make_report("Bản nháp bí mật", status=Report.Status.DRAFT)
        url = draft.get_absolute_url()
        self.assertEqual(self.client.get(url).status_code, 404)
        staff = User.objects.create_user("bientap", password="x", is_staff=True)
        self.client.force_login(staff)
        self.assertContains(self.client.get(url), "Bản nháp")
        self.client.logout()
        self.assertEqual(self.client.get(url).status_code, 404)
