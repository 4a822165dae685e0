"""E-mail alerts end to end: subscribe on a page, confirm by the signed link,
``send_alerts`` writes the digest through the file backend, unsubscribe in one
click; rate limits; the address is never shown."""

import datetime
import email
import email.policy
import re
import shutil
import tempfile
from pathlib import Path

from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from django.db.models import F
from django.test import TestCase, override_settings
from django.utils import timezone

from alerts.models import Subscription
from archive.models import Report
from tests.factories import make_document, make_report

ADDRESS = "Nguoi.Doc@Vidu.vn"
STORED = ADDRESS.lower()


def links(text):
    return re.findall(r"https?://\S+", text)


def unsubscribe_header(message):
    # A long header is folded over lines.
    return re.fullmatch(r"<(.+)>", re.sub(r"\s+", "", message["List-Unsubscribe"])).group(1)


def path_of(url):
    return url.removeprefix("http://testserver")


class AlertTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_document("26-NQ/TW")
        make_document("27-NQ/TW")
        cls.earlier = make_report("Bài cũ về Nghị quyết 26", documents=["26-NQ/TW"])
        Report.objects.filter(pk=cls.earlier.pk).update(
            published_at=timezone.now() - datetime.timedelta(days=30)
        )

    def setUp(self):
        self.mail_dir = Path(tempfile.mkdtemp(prefix="alerts-mail-"))
        self.addCleanup(shutil.rmtree, self.mail_dir, ignore_errors=True)

    def subscribe(self, address=ADDRESS, kind="document", key="26-nq-tw", frequency="daily", **kw):
        data = {"email": address, "kind": kind, "key": key, "frequency": frequency}
        return self.client.post("/theo-doi/", data, **kw)

    def confirm_link(self):
        message = mail.outbox[-1]
        return next(u for u in links(message.body) if "/theo-doi/xac-nhan/" in u)

    def send_alerts(self):
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
            EMAIL_FILE_PATH=str(self.mail_dir),
        ):
            call_command("send_alerts", site_url="http://testserver", stdout=open("/dev/null", "w"))
        messages = []
        for path in sorted(self.mail_dir.iterdir()):
            # The file backend writes each message followed by a line of dashes.
            for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
                if raw.strip():
                    messages.append(email.message_from_bytes(raw, policy=email.policy.default))
            path.unlink()
        return messages

    def pass_days(self, days=1):
        """As if ``days`` had passed: every recorded moment moves back."""
        delta = datetime.timedelta(days=days)
        Subscription.objects.exclude(sent_until=None).update(sent_until=F("sent_until") - delta)
        Report.objects.exclude(published_at=None).update(published_at=F("published_at") - delta)

    def test_subscribe_confirm_send_and_unsubscribe(self):
        page = self.client.get("/van-ban/26-nq-tw/").content.decode()
        self.assertIn('action="/theo-doi/"', page)
        self.assertIn('name="key" value="26-nq-tw"', page)

        response = self.subscribe(follow=True)
        self.assertContains(response, "Kiểm tra hộp thư")
        self.assertNotContains(response, STORED)
        self.assertNotContains(response, ADDRESS)
        subscription = Subscription.objects.get()
        self.assertEqual((subscription.email, subscription.kind), (STORED, "document"))
        self.assertFalse(subscription.is_confirmed)
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, [STORED])
        self.assertIn("26-NQ/TW", mail.outbox[0].subject)

        # Nothing is sent before the address is confirmed.
        make_report("Bài mới trước khi xác nhận", documents=["26-NQ/TW"])
        Subscription.objects.filter(pk=subscription.pk).update(
            sent_until=timezone.now() - datetime.timedelta(days=2)
        )
        self.assertEqual(self.send_alerts(), [])

        response = self.client.get(path_of(self.confirm_link()))
        self.assertContains(response, "Đã xác nhận")
        self.assertNotContains(response, STORED)
        subscription.refresh_from_db()
        self.assertTrue(subscription.is_confirmed)
        # Confirmed just now: not due until a day has passed.
        self.assertEqual(self.send_alerts(), [])

        new = make_report("Quán triệt Nghị quyết 26 ở Hải Phòng", documents=["26-NQ/TW"])
        make_report("Bản nháp về Nghị quyết 26", documents=["26-NQ/TW"], status="draft")
        make_report("Bài về Nghị quyết 27", documents=["27-NQ/TW"])
        self.pass_days()
        sent = self.send_alerts()
        self.assertEqual(len(sent), 1)
        message = sent[0]
        self.assertEqual(message["To"], STORED)
        self.assertIn("26-NQ/TW", message["Subject"])
        text = message.get_body(("plain",)).get_content()
        self.assertIn(new.title, text)
        self.assertIn("http://testserver" + new.get_absolute_url(), text)
        for absent in ("Bản nháp", "Nghị quyết 27", self.earlier.title):
            self.assertNotIn(absent, text)
        html = message.get_body(("html",)).get_content()
        self.assertIn(new.title, html)
        unsubscribe = unsubscribe_header(message)
        self.assertEqual(message["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click")
        self.assertIn(unsubscribe, text)

        # The next run, a day later, has nothing new to send.
        subscription.refresh_from_db()
        self.assertIsNotNone(subscription.last_mailed_at)
        self.pass_days()
        self.assertEqual(self.send_alerts(), [])

        response = self.client.get(path_of(unsubscribe))
        self.assertContains(response, "Đã hủy nhận thông báo")
        self.assertFalse(Subscription.objects.exists())
        # A second click is harmless.
        self.assertEqual(self.client.get(path_of(unsubscribe)).status_code, 200)

    def test_mail_programs_unsubscribe_by_post_without_csrf(self):
        self.subscribe(kind="all", key="")
        self.client.get(path_of(self.confirm_link()))
        make_report("Bài mới")
        self.pass_days()
        message = self.send_alerts()[0]
        url = unsubscribe_header(message)
        client = self.client_class(enforce_csrf_checks=True)
        response = client.post(path_of(url), {"List-Unsubscribe": "One-Click"})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Subscription.objects.exists())

    def test_weekly_subscription_waits_a_week(self):
        self.subscribe(frequency="weekly")
        self.client.get(path_of(self.confirm_link()))
        subscription = Subscription.objects.get()
        self.assertEqual(subscription.frequency, "weekly")
        make_report("Bài mới về 26", documents=["26-NQ/TW"])
        self.pass_days()
        self.assertEqual(self.send_alerts(), [])
        self.pass_days(6)
        self.assertEqual(len(self.send_alerts()), 1)

    def test_subscribing_again_sends_a_new_confirmation_for_the_same_subscription(self):
        self.subscribe()
        self.subscribe(address=ADDRESS.upper(), frequency="weekly")
        self.assertEqual(Subscription.objects.count(), 1)
        self.assertEqual(len(mail.outbox), 2)
        # The frequency changes only once the address owner confirms it.
        self.assertEqual(Subscription.objects.get().frequency, "daily")
        self.client.get(path_of(self.confirm_link()))
        self.assertEqual(Subscription.objects.get().frequency, "weekly")

    def test_bad_and_expired_links_are_refused_with_a_message(self):
        self.subscribe()
        link = path_of(self.confirm_link())
        response = self.client.get(link[:-3] + "xyz/")
        self.assertContains(response, "không đúng", status_code=400)
        with self.settings(ALERTS_CONFIRM_DAYS=0):
            response = self.client.get(link)
        self.assertContains(response, "hết hạn", status_code=400)
        self.assertFalse(Subscription.objects.get().is_confirmed)
        response = self.client.get("/theo-doi/huy/khong-hop-le/")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(Subscription.objects.exists())

    def test_bad_input_gets_a_vietnamese_message(self):
        response = self.subscribe(address="khong-phai-email")
        self.assertContains(response, "Địa chỉ email không hợp lệ", status_code=400)
        response = self.subscribe(key="999-nq-tw")
        self.assertContains(response, "không còn trong kho", status_code=400)
        response = self.subscribe(kind="khac")
        self.assertContains(response, "Không rõ mục", status_code=400)
        self.assertEqual(self.client.get("/theo-doi/?kind=document&key=khong-co").status_code, 404)
        self.assertContains(self.client.get("/theo-doi/?kind=document&key=26-nq-tw"), "26-NQ/TW")
        self.assertEqual(len(mail.outbox), 0)
        self.assertFalse(Subscription.objects.exists())

    @override_settings(ALERTS_PER_ADDRESS_PER_DAY=2, ALERTS_PER_CLIENT_PER_HOUR=100)
    def test_requests_are_limited_per_address(self):
        self.assertEqual(self.subscribe().status_code, 302)
        self.assertEqual(self.subscribe(key="27-nq-tw").status_code, 302)
        response = self.subscribe(kind="all", key="")
        self.assertContains(response, "nhiều lần hôm nay", status_code=429)
        self.assertEqual(len(mail.outbox), 2)
        self.assertEqual(self.subscribe(address="khac@vidu.vn").status_code, 302)

    @override_settings(ALERTS_PER_ADDRESS_PER_DAY=100, ALERTS_PER_CLIENT_PER_HOUR=3)
    def test_requests_are_limited_per_client(self):
        for i in range(3):
            self.assertEqual(self.subscribe(address=f"nguoi{i}@vidu.vn").status_code, 302)
        response = self.subscribe(address="nguoi9@vidu.vn")
        self.assertContains(response, "quá nhiều yêu cầu", status_code=429)
        other = self.subscribe(address="nguoi9@vidu.vn", REMOTE_ADDR="10.0.0.9")
        self.assertEqual(other.status_code, 302)
        self.assertEqual(len(mail.outbox), 4)

    def test_the_admin_never_shows_the_address(self):
        self.subscribe()
        staff = User.objects.create_superuser("quantri", password="mat-khau-dai-123")
        self.client.force_login(staff)
        url = "/quan-tri/alerts/subscription/"
        page = self.client.get(url)
        self.assertContains(page, "Văn bản 26-NQ/TW")
        self.assertNotContains(page, STORED)
        # Staff find the subscriptions of an address they type, exactly.
        found = self.client.get(url, {"q": STORED}).content.decode()
        results = found.split('id="result_list"')[1].split("</table>")[0]
        self.assertIn("Văn bản 26-NQ/TW", results)
        self.assertNotIn("vidu.vn", re.sub(r'href="[^"]*"', "", results))
        self.assertNotContains(self.client.get(url, {"q": "vidu.vn"}), "Văn bản 26-NQ/TW")
        detail = self.client.get(f"{url}{Subscription.objects.get().pk}/change/")
        self.assertEqual(detail.status_code, 200)
        self.assertNotContains(detail, "vidu.vn")
