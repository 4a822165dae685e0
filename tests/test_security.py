"""Security defaults: deploy checks, staff-only admin, CSRF on forms."""

import secrets
import subprocess
import sys
from pathlib import Path

from django.test import Client, TestCase

from tests.processes import isolated_env

ROOT = Path(__file__).resolve().parent.parent


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = isolated_env(
        tmp_path,
        PRODUCTION="1",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="archive.example.org",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = isolated_env(tmp_path, PRODUCTION="1", SECRET_KEY="")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


class AdminAccessTests(TestCase):
    def test_admin_requires_a_staff_login(self):
        response = self.client.get("/quan-tri/")
        self.assertEqual(response.status_code, 302)
        self.assertIn("/quan-tri/login/", response["Location"])

    def test_admin_login_is_csrf_protected(self):
        client = Client(enforce_csrf_checks=True)
        response = client.post("/quan-tri/login/", {"username": "x", "password": "y"})
        self.assertEqual(response.status_code, 403)

    def test_search_page_sets_no_frame_and_nosniff_headers(self):
        response = self.client.get("/tim-kiem/", {"q": "<img src=x onerror=alert(1)>"})
        self.assertEqual(response["X-Frame-Options"], "DENY")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertNotContains(response, "<img src=x")


class ErrorPageTests(TestCase):
    def test_csrf_failure_page_is_in_vietnamese(self):
        client = Client(enforce_csrf_checks=True)
        response = client.post("/quan-tri/login/", {"username": "x", "password": "y"})
        self.assertContains(response, "Không gửi được biểu mẫu", status_code=403)

    def test_too_large_form_gets_a_clear_413(self):
        from django.test import override_settings

        with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000):
            response = self.client.post("/quan-tri/login/", {"username": "x" * 5000})
        self.assertContains(response, "quá lớn", status_code=413)
