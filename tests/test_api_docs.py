"""The /api/ page documents every endpoint and parameter; answers carry
"api_version"; the per-client limit answers 429 in Vietnamese JSON."""

import shutil

from django.conf import settings
from django.test import TestCase, override_settings

from search import request as search_request
from tests.factories import make_report


class ApiDocsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.report = make_report("Quán triệt Nghị quyết 26", documents=["26-NQ/TW"])

    def setUp(self):
        shutil.rmtree(settings.DATA_DIR / "ratelimit", ignore_errors=True)

    def test_page_documents_every_endpoint_and_parameter(self):
        page = self.client.get("/api/")
        self.assertEqual(page.status_code, 200)
        html = page.content.decode()
        for endpoint in ("/api/search/", "/api/reports/", "/du-lieu/bai.jsonl", "/tim-kiem/feed/"):
            self.assertIn(endpoint, html)
        for param in ["q", "page", "group", "sort", *search_request.FACETS]:
            self.assertIn(f"<td><code>{param}</code></td>", html, param)
        for sort in search_request.SORTS:
            self.assertIn(f"<code>{sort}</code>", html)
        self.assertIn('"api_version": 2', html)
        self.assertIn(f"/api/reports/{self.report.pk}/", html)

    def test_every_answer_says_its_version(self):
        answers = [
            self.client.get("/api/search/", {"q": "nghị quyết"}),
            self.client.get(f"/api/reports/{self.report.pk}/"),
            self.client.get("/api/reports/999999/"),
            self.client.get("/api/search/", {"page": "x"}),
            self.client.get("/api/khong-co/"),
        ]
        self.assertEqual([a.status_code for a in answers], [200, 200, 404, 400, 404])
        for answer in answers:
            self.assertEqual(answer.json()["api_version"], 2, answer.content[:200])

    @override_settings(API_RATE_LIMIT=3, API_RATE_WINDOW=60)
    def test_a_client_over_the_limit_gets_429_in_vietnamese(self):
        url = f"/api/reports/{self.report.pk}/"
        remote = {"REMOTE_ADDR": "203.0.113.7"}
        for _ in range(3):
            self.assertEqual(self.client.get(url, **remote).status_code, 200)
        refused = self.client.get("/api/search/", {"q": "26"}, **remote)
        self.assertEqual(refused.status_code, 429)
        data = refused.json()
        self.assertEqual(data["api_version"], 2)
        self.assertIn("Quá nhiều yêu cầu", data["error"])
        self.assertTrue(1 <= int(refused["Retry-After"]) <= 61)
        # Another client, loopback, the documentation page and the site's pages are not limited.
        self.assertEqual(self.client.get(url, REMOTE_ADDR="10.1.2.3").status_code, 200)
        for _ in range(5):
            self.assertEqual(self.client.get(url, REMOTE_ADDR="127.0.0.1").status_code, 200)
        self.assertEqual(self.client.get("/api/", **remote).status_code, 200)
        self.assertEqual(self.client.get("/tim-kiem/", {"q": "26"}, **remote).status_code, 200)

    @override_settings(API_RATE_LIMIT=2, API_RATE_WINDOW=60, TRUSTED_PROXIES=1)
    def test_behind_a_trusted_proxy_the_forwarded_client_counts(self):
        url = f"/api/reports/{self.report.pk}/"
        for client in ("1.1.1.1", "1.1.1.1", "2.2.2.2", "2.2.2.2"):
            response = self.client.get(
                url, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"9.9.9.9, {client}"
            )
            self.assertEqual(response.status_code, 200)
        over = self.client.get(url, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1")
        self.assertEqual(over.status_code, 429)
