"""Staff upload in the admin: text + photos → a draft report, or a clear
message and nothing saved. Also the photo inline, media serving and re-extraction."""

import io
import shutil
import struct
import tempfile
import zlib
from pathlib import Path
from unittest import mock

from django.contrib.auth.models import User
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase, override_settings
from django.urls import reverse
from PIL import Image

from archive.models import Photo, Report

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SEED = SEEDS / "000_9345fe1ab8f08101.txt"
UPLOAD_URL = "/quan-tri/archive/report/tai-len/"


def jpeg(size=(900, 600), color=(20, 120, 200), fmt="JPEG"):
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, fmt)
    return out.getvalue()


def png_claiming(width, height):
    """A few hundred bytes whose PNG header says width×height."""

    def chunk(kind, body):
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(bytes(500)))
        + chunk(b"IEND", b"")
    )


def upload_file(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


class MediaRootMixin:
    """Each test gets an empty MEDIA_ROOT, so "no files left behind" is checkable."""

    def setUp(self):
        super().setUp()
        self.media_root = tempfile.mkdtemp(prefix="media-")
        override = override_settings(MEDIA_ROOT=self.media_root)
        override.enable()
        self.addCleanup(override.disable)
        self.addCleanup(shutil.rmtree, self.media_root, ignore_errors=True)

    def media_files(self):
        return sorted(p for p in Path(self.media_root).rglob("*") if p.is_file())


class UploadTestCase(MediaRootMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.staff = User.objects.create_user("bientap", password="x", is_staff=True)
        cls.staff.is_superuser = True
        cls.staff.save()

    def setUp(self):
        super().setUp()
        self.client.force_login(self.staff)

    def post(self, **data):
        return self.client.post(UPLOAD_URL, data, follow=True)

    def assert_refused(self, response, message):
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, message)
        self.assertContains(response, 'id="upload-form"')
        self.assertEqual(Report.objects.count(), 0)
        self.assertEqual(Photo.objects.count(), 0)
        self.assertEqual(self.media_files(), [])


class UploadCreatesDraftTests(UploadTestCase):
    def test_seed_with_photo_becomes_a_draft_with_everything_extracted(self):
        response = self.post(
            text_file=upload_file(SEED.name, SEED.read_bytes(), "text/plain"),
            photos=[upload_file("a.jpg", jpeg()), upload_file("b.png", jpeg(fmt="PNG"))],
            captions="Quang cảnh hội nghị\n",
            source_url="https://example.org/bai-1",
        )
        report = Report.objects.get()
        self.assertRedirects(response, reverse("admin:archive_report_change", args=[report.pk]))
        self.assertEqual(report.status, Report.Status.DRAFT)
        self.assertTrue(report.title.startswith("Móng Cái tham dự Hội nghị"))
        self.assertEqual(str(report.event_date), "2018-06-29")
        self.assertEqual(report.original_text, SEED.read_text(encoding="utf-8"))
        self.assertEqual(report.original_filename, SEED.name)
        self.assertEqual(report.source_url, "https://example.org/bai-1")
        self.assertIn("26-NQ/TW", {d.code for d in report.documents.all()})
        message = str(list(response.context["messages"])[0])
        self.assertIn("Đã tạo bản nháp", message)
        self.assertIn("29/06/2018", message)
        self.assertIn(report.get_date_precision_display(), message)

        photos = list(report.photos.order_by("order"))
        self.assertEqual([p.caption for p in photos][:1], ["Quang cảnh hội nghị"])
        self.assertEqual((photos[0].width, photos[0].height), (900, 600))
        for photo in photos:
            for f in (photo.image, photo.display, photo.thumbnail):
                self.assertTrue(Path(f.path).is_file(), f.name)
                self.assertTrue(f.name.startswith(f"photos/{report.pk}/"))
        self.assertEqual(len(self.media_files()), 6)

    def test_photo_without_caption_takes_the_caption_line_found_in_the_text(self):
        self.post(
            text_file=upload_file(SEED.name, SEED.read_bytes()),
            photos=[upload_file("a.jpg", jpeg()), upload_file("b.jpg", jpeg())],
            captions="\nẢnh thứ hai do biên tập viên đặt",
        )
        first, second = Report.objects.get().photos.order_by("order")
        self.assertEqual(
            first.caption, "Quang cảnh hội nghị trực tuyến tại điểm cầu Thành ủy Móng Cái"
        )
        self.assertEqual(second.caption, "Ảnh thứ hai do biên tập viên đặt")

    def test_change_form_and_list_show_the_photo_thumbnail(self):
        self.post(
            text_file=upload_file(SEED.name, SEED.read_bytes()),
            photos=[upload_file("a.jpg", jpeg())],
        )
        report = Report.objects.get()
        thumb = report.photos.get().thumbnail.url
        change = self.client.get(reverse("admin:archive_report_change", args=[report.pk]))
        self.assertContains(change, thumb)
        listing = self.client.get(reverse("admin:archive_report_changelist"))
        self.assertContains(listing, thumb)
        self.assertContains(listing, "Tải lên bài mới")
        self.assertContains(listing, UPLOAD_URL)

    def test_pasted_text_in_tcvn3_is_converted(self):
        from tests.test_decoding_legacy import to_tcvn3

        text = SEED.read_text(encoding="utf-8")
        self.post(pasted_text=to_tcvn3(text))
        report = Report.objects.get()
        self.assertEqual(report.original_text.lower(), text.lower())
        self.assertIn("26-NQ/TW", {d.code for d in report.documents.all()})

    def test_docx_and_html_uploads(self):
        from tests.test_decoding_legacy import make_docx

        lines = SEEDS.joinpath("001_420b06cee1bf990f.txt").read_text(encoding="utf-8").split("\n")
        self.post(text_file=upload_file("bai.docx", make_docx(lines)))
        page = "<html><body><article>" + "".join(f"<p>{line}</p>" for line in lines)
        self.post(text_file=upload_file("bai.html", (page + "</article>").encode()))
        self.assertEqual(Report.objects.count(), 1)  # the same content twice: one report
        self.assertEqual(Report.objects.get().title, lines[0].strip())


class ReuseTests(UploadTestCase):
    def test_second_report_reuses_documents_and_people(self):
        from archive.models import Document, Person

        self.post(text_file=upload_file(SEED.name, SEED.read_bytes()))
        other = (
            "Huyện ủy Tiên Yên quán triệt Nghị quyết 26-NQ/TW\n\n"
            "Ngày 5/7/2018, Huyện ủy Tiên Yên tổ chức hội nghị quán triệt Nghị quyết số "
            "26-NQ/TW của Ban Chấp hành Trung ương Đảng khóa XII. Đồng chí Trần Quốc Vượng, "
            "Thường trực Ban Bí thư phát biểu chỉ đạo hội nghị.\n"
        )
        self.post(pasted_text=other)
        self.assertEqual(Report.objects.count(), 2)
        self.assertEqual(Document.objects.filter(code="26-NQ/TW").count(), 1)
        self.assertEqual(Document.objects.get(code="26-NQ/TW").reports.count(), 2)
        self.assertEqual(Person.objects.get(name="Trần Quốc Vượng").appearances.count(), 2)


class DuplicateTests(UploadTestCase):
    def test_same_content_again_points_to_the_existing_report(self):
        self.post(text_file=upload_file(SEED.name, SEED.read_bytes()))
        existing = Report.objects.get()
        # Same text, different line ends and spacing, plus a photo: still the same content.
        again = SEED.read_text(encoding="utf-8").replace("\n", "\r\n  ")
        response = self.post(pasted_text=again, photos=[upload_file("a.jpg", jpeg())])
        self.assertEqual(Report.objects.count(), 1)
        self.assertEqual(Photo.objects.count(), 0)
        self.assertEqual(self.media_files(), [])
        change_url = reverse("admin:archive_report_change", args=[existing.pk])
        self.assertRedirects(response, change_url)
        self.assertContains(response, "đã có trong kho")
        self.assertContains(response, f'href="{change_url}"')

    def test_same_title_and_date_is_created_and_flagged(self):
        text = SEED.read_text(encoding="utf-8")
        self.post(pasted_text=text)
        first = Report.objects.get()
        other = text.replace("hàng trăm điểm cầu", "hàng nghìn điểm cầu")
        response = self.post(pasted_text=other)
        self.assertEqual(Report.objects.count(), 2)
        second = Report.objects.exclude(pk=first.pk).get()
        self.assertEqual((second.title, second.event_date), (first.title, first.event_date))
        self.assertContains(response, "có thể trùng với bài")
        self.assertContains(response, reverse("admin:archive_report_change", args=[first.pk]))


class BadInputTests(UploadTestCase):
    def seed_file(self):
        return upload_file(SEED.name, SEED.read_bytes(), "text/plain")

    def test_nothing_chosen(self):
        self.assert_refused(self.post(), "Hãy chọn một tệp bài viết hoặc dán nội dung bài")

    def test_empty_file(self):
        self.assert_refused(self.post(text_file=upload_file("rong.txt", b"")), "rỗng")

    def test_whitespace_only_paste(self):
        self.assert_refused(self.post(pasted_text="   \n\n  "), "Hãy chọn một tệp")

    def test_binary_file(self):
        data = bytes(range(256)) * 40
        self.assert_refused(self.post(text_file=upload_file("bai.txt", data)), "nhị phân")

    def test_undecodable_text(self):
        data = bytes([0xC3, 0x28, 0xA9, 0xFE, 0x8F, 0xD0, 0x41]) * 50
        self.assert_refused(self.post(text_file=upload_file("bai.txt", data)), "bảng mã")

    def test_text_without_a_report_in_it(self):
        self.assert_refused(self.post(pasted_text="Loading...\nBÌNH LUẬN\n"), "tiêu đề")

    @override_settings(ARCHIVE_MAX_TEXT_BYTES=1000)
    def test_pasted_text_too_long(self):
        self.assert_refused(self.post(pasted_text=SEED.read_text(encoding="utf-8")), "quá dài")

    def test_file_and_pasted_text_together(self):
        self.assert_refused(
            self.post(text_file=self.seed_file(), pasted_text="Bài khác"), "không cả hai"
        )

    def test_unsupported_text_format(self):
        self.assert_refused(
            self.post(text_file=upload_file("bai.pdf", b"%PDF-1.4")), "không đúng định dạng"
        )

    @override_settings(ARCHIVE_MAX_TEXT_BYTES=1000)
    def test_text_file_too_large(self):
        self.assert_refused(self.post(text_file=self.seed_file()), "quá lớn")

    def test_text_renamed_jpg_as_photo(self):
        photo = upload_file("anh.jpg", "Không phải ảnh".encode(), "image/jpeg")
        self.assert_refused(
            self.post(text_file=self.seed_file(), photos=[photo]), "không phải là ảnh hợp lệ"
        )

    def test_hundred_megapixel_photo(self):
        photo = upload_file("bom.png", png_claiming(10_000, 10_000), "image/png")
        with mock.patch.object(Image.Image, "load", side_effect=AssertionError("decoded")):
            response = self.post(text_file=self.seed_file(), photos=[photo])
        self.assert_refused(response, "quá nhiều điểm ảnh")

    @override_settings(ARCHIVE_MAX_PHOTO_BYTES=5000)
    def test_photo_over_size_limit(self):
        photo = upload_file("lon.jpg", jpeg((1500, 1500)))
        self.assert_refused(self.post(text_file=self.seed_file(), photos=[photo]), "quá lớn")

    def test_gif_and_bmp_photos(self):
        for fmt in ("GIF", "BMP"):
            photo = upload_file(f"anh.{fmt.lower()}", jpeg(fmt=fmt))
            self.assert_refused(
                self.post(text_file=self.seed_file(), photos=[photo]), "không được nhận"
            )

    def test_truncated_photo(self):
        data = jpeg((1600, 1200))
        photo = upload_file("cut.jpg", data[: len(data) // 3])
        self.assert_refused(self.post(text_file=self.seed_file(), photos=[photo]), "bị hỏng")

    def test_one_bad_photo_among_good_ones_saves_nothing(self):
        photos = [
            upload_file("a.jpg", jpeg()),
            upload_file("b.jpg", b"GIF89a..."),
            upload_file("c.jpg", jpeg()),
        ]
        self.assert_refused(self.post(text_file=self.seed_file(), photos=photos), "b.jpg")

    def test_failure_while_storing_photos_rolls_back_rows_and_files(self):
        real_save = FileSystemStorage._save
        calls = []

        def failing_save(storage, name, content):
            calls.append(name)
            if len(calls) == 5:  # second photo, second file
                raise OSError("disk full")
            return real_save(storage, name, content)

        with mock.patch.object(FileSystemStorage, "_save", failing_save):
            response = self.post(
                text_file=self.seed_file(),
                photos=[upload_file("a.jpg", jpeg()), upload_file("b.jpg", jpeg())],
            )
        self.assertEqual(len(calls), 5)
        self.assert_refused(response, "chưa có gì được lưu")


class AccessTests(UploadTestCase):
    def test_anonymous_and_non_staff_cannot_upload(self):
        anonymous = Client()
        response = anonymous.get(UPLOAD_URL)
        self.assertEqual(response.status_code, 302)
        self.assertIn("/quan-tri/login/", response["Location"])
        user = User.objects.create_user("khach", password="x")
        anonymous.force_login(user)
        response = anonymous.post(UPLOAD_URL, {"pasted_text": SEED.read_text(encoding="utf-8")})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Report.objects.count(), 0)

    def test_post_without_csrf_token_is_refused(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.staff)
        response = client.post(UPLOAD_URL, {"pasted_text": SEED.read_text(encoding="utf-8")})
        self.assertEqual(response.status_code, 403)
        self.assertEqual(Report.objects.count(), 0)

    def test_upload_page_renders_with_csrf_token(self):
        response = self.client.get(UPLOAD_URL)
        self.assertContains(response, "csrfmiddlewaretoken")
        self.assertContains(response, 'enctype="multipart/form-data"')


class PhotoInlineAndMediaTests(UploadTestCase):
    def make_draft_with_photo(self):
        self.post(
            text_file=upload_file(SEED.name, SEED.read_bytes()),
            photos=[upload_file("a.jpg", jpeg())],
        )
        return Report.objects.get()

    def test_draft_photo_served_to_staff_only_published_to_everyone(self):
        report = self.make_draft_with_photo()
        url = report.photos.get().thumbnail.url
        self.assertTrue(url.startswith("/media/photos/"))
        with override_settings(DEBUG=False):
            self.assertEqual(Client().get(url).status_code, 404)
            staff_response = self.client.get(url)
            self.assertEqual(staff_response.status_code, 200)
            self.assertEqual(staff_response["Content-Type"], "image/jpeg")
            report.status = Report.Status.PUBLISHED
            report.save()
            public = Client().get(url)
            self.assertEqual(public.status_code, 200)
            self.assertEqual(b"".join(public.streaming_content)[:3], b"\xff\xd8\xff")

    def test_media_outside_photos_or_traversal_is_not_served(self):
        report = self.make_draft_with_photo()
        report.status = Report.Status.PUBLISHED
        report.save()
        Path(self.media_root, "secret.txt").write_text("x")
        for url in (
            "/media/secret.txt",
            f"/media/photos/{report.pk}/../../secret.txt",
            f"/media/photos/{report.pk}/%2e%2e%2fsecret.txt",
        ):
            self.assertEqual(Client().get(url).status_code, 404, url)

    def test_photo_added_in_inline_is_processed(self):
        report = self.make_draft_with_photo()
        photo = report.photos.get()
        url = reverse("admin:archive_report_change", args=[report.pk])
        data = self.inline_post_data(self.client.get(url))
        data.update(
            {
                "photos-TOTAL_FORMS": "2",
                "photos-1-report": str(report.pk),
                "photos-1-caption": "Ảnh thêm",
                "photos-1-order": "1",
                "photos-1-image": upload_file("moi.png", jpeg((2000, 1000), fmt="PNG")),
            }
        )
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302)
        added = report.photos.exclude(pk=photo.pk).get()
        self.assertEqual((added.width, added.height), (2000, 1000))
        self.assertEqual(Image.open(added.thumbnail.path).size, (320, 160))
        self.assertEqual(Image.open(added.display.path).size, (1600, 800))

    def test_bad_photo_in_inline_is_refused_on_the_form(self):
        report = self.make_draft_with_photo()
        url = reverse("admin:archive_report_change", args=[report.pk])
        data = self.inline_post_data(self.client.get(url))
        data.update(
            {
                "photos-TOTAL_FORMS": "2",
                "photos-1-report": str(report.pk),
                "photos-1-order": "1",
                "photos-1-image": upload_file("bom.png", png_claiming(10_000, 10_000)),
            }
        )
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "quá nhiều điểm ảnh")
        self.assertEqual(report.photos.count(), 1)

    def test_deleting_a_report_deletes_its_photo_files(self):
        report = self.make_draft_with_photo()
        self.assertEqual(len(self.media_files()), 3)
        with self.captureOnCommitCallbacks(execute=True):
            report.delete()
        self.assertEqual(self.media_files(), [])

    def inline_post_data(self, response):
        """The change form's current values, as the browser would post them."""
        data = {}
        for form in [response.context["adminform"].form]:
            for name in form.fields:
                value = form[name].value()
                if value is None:
                    continue
                data[name] = value
        for formset in response.context["inline_admin_formsets"]:
            fs = formset.formset
            for prefix_key, value in fs.management_form.initial.items():
                data[f"{fs.prefix}-{prefix_key}"] = value
            for form in fs.forms:
                for name in form.fields:
                    value = form[name].value()
                    if value is None or hasattr(value, "url"):
                        continue
                    data[form.add_prefix(name)] = value.pk if hasattr(value, "pk") else value
        return data
