"""Uploads built to hang or kill a worker are refused by what parsing them would
cost, before the expensive parser runs, with a message staff can act on: a .docx
of countless tiny paragraphs, a page nested thousands of tags deep, a batch of
huge photos. Bombs are built here, small, against limits the tests lower."""

import io
import zipfile
from unittest import mock

import docx
from django.test import override_settings
from django.urls import reverse
from PIL import Image

from archive.decoding import DecodeError, read_upload
from archive.models import Photo
from tests.test_upload import (
    SEED,
    PhotoInlineAndMediaTests,
    UploadTestCase,
    jpeg,
    png_claiming,
    upload_file,
)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_with(paragraphs=0, runs_per_paragraph=1, text="Hội nghị"):
    """A real Word file whose body holds ``paragraphs`` paragraphs (written into
    the XML directly: python-docx would take seconds to add them one by one)."""
    base = io.BytesIO()
    docx.Document().save(base)
    source = zipfile.ZipFile(io.BytesIO(base.getvalue()))
    out = io.BytesIO()
    run = f"<w:r><w:t>{text}</w:t></w:r>" * runs_per_paragraph
    body = f"<w:p>{run}</w:p>" * paragraphs
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body>" + body.encode(), 1)
            target.writestr(item, data)
    return out.getvalue()


def nested_html(depth, tag="div"):
    return (
        "<html><head><title>Hội nghị</title></head><body>"
        + f"<{tag}>" * depth
        + "Hội nghị quán triệt Nghị quyết 26-NQ/TW"
        + f"</{tag}>" * depth
        + "</body></html>"
    ).encode()


def test_docx_of_tiny_paragraphs_is_refused_before_python_docx_reads_it():
    # The default limit, and a file a few KB long that expands far past it.
    data = docx_with(paragraphs=10_001, text="a")
    assert len(data) < 100_000
    with mock.patch.object(docx, "Document", side_effect=AssertionError("parsed")):
        try:
            read_upload("bom.docx", data)
        except DecodeError as error:
            assert "quá nhiều đoạn văn" in str(error)
            assert "10.000" in str(error)
        else:
            raise AssertionError("not refused")


@override_settings(ARCHIVE_MAX_DOCX_PARAGRAPHS=50)
def test_docx_paragraph_limit_is_a_setting_and_a_docx_within_it_reads():
    text = read_upload("bai.docx", docx_with(paragraphs=50))
    assert text.count("Hội nghị") == 50
    try:
        read_upload("bai.docx", docx_with(paragraphs=51))
    except DecodeError as error:
        assert "hơn 50 đoạn" in str(error)
    else:
        raise AssertionError("not refused")


@override_settings(ARCHIVE_MAX_DOCX_ELEMENTS=2_000)
def test_docx_of_one_paragraph_of_countless_runs_is_refused():
    try:
        read_upload("bom.docx", docx_with(paragraphs=1, runs_per_paragraph=1_000))
    except DecodeError as error:
        assert "quá phức tạp" in str(error)
    else:
        raise AssertionError("not refused")


@override_settings(ARCHIVE_MAX_DOCX_EXPANDED_BYTES=10_000)
def test_docx_expanding_past_the_limit_is_refused():
    try:
        read_upload("bom.docx", docx_with(paragraphs=2_000))
    except DecodeError as error:
        assert "giải nén ra quá lớn" in str(error)
    else:
        raise AssertionError("not refused")


def test_page_of_200000_nested_divs_is_refused_before_beautifulsoup_reads_it():
    data = nested_html(200_000)
    assert len(data) > 2_000_000
    with mock.patch("bs4.BeautifulSoup", side_effect=AssertionError("parsed")):
        try:
            read_upload("bom.html", data)
        except DecodeError as error:
            assert "lồng nhau quá sâu" in str(error)
        else:
            raise AssertionError("not refused")


@override_settings(ARCHIVE_MAX_HTML_DEPTH=30)
def test_html_depth_limit_is_a_setting_and_unclosed_tags_do_not_count_as_nesting():
    assert "26-NQ/TW" in read_upload("a.html", nested_html(20))
    # Old pages leave <p>, <li>, <td> unclosed: thousands of them are siblings, not depth,
    # and reading many siblings is linear (inserting line breaks into the tree was not:
    # 6,000 took 15 s).
    flat = "<html><body>" + "<p>Hội nghị quán triệt" * 10_000 + "<ul>" + "<li>mục" * 10_000
    lines = read_upload("cu.html", (flat + "</ul></body></html>").encode()).split("\n")
    assert [line for line in lines if line] == ["Hội nghị quán triệt"] * 10_000 + ["mục"] * 10_000
    try:
        read_upload("a.html", nested_html(40, tag="section"))
    except DecodeError as error:
        assert "hơn 30 tầng" in str(error)
    else:
        raise AssertionError("not refused")


class UploadBombTests(UploadTestCase):
    def seed_file(self):
        return upload_file(SEED.name, SEED.read_bytes(), "text/plain")

    @override_settings(ARCHIVE_MAX_DOCX_PARAGRAPHS=100)
    def test_docx_bomb_upload_gets_its_message_and_saves_nothing(self):
        self.assert_refused(
            self.post(text_file=upload_file("bom.docx", docx_with(paragraphs=500))),
            "quá nhiều đoạn văn",
        )

    @override_settings(ARCHIVE_MAX_HTML_DEPTH=50)
    def test_nested_html_upload_gets_its_message_and_saves_nothing(self):
        self.assert_refused(
            self.post(text_file=upload_file("bom.html", nested_html(5_000))),
            "lồng nhau quá sâu",
        )

    def test_thirty_photos_of_49_megapixels_are_refused_before_any_is_decoded(self):
        # Each passes the per-photo limit (50 MP); together 1,470 MP, ~50 s of work.
        photos = [upload_file(f"anh{i}.png", png_claiming(7_000, 7_000)) for i in range(30)]
        with mock.patch.object(Image.Image, "load", side_effect=AssertionError("decoded")):
            response = self.post(text_file=self.seed_file(), photos=photos)
        self.assert_refused(response, "1470 triệu điểm ảnh")
        self.assertContains(response, "quá giới hạn 400 triệu điểm ảnh mỗi lần tải lên")

    @override_settings(ARCHIVE_MAX_UPLOAD_PIXELS=1_000_000)
    def test_total_pixel_limit_is_a_setting_and_photos_within_it_are_kept(self):
        three = [upload_file(f"a{i}.jpg", jpeg((600, 600))) for i in range(3)]
        self.assert_refused(self.post(text_file=self.seed_file(), photos=three), "tổng cộng")
        two = [upload_file(f"b{i}.jpg", jpeg((600, 600))) for i in range(2)]
        self.post(text_file=self.seed_file(), photos=two)
        self.assertEqual(len(self.media_files()), 6)

    @override_settings(ARCHIVE_MAX_PHOTOS_PER_UPLOAD=2)
    def test_photo_count_limit_is_a_setting(self):
        photos = [upload_file(f"a{i}.jpg", jpeg((60, 60))) for i in range(3)]
        self.assert_refused(
            self.post(text_file=self.seed_file(), photos=photos), "Tối đa 2 ảnh mỗi lần"
        )

    def test_photos_added_together_on_the_report_page_are_bounded_too(self):
        report = PhotoInlineAndMediaTests.make_draft_with_photo(self)
        url = reverse("admin:archive_report_change", args=[report.pk])
        data = PhotoInlineAndMediaTests.inline_post_data(self, self.client.get(url))
        data["photos-TOTAL_FORMS"] = "11"
        for i in range(1, 11):
            data[f"photos-{i}-report"] = str(report.pk)
            data[f"photos-{i}-order"] = str(i)
            data[f"photos-{i}-image"] = upload_file(f"bom{i}.png", png_claiming(7_000, 7_000))
        with mock.patch.object(Image.Image, "load", side_effect=AssertionError("decoded")):
            response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "490 triệu điểm ảnh")
        self.assertEqual(Photo.objects.filter(report=report).count(), 1)
