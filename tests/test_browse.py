"""The browsable site: pages, filters, redirects, 404s, escaping, query bounds."""

from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.template.loader import render_to_string
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.safestring import mark_safe

from archive.models import Place, Report
from archive.templatetags.archive_tags import link_codes
from search import indexing
from tests.factories import (
    make_document,
    make_person,
    make_place,
    make_plenum,
    make_report,
    make_term,
)


class BrowseData(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.plenum = make_plenum("XII", 7, start_date="2018-05-07", end_date="2018-05-12")
        cls.doc26 = make_document(
            "26-NQ/TW", subject="về tập trung xây dựng đội ngũ cán bộ các cấp", plenum=cls.plenum
        )
        cls.doc205 = make_document("205-QĐ/TW", subject="về kiểm soát quyền lực")
        cls.quang_ninh = make_place("Quảng Ninh")
        cls.mong_cai = make_place("Móng Cái", kind=Place.Kind.DISTRICT, parent=cls.quang_ninh)
        cls.tuyen_quang = make_place("Tuyên Quang")
        cls.ha_giang = make_place(
            "Hà Giang", parent=cls.tuyen_quang, current=False, historical_names="Hà Tuyên"
        )
        cls.report = make_report(
            "Hội nghị quán triệt Nghị quyết Trung ương 7 khóa XII",
            body=(
                "Ngày 29/6, Tỉnh ủy tổ chức hội nghị quán triệt Nghị quyết số 26-NQ/TW.\n"
                "Hội nghị cũng triển khai Quy định 205-QĐ/TW và Chỉ thị 99-CT/TW."
            ),
            event_date="2018-06-29",
            subject_documents=["26-NQ/TW"],
            documents=["205-QĐ/TW"],
            plenums=["XII-7"],
            speakers=[("Trần Quốc Vượng", "Thường trực Ban Bí thư", "Quán triệt Nghị quyết 26")],
            attendees=[("Phạm Minh Tấn", "Phó Bí thư Thường trực Tỉnh ủy")],
            connection_points=[("điểm cầu Thành ủy Móng Cái", cls.mong_cai)],
            place=cls.quang_ninh,
            format=Report.Format.ONLINE,
            organiser="Ban Thường vụ Tỉnh ủy Quảng Ninh",
            author="Thu Hằng",
            source_outlet="Báo Quảng Ninh",
            source_url="https://example.org/bai-1",
        )
        cls.inferred = make_report(
            "Quán triệt Quy định 205",
            event_date="2023-12-04",
            date_precision=Report.DatePrecision.INFERRED,
            documents=["205-QĐ/TW"],
            speakers=[("Phạm Minh Chính", "Thủ tướng Chính phủ")],
            connection_points=[("đầu cầu tỉnh Hà Giang", cls.ha_giang)],
        )
        cls.undated = make_report("Bài không rõ ngày", documents=["26-NQ/TW"])
        cls.draft = make_report(
            "Bản nháp bí mật", event_date="2024-01-01", status=Report.Status.DRAFT
        )


class HomePageTests(BrowseData):
    def test_home_lists_latest_published_reports_and_top_documents(self):
        response = self.client.get(reverse("archive:home"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, self.report.title)
        self.assertContains(response, self.inferred.title)
        self.assertNotContains(response, "Bản nháp bí mật")
        top = list(response.context["top_documents"])
        self.assertEqual({d.code: d.report_count for d in top}, {"26-NQ/TW": 2, "205-QĐ/TW": 2})
        self.assertContains(response, f'action="{reverse("search:search")}"')
        self.assertContains(response, 'lang="vi"')


class ReportListTests(BrowseData):
    def get(self, **params):
        return self.client.get(reverse("archive:report-list"), params)

    def titles(self, response):
        return [r.title for r in response.context["page"].object_list]

    def test_published_only_newest_first_with_unknown_dates_last(self):
        response = self.get()
        self.assertEqual(
            self.titles(response),
            [self.inferred.title, self.report.title, self.undated.title],
        )

    def test_filter_by_year(self):
        self.assertEqual(self.titles(self.get(year="2018")), [self.report.title])

    def test_filter_by_document_code_in_any_spelling_or_slug(self):
        for value in ("205-QĐ/TW", "205-qd-tw", "205 - QD/TW"):
            with self.subTest(value=value):
                response = self.get(document=value)
                self.assertEqual(self.titles(response), [self.inferred.title, self.report.title])
                self.assertContains(response, "Văn bản 205-QĐ/TW")

    def test_filter_by_plenum_includes_reports_on_documents_it_passed(self):
        other = make_report("Chỉ nhắc văn bản 26", event_date="2019-01-01", documents=["26-NQ/TW"])
        titles = self.titles(self.get(plenum="XII-7"))
        self.assertEqual(titles, [other.title, self.report.title, self.undated.title])
        self.assertEqual(self.titles(self.get(term="XII")), titles)
        self.assertEqual(self.titles(self.get(term="12")), titles)
        self.assertEqual(self.titles(self.get(term="khóa XII")), titles)

    def test_filter_by_province_includes_connection_points_in_its_districts(self):
        self.assertEqual(self.titles(self.get(province="quang-ninh")), [self.report.title])

    def test_filter_form_keeps_a_chosen_district(self):
        response = self.get(province="mong-cai")
        self.assertEqual(self.titles(response), [self.report.title])
        self.assertContains(response, '<option value="mong-cai" selected>Móng Cái</option>')
        self.assertContains(response, '<option value="quang-ninh">Quảng Ninh</option>')

    def test_filter_by_province_includes_former_provinces_merged_into_it(self):
        self.assertEqual(self.titles(self.get(province="tuyen-quang")), [self.inferred.title])

    def test_filter_by_speaker_ignores_attendance(self):
        speaker = make_person("Trần Quốc Vượng")
        attendee = make_person("Phạm Minh Tấn")
        self.assertEqual(self.titles(self.get(speaker=speaker.slug)), [self.report.title])
        self.assertEqual(self.titles(self.get(speaker=attendee.slug)), [])

    def test_filters_combine_and_show_removable_chips(self):
        response = self.get(year="2018", document="26-NQ/TW")
        self.assertEqual(self.titles(response), [self.report.title])
        chips = {c.label: c.remove_url for c in response.context["filters"].chips}
        self.assertEqual(chips["Năm 2018"], "?document=26-NQ%2FTW")
        self.assertEqual(chips["Văn bản 26-NQ/TW"], "?year=2018")
        self.assertContains(response, 'href="?document=26-NQ%2FTW"')

    def test_invalid_filters_give_a_message_not_an_error(self):
        bad = {
            "year": "hai nghìn",
            "term": "XCIX",
            "plenum": "XII-x",
            "document": "<script>alert(1)</script>",
            "province": "khong-co",
            "speaker": "x" * 5000,
            "page": "abc",
        }
        response = self.get(**bad)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(response.context["filters"].errors), 6)
        self.assertNotContains(response, "<script>alert(1)</script>")
        self.assertContains(response, "&lt;script&gt;")
        # Invalid filters are ignored: every published report is listed.
        self.assertEqual(len(self.titles(response)), 3)

    def test_nul_characters_in_filters_are_dropped(self):
        response = self.get(province="quang-ninh\x00", year="\x00")
        self.assertEqual(self.titles(response), [self.report.title])

    def test_pagination_keeps_filters(self):
        for i in range(25):
            make_report(f"Bài năm 2020 số {i}", event_date=f"2020-01-{i + 1:02d}")
        response = self.get(year="2020")
        self.assertEqual(len(self.titles(response)), 20)
        self.assertContains(response, 'href="?year=2020&amp;page=2"')
        page2 = self.get(year="2020", page="2")
        self.assertEqual(len(self.titles(page2)), 5)
        self.assertEqual(self.get(year="2020", page="99").context["page"].number, 2)


class ReportPageTests(BrowseData):
    def test_report_page_shows_facts_speakers_attendees_and_points(self):
        response = self.client.get(self.report.get_absolute_url())
        self.assertEqual(response.status_code, 200)
        speakers = [a.person.name for a in response.context["speakers"]]
        attendees = [a.person.name for a in response.context["attendees"]]
        self.assertEqual(speakers, ["Trần Quốc Vượng"])
        self.assertEqual(attendees, ["Phạm Minh Tấn"])
        html = response.content.decode()
        speakers_block = html.split('id="speakers-heading"')[1].split("</section>")[0]
        attendees_block = html.split('id="attendees-heading"')[1].split("</section>")[0]
        self.assertIn("Thường trực Ban Bí thư", speakers_block)
        self.assertIn("Quán triệt Nghị quyết 26", speakers_block)
        self.assertNotIn("Phạm Minh Tấn", speakers_block)
        self.assertIn("Phạm Minh Tấn", attendees_block)
        self.assertContains(response, "29/06/2018")
        self.assertContains(response, "Trực tuyến")
        self.assertContains(response, "Ban Thường vụ Tỉnh ủy Quảng Ninh")
        self.assertContains(response, self.mong_cai.get_absolute_url())
        self.assertContains(response, "Thu Hằng")
        self.assertContains(response, 'href="https://example.org/bai-1" rel="noopener nofollow"')

    def test_known_document_codes_in_body_are_linked(self):
        response = self.client.get(self.report.get_absolute_url())
        self.assertContains(
            response, '<a class="doc-code" href="/van-ban/26-nq-tw/" title="26-NQ/TW">26-NQ/TW</a>'
        )
        self.assertContains(response, 'href="/van-ban/205-qd-tw/"')
        # 99-CT/TW is not in the archive: written as text, not a link to a 404.
        self.assertNotContains(response, "/van-ban/99-ct-tw/")
        self.assertContains(response, "Chỉ thị 99-CT/TW")

    def test_body_html_is_escaped_and_codes_still_linked(self):
        report = make_report(
            "Bài có mã độc",
            body='<script>alert("x")</script> Nghị quyết 26-NQ/TW <b>đậm</b> & "trích"',
            documents=["26-NQ/TW"],
        )
        response = self.client.get(report.get_absolute_url())
        self.assertNotContains(response, "<script>alert")
        self.assertNotContains(response, "<b>đậm</b>")
        self.assertContains(response, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;")
        self.assertContains(response, "&amp; &quot;trích&quot;")
        self.assertContains(response, 'href="/van-ban/26-nq-tw/"')

    def test_inferred_date_shows_its_precision(self):
        response = self.client.get(self.inferred.get_absolute_url())
        self.assertContains(response, "04/12/2023 (suy ra)")
        self.assertContains(self.client.get(self.undated.get_absolute_url()), "Chưa rõ ngày")

    def test_related_reports_share_documents(self):
        indexing.drain()  # related reports come from the index (archive/related.py)
        response = self.client.get(self.report.get_absolute_url())
        related = [r.title for r in response.context["related"]]
        self.assertEqual(sorted(related), sorted([self.inferred.title, self.undated.title]))
        self.assertNotIn(self.draft.title, related)

    def test_related_reports_rank_by_shared_documents_and_skip_drafts(self):
        report = make_report("Bài gốc", documents=["1-NQ/TW", "2-NQ/TW"])
        # More drafts sharing both documents than the first round of candidates.
        for i in range(12):
            make_report(f"Nháp {i}", documents=["1-NQ/TW", "2-NQ/TW"], status=Report.Status.DRAFT)
        make_report("Chung hai văn bản", event_date="2001-01-01", documents=["1-NQ/TW", "2-NQ/TW"])
        for day in range(1, 8):
            make_report(f"Bài ngày {day}", event_date=f"2020-01-0{day}", documents=["2-NQ/TW"])
        indexing.drain()
        response = self.client.get(report.get_absolute_url())
        related = [r.title for r in response.context["related"]]
        expected = ["Chung hai văn bản"] + [f"Bài ngày {day}" for day in range(7, 2, -1)]
        self.assertEqual(related, expected)

    def test_short_and_wrong_slug_urls_redirect_to_canonical(self):
        canonical = self.report.get_absolute_url()
        short = reverse("archive:report-detail-short", args=[self.report.pk])
        self.assertRedirects(self.client.get(short), canonical, status_code=301)
        wrong = reverse("archive:report-detail", args=[self.report.pk, "sai-slug"])
        self.assertRedirects(self.client.get(wrong), canonical, status_code=301)

    def test_draft_is_404_for_public_but_previewable_by_staff(self):
        url = self.draft.get_absolute_url()
        response = self.client.get(url)
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "Không tìm thấy trang", status_code=404)
        staff = User.objects.create_user("bientap", password="x", is_staff=True)
        self.client.force_login(staff)
        response = self.client.get(url)
        self.assertContains(response, "Bản nháp")

    def test_photos_render_with_caption_as_alt_and_lazy_loading(self):
        report = make_report(
            "Bài có ảnh",
            photos=[
                {
                    "image": "photos/1/goc.jpg",
                    "display": "photos/1/hien-thi.jpg",
                    "thumbnail": "photos/1/nho.jpg",
                    "caption": 'Quang cảnh "hội nghị"',
                }
            ],
        )
        response = self.client.get(report.get_absolute_url())
        self.assertContains(response, "photos/1/hien-thi.jpg")
        self.assertContains(response, 'alt="Quang cảnh &quot;hội nghị&quot;"')
        self.assertContains(response, 'loading="lazy"')
        listing = self.client.get(reverse("archive:report-list"))
        self.assertContains(listing, "photos/1/nho.jpg")


class DocumentPageTests(BrowseData):
    def test_document_page_lists_reports_in_date_order_marking_subjects(self):
        response = self.client.get("/van-ban/26-nq-tw/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Nghị quyết")
        self.assertContains(response, "về tập trung xây dựng đội ngũ cán bộ các cấp")
        self.assertContains(response, self.plenum.get_absolute_url())
        links = list(response.context["page"].object_list)
        self.assertEqual([link.report for link in links], [self.report, self.undated])
        self.assertEqual([link.is_subject for link in links], [True, False])
        self.assertNotContains(response, "Bản nháp bí mật")

    def test_non_canonical_slug_redirects(self):
        response = self.client.get("/van-ban/205-QD-TW/")
        self.assertRedirects(response, "/van-ban/205-qd-tw/", status_code=301)

    def test_document_list_counts_published_reports(self):
        response = self.client.get(reverse("archive:document-list"))
        counts = {d.code: d.report_count for d in response.context["page"].object_list}
        self.assertEqual(counts, {"26-NQ/TW": 2, "205-QĐ/TW": 2})
        filtered = self.client.get(reverse("archive:document-list"), {"type": "qd"})
        self.assertEqual([d.code for d in filtered.context["page"].object_list], ["205-QĐ/TW"])


class PersonPlacePlenumPageTests(BrowseData):
    def test_person_page_shows_positions_as_written_at_the_time(self):
        make_report(
            "Bài năm 2023",
            event_date="2023-01-05",
            speakers=[("Trần Quốc Vượng", "Nguyên Thường trực Ban Bí thư")],
        )
        person = make_person("Trần Quốc Vượng")
        response = self.client.get(person.get_absolute_url())
        positions = [a.position for a in response.context["page"].object_list]
        self.assertEqual(positions, ["Nguyên Thường trực Ban Bí thư", "Thường trực Ban Bí thư"])

    def test_place_page_includes_connection_points_in_child_districts(self):
        response = self.client.get(self.quang_ninh.get_absolute_url())
        self.assertEqual(
            [r.title for r in response.context["page"].object_list], [self.report.title]
        )
        self.assertContains(response, "Móng Cái")

    def test_historical_place_shows_today_province(self):
        response = self.client.get(self.ha_giang.get_absolute_url())
        self.assertContains(response, "Nay thuộc")
        self.assertContains(response, self.tuyen_quang.get_absolute_url())
        self.assertContains(response, "Hà Tuyên")
        self.assertEqual(
            [r.title for r in response.context["page"].object_list], [self.inferred.title]
        )

    def test_plenum_page_shows_dates_documents_and_reports(self):
        response = self.client.get(self.plenum.get_absolute_url())
        self.assertContains(response, "07/05/2018")
        self.assertContains(response, "/van-ban/26-nq-tw/")
        titles = [r.title for r in response.context["page"].object_list]
        self.assertEqual(titles, [self.report.title, self.undated.title])

    def test_term_pages(self):
        make_term("XIII")
        response = self.client.get(reverse("archive:term-list"))
        self.assertContains(response, "Khóa XII")
        self.assertContains(response, "Khóa XIII")
        response = self.client.get(reverse("archive:term-detail", args=["xii"]))
        self.assertContains(response, "Hội nghị Trung ương 7")
        # Counted as the plenum page lists them: by plenum or by a document it passed.
        counts = {p.number: p.report_count for p in response.context["plenums"]}
        self.assertEqual(counts, {7: 2})
        self.assertRedirects(self.client.get("/khoa/12/"), "/khoa/xii/", status_code=301)

    def test_lists_render(self):
        for name in ("person-list", "place-list", "term-list", "document-list"):
            with self.subTest(name=name):
                self.assertEqual(self.client.get(reverse(f"archive:{name}")).status_code, 200)
        places = self.client.get(reverse("archive:place-list"))
        self.assertContains(places, "Hà Giang")


class NotFoundTests(BrowseData):
    def test_unknown_slugs_give_the_404_page(self):
        urls = [
            "/van-ban/999-nq-tw/",
            "/van-ban/khong-co/",
            "/nguoi/khong-co/",
            "/dia-phuong/khong-co/",
            "/khoa/xx/",
            "/khoa/abc/",
            "/khoa/xii/hoi-nghi-99/",
            "/bai/999999/",
            "/bai/999999/khong-co/",
        ]
        for url in urls:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 404)
                self.assertContains(response, "Không tìm thấy trang", status_code=404)


class QueryBoundTests(TestCase):
    """List pages run the same number of queries for 5 rows as for 30."""

    def build(self, n, offset):
        plenum = make_plenum("XII", 7)
        make_plenum("XII", offset + 20)
        for i in range(n):
            make_report(
                f"Bài {offset + i}",
                event_date=f"2019-02-{(i % 28) + 1:02d}",
                documents=["26-NQ/TW", f"{offset + i + 1}-CT/TW"],
                plenums=[plenum],
                speakers=[(f"Người Số {offset + i}", "Bí thư")],
                connection_points=[("điểm cầu tỉnh Quảng Ninh", "Quảng Ninh")],
                place="Quảng Ninh",
                photos=[{"image": f"photos/{i}.jpg", "thumbnail": f"photos/{i}-t.jpg"}],
            )

    def count_queries(self, url):
        # Count the uncached path: the home page caches its aggregates.
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return len(ctx.captured_queries)

    def test_list_pages_run_a_bounded_number_of_queries(self):
        make_term("XII")
        person_slug = None
        urls = [
            reverse("archive:home"),
            reverse("archive:report-list"),
            reverse("archive:report-list") + "?province=quang-ninh&year=2019&document=26-NQ/TW",
            "/van-ban/26-nq-tw/",
            reverse("archive:document-list"),
            reverse("archive:person-list"),
            reverse("archive:place-list"),
            "/dia-phuong/quang-ninh/",
            reverse("archive:term-list"),
            "/khoa/xii/",
            "/khoa/xii/hoi-nghi-7/",
        ]
        self.build(5, 0)
        person_slug = make_person("Người Số 0").get_absolute_url()
        small = {url: self.count_queries(url) for url in urls + [person_slug]}
        self.build(25, 100)
        for url, count in small.items():
            with self.subTest(url=url):
                self.assertEqual(self.count_queries(url), count)
                self.assertLessEqual(count, 12)

    def test_report_page_query_count_does_not_grow_with_relations(self):
        small = make_report(
            "Nhỏ", documents=["1-NQ/TW"], speakers=[("A Bê", "")], connection_points=["x"]
        )
        big = make_report(
            "Lớn",
            documents=[f"{i}-NQ/TW" for i in range(2, 20)],
            speakers=[(f"Người Thứ {i}", "Bí thư") for i in range(15)],
            attendees=[(f"Khách Thứ {i}", "Đại biểu") for i in range(15)],
            connection_points=[f"điểm cầu {i}" for i in range(20)],
        )
        self.assertEqual(
            self.count_queries(small.get_absolute_url()),
            self.count_queries(big.get_absolute_url()),
        )


class LinkCodesFilterTests(TestCase):
    def test_every_written_form_links_to_the_canonical_slug(self):
        html = link_codes("Theo 26 – nq/tw và 205/QĐ-TW.")
        self.assertIn('href="/van-ban/26-nq-tw/"', html)
        self.assertIn(">26 – nq/tw</a>", html)
        self.assertIn('href="/van-ban/205-qd-tw/"', html)
        self.assertTrue(html.startswith("Theo "))
        self.assertTrue(html.endswith("</a>."))

    def test_only_known_codes_are_linked_when_given(self):
        html = link_codes("26-NQ/TW và 35-CT/TW", {"35-CT/TW"})
        self.assertNotIn("26-nq-tw", html)
        self.assertIn('href="/van-ban/35-ct-tw/"', html)

    def test_text_is_escaped_even_when_marked_safe(self):
        html = link_codes(mark_safe("<img src=x onerror=alert(1)> 26-NQ/TW"))
        self.assertIn("&lt;img src=x onerror=alert(1)&gt;", html)
        self.assertIn('href="/van-ban/26-nq-tw/"', html)
        self.assertEqual(link_codes(""), "")


class PlaceOrderTests(TestCase):
    def test_place_list_is_in_vietnamese_alphabetical_order(self):
        for name in ("Yên Bái", "Đà Nẵng", "Cà Mau", "Điện Biên", "An Giang"):
            make_place(name)
        response = self.client.get(reverse("archive:place-list"))
        names = [place.name for place, _ in response.context["current"]]
        self.assertEqual(names, ["An Giang", "Cà Mau", "Đà Nẵng", "Điện Biên", "Yên Bái"])


class ErrorPageTests(TestCase):
    def test_500_page_renders_without_context_or_database(self):
        html = render_to_string("500.html")
        self.assertIn('lang="vi"', html)
        self.assertIn("Đã có lỗi xảy ra", html)
