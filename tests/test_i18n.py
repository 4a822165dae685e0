"""The interface in English under /en/, Vietnamese at /: every marked string
translated, no template or UI module text left unmarked, every public page type
rendered in English with the reports' own texts as written, the language switch
and hreflang links, per-language page caches, and typed filters read in
Vietnamese whatever the page's language."""

import ast
import datetime
import html
import re
import tempfile
import unicodedata
from pathlib import Path

from django.core import mail
from django.test import TestCase, override_settings
from django.utils import timezone, translation

from alerts import mail as alert_mail
from alerts.models import Subscription
from archive import i18n
from archive.conferences import Conference
from archive.models import Report
from search import engine, indexing
from tests.factories import make_document, make_place, make_plenum, make_report, make_term

# Interface modules: every Vietnamese string in them must be marked for translation
# (docstrings, comments and Http404 messages, which readers never see, aside).
UI_MODULES = [
    "archive/errors.py",
    "archive/feeds.py",
    "archive/filters.py",
    "archive/topics.py",
    "archive/views.py",
    "archive/templatetags/archive_tags.py",
    "alerts/forms.py",
    "alerts/mail.py",
    "alerts/views.py",
    "opendata/views.py",
    "search/feeds.py",
    "search/request.py",
    "search/results.py",
    "search/service.py",
    "search/suggest.py",
    "search/throttle.py",
    "search/views.py",
]
# Vietnamese that is not interface text: a query tried on the reader's behalf.
NOT_INTERFACE = {("search/suggest.py", "trung ương ")}
# Vietnamese an English page shows on purpose: search examples (queries are typed
# in Vietnamese), the typed filters' names, the language's own name and the
# archive's name where the licence asks to credit it as written.
MEANT_VIETNAMESE = [
    "Kho lưu trữ tin quán triệt nghị quyết",
    "Tiếng Việt",
    "trung ương 8 khóa XIII",
    "trung ương 7 khóa XII",
    "khóa XIII",
    "Hà Giang",
    "quy định 205",
    'tỉnh:"Hải Phòng"',
    "năm:2018",
]
# Words of the Vietnamese interface that must not be left in an English page's chrome.
UI_WORDS = [
    "Trang chủ",
    "Bài viết",
    "Văn bản",
    "Tìm kiếm",
    "Địa phương",
    "Nhân vật",
    "Hội nghị",
    "Khóa",
    "bài",
    "Chưa có",
    "Theo dõi",
    "Nhận thông báo",
    "Lan tỏa",
    "Ngày",
    "Trang",
    "Đường dẫn",
]


def _has_vietnamese_letter(text):
    return any(ord(c) > 127 and unicodedata.category(c).startswith("L") for c in text)


def _visible(page_html):
    """What a reader sees or hears: text outside tags, plus titles, labels and placeholders."""
    page_html = re.sub(r"(?is)<(script|style|pre)\b.*?</\1>", " ", page_html)
    # A search hit's snippet is an excerpt of a report: data, cut anywhere.
    page_html = re.sub(r'(?s)<p class="snippet">.*?</p>', " ", page_html)
    attributes = re.findall(r'(?:title|aria-label|placeholder|alt|content)="([^"]*)"', page_html)
    # Inline tags (a linked document code inside a sentence) leave the text whole.
    text = re.sub(r"(?s)</?(?:a|mark|strong|em|code|span|time)\b[^>]*>", "", page_html)
    text = re.sub(r"(?s)<[^>]+>", " ", text)
    return html.unescape(" ".join([text, *attributes]))


class CatalogueTests(TestCase):
    def test_every_marked_string_has_an_english_translation(self):
        missing = [m.msgid for m in i18n.untranslated("en")]
        self.assertEqual(missing, [], "run manage.py update_messages and translate these")

    def test_extraction_reads_templates_and_code(self):
        messages = i18n.extract()
        self.assertIn(("", "Trang chủ"), messages)  # {% translate %}
        self.assertIn(("", "Trang %(number)s / %(pages)s"), messages)  # {% blocktranslate %}
        self.assertIn(("", "Chưa có bài nào về địa phương này."), messages)  # _("…") in a tag
        self.assertIn(("", "Liên quan nhất"), messages)  # gettext_lazy in Python
        self.assertIn(("sự kiện", "Hội nghị"), messages)  # with a context
        plural = messages[("", "%(counter)s bài")]
        self.assertEqual(plural.plural, "%(counter)s bài")

    def test_no_template_shows_unmarked_vietnamese(self):
        unmarked = {}
        for path in i18n.template_files():
            if i18n.is_staff_template(path):
                continue
            text = re.sub(
                r"(?is)<(script|style|pre)\b.*?</\1>", " ", i18n.untranslatable_text(path)
            )
            lines = [line.strip() for line in text.splitlines() if _has_vietnamese_letter(line)]
            if lines:
                unmarked[str(path.relative_to(i18n.ROOT))] = lines
        self.assertEqual(unmarked, {})

    def test_no_interface_module_has_unmarked_vietnamese(self):
        unmarked = []
        for name in UI_MODULES:
            tree = ast.parse((i18n.ROOT / name).read_text(encoding="utf-8"))
            allowed = set()
            for node in ast.walk(tree):
                body = getattr(node, "body", None)
                if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
                    allowed.add(id(body[0].value))  # a docstring
                if isinstance(node, ast.Call):
                    func = node.func.id if isinstance(node.func, ast.Name) else ""
                    if func in i18n._MARKERS or func == "Http404":
                        allowed.update(id(a) for a in ast.walk(node))
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Constant)
                    and isinstance(node.value, str)
                    and id(node) not in allowed
                    and _has_vietnamese_letter(node.value)
                    and (name, node.value) not in NOT_INTERFACE
                ):
                    unmarked.append(f"{name}:{node.lineno}: {node.value[:60]!r}")
        self.assertEqual(unmarked, [])

    def test_update_adds_new_ids_and_drops_unused_ones(self):
        with tempfile.TemporaryDirectory() as tmp:
            messages = {("", "Xin chào"): i18n.Message("Xin chào")}
            self.assertEqual(i18n.update_catalogue("en", messages, tmp), (1, 0))
            self.assertEqual(
                [m.msgid for m in i18n.untranslated("en", messages, tmp)], ["Xin chào"]
            )
            catalogue = i18n.load_catalogue("en", tmp)
            catalogue[0].msgstr = "Hello"
            catalogue.save(str(i18n.catalogue_path("en", tmp)))
            self.assertEqual(i18n.untranslated("en", messages, tmp), [])
            other = {("", "Tạm biệt"): i18n.Message("Tạm biệt")}
            self.assertEqual(i18n.update_catalogue("en", other, tmp), (1, 1))
            written = i18n.compile_all([tmp])
            self.assertEqual([p.name for p in written], ["django.mo"])
            self.assertTrue(Path(written[0]).stat().st_size > 0)


class EnglishPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        term = make_term("XII", start_year=2016, end_year=2021)
        cls.plenum = make_plenum(term, 7, start_date="2018-05-07", end_date="2018-05-12")
        cls.document = make_document(
            "26-NQ/TW", subject="về tập trung xây dựng đội ngũ cán bộ các cấp", plenum=cls.plenum
        )
        make_document("205-QĐ/TW", subject="về kiểm soát quyền lực")
        cls.province = make_place("Quảng Ninh")
        cls.report = make_report(
            "Quảng Ninh quán triệt Nghị quyết 26",
            body="Ngày 29/6/2018, Tỉnh ủy quán triệt Nghị quyết số 26-NQ/TW.\nHội nghị trực tuyến.",
            event_date="2018-06-29",
            subject_documents=["26-NQ/TW"],
            documents=["205-QĐ/TW"],
            plenums=["XII-7"],
            speakers=[("Trần Quốc Vượng", "Thường trực Ban Bí thư", "Quán triệt Nghị quyết 26")],
            attendees=[("Phạm Minh Tấn", "Phó Bí thư Tỉnh ủy")],
            connection_points=[("điểm cầu tỉnh Quảng Ninh", "Quảng Ninh", True)],
            place="Quảng Ninh",
            format=Report.Format.ONLINE,
            level=Report.Level.PROVINCE,
            source_outlet="Báo Quảng Ninh",
        )
        cls.other = make_report(
            "Móng Cái triển khai Quy định 205",
            event_date="2019-03-02",
            documents=["205-QĐ/TW"],
            place="Quảng Ninh",
            format=Report.Format.IN_PERSON,
        )
        cls.conference = Conference.objects.create(
            title="Hội nghị quán triệt Nghị quyết 26 tại Quảng Ninh",
            event_date=datetime.date(2018, 6, 29),
            organiser="Tỉnh ủy Quảng Ninh",
        )
        Report.objects.filter(pk__in=[cls.report.pk, cls.other.pk]).update(
            conference=cls.conference
        )
        cls.person = cls.report.appearances.first().person

    def setUp(self):
        engine.reset()
        indexing.rebuild()

    def _data_strings(self):
        """Every text the pages got from the data: shown as written in any language."""
        strings = set()
        for model in (Report, Conference):
            for row in model.objects.all():
                for field in model._meta.concrete_fields:
                    value = getattr(row, field.attname)
                    if isinstance(value, str) and field.attname not in (
                        "status",
                        "format",
                        "level",
                    ):
                        strings.update(v for v in value.splitlines() if v.strip())
        from archive.models import Appearance, ConnectionPoint, Document, Person, Place

        for model, fields in (
            (Person, ["name"]),
            (Place, ["name", "historical_names"]),
            (Document, ["code", "subject"]),
            (Appearance, ["position", "topic"]),
            (ConnectionPoint, ["name"]),
        ):
            for values in model.objects.values_list(*fields):
                strings.update(v for v in values if v)
        return sorted(strings, key=len, reverse=True)

    def _paths(self):
        with translation.override("vi"):
            return self._vietnamese_paths()

    def _vietnamese_paths(self):
        report, doc = self.report, self.document
        return [
            "/",
            "/bai/",
            "/bai/?year=2018&format=online",
            report.get_absolute_url(),
            "/van-ban/",
            f"/van-ban/{doc.slug}/",
            f"/van-ban/{doc.slug}/lan-toa/",
            "/khoa/",
            "/khoa/xii/",
            "/khoa/xii/hoi-nghi-7/",
            "/khoa/xii/hoi-nghi-7/lan-toa/",
            "/dia-phuong/",
            f"/dia-phuong/{self.province.slug}/",
            "/nguoi/",
            f"/nguoi/{self.person.slug}/",
            self.conference.get_absolute_url(),
            "/tim-kiem/?q=nghi+quyet+26",
            "/tim-kiem/?q=26-NQ/TW",
            "/tim-kiem/?q=khong+co+gi+ca",
            "/tim-kiem/?q=999-NQ/TW",
            "/du-lieu/",
            "/api/",
            "/theo-doi/?kind=document&key=" + doc.slug,
            "/theo-doi/da-gui/",
            "/khong-co-trang-nay/",
        ]

    def _url(self, obj):
        with translation.override("vi"):
            return obj.get_absolute_url()

    def test_every_page_type_is_in_english_under_en(self):
        self.maxDiff = None
        data = self._data_strings()
        left = {}
        for path in self._paths():
            response = self.client.get("/en" + path)
            self.assertIn(response.status_code, (200, 404), path)
            page = response.content.decode()
            self.assertIn('<html lang="en">', page, path)
            text = _visible(page)
            for value in data + MEANT_VIETNAMESE:
                text = text.replace(value, " ")
            words = [w for w in UI_WORDS if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)]
            letters = sorted({w for w in re.findall(r"\w+", text) if _has_vietnamese_letter(w)})
            if words or letters:
                left[path] = (words, letters)
        self.assertEqual(left, {})

    def test_the_report_stays_as_written_under_en(self):
        page = self.client.get("/en" + self._url(self.report)).content.decode()
        self.assertIn("Quảng Ninh quán triệt Nghị quyết 26", page)
        self.assertIn("Thường trực Ban Bí thư", page)
        self.assertIn("Speakers and presenters", page)
        self.assertIn("<dd>Online</dd>", page)  # the format, in English

    def test_vietnamese_stays_at_the_root_whatever_the_browser_asks(self):
        self.client.cookies["django_language"] = "en"
        response = self.client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
        page = response.content.decode()
        self.assertIn('<html lang="vi">', page)
        self.assertIn("Bài mới nhất", page)
        self.assertNotIn("Latest reports", page)
        self.assertNotIn("Location", response.headers)

    def test_every_page_links_its_other_language(self):
        for path in self._paths():
            for here, there in (("", "/en"), ("/en", "")):
                page = self.client.get(here + path).content.decode()
                bare = html.escape(path)
                self.assertIn(
                    f'<link rel="alternate" hreflang="en" href="http://testserver/en{bare}">', page
                )
                self.assertIn(
                    f'<link rel="alternate" hreflang="vi" href="http://testserver{bare}">', page
                )
                self.assertIn('hreflang="x-default"', page)
                # The switch leads to the same page, query string included.
                self.assertIn(
                    f'<a href="{there}{bare}" hreflang="{there.strip("/") or "vi"}"', page
                )

    def test_links_on_an_english_page_stay_english(self):
        page = self.client.get("/en/van-ban/").content.decode()
        self.assertIn(f'href="/en/van-ban/{self.document.slug}/"', page)
        self.assertIn('href="/en/tim-kiem/"', page)
        self.assertIn('href="/quan-tri/"', page)  # the admin has one language

    def test_kept_report_pages_do_not_cross_languages(self):
        url = self._url(self.report)
        first_vi = self.client.get(url).content.decode()
        first_en = self.client.get("/en" + url).content.decode()
        again_vi = self.client.get(url).content.decode()
        again_en = self.client.get("/en" + url).content.decode()
        self.assertIn("Người phát biểu, trình bày", first_vi)
        self.assertIn("Speakers and presenters", first_en)
        self.assertEqual(first_vi, again_vi)
        self.assertEqual(first_en, again_en)
        # An edit drops the kept page in both languages.
        Report.objects.filter(pk=self.report.pk).update(title="Tiêu đề mới")
        self.report.refresh_from_db()
        self.report.save()
        self.assertIn("Tiêu đề mới", self.client.get("/en" + url).content.decode())
        self.assertIn("Tiêu đề mới", self.client.get(url).content.decode())

    def test_typed_filters_are_read_in_vietnamese_under_en(self):
        page = self.client.get("/en/tim-kiem/", {"q": "năm:2018 hình thức:trực tuyến"})
        text = page.content.decode()
        self.assertIn("Quảng Ninh quán triệt Nghị quyết 26", text)
        self.assertNotIn("Móng Cái triển khai Quy định 205", text)
        listing = self.client.get("/en/bai/", {"format": "trực tiếp"}).content.decode()
        self.assertIn("Móng Cái triển khai Quy định 205", listing)
        self.assertNotIn("Quảng Ninh quán triệt Nghị quyết 26", listing)
        self.assertIn("Filtered by:", listing)
        api = self.client.get("/en/api/search/", {"q": 'tỉnh:"Quảng Ninh" năm:2019'}).json()
        self.assertEqual([r["title"] for r in api["results"]], ["Móng Cái triển khai Quy định 205"])

    def test_api_messages_follow_the_address_language(self):
        english = self.client.get("/en/api/search/", {"sort": "zz"})
        vietnamese = self.client.get("/api/search/", {"sort": "zz"})
        self.assertEqual((english.status_code, vietnamese.status_code), (400, 400))
        self.assertIn("Invalid sort order", english.json()["error"])
        self.assertIn("Cách sắp xếp không hợp lệ", vietnamese.json()["error"])
        missing = self.client.get("/en/api/reports/999999/").json()
        self.assertEqual(missing["error"], "Report not found.")
        self.assertEqual(self.client.get("/en/api/nothing/").json()["api_version"], 2)

    def test_feeds_speak_the_page_language(self):
        english = self.client.get(f"/en/van-ban/{self.document.slug}/feed/").content.decode()
        self.assertIn("Document 26-NQ/TW", english)
        self.assertIn('xml:lang="en"', english)
        self.assertIn(f"http://testserver/en/bai/{self.report.pk}/", english)
        vietnamese = self.client.get(f"/van-ban/{self.document.slug}/feed/").content.decode()
        self.assertIn("Văn bản 26-NQ/TW", vietnamese)

    @override_settings(ALERTS_PER_CLIENT_PER_HOUR=100)
    def test_an_alert_made_in_english_mails_in_english(self):
        response = self.client.post(
            "/en/theo-doi/",
            {
                "email": "reader@example.com",
                "frequency": "weekly",
                "kind": "document",
                "key": self.document.slug,
            },
        )
        self.assertRedirects(response, "/en/theo-doi/da-gui/", fetch_redirect_response=False)
        subscription = Subscription.objects.get()
        self.assertEqual(subscription.language, "en")
        confirmation = mail.outbox[-1]
        self.assertIn("Confirm your alerts", confirmation.subject)
        self.assertIn("weekly", confirmation.body)
        self.assertIn("/en/theo-doi/xac-nhan/", confirmation.body)
        # The digest is sent by a command (Vietnamese by default): still English.
        long_ago = timezone.now() - datetime.timedelta(days=30)
        Subscription.objects.filter(pk=subscription.pk).update(
            confirmed_at=long_ago, sent_until=long_ago
        )
        Report.objects.update(published_at=timezone.now() - datetime.timedelta(days=1))
        with translation.override("vi"):
            counts = alert_mail.send_due()
        self.assertEqual(counts["sent"], 1)
        digest = mail.outbox[-1]
        self.assertRegex(digest.subject, r"^\d+ new reports?: Document 26-NQ/TW")
        self.assertIn("You are receiving this e-mail", digest.body)
        self.assertIn("/en/bai/", digest.body)
