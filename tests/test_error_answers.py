"""Limits passed and errors get a Vietnamese explanation, never Django's bare
400; everything under /api/ answers in JSON, whatever the error."""

import re
from pathlib import Path
from unittest import mock
from urllib.parse import urlencode

from django.contrib.auth.models import User
from django.test import Client, TestCase, override_settings

from archive.models import Report
from search.query import MAX_QUERY_CHARS
from tests.test_upload import SEED, UPLOAD_URL, jpeg, upload_file

ROOT = Path(__file__).resolve().parent.parent
# gunicorn's ceiling for the request line (config/gunicorn.conf.py).
GUNICORN_REQUEST_LINE = 8190


class UploadLimitTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.staff = User.objects.create_superuser("bientap", password="x")

    def setUp(self):
        # The browser's view: CSRF checked, token taken from the form.
        self.client = Client(enforce_csrf_checks=True)
        self.client.force_login(self.staff)
        page = self.client.get(UPLOAD_URL).content.decode()
        self.token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    def post(self, **data):
        return self.client.post(UPLOAD_URL, {"csrfmiddlewaretoken": self.token, **data})

    @override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=10_000)
    def test_pasted_text_over_the_request_limit_is_explained(self):
        response = self.post(pasted_text="Hội nghị quán triệt. " * 1_000)
        assert response.status_code == 413
        page = response.content.decode()
        assert "Dữ liệu gửi lên quá lớn" in page
        assert "Chưa có gì được lưu" in page
        assert Report.objects.count() == 0

    @override_settings(DATA_UPLOAD_MAX_NUMBER_FILES=3)
    def test_too_many_files_is_explained(self):
        photos = [upload_file(f"a{i}.jpg", jpeg((40, 40))) for i in range(5)]
        response = self.post(text_file=upload_file(SEED.name, SEED.read_bytes()), photos=photos)
        assert response.status_code == 400
        assert "Gửi quá nhiều tệp cùng lúc (tối đa 3 tệp)" in response.content.decode()
        assert Report.objects.count() == 0

    @override_settings(ARCHIVE_MAX_REQUEST_BYTES=50_000)
    def test_a_body_over_the_total_limit_is_refused_before_it_is_read(self):
        big = upload_file("anh.jpg", b"\xff\xd8\xff" + bytes(100_000))
        with mock.patch("django.http.request.HttpRequest._load_post_and_files") as read:
            response = self.post(text_file=upload_file(SEED.name, SEED.read_bytes()), photos=[big])
        read.assert_not_called()
        assert response.status_code == 413
        assert "cả lần gửi tối đa" in response.content.decode()

    def test_a_form_without_its_token_gets_the_vietnamese_csrf_page(self):
        response = self.client.post(UPLOAD_URL, {"pasted_text": "x"})
        assert response.status_code == 403
        assert "Không gửi được biểu mẫu" in response.content.decode()


class ApiAnswersInJsonTests(TestCase):
    def assert_json_error(self, response, status):
        assert response.status_code == status
        assert response["Content-Type"].startswith("application/json")
        data = response.json()
        assert data["error"]
        return data

    def test_a_report_id_that_is_not_a_number(self):
        self.assert_json_error(self.client.get("/api/reports/abc/"), 404)

    def test_an_unknown_api_address(self):
        data = self.assert_json_error(self.client.get("/api/khong-co/"), 404)
        assert "/api/search/" in data["error"]

    def test_a_missing_report(self):
        self.assert_json_error(self.client.get("/api/reports/987654/"), 404)

    def test_a_method_the_api_does_not_take(self):
        response = Client().put("/api/search/")
        self.assert_json_error(response, 405)
        assert response["Allow"] == "GET"

    def test_a_post_without_csrf_token(self):
        response = Client(enforce_csrf_checks=True).post("/api/search/", {"q": "x"})
        self.assert_json_error(response, 403)

    @override_settings(ARCHIVE_MAX_REQUEST_BYTES=1_000)
    def test_a_body_over_the_limit(self):
        response = Client().generic("GET", "/api/search/", "x" * 5_000)
        data = self.assert_json_error(response, 413)
        assert "quá lớn" in data["error"]

    def test_a_crash(self):
        client = Client(raise_request_exception=False)
        with mock.patch("search.api.search_results", side_effect=RuntimeError("boom")):
            data = self.assert_json_error(client.get("/api/search/", {"q": "x"}), 500)
        assert "boom" not in data["error"]

    def test_pages_outside_the_api_stay_html(self):
        response = self.client.get("/khong-co-trang-nay/")
        assert response.status_code == 404
        assert response["Content-Type"].startswith("text/html")
        assert "Không tìm thấy trang" in response.content.decode()


def test_every_search_box_accepts_no_more_than_the_query_parser_reads():
    boxes = []
    for template in (ROOT / "templates").rglob("*.html"):
        boxes += re.findall(r'<input[^>]*name="q"[^>]*>', template.read_text(encoding="utf-8"))
    assert len(boxes) >= 3
    for box in boxes:
        assert f'maxlength="{MAX_QUERY_CHARS}"' in box, box


def test_the_longest_query_a_search_box_sends_fits_gunicorns_request_line():
    # The widest Vietnamese character is 3 UTF-8 bytes, 9 characters percent-encoded;
    # the search page also resends its chosen filters.
    params = {"q": "ỗ" * MAX_QUERY_CHARS, "year": "2018", "province": "thua-thien-hue"}
    params.update(document="26-nq-tw", speaker="nguyen-phu-trong-" + "x" * 40, page="500")
    line = f"GET /tim-kiem/?{urlencode(params)} HTTP/1.1"
    assert len(line.encode("ascii")) < GUNICORN_REQUEST_LINE


class PhotoNameTests(TestCase):
    def test_a_name_too_long_for_the_file_system_is_not_found(self):
        report = Report.objects.create(
            title="Hội nghị", body="x", original_text="x", status="published"
        )
        staff = Client()
        staff.force_login(User.objects.create_superuser("bientap", password="x"))
        for client in (Client(), staff):
            for name in ("a" * 4096, "a" * 300 + ".jpg", "ảnh thật.jpg", "a" * 255):
                response = client.get(f"/media/photos/{report.pk}/{name}")
                assert response.status_code == 404, name[:20]
