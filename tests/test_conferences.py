"""Conferences as events: proposals from the reports, their page, the admin queue."""

import datetime

from django.contrib.auth.models import User
from django.test import TestCase
from django.urls import reverse

from archive import grouping
from archive.conferences import Conference
from archive.importing import import_text
from archive.models import Report
from tests import corpus_checks
from tests.factories import import_generated, load_reference, make_report

# One national online conference, as three outlets wrote it up (texts written for
# this test): the Hà Nội and Cà Mau reports on the day, the Huế one dated the next.
HA_NOI = """Hà Nội dự Hội nghị toàn quốc quán triệt Nghị quyết số 59-NQ/TW và Nghị quyết số 70-NQ/TW

Sáng 16/9/2025, Bộ Chính trị, Ban Bí thư tổ chức Hội nghị toàn quốc trực tuyến quán triệt, triển khai thực hiện Nghị quyết số 59-NQ/TW và Nghị quyết số 70-NQ/TW của Bộ Chính trị. Hội nghị được kết nối từ điểm cầu Trung ương tại Hội trường Diên Hồng, Nhà Quốc hội tới các điểm cầu trên cả nước.

Đồng chí Lê Minh Khang, Ủy viên Bộ Chính trị, Thường trực Ban Bí thư chủ trì hội nghị.

Tại điểm cầu Thành ủy Hà Nội, đồng chí Phạm Thu Hà, Phó Bí thư Thường trực Thành ủy dự và chỉ đạo. Hội nghị cũng được kết nối tới điểm cầu quận Ba Đình và điểm cầu huyện Đông Anh.

Đồng chí Vũ Quang Tuấn, Phó Trưởng Ban Tuyên giáo và Dân vận Trung ương trình bày chuyên đề về Nghị quyết số 59-NQ/TW.

Các đại biểu thống nhất triển khai nghị quyết nghiêm túc, sát thực tế.

Minh Anh
Nguồn: Báo Hà Nội Mới
"""
CA_MAU = """Cà Mau quán triệt các nghị quyết mới của Bộ Chính trị

Ngày 16/9/2025, Bộ Chính trị, Ban Bí thư tổ chức Hội nghị toàn quốc quán triệt, triển khai thực hiện Nghị quyết số 59-NQ/TW về hội nhập quốc tế trong tình hình mới và Nghị quyết số 70-NQ/TW về bảo đảm an ninh năng lượng quốc gia. Hội nghị được tổ chức theo hình thức trực tuyến.

Đồng chí Lê Minh Khang, Thường trực Ban Bí thư chủ trì hội nghị.

Tại điểm cầu Tỉnh ủy Cà Mau, đồng chí Đỗ Hồng Nhung, Phó Bí thư Tỉnh ủy chủ trì. Cùng dự có các điểm cầu xã Tân Thành và phường Bạc Liêu.

Đồng chí Nguyễn Đức Lợi, Phó Chủ nhiệm Văn phòng Trung ương Đảng giới thiệu Nghị quyết số 70-NQ/TW.

Quang Vinh
Theo Báo Cà Mau
"""
HUE = """Thành phố Huế quán triệt Nghị quyết 59 và Nghị quyết 70 của Bộ Chính trị

Sáng 17/9/2025, Bộ Chính trị, Ban Bí thư tổ chức Hội nghị toàn quốc trực tuyến quán triệt Nghị quyết số 59-NQ/TW và Nghị quyết số 70-NQ/TW của Bộ Chính trị.

Tại điểm cầu Thành ủy Huế có đồng chí Trần Văn Bảo, Phó Bí thư Thành ủy chủ trì.

Đồng chí Vũ Quang Tuấn, Phó Trưởng Ban Tuyên giáo và Dân vận Trung ương trình bày chuyên đề về Nghị quyết số 59-NQ/TW, kết hợp nhắc lại Kết luận số 21-KL/TW.

Hải Yến
Nguồn: Báo Thừa Thiên Huế
"""


def _imported(text, **kwargs):
    outcome = import_text(text, **kwargs)
    assert outcome.status == "imported", outcome.message
    return outcome.report


class ConferenceFromReportsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_reference()
        cls.ha_noi = _imported(HA_NOI)
        cls.ca_mau = _imported(CA_MAU)
        cls.hue = _imported(HUE)
        # Not the same event: a week later, a local round on the same documents.
        cls.local = _imported(
            "Cà Mau triển khai Nghị quyết 59-NQ/TW đến cơ sở\n\n"
            "Ngày 23/9/2025, Ban Thường vụ Tỉnh ủy Cà Mau tổ chức hội nghị quán triệt "
            "Nghị quyết số 59-NQ/TW của Bộ Chính trị cho cán bộ chủ chốt của tỉnh.\n"
        )
        # The same day, another central conference on another document.
        cls.other = _imported(
            "Hội nghị toàn quốc quán triệt Nghị quyết số 71-NQ/TW\n\n"
            "Sáng 16/9/2025, Bộ Chính trị tổ chức Hội nghị toàn quốc trực tuyến quán triệt "
            "Nghị quyết số 71-NQ/TW của Bộ Chính trị về đột phá phát triển giáo dục.\n"
        )
        # A draft of the same event stays out until it is published.
        cls.draft = _imported(HA_NOI.replace("Minh Anh", "Minh Anh (bản sửa)"), publish=False)
        grouping.propose()
        cls.conference = Conference.objects.get()

    def test_the_outlets_reports_of_one_event_are_one_proposal(self):
        self.assertEqual(self.conference.status, Conference.Status.PROPOSED)
        self.assertEqual(set(self.conference.reports.all()), {self.ha_noi, self.ca_mau, self.hue})
        self.assertEqual(self.conference.event_date, datetime.date(2025, 9, 16))
        self.assertEqual(
            sorted(self.conference.documents.values_list("code", flat=True)),
            ["59-NQ/TW", "70-NQ/TW"],
        )
        for report in (self.local, self.other, self.draft):
            report.refresh_from_db()
            self.assertIsNone(report.conference_id)

    def test_proposing_again_keeps_the_proposal_and_its_address(self):
        url = self.conference.get_absolute_url()
        self.assertEqual(grouping.propose(), 1)
        conference = Conference.objects.get()
        self.assertEqual((conference.pk, conference.get_absolute_url()), (self.conference.pk, url))

    def test_publishing_the_draft_adds_it_to_the_proposal(self):
        self.draft.status = Report.Status.PUBLISHED
        self.draft.save()
        grouping.propose()
        self.assertEqual(Conference.objects.get().reports.count(), 4)

    def test_the_page_lists_reports_places_speakers_and_what_each_outlet_added(self):
        response = self.client.get(self.conference.get_absolute_url())
        self.assertEqual(response.status_code, 200)
        facts = response.context["facts"]
        self.assertEqual(
            [r.pk for r in facts.reports], [self.ha_noi.pk, self.ca_mau.pk, self.hue.pk]
        )
        self.assertEqual({p.name for p in facts.provinces}, {"Hà Nội", "Cà Mau", "Huế"})
        counts = {person.name: count for person, _, count in facts.speakers}
        self.assertEqual(counts["Lê Minh Khang"], 2)
        self.assertEqual(counts["Vũ Quang Tuấn"], 2)
        self.assertEqual(counts["Nguyễn Đức Lợi"], 1)
        self.assertNotIn("Minh Anh", counts)  # a byline, not a speaker
        parts = {part.outlet: part for part in facts.outlets}
        self.assertEqual(set(parts), {"Báo Hà Nội Mới", "Báo Cà Mau", "Báo Thừa Thiên Huế"})
        self.assertIn("quận Ba Đình", parts["Báo Hà Nội Mới"].points)
        self.assertIn("Nguyễn Đức Lợi", [p.name for p in parts["Báo Cà Mau"].speakers])
        self.assertEqual([d.code for d in parts["Báo Thừa Thiên Huế"].documents], ["21-KL/TW"])
        self.assertEqual(parts["Báo Cà Mau"].documents, [])
        page = response.content.decode()
        for report in (self.ha_noi, self.ca_mau, self.hue):
            self.assertIn(report.get_absolute_url(), page)
        self.assertNotIn(self.draft.get_absolute_url(), page)

    def test_each_report_page_links_its_conference(self):
        page = self.client.get(self.hue.get_absolute_url()).content.decode()
        self.assertIn(self.conference.get_absolute_url(), page)
        self.assertIn("và 2 bài khác về hội nghị này", page)
        page = self.client.get(self.local.get_absolute_url()).content.decode()
        self.assertNotIn("/hoi-nghi/", page)

    def test_the_page_redirects_to_its_slug_and_hides_what_is_not_public(self):
        short = reverse("archive:conference-detail-short", args=[self.conference.pk])
        self.assertRedirects(
            self.client.get(short), self.conference.get_absolute_url(), status_code=301
        )
        Report.objects.filter(pk__in=[self.ca_mau.pk, self.hue.pk]).update(
            status=Report.Status.DRAFT
        )
        self.assertEqual(self.client.get(self.conference.get_absolute_url()).status_code, 404)

    def test_staff_accept_with_one_click_split_by_unticking_and_reject(self):
        staff = User.objects.create_superuser("staff", "s@example.org", "pw-long-enough-1")
        self.client.force_login(staff)
        queue = self.client.get(reverse("admin:archive_conference_changelist"))
        self.assertContains(queue, "1 đề xuất chờ xác nhận")
        accept = reverse("admin:archive_conference_accept", args=[self.conference.pk])
        self.assertContains(queue, f'formaction="{accept}"')
        # A GET changes nothing; the button's POST confirms.
        self.client.get(accept)
        self.conference.refresh_from_db()
        self.assertEqual(self.conference.status, Conference.Status.PROPOSED)
        self.client.post(accept)
        self.conference.refresh_from_db()
        self.assertEqual(self.conference.status, Conference.Status.CONFIRMED)

        change = reverse("admin:archive_conference_change", args=[self.conference.pk])
        form = self.client.get(change).context["adminform"].form
        data = {
            "title": self.conference.title,
            "event_date": "2025-09-16",
            "organiser": self.conference.organiser,
            "status": Conference.Status.CONFIRMED,
            "documents": [d.pk for d in self.conference.documents.all()],
            "reports": [self.ha_noi.pk, self.ca_mau.pk],
        }
        self.assertIn("reports", form.fields)
        response = self.client.post(change, data)
        self.assertEqual(response.status_code, 302, getattr(response, "context", None))
        self.assertEqual(set(self.conference.reports.all()), {self.ha_noi, self.ca_mau})
        # The split stands: proposing again does not put Huế back.
        grouping.propose()
        self.hue.refresh_from_db()
        self.assertIsNone(self.hue.conference_id)

    def test_a_rejected_proposal_is_not_proposed_again(self):
        self.conference.status = Conference.Status.REJECTED
        self.conference.save()
        self.assertEqual(grouping.propose(), 0)
        self.assertEqual(self.conference.reports.count(), 3)
        self.assertEqual(self.client.get(self.conference.get_absolute_url()).status_code, 404)


class GeneratedCorpusTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_reference()
        import_generated(400, seed=3)
        # Two more write-ups of a generated central conference, one dated a day later.
        anchor = (
            Report.objects.filter(level=Report.Level.CENTRAL, document_links__is_subject=True)
            .exclude(event_date=None)
            .order_by("pk")
            .first()
        )
        cls.anchor = anchor
        subject = anchor.document_links.filter(is_subject=True).first().document
        cls.staged = [
            make_report(
                f"Điểm cầu {n} dự hội nghị",
                event_date=anchor.event_date + datetime.timedelta(days=delta),
                subject_documents=[subject],
                level=Report.Level.CENTRAL,
                organiser="Ban Bí thư",
                source_outlet=f"Báo {n}",
            )
            for n, delta in (("Một", 0), ("Hai", 1))
        ]
        cls.count = grouping.propose()

    def test_proposals_are_exactly_the_groups_the_rule_gives(self):
        expected = corpus_checks.same_event_groups()
        found = {
            frozenset(c.reports.values_list("pk", flat=True)) for c in Conference.objects.all()
        }
        self.assertEqual(found, expected)
        self.assertEqual(self.count, len(expected))
        self.assertEqual(
            Conference.objects.public().count(), len(expected)
        )  # all published, none rejected

    def test_the_staged_write_ups_join_the_generated_conference(self):
        self.anchor.refresh_from_db()
        conference = self.anchor.conference
        self.assertIsNotNone(conference)
        members = set(conference.reports.values_list("pk", flat=True))
        self.assertLessEqual({self.anchor.pk, *(r.pk for r in self.staged)}, members)
        response = self.client.get(conference.get_absolute_url())
        self.assertEqual(len(response.context["facts"].reports), len(members))
        outlets = {part.outlet for part in response.context["facts"].outlets}
        self.assertLessEqual({"Báo Một", "Báo Hai"}, outlets)


class WhatEachOutletAddedTests(TestCase):
    """People present and photos: what only one outlet's report has."""

    @classmethod
    def setUpTestData(cls):
        conference = Conference.objects.create(title="Hội nghị quán triệt", status="confirmed")
        shared = {"caption": "Quang cảnh hội nghị"}  # the agency photo both reused
        cls.first = make_report(
            "Bài thứ nhất",
            event_date="2024-03-01",
            source_outlet="Báo Một",
            conference=conference,
            speakers=[("Lê Văn Chủ", "Bí thư Tỉnh ủy", "")],
            attendees=[("Ngô Thị Dự", "Phó Chủ tịch"), ("Đinh Văn Chung", "Trưởng ban")],
            photos=[
                {"image": "p/1.jpg", "thumbnail": "p/1-t.jpg", **shared},
                {"image": "p/2.jpg", "thumbnail": "p/2-t.jpg", "caption": "Đại biểu Hà Giang"},
            ],
        )
        cls.second = make_report(
            "Bài thứ hai",
            event_date="2024-03-01",
            source_outlet="Báo Hai",
            conference=conference,
            # Named as present by one, as speaking by the other: a speaker.
            speakers=[("Lê Văn Chủ", "Bí thư", ""), ("Đinh Văn Chung", "Trưởng ban", "")],
            photos=[
                {"image": "p/3.jpg", "thumbnail": "p/3-t.jpg", "caption": "quang cảnh Hội nghị"}
            ],
        )
        cls.conference = conference

    def test_people_present_and_photos_only_one_report_has(self):
        response = self.client.get(self.conference.get_absolute_url())
        facts = response.context["facts"]
        parts = {part.outlet: part for part in facts.outlets}
        self.assertEqual([p.name for p in parts["Báo Một"].attendees], ["Ngô Thị Dự"])
        self.assertEqual([p.caption for p in parts["Báo Một"].photos], ["Đại biểu Hà Giang"])
        self.assertEqual(parts["Báo Hai"].photos, [])
        self.assertEqual([p.name for p in parts["Báo Hai"].speakers], ["Đinh Văn Chung"])
        self.assertEqual([p.name for p, _ in facts.attendees], ["Ngô Thị Dự"])
        page = response.content.decode()
        self.assertIn("Người dự chỉ bài này nêu", page)
        self.assertIn("Ảnh chỉ bài này có (1)", page)
        self.assertIn('src="/media/p/2-t.jpg"', page)
        self.assertNotIn("p/1-t.jpg", page)
