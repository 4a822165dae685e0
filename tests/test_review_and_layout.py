"""The staff review page, lists in Vietnamese order, and the small things
readers meet on every page (issue 15). Browser checks of the same pages at
1,280 and 390 px are in test_layout_browser.py."""

import re

from django.contrib.auth.models import User
from django.test import TestCase
from django.urls import reverse

from archive import codes, review, vietnamese
from archive.models import Document, Report
from tests.english import english_words
from tests.factories import make_document, make_place, make_plenum, make_report


class VietnameseOrderTests(TestCase):
    def test_letters_with_marks_follow_their_base_letter(self):
        names = ["Cần Thơ", "Cao Bằng", "Đà Nẵng", "Dương Văn An", "Ăn Xuân", "An Giang", "Yên Bái"]
        self.assertEqual(
            sorted(names, key=vietnamese.collation_key),
            ["An Giang", "Ăn Xuân", "Cao Bằng", "Cần Thơ", "Dương Văn An", "Đà Nẵng", "Yên Bái"],
        )

    def test_tones_only_break_ties_in_dictionary_order(self):
        names = ["mạ", "má", "mà", "ma", "mã", "mả", "mac"]
        self.assertEqual(
            sorted(names, key=vietnamese.collation_key),
            ["ma", "mà", "mả", "mã", "má", "mạ", "mac"],
        )

    def test_case_and_composed_or_decomposed_input_sort_alike(self):
        import unicodedata

        decomposed = unicodedata.normalize("NFD", "Đắk Lắk")
        self.assertEqual(
            vietnamese.collation_key(decomposed)[:2], vietnamese.collation_key("đắk lắk")[:2]
        )

    def test_place_and_person_lists_follow_the_vietnamese_alphabet(self):
        for name in ("Cần Thơ", "Cao Bằng", "Đồng Nai", "Điện Biên", "Bắc Ninh", "Bà Rịa"):
            make_place(name)
        make_report(speakers=[("Đỗ Văn Chiến", ""), ("Dương Thanh Bình", ""), ("Cao Đức Phát", "")])
        html = self.client.get(reverse("archive:place-list")).content.decode()
        order = [
            html.index(n)
            for n in ("Bà Rịa", "Bắc Ninh", "Cao Bằng", "Cần Thơ", "Điện Biên", "Đồng Nai")
        ]
        self.assertEqual(order, sorted(order))
        html = self.client.get(reverse("archive:person-list")).content.decode()
        order = [html.index(n) for n in ("Cao Đức Phát", "Dương Thanh Bình", "Đỗ Văn Chiến")]
        self.assertEqual(order, sorted(order))


class IssuerNameTests(TestCase):
    def test_issuer_codes_read_as_bodies(self):
        self.assertEqual(codes.issuer_name("BTCTW"), "Ban Tổ chức Trung ương")
        self.assertEqual(codes.issuer_name("TU"), "Tỉnh ủy")
        self.assertEqual(codes.issuer_name("TW", passed_by_plenum=True), "Ban Chấp hành Trung ương")
        self.assertEqual(codes.issuer_name("XYZ"), "XYZ")

    def test_document_page_names_the_issuing_body(self):
        plenum = make_plenum("XII", 7)
        make_document("26-NQ/TW", plenum=plenum)
        make_document("21-HD/BTCTW")
        page = self.client.get(reverse("archive:document-detail", args=["26-nq-tw"])).content
        self.assertIn("Ban Chấp hành Trung ương".encode(), page)
        page = self.client.get(reverse("archive:document-detail", args=["21-hd-btctw"])).content
        self.assertIn("Ban Tổ chức Trung ương".encode(), page)


class ReviewMarksTests(TestCase):
    TEXT = (
        "Báo Quảng Ninh\n29-6-2018, Thành ủy tổ chức hội nghị quán triệt Nghị quyết số "
        "26/NQ-TW và Nghị quyết 27 của Ban Chấp hành Trung ương.\n"
        "Đồng chí TRẦN QUỐC VƯỢNG phát biểu <b>chỉ đạo</b>; tại điểm cầu Móng Cái, đồng chí "
        "Tran Quoc Vuong nhấn mạnh. Nguyễn Văn An dự.\nThu Hằng"
    )

    def _report(self):
        report = make_report(
            "Hội nghị",
            original_text=self.TEXT,
            event_date="2018-06-29",
            documents=["26-NQ/TW", "27-NQ/TW", "35-CT/TW"],
            speakers=[("Trần Quốc Vượng", "")],
            connection_points=["điểm cầu Móng Cái"],
            author="Thu Hằng",
            source_outlet="Báo Quảng Ninh",
        )
        return Report.objects.get(pk=report.pk)

    def test_every_written_form_of_a_fact_is_found(self):
        facts = {f.label: f for f in review.facts_of(self._report())}
        found = {label: [self.TEXT[s:e] for s, e in f.spans] for label, f in facts.items()}
        self.assertEqual(found["Văn bản 26-NQ/TW"], ["26/NQ-TW"])
        self.assertEqual(found["Văn bản 27-NQ/TW"], ["Nghị quyết 27"])
        self.assertEqual(found["Văn bản 35-CT/TW"], [])  # linked, but not in the text
        self.assertEqual(found["Ngày 29/06/2018"], ["29-6"])
        speaker = next(v for k, v in found.items() if "Trần Quốc Vượng" in k)
        self.assertEqual(speaker, ["TRẦN QUỐC VƯỢNG", "Tran Quoc Vuong"])
        self.assertEqual(found["Điểm cầu: điểm cầu Móng Cái"], ["điểm cầu Móng Cái"])
        self.assertEqual(found["Tác giả: Thu Hằng"], ["Thu Hằng"])
        self.assertEqual(found["Nguồn: Báo Quảng Ninh"], ["Báo Quảng Ninh"])

    def test_names_match_whole_words_only(self):
        report = make_report(original_text="Anh Annam và Ann", speakers=[("Ann", "")])
        facts = review.facts_of(Report.objects.get(pk=report.pk))
        person = next(f for f in facts if f.kind == "person")
        self.assertEqual(person.spans, [(13, 16)])

    def test_marked_text_is_escaped_and_every_found_fact_has_one_anchor(self):
        facts = review.facts_of(self._report())
        html = str(review.marked_text(self.TEXT, facts))
        self.assertNotIn("<b>", html)
        self.assertIn("&lt;b&gt;chỉ đạo&lt;/b&gt;", html)
        for fact in facts:
            if fact.spans:
                self.assertEqual(html.count(f'id="{fact.anchor}"'), 1, fact.label)
            else:
                self.assertEqual(fact.anchor, "")
        # Removing the marks gives back the text (escaped), nothing lost or doubled.
        plain = re.sub(r"</?mark[^>]*>", "", html)
        self.assertEqual(plain.replace("&lt;", "<").replace("&gt;", ">"), self.TEXT)

    def test_overlapping_facts_keep_the_longer_mark(self):
        text = "điểm cầu Móng Cái"
        facts = [
            review.Fact("point", "a", [(0, 17)]),
            review.Fact("source", "b", [(9, 17)]),
        ]
        html = str(review.marked_text(text, facts))
        self.assertEqual(html.count("<mark"), 1)
        self.assertEqual(facts[1].anchor, "")


class StaffReviewPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.staff = User.objects.create_superuser("bientap", password="mat-khau-dai-123")
        cls.draft = make_report(
            "Thành ủy quán triệt Nghị quyết 26",
            status=Report.Status.DRAFT,
            original_text="Thành ủy quán triệt Nghị quyết số 26-NQ/TW <script>x</script>",
            documents=["26-NQ/TW"],
        )

    def setUp(self):
        self.client.force_login(self.staff)

    def test_draft_review_shows_marked_original_and_a_publish_button(self):
        url = reverse("admin:archive_report_change", args=[self.draft.pk])
        html = self.client.get(url).content.decode()
        self.assertIn('class="review-source"', html)
        self.assertRegex(html, r'<mark class="src-document" id="src-1"[^>]*>26-NQ/TW</mark>')
        self.assertNotIn("<script>x</script>", html)
        self.assertIn('name="_publish"', html)

    def test_publish_button_publishes_and_stays_on_the_page(self):
        url = reverse("admin:archive_report_change", args=[self.draft.pk])
        form = self.client.get(url).context["adminform"].form
        data = {k: v for k, v in form.initial.items() if v is not None}
        data.update(_inline_management(self.client.get(url).context))
        data["event_date"] = ""
        data["_publish"] = "Lưu và xuất bản"
        response = self.client.post(url, data)
        self.assertRedirects(response, url, fetch_redirect_response=False)
        self.draft.refresh_from_db()
        self.assertEqual(self.draft.status, Report.Status.PUBLISHED)

    def test_upload_is_on_the_admin_index_and_app_index(self):
        upload = reverse("admin:archive_report_upload")
        for url in (reverse("admin:index"), reverse("admin:app_list", args=["archive"])):
            self.assertContains(self.client.get(url), f'href="{upload}"')

    def test_report_list_columns_are_vietnamese(self):
        html = self.client.get(reverse("admin:archive_report_changelist")).content.decode()
        for header in ("tạo lúc", "ngày diễn ra", "nguồn"):
            self.assertIn(header, html.lower())
        self.assertNotIn("Created at", html)


def _inline_management(context):
    data = {}
    for formset in context["inline_admin_formsets"]:
        fs = formset.formset
        prefix = fs.prefix
        data[f"{prefix}-TOTAL_FORMS"] = str(len(fs.forms))
        data[f"{prefix}-INITIAL_FORMS"] = str(fs.initial_form_count())
        for i, form in enumerate(fs.forms):
            for name, value in form.initial.items():
                if value is not None:
                    data[f"{prefix}-{i}-{name}"] = value.pk if hasattr(value, "pk") else value
            if form.instance.pk:
                data[f"{prefix}-{i}-id"] = form.instance.pk
                data[f"{prefix}-{i}-report"] = form.instance.report_id
    return data


class ReaderPageDetailsTests(TestCase):
    def test_search_results_say_when_a_date_was_inferred(self):
        make_report(
            "Hội nghị quán triệt",
            event_date="2018-06-29",
            date_precision=Report.DatePrecision.INFERRED,
        )
        from search import indexing

        indexing.rebuild()
        html = self.client.get(reverse("search:search"), {"q": "quán triệt"}).content.decode()
        self.assertIn("29/06/2018 (suy ra)", html)

    def test_search_title_does_not_nest_quotes(self):
        html = self.client.get(reverse("search:search"), {"q": '"tiền lương"'}).content.decode()
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
        self.assertIn("Tìm “tiền lương”", title)
        self.assertNotIn('"', title.replace("&quot;", '"').split("·")[0])

    def test_home_and_search_pages_have_one_search_box(self):
        for url in (reverse("archive:home"), reverse("search:search")):
            html = self.client.get(url).content.decode()
            self.assertEqual(html.count('type="search"'), 1, url)
        html = self.client.get(reverse("archive:report-list")).content.decode()
        self.assertEqual(html.count('type="search"'), 1)  # the header's

    def test_favicon_is_linked_and_favicon_ico_redirects_to_it(self):
        html = self.client.get(reverse("archive:home")).content.decode()
        self.assertRegex(html, r'<link rel="icon" href="[^"]*favicon\.svg"')
        response = self.client.get("/favicon.ico")
        self.assertEqual(response.status_code, 301)
        self.assertTrue(response["Location"].endswith("favicon.svg"))

    def test_report_page_always_has_a_source_line(self):
        known = make_report("Có nguồn", source_outlet="Báo Bắc Ninh")
        unknown = make_report("Không nguồn")
        self.assertContains(self.client.get(known.get_absolute_url()), "Báo Bắc Ninh")
        self.assertContains(self.client.get(unknown.get_absolute_url()), "nguồn chưa rõ")

    def test_document_card_in_search_names_the_issuer(self):
        make_document("21-HD/BTCTW")
        make_report(documents=["21-HD/BTCTW"])
        html = self.client.get(reverse("search:search"), {"q": "21-HD/BTCTW"}).content.decode()
        self.assertIn("Ban Tổ chức Trung ương", html)


class EnglishDetectorTests(TestCase):
    def test_finds_english_ui_words_not_vietnamese_or_codes(self):
        text = (
            "Show counts · Hiện số lượng · Created at 12/2025 · PLENUM · Slug · "
            "Nghi quyet trung uong khoa XII · 26-NQ/TW · UBND tinh · baomoi.com · "
            "Tran Quoc Vuong · nguyen · nghieng"
        )
        self.assertEqual(english_words(text), ["show", "counts", "created", "plenum", "slug"])

    def test_allowed_words_are_left_out(self):
        self.assertEqual(english_words("Website của Đảng bộ", allowed={"website"}), [])


class TranslationTests(TestCase):
    def test_po_files_compile_without_gettext_tools(self):
        import tempfile
        from pathlib import Path

        import polib

        from archive.management.commands.compile_translations import compile_all

        with tempfile.TemporaryDirectory() as tmp:
            messages = Path(tmp) / "vi" / "LC_MESSAGES"
            messages.mkdir(parents=True)
            po = polib.POFile()
            po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
            po.append(polib.POEntry(msgid="Show counts", msgstr="Hiện số lượng"))
            po.save(str(messages / "django.po"))
            written = compile_all([tmp])
            self.assertEqual(written, [messages / "django.mo"])
            mo = polib.mofile(str(messages / "django.mo"))
            self.assertEqual(mo.find("Show counts").msgstr, "Hiện số lượng")
            self.assertEqual(compile_all([tmp]), [])  # up to date: nothing rewritten

    def test_admin_strings_django_lacks_are_vietnamese(self):
        from django.utils import translation

        with translation.override("vi"):
            self.assertEqual(translation.gettext("Show counts"), "Hiện số lượng")
            self.assertEqual(
                translation.gettext("Skip to main content"), "Bỏ qua, tới nội dung chính"
            )


def test_document_issuer_name_uses_the_plenum(db):
    plenum = make_plenum("XIII", 8)
    doc = make_document("45-NQ/TW", plenum=plenum)
    assert Document.objects.get(pk=doc.pk).issuer_name == "Ban Chấp hành Trung ương"
