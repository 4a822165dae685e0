"""The admin: staff only, every model's changelist and forms render, actions work."""

from django.contrib import admin
from django.contrib.auth.models import User
from django.db.models.fields.files import FieldFile
from django.test import TestCase
from django.urls import reverse

from archive import models
from search.models import IndexTask
from tests.factories import make_document, make_place, make_plenum, make_report


class AdminData(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.superuser = User.objects.create_superuser("quantri", password="mat-khau-dai-123")
        cls.plenum = make_plenum("XII", 7)
        make_document("26-NQ/TW", plenum=cls.plenum, subject="về cán bộ")
        make_place("Móng Cái", kind=models.Place.Kind.DISTRICT, parent="Quảng Ninh")
        cls.report = make_report(
            "Hội nghị quán triệt Nghị quyết 26",
            body="Nội dung đã làm sạch",
            original_text="VĂN BẢN GỐC nguyên văn\nLoading...",
            event_date="2018-06-29",
            documents=["26-NQ/TW"],
            plenums=["XII-7"],
            speakers=[("Trần Quốc Vượng", "Thường trực Ban Bí thư")],
            attendees=[("Phạm Minh Tấn", "Phó Bí thư")],
            connection_points=[("điểm cầu Móng Cái", "Móng Cái")],
            place="Quảng Ninh",
            photos=[{"image": "photos/1/a.jpg", "caption": "Quang cảnh"}],
        )
        cls.draft = make_report("Bản nháp", status=models.Report.Status.DRAFT)


class AdminAccessTests(AdminData):
    def test_anonymous_is_sent_to_login(self):
        for url in (
            reverse("admin:index"),
            reverse("admin:archive_report_changelist"),
            reverse("admin:archive_report_change", args=[self.report.pk]),
        ):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertTrue(response["Location"].startswith(reverse("admin:login")))

    def test_logged_in_non_staff_user_is_refused(self):
        user = User.objects.create_user("docgia", password="mat-khau-dai-123")
        self.client.force_login(user)
        response = self.client.get(reverse("admin:archive_report_changelist"))
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("admin:login")))


class AdminPagesTests(AdminData):
    def setUp(self):
        self.client.force_login(self.superuser)

    def test_every_archive_model_is_registered(self):
        from django.apps import apps

        for model in apps.get_app_config("archive").get_models():
            with self.subTest(model=model.__name__):
                self.assertTrue(admin.site.is_registered(model))

    def test_changelists_render_with_search_and_filters(self):
        for model in admin.site._registry:
            if model._meta.app_label != "archive":
                continue
            name = model._meta.model_name
            with self.subTest(model=name):
                url = reverse(f"admin:archive_{name}_changelist")
                self.assertEqual(self.client.get(url).status_code, 200)
                self.assertEqual(self.client.get(url, {"q": "26"}).status_code, 200)
                self.assertEqual(
                    self.client.get(reverse(f"admin:archive_{name}_add")).status_code, 200
                )

    def test_report_changelist_search_by_document_code(self):
        response = self.client.get(reverse("admin:archive_report_changelist"), {"q": "26-NQ/TW"})
        self.assertContains(response, self.report.title)
        self.assertNotContains(response, "Bản nháp</a>")
        self.assertEqual(response.context["cl"].result_count, 1)

    def test_report_change_form_shows_inlines_and_readonly_original(self):
        response = self.client.get(reverse("admin:archive_report_change", args=[self.report.pk]))
        self.assertEqual(response.status_code, 200)
        formsets = {fs.opts.model for fs in response.context["inline_admin_formsets"]}
        self.assertEqual(
            formsets,
            {
                models.ReportDocument,
                models.ReportPlenum,
                models.Appearance,
                models.ConnectionPoint,
                models.Photo,
            },
        )
        self.assertContains(response, "VĂN BẢN GỐC nguyên văn")
        self.assertNotContains(response, 'name="original_text"')
        self.assertNotContains(response, 'name="content_hash"')
        self.assertContains(response, "collapse")
        self.assertContains(response, "Trần Quốc Vượng")

    def test_term_change_form_has_plenum_inline(self):
        response = self.client.get(reverse("admin:archive_term_change", args=[self.plenum.term.pk]))
        formsets = {fs.opts.model for fs in response.context["inline_admin_formsets"]}
        self.assertIn(models.Plenum, formsets)

    def test_autocomplete_for_documents_works(self):
        response = self.client.get(
            reverse("admin:autocomplete"),
            {
                "term": "26",
                "app_label": "archive",
                "model_name": "reportdocument",
                "field_name": "document",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual([r["text"] for r in response.json()["results"]], ["26-NQ/TW"])

    def test_publish_and_unpublish_actions_change_status_and_queue_reindex(self):
        url = reverse("admin:archive_report_changelist")
        IndexTask.objects.all().delete()
        response = self.client.post(
            url,
            {"action": "publish", admin.helpers.ACTION_CHECKBOX_NAME: [self.draft.pk]},
            follow=True,
        )
        self.assertContains(response, "Đã xuất bản 1 bài.")
        self.draft.refresh_from_db()
        self.assertEqual(self.draft.status, models.Report.Status.PUBLISHED)
        # Feeds and e-mail alerts follow the moment a report became public.
        self.assertIsNotNone(self.draft.published_at)
        self.assertGreaterEqual(self.draft.published_at, self.draft.created_at)
        first_published = self.draft.published_at
        self.assertTrue(IndexTask.objects.filter(report_id=self.draft.pk).exists())

        response = self.client.post(
            url,
            {
                "action": "unpublish",
                admin.helpers.ACTION_CHECKBOX_NAME: [self.draft.pk, self.report.pk],
            },
            follow=True,
        )
        self.assertContains(response, "Đã chuyển về bản nháp 2 bài.")
        self.assertEqual(
            set(models.Report.objects.values_list("status", flat=True)),
            {models.Report.Status.DRAFT},
        )
        self.draft.refresh_from_db()
        self.assertEqual(self.draft.published_at, first_published)
        self.assertEqual(self.client.get(self.report.get_absolute_url()).status_code, 200)
        self.client.logout()
        self.assertEqual(self.client.get(self.report.get_absolute_url()).status_code, 404)

    def test_editing_a_report_keeps_original_text(self):
        url = reverse("admin:archive_report_change", args=[self.report.pk])
        response = self.client.get(url)
        # Re-post the form as rendered, changing only the title.
        form = response.context["adminform"].form
        data = {}
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            data[name] = "" if value is None else value
        data["title"] = "Tiêu đề đã sửa"
        data["event_date"] = "2018-06-29"
        for fs in response.context["inline_admin_formsets"]:
            formset = fs.formset
            data[f"{formset.prefix}-TOTAL_FORMS"] = formset.total_form_count()
            data[f"{formset.prefix}-INITIAL_FORMS"] = formset.initial_form_count()
            for inline_form in formset.forms:
                for name, field in inline_form.fields.items():
                    value = inline_form.initial.get(name, field.initial)
                    # File inputs are not re-posted: the stored file is kept.
                    if value is None or value is False or isinstance(value, FieldFile):
                        continue
                    data[inline_form.add_prefix(name)] = getattr(value, "pk", value)
        response = self.client.post(url, data)
        self.assertEqual(
            response.status_code,
            302,
            getattr(response, "context", None)
            and [
                response.context["adminform"].form.errors,
                [fs.formset.errors for fs in response.context["inline_admin_formsets"]],
            ],
        )
        self.report.refresh_from_db()
        self.assertEqual(self.report.title, "Tiêu đề đã sửa")
        self.assertEqual(self.report.original_text, "VĂN BẢN GỐC nguyên văn\nLoading...")
        self.assertEqual(self.report.appearances.count(), 2)
